import { describe, expect, it } from 'vitest';
import { memorySpillStore } from './spill.ts';
import { storedBytes } from './stored-bytes.ts';

const bytes = (length: number, seed: number) => Uint8Array.from({ length }, (_, i) => (i + seed) & 0xff);

describe('storedBytes', () => {
  it('keeps everything in memory by default, and hands out copies', async () => {
    const kept = storedBytes();
    const a = bytes(100, 1);
    await kept.put('/a', a);
    const read = await kept.read('/a');
    expect(read).toEqual(a);
    read.fill(0);
    expect(await kept.read('/a')).toEqual(a);
    expect(kept.has('/a')).toBe(true);
    expect(kept.has('/b')).toBe(false);
    expect([kept.size, kept.bytes]).toEqual([1, 100]);
  });

  it('keeps a view of a larger buffer as bytes of its own, not the buffer around it', async () => {
    // node:zlib's outputs are views of 64 KiB chunks; holding the chunk would cost far more than
    // the share counts, and a producer reusing it would change what is kept.
    const chunk = new Uint8Array(64 * 1024).fill(9);
    const view = chunk.subarray(10, 20);
    const kept = storedBytes();
    await kept.put('/small.css', view);
    chunk.fill(1);
    expect(await kept.read('/small.css')).toEqual(new Uint8Array(10).fill(9));
    expect(kept.bytes).toBe(10);
  });

  it('spills what exceeds its memory share, side by side even when put concurrently', async () => {
    const spill = memorySpillStore();
    let asked = 0;
    const kept = storedBytes({
      memoryBytes: 150,
      spill: () => {
        asked++;
        return spill;
      },
    });
    const files = [bytes(100, 1), bytes(80, 2), bytes(60, 3), bytes(40, 4)];
    await Promise.all(files.map((f, i) => kept.put(`/f${i}`, f)));
    // The last one still fits beside the first.
    expect(spill.bytes).toBe(80 + 60);
    expect(asked).toBe(1);
    for (const [i, f] of files.entries()) expect(await kept.read(`/f${i}`)).toEqual(f);
    expect([kept.size, kept.bytes]).toEqual([4, 280]);
    await expect(kept.read('/nope')).rejects.toThrow(/nothing is kept/);
    await expect(kept.put('/f0', files[0]!)).rejects.toThrow(/kept already/);
  });
});
