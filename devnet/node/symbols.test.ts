// Symbol extraction against a real WASM encoding (n = 10: f = 3, p = 4, s = 7): every symbol a
// node hands out must be the crossing of the two slivers it names, and every recovery proof must
// check against the sliver hash in the blob's metadata.
import { describe, expect, it } from 'vitest';
import { parseSliverData } from '../../core/walrus/bcs.ts';
import { geometry } from '../../core/walrus/geometry.ts';
import { verifyMerkleProof } from '../../core/walrus/merkle-proof.ts';
import type { SliverType } from '../../core/walrus/node-types.ts';
import { expandSymbols } from '../../core/walrus/rs/encoder.ts';
import { recoverySymbolId } from '../../core/walrus/symbols-bcs.ts';
import { encodedBlob } from '../../core/walrus/test-support/fixtures.ts';
import { ApiError } from './api-error.ts';
import { decodingSymbols, recoverySymbolIds, recoverySymbols, type SymbolSource } from './symbols.ts';

const N = 10;
const g = geometry(N);
const { encoded } = encodedBlob(N, 3000, 21);
const sym = encoded.symbolSize;

function source(ownedPairs: readonly number[], missing: readonly string[] = []): SymbolSource {
  return {
    g,
    ownedPairs,
    sliver: (pair, type) =>
      missing.includes(`${pair}/${type}`)
        ? undefined
        : parseSliverData((type === 'primary' ? encoded.primary : encoded.secondary)[pair]!),
  };
}

/** Symbol (r, c): symbol c of primary sliver r (pair r). */
function crossing(r: number, c: number): Uint8Array {
  return parseSliverData(encoded.primary[r]!).data.subarray(c * sym, (c + 1) * sym);
}

/** Symbol (r, c) of the full n × n expanded matrix: symbol c of expanded primary sliver r. */
function matrix(r: number, c: number): Uint8Array {
  return expanded('primary', r).subarray(c * sym, (c + 1) * sym);
}

/** The full expanded sliver, as a Walrus node expands it for recovery symbols. */
function expanded(type: SliverType, index: number): Uint8Array {
  const pair = type === 'primary' ? index : N - 1 - index;
  const sliver = parseSliverData((type === 'primary' ? encoded.primary : encoded.secondary)[pair]!);
  return expandSymbols(sliver.data, type === 'primary' ? g.s : g.p, N, sym);
}

function apiError(run: () => unknown): ApiError {
  try {
    run();
  } catch (error) {
    if (error instanceof ApiError) return error;
    throw error;
  }
  throw new Error('no error');
}

describe('decoding symbols', () => {
  it('answers a secondary target c with symbols (i, c) of the primary slivers held', () => {
    const pairs = [0, 3, 8];
    const result = decodingSymbols(source(pairs), [1, 6, 1], 'secondary');
    expect([...result.keys()].sort()).toEqual([1, 6]);
    for (const c of [1, 6]) {
      const list = result.get(c)!;
      expect(list.map((s) => s.index)).toEqual(pairs);
      for (const s of list) {
        expect(s.axis).toBe('secondary');
        expect(s.data).toEqual(crossing(s.index, c));
      }
    }
  });

  it('answers a primary target r with symbols (r, j) of the secondary slivers held', () => {
    const result = decodingSymbols(source([0, 3, 8]), [0, 3], 'primary');
    for (const r of [0, 3]) {
      const list = result.get(r)!;
      // Pair k holds secondary sliver n − 1 − k.
      expect(list.map((s) => s.index)).toEqual([9, 6, 1]);
      for (const s of list) {
        expect(s.axis).toBe('primary');
        // Columns j ≥ s are repair columns: compare with the expanded row r instead.
        expect(s.data).toEqual(expanded('primary', r).subarray(s.index * sym, (s.index + 1) * sym));
        if (s.index < g.s) expect(s.data).toEqual(crossing(r, s.index));
      }
    }
  });

  it('serves only source slivers and skips slivers the node lacks', () => {
    expect(apiError(() => decodingSymbols(source([0]), [g.p], 'primary')).reason).toBe(
      'RECOVERY_SYMBOL_OUT_OF_RANGE',
    );
    expect(apiError(() => decodingSymbols(source([0]), [g.s], 'secondary')).httpCode).toBe(400);
    expect(decodingSymbols(source([0]), [g.s - 1], 'secondary').get(g.s - 1)).toHaveLength(1);
    expect(apiError(() => decodingSymbols(source([0]), [], 'primary')).reason).toBe(
      'NO_TARGET_SLIVERS_SPECIFIED',
    );
    const partial = decodingSymbols(source([0, 3], ['3/primary']), [2], 'secondary');
    expect(partial.get(2)!.map((s) => s.index)).toEqual([0]);
    expect(decodingSymbols(source([]), [2], 'secondary').size).toBe(0);
  });
});

describe('recovery symbols', () => {
  it('derives one symbol ID per held pair for a target sliver', () => {
    expect(
      recoverySymbolIds(source([0, 3]), { kind: 'recovers', targetSliver: 5, targetType: 'primary' }),
    ).toEqual([
      { primary: 5, secondary: 9 },
      { primary: 5, secondary: 6 },
    ]);
    expect(
      recoverySymbolIds(source([0, 3]), { kind: 'recovers', targetSliver: 5, targetType: 'secondary' }),
    ).toEqual([
      { primary: 0, secondary: 5 },
      { primary: 3, secondary: 5 },
    ]);
  });

  it('returns symbols crossing the target sliver, with proofs against the metadata, for any target', async () => {
    const pairs = [0, 3, 8];
    for (const targetType of ['primary', 'secondary'] as const) {
      // Target 9 is a repair sliver on both axes: recovery symbols serve it too.
      for (const targetSliver of [0, 9]) {
        for (const proofAxis of [undefined, targetType === 'primary' ? 'secondary' : 'primary'] as const) {
          const filter = {
            kind: 'recovers',
            targetSliver,
            targetType,
            ...(proofAxis ? { proofAxis } : {}),
          } as const;
          const symbols = await recoverySymbols(source(pairs), filter);
          expect(symbols).toHaveLength(pairs.length);
          for (const recovery of symbols) {
            const id = recoverySymbolId(recovery);
            expect(targetType === 'primary' ? id.primary : id.secondary).toBe(targetSliver);
            // Without a proof axis Walrus tries the secondary target first, so a node holding
            // primary sliver `targetSliver` proves against it instead; with one, the axis is fixed.
            if (proofAxis) expect(recovery.symbol.axis).toBe(targetType);
            expect(recovery.symbol.data).toEqual(matrix(id.primary, id.secondary));
            const { symbol, targetIndex, proof } = recovery;
            const sourceType = symbol.axis === 'primary' ? 'secondary' : 'primary';
            const pair = sourceType === 'primary' ? symbol.index : N - 1 - symbol.index;
            expect(pairs).toContain(pair);
            const root = encoded.metadata.hashes[pair]![sourceType]!;
            expect(verifyMerkleProof(root, N, symbol.data, targetIndex, proof)).toBe(true);
          }
        }
      }
    }
  });

  it('follows the proof axis and tries the secondary target first without one', async () => {
    // Node holds pair 2 (primary 2, secondary 7): symbol (2, 7) can come from either.
    const id = { primary: 2, secondary: 7 };
    const [first] = await recoverySymbols(source([2]), { kind: 'ids', ids: [id] });
    expect([first!.symbol.axis, first!.symbol.index, first!.targetIndex]).toEqual(['secondary', 2, 7]);
    const [byAxis] = await recoverySymbols(source([2]), { kind: 'ids', ids: [id], proofAxis: 'secondary' });
    expect([byAxis!.symbol.axis, byAxis!.symbol.index, byAxis!.targetIndex]).toEqual(['primary', 7, 2]);
    expect(first!.symbol.data).toEqual(matrix(2, 7));
    expect(byAxis!.symbol.data).toEqual(matrix(2, 7));
  });

  it('skips failing symbols and answers with the last failure when none succeeds', async () => {
    const ok = await recoverySymbols(source([2]), {
      kind: 'ids',
      ids: [
        { primary: 2, secondary: 0 },
        { primary: 5, secondary: 5 },
      ],
    });
    expect(ok).toHaveLength(1);
    const failure = async (run: () => Promise<unknown>) =>
      (await run().then(
        () => undefined,
        (e: unknown) => e,
      )) as ApiError;
    const notHere = await failure(() =>
      recoverySymbols(source([2]), { kind: 'ids', ids: [{ primary: 5, secondary: 5 }] }),
    );
    expect([notHere.httpCode, notHere.reason]).toEqual([400, 'SYMBOL_NOT_PRESENT_AT_SHARDS']);
    const range = await failure(() =>
      recoverySymbols(source([2]), { kind: 'ids', ids: [{ primary: 2, secondary: N }] }),
    );
    expect([range.httpCode, range.reason]).toEqual([400, 'INDEX_OUT_OF_RANGE']);
    const lost = await failure(() =>
      recoverySymbols(source([2], ['2/primary', '2/secondary']), {
        kind: 'ids',
        ids: [{ primary: 2, secondary: 0 }],
      }),
    );
    expect([lost.httpCode, lost.reason]).toEqual([404, 'SLIVER_NOT_FOUND']);
    const none = await failure(() =>
      recoverySymbols(source([]), { kind: 'recovers', targetSliver: 0, targetType: 'primary' }),
    );
    expect(none.reason).toBe('NO_SYMBOLS_SPECIFIED');
  });
});
