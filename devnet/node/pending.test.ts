import { describe, expect, it } from 'vitest';
import { PendingUploads } from './pending.ts';

describe('PendingUploads', () => {
  it('keeps to its byte budget and forgets entries after their TTL', () => {
    let now = 0;
    const pending = new PendingUploads({ maxBytes: 100, ttlMs: 1000, now: () => now });
    const id = new Uint8Array(32);
    const metadata = { encodingType: 1, unencodedLength: 1, hashes: [] };
    expect(pending.addMetadata(id, new Uint8Array(60), metadata)).toBe(true);
    expect(pending.addSliver(id, { pair: 0, type: 'primary', bytes: new Uint8Array(30) })).toBe(true);
    expect(pending.addSliver(id, { pair: 1, type: 'primary', bytes: new Uint8Array(30) })).toBe(false);
    expect(pending.hasSliver(id, 0, 'primary')).toBe(true);
    now = 1001;
    expect(pending.get(id)).toBeUndefined();
    expect(pending.addMetadata(id, new Uint8Array(90), metadata)).toBe(true);
    expect(pending.take(id)?.metadataBcs).toHaveLength(90);
    expect(pending.addMetadata(new Uint8Array(32).fill(1), new Uint8Array(100), metadata)).toBe(true);
  });
});
