// Where an encoded item's slivers wait between its encode and its upload. A deploy registers every
// item in one transaction, so all of them are encoded before the first upload; keeping every
// sliver in memory made the deploy's peak grow with the site (4.5× its bytes at n = 1000). Here
// slivers stay in memory only while the deploy's in-memory share allows (small sites never touch
// the spill); past it an item's slivers are written to one spill file and the encoder's arrays
// are let go, to be read back one sliver at a time as the upload asks.
import type { EncodedBlob } from '../walrus/encoding.ts';
import type { SliverType } from '../walrus/node-types.ts';
import { SliverSourceError, type SliverSource } from '../walrus/sliver-source.ts';
import type { SpillStore } from './spill.ts';

export class SliverKeeper {
  readonly #capacity: number;
  readonly #spill: () => SpillStore;
  #held = 0;
  #spilled = 0;

  /** `spill` is asked for only when something is spilled. */
  constructor(inMemoryBytes: number, spill: () => SpillStore) {
    this.#capacity = inMemoryBytes;
    this.#spill = spill;
  }

  /** Sliver bytes held in memory by sources not yet closed. */
  get heldInMemory(): number {
    return this.#held;
  }

  /** Items written to the spill so far. */
  get spilledItems(): number {
    return this.#spilled;
  }

  /**
   * A source for `encoded`'s slivers. The caller must drop its own reference to `encoded`
   * afterwards, so that a spilled item's arrays can be collected.
   */
  async keep(name: string, encoded: Pick<EncodedBlob, 'primary' | 'secondary'>): Promise<SliverSource> {
    const bytes = sliverBytes(encoded);
    if (this.#held + bytes <= this.#capacity) return this.#inMemory(encoded, bytes);
    return this.#toSpill(name, encoded);
  }

  #inMemory(encoded: Pick<EncodedBlob, 'primary' | 'secondary'>, bytes: number): SliverSource {
    this.#held += bytes;
    let slivers: Pick<EncodedBlob, 'primary' | 'secondary'> | null = encoded;
    return {
      read: async (pair, type) => {
        if (!slivers) throw new SliverSourceError('the sliver source is closed');
        const sliver = (type === 'primary' ? slivers.primary : slivers.secondary)[pair];
        if (!sliver) throw new SliverSourceError(`no ${type} sliver for pair ${pair}`);
        return sliver;
      },
      close: async () => {
        if (!slivers) return;
        slivers = null;
        this.#held -= bytes;
      },
    };
  }

  /** Primary slivers of every pair, then the secondary ones: the codec's own arena layout. */
  async #toSpill(name: string, encoded: Pick<EncodedBlob, 'primary' | 'secondary'>): Promise<SliverSource> {
    const file = await this.#spill().create(name);
    const offsets: Record<SliverType, number[]> = { primary: [], secondary: [] };
    const lengths: Record<SliverType, number[]> = { primary: [], secondary: [] };
    try {
      let at = 0;
      for (const type of ['primary', 'secondary'] as const) {
        for (const sliver of encoded[type]) {
          offsets[type].push(at);
          lengths[type].push(sliver.length);
          await file.write(at, sliver);
          at += sliver.length;
        }
      }
    } catch (error) {
      await file.delete();
      throw error;
    }
    this.#spilled++;
    return {
      read: async (pair, type) => {
        const offset = offsets[type][pair];
        if (offset === undefined) throw new SliverSourceError(`no ${type} sliver for pair ${pair}`);
        return file.read(offset, lengths[type][pair]!);
      },
      close: () => file.delete(),
    };
  }
}

/** BCS bytes of every sliver of `encoded`. */
export function sliverBytes(encoded: Pick<EncodedBlob, 'primary' | 'secondary'>): number {
  let sum = 0;
  for (const sliver of encoded.primary) sum += sliver.length;
  for (const sliver of encoded.secondary) sum += sliver.length;
  return sum;
}
