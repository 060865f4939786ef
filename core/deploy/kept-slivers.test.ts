import { describe, expect, it } from 'vitest';
import { WalrusCodec } from '../walrus/encoding.ts';
import { SliverKeeper, sliverBytes } from './kept-slivers.ts';
import { memorySpillStore, type SpillStore } from './spill.ts';

const codec = new WalrusCodec(10);
const blob = (length: number, seed: number) =>
  codec.encode(Uint8Array.from({ length }, (_, i) => (i * 31 + seed) & 0xff));

/** A spill store that counts how often the keeper asked for it. */
function countingSpill(): { store: SpillStore; asked: () => number; get: () => SpillStore } {
  const store = memorySpillStore();
  let asked = 0;
  return {
    store,
    asked: () => asked,
    get: () => {
      asked++;
      return store;
    },
  };
}

describe('SliverKeeper', () => {
  it('keeps slivers in memory while they fit its share and never touches the spill', async () => {
    const spill = countingSpill();
    const a = blob(5000, 1);
    const keeper = new SliverKeeper(10 * sliverBytes(a), spill.get);
    const source = await keeper.keep('a', a);
    expect(keeper.heldInMemory).toBe(sliverBytes(a));
    for (let pair = 0; pair < 10; pair++) {
      expect(await source.read(pair, 'primary')).toEqual(a.primary[pair]);
      expect(await source.read(pair, 'secondary')).toEqual(a.secondary[pair]);
    }
    await source.close();
    await source.close();
    expect(keeper.heldInMemory).toBe(0);
    await expect(source.read(0, 'primary')).rejects.toThrow(/closed/);
    expect(spill.asked()).toBe(0);
    expect(keeper.spilledItems).toBe(0);
  });

  it('spills an item that would exceed its share, reads it back exactly, and deletes it on close', async () => {
    const spill = countingSpill();
    const a = blob(5000, 1);
    const b = blob(7000, 2);
    const keeper = new SliverKeeper(sliverBytes(a) + 10, spill.get);
    const first = await keeper.keep('a', a);
    const second = await keeper.keep('b', b);
    expect(keeper.heldInMemory).toBe(sliverBytes(a));
    expect(keeper.spilledItems).toBe(1);
    expect(spill.store.bytes).toBe(sliverBytes(b));
    for (let pair = 0; pair < 10; pair++) {
      expect(await second.read(pair, 'primary')).toEqual(b.primary[pair]);
      expect(await second.read(pair, 'secondary')).toEqual(b.secondary[pair]);
    }
    await second.close();
    expect(spill.store.bytes).toBe(0);
    await expect(second.read(0, 'primary')).rejects.toThrow(/deleted/);
    // Room freed by an upload is used again by later items.
    await first.close();
    const c = blob(5000, 3);
    await keeper.keep('c', c);
    expect(keeper.heldInMemory).toBe(sliverBytes(c));
    expect(keeper.spilledItems).toBe(1);
  });
});
