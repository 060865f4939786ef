// The behaviour every SpillStore shares, run against each implementation (memory, temp files).
import { expect, it } from 'vitest';
import { expectBytes } from '../../walrus/test-support/bytes.ts';
import { SpillError, type SpillStore } from '../spill.ts';

export function spillStoreContract(create: () => Promise<SpillStore>): void {
  it('reads back what was written at any offset, with unwritten gaps as zeros', async () => {
    const store = await create();
    const file = await store.create('blob-1');
    await file.write(3_000_000, Uint8Array.of(7, 8, 9));
    await file.write(10, Uint8Array.of(1, 2, 3, 4));
    await file.write(12, Uint8Array.of(5));
    expect(file.size).toBe(3_000_003);
    expect(store.bytes).toBe(3_000_003);
    expect(await file.read(9, 6)).toEqual(Uint8Array.of(0, 1, 2, 5, 4, 0));
    expect(await file.read(2_999_999, 4)).toEqual(Uint8Array.of(0, 7, 8, 9));
    const big = Uint8Array.from({ length: 2_500_000 }, (_, i) => i % 251);
    await file.write(1_000_001, big);
    // Spans three pages of the memory store.
    expectBytes(await file.read(1_000_001, big.length), big);
    // readInto fills a view of a larger buffer (a sliver's BCS frame) and nothing around it.
    const frame = new Uint8Array(big.length + 6).fill(0xee);
    await file.readInto(1_000_001, frame.subarray(3, 3 + big.length));
    expectBytes(frame.subarray(3, 3 + big.length), big);
    expect([...frame.subarray(0, 3), ...frame.subarray(3 + big.length)]).toEqual(Array(6).fill(0xee));
    await store.close();
  });

  it('rejects reads past the end, bad names, taken names and use after delete', async () => {
    const store = await create();
    const file = await store.create('a.spill');
    await file.write(0, new Uint8Array(100));
    await expect(file.read(90, 11)).rejects.toThrow(SpillError);
    await expect(file.read(-1, 1)).rejects.toThrow(SpillError);
    await expect(file.readInto(90, new Uint8Array(11))).rejects.toThrow(SpillError);
    await expect(store.create('a.spill')).rejects.toThrow(/already exists/);
    for (const name of ['', '../x', 'a/b', '.hidden']) {
      await expect(store.create(name)).rejects.toThrow(SpillError);
    }
    const other = await store.create('b');
    await other.write(0, new Uint8Array(50));
    expect(store.bytes).toBe(150);
    await file.delete();
    await file.delete();
    expect(store.bytes).toBe(50);
    await expect(file.read(0, 1)).rejects.toThrow(/deleted/);
    await expect(file.readInto(0, new Uint8Array(1))).rejects.toThrow(/deleted/);
    await expect(file.write(0, new Uint8Array(1))).rejects.toThrow(/deleted/);
    // The name is free again once its file is gone.
    await expect(store.create('a.spill')).resolves.toBeDefined();
    await store.close();
    expect(store.bytes).toBe(0);
    await expect(store.create('c')).rejects.toThrow(/closed/);
  });
}
