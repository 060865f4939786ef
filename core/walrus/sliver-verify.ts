// Per-sliver verification (MystenLabs/walrus crates/walrus-core, SliverData::verify): a sliver from an
// untrusted node is accepted only if its RS expansion hashes to the Merkle root the verified
// metadata commits to. This is what lets the reader use any honest node and skip lying ones.
//
// The expansion and the hashing are the cost of every row a reader serves (~20 ms in JavaScript for a
// 628 KB row at 1000 shards, most of a stream's first byte), so once the realm's WebAssembly decoder
// has loaded they run there; until then, and where it cannot load, the same arithmetic in JavaScript.
import type { BlobMetadata, SliverData } from './bcs.ts';
import { equalBytes } from './blob-id.ts';
import { primarySliverSize, secondarySliverSize, symbolSize, type Geometry } from './geometry.ts';
import { merkleRootOfSymbols } from './merkle.ts';
import type { SliverType } from './node-types.ts';
import { expandSymbols } from './rs/encoder.ts';
import { loadedSymbolDecoder } from './symbol-decoder.ts';

export class SliverVerificationError extends Error {
  override name = 'SliverVerificationError';
}

/** Throws unless `sliver` is the honest sliver of `type` in `pair` for this metadata. */
export function verifySliver(
  sliver: SliverData,
  type: SliverType,
  pair: number,
  metadata: BlobMetadata,
  g: Geometry,
): void {
  const where = `${type} sliver of pair ${pair}`;
  const expectedIndex = type === 'primary' ? pair : g.n - 1 - pair;
  if (pair < 0 || pair >= g.n) throw new SliverVerificationError(`${where}: pair out of range 0..${g.n - 1}`);
  if (sliver.index !== expectedIndex) {
    throw new SliverVerificationError(`${where}: has index ${sliver.index}, expected ${expectedIndex}`);
  }
  const sym = symbolSize(g, metadata.unencodedLength);
  if (sliver.symbolSize !== sym) {
    throw new SliverVerificationError(`${where}: symbol size ${sliver.symbolSize}, expected ${sym}`);
  }
  const size = type === 'primary' ? primarySliverSize(g, sym) : secondarySliverSize(g, sym);
  if (sliver.data.length !== size) {
    throw new SliverVerificationError(`${where}: ${sliver.data.length} bytes, expected ${size}`);
  }
  const sourceSymbols = type === 'primary' ? g.s : g.p;
  const root = expandedRoot(sliver.data, sourceSymbols, g.n, sym);
  const hashes = metadata.hashes[pair];
  const expected = type === 'primary' ? hashes?.primary : hashes?.secondary;
  if (!expected || !equalBytes(root, expected)) {
    throw new SliverVerificationError(`${where}: contents do not match the blob's metadata`);
  }
}

/** The Merkle root of `data` (k symbols) RS-expanded to n symbols, in WebAssembly when loaded. */
export function expandedRoot(data: Uint8Array, k: number, n: number, symbolSize: number): Uint8Array {
  const decoder = loadedSymbolDecoder();
  if (decoder) return decoder.expandedRoot(data, k, n, symbolSize);
  return merkleRootOfSymbols(expandSymbols(data, k, n, symbolSize), symbolSize);
}
