import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { sha256OfBlob } from './hash-file.ts';

function digest(bytes: Uint8Array): Uint8Array {
  return new Uint8Array(createHash('sha256').update(bytes).digest());
}

describe('sha256OfBlob', () => {
  const bytes = Uint8Array.from({ length: 300_001 }, (_, i) => (i * 31) % 251);
  // Several parts, so the stream yields more than one chunk.
  const file = new File(
    [bytes.subarray(0, 65_536), bytes.subarray(65_536, 200_000), bytes.subarray(200_000)],
    'v.mp4',
  );

  it('streams a file at or above the cut-off to the SHA-256 of its bytes', async () => {
    expect(await sha256OfBlob(file, 1)).toEqual(digest(bytes));
    expect(await sha256OfBlob(new File([], 'empty'), 0)).toEqual(digest(new Uint8Array(0)));
  });

  it('hashes a smaller file in one piece to the same digest', async () => {
    expect(await sha256OfBlob(file)).toEqual(digest(bytes));
  });
});
