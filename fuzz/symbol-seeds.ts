// Seeds of the symbol targets: decoding and recovery symbol bodies as a node cuts them from a real
// encoding, the bodies a reader gets from nodes it does not trust.
import { parseSliverData } from '../core/walrus/bcs.ts';
import { WalrusCodec } from '../core/walrus/encoding.ts';
import { merkleProofOfSymbols } from '../core/walrus/merkle-proof.ts';
import { expandSymbols } from '../core/walrus/rs/encoder.ts';
import {
  serializeDecodingSymbols,
  serializeRecoverySymbols,
  type DecodingSymbol,
  type RecoverySymbol,
} from '../core/walrus/symbols-bcs.ts';
import { pseudoRandomBytes } from './walrus-seeds.ts';

let symbolSeeds: { decoding: Uint8Array[]; recovery: Uint8Array[] } | undefined;

/** Real symbols of a WASM encoding (n = 10: p = 4, s = 7), cut as a node cuts them. */
export function getSymbolSeeds(): { decoding: Uint8Array[]; recovery: Uint8Array[] } {
  if (symbolSeeds !== undefined) return symbolSeeds;
  const n = 10;
  const encoded = new WalrusCodec(n).encode(pseudoRandomBytes(2000, 11));
  const sym = encoded.symbolSize;
  const primary = (pair: number) => parseSliverData(encoded.primary[pair]!).data;
  const cut = (data: Uint8Array, k: number) => data.subarray(k * sym, (k + 1) * sym);
  // Secondary targets 0, 1 and 6 from the primary slivers of pairs 0, 3, 8.
  const decoding = new Map<number, DecodingSymbol[]>(
    [0, 1, 6].map((c) => [
      c,
      [0, 3, 8].map((i) => ({ axis: 'secondary' as const, index: i, data: cut(primary(i), c) })),
    ]),
  );
  // Primary target 9 (a repair sliver) from the expanded secondary slivers of pairs 0 and 3.
  const recovery: RecoverySymbol[] = [0, 3].map((pair) => {
    const sliver = parseSliverData(encoded.secondary[pair]!);
    const expanded = expandSymbols(sliver.data, 4, n, sym);
    return {
      symbol: { axis: 'primary', index: sliver.index, data: cut(expanded, 9) },
      targetIndex: 9,
      proof: merkleProofOfSymbols(expanded, sym, 9),
    };
  });
  symbolSeeds = {
    decoding: [
      serializeDecodingSymbols(decoding),
      serializeDecodingSymbols(
        new Map([
          [256, []],
          [1, [{ axis: 'primary', index: 0xffff, data: new Uint8Array(0) }]],
        ]),
      ),
      Uint8Array.of(0),
    ],
    recovery: [
      serializeRecoverySymbols(recovery),
      serializeRecoverySymbols(recovery.slice(0, 1)),
      Uint8Array.of(0),
    ],
  };
  return symbolSeeds;
}
