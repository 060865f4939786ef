// What the symbol endpoints serve, from the slivers a node holds (walrus-service `node.rs`:
// `retrieve_multiple_decoding_symbols`, `retrieve_multiple_recovery_symbols`,
// `retrieve_recovery_symbol_unchecked`, `symbol_ids_from_filter`; the recovery-symbol service).
// Symbol (r, c) of a blob is symbol c of primary sliver r and symbol r of secondary sliver c, so a
// node answers for a target sliver from its slivers of the other axis. Decoding symbols are only
// served for source slivers (those the systematic code copies verbatim) and carry no proof;
// recovery symbols may target any sliver, come from the RS expansion of the source sliver to n
// symbols, and carry a Merkle proof against that sliver's hash in the metadata. Every failure is
// the ApiError Walrus answers with.
import type { SliverData } from '../../core/walrus/bcs.ts';
import type { Geometry } from '../../core/walrus/geometry.ts';
import { merkleProofOfSymbols } from '../../core/walrus/merkle-proof.ts';
import type { SliverType } from '../../core/walrus/node-types.ts';
import { expandSymbols } from '../../core/walrus/rs/encoder.ts';
import type { DecodingSymbol, RecoverySymbol, SymbolId } from '../../core/walrus/symbols-bcs.ts';
import type { RecoverySymbolsFilter } from '../../core/walrus/symbols-query.ts';
import { ApiError, errors } from './api-error.ts';

/** One blob as a node holds it. */
export interface SymbolSource {
  readonly g: Geometry;
  /** Sliver pairs of the blob on the node's shards, in shard order. */
  readonly ownedPairs: readonly number[];
  /** A stored sliver (verified when it was uploaded), or undefined when the node lacks it. */
  sliver(pair: number, type: SliverType): SliverData | undefined;
}

export function orthogonal(type: SliverType): SliverType {
  return type === 'primary' ? 'secondary' : 'primary';
}

/**
 * For every target source sliver, the node's symbols of it: symbol t of each stored sliver of the
 * other axis, tagged with the target's axis and the index of the sliver it came from. Slivers the
 * node lacks are skipped, so the answer may hold fewer symbols than shards, or none.
 */
export function decodingSymbols(
  source: SymbolSource,
  targets: readonly number[],
  type: SliverType,
): Map<number, DecodingSymbol[]> {
  const { g } = source;
  if (targets.length === 0) throw errors.noTargetSliversSpecified();
  const bound = type === 'primary' ? g.p : g.s;
  for (const target of targets) {
    if (target >= bound) {
      throw errors.decodingSymbolOutOfRange(
        `target sliver index out of range, requested target sliver index ${target}, max source sliver index ${bound}, requested sliver type ${type}`,
      );
    }
  }
  const unique = [...new Set(targets)];
  const out = new Map<number, DecodingSymbol[]>();
  for (const pair of source.ownedPairs) {
    const sliver = source.sliver(pair, orthogonal(type));
    if (!sliver) continue;
    const count = sliver.data.length / sliver.symbolSize;
    for (const target of unique) {
      // Stored slivers have exactly `bound` symbols; Walrus still checks, with this message.
      if (target >= count) {
        throw errors.decodingSymbolOutOfRange(`target sliver index out of range: ${target} < ${count}`);
      }
      const data = sliver.data.subarray(target * sliver.symbolSize, (target + 1) * sliver.symbolSize);
      let list = out.get(target);
      if (!list) out.set(target, (list = []));
      list.push({ axis: type, index: sliver.index, data });
    }
  }
  return out;
}

/** The symbol IDs a filter asks for: its IDs, or one per owned pair crossing the target sliver. */
export function recoverySymbolIds(source: SymbolSource, filter: RecoverySymbolsFilter): SymbolId[] {
  if (filter.kind === 'ids') return [...filter.ids];
  const { n } = source.g;
  return source.ownedPairs.map((pair) =>
    filter.targetType === 'primary'
      ? { primary: filter.targetSliver, secondary: n - 1 - pair }
      : { primary: pair, secondary: filter.targetSliver },
  );
}

/**
 * Every requested symbol the node can produce, in request order. Failures of single symbols are
 * skipped; only when none succeeds does the last failure become the answer. `pause` runs between
 * symbols so a long request does not hold the event loop (and concurrent ones really overlap).
 */
export async function recoverySymbols(
  source: SymbolSource,
  filter: RecoverySymbolsFilter,
  pause: () => Promise<void> = async () => {},
): Promise<RecoverySymbol[]> {
  // The proof axis is the source sliver's axis, so it fixes the target's.
  const targetTypes = (['secondary', 'primary'] as const).filter(
    (type) => filter.proofAxis === undefined || type === orthogonal(filter.proofAxis),
  );
  const expansions = new Map<string, Uint8Array>();
  const out: RecoverySymbol[] = [];
  let last: ApiError = errors.noSymbolsSpecified();
  for (const id of recoverySymbolIds(source, filter)) {
    try {
      out.push(recoverySymbol(source, id, targetTypes, expansions));
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      last = error;
    }
    await pause();
  }
  if (out.length === 0) throw last;
  return out;
}

function recoverySymbol(
  source: SymbolSource,
  id: SymbolId,
  targetTypes: readonly SliverType[],
  expansions: Map<string, Uint8Array>,
): RecoverySymbol {
  const { g } = source;
  for (const index of [id.primary, id.secondary]) {
    if (index >= g.n) throw errors.recoverySymbolIndexOutOfRange(index, g.n);
  }
  let failure = errors.symbolNotPresentAtShards();
  for (const targetType of targetTypes) {
    const sourceType = orthogonal(targetType);
    const sourceIndex = sourceType === 'primary' ? id.primary : id.secondary;
    const targetIndex = targetType === 'primary' ? id.primary : id.secondary;
    const pair = sourceType === 'primary' ? sourceIndex : g.n - 1 - sourceIndex;
    if (!source.ownedPairs.includes(pair)) continue;
    const sliver = source.sliver(pair, sourceType);
    if (!sliver) {
      failure = errors.symbolSliverUnavailable();
      continue;
    }
    const key = `${pair}/${sourceType}`;
    let expanded = expansions.get(key);
    if (!expanded) {
      const count = sourceType === 'primary' ? g.s : g.p;
      // Below 4 shards nothing is tolerated (f = 0) and the sliver is already all n symbols.
      expanded = count < g.n ? expandSymbols(sliver.data, count, g.n, sliver.symbolSize) : sliver.data;
      expansions.set(key, expanded);
    }
    const size = sliver.symbolSize;
    return {
      symbol: {
        axis: targetType,
        index: sliver.index,
        data: expanded.subarray(targetIndex * size, (targetIndex + 1) * size),
      },
      targetIndex,
      proof: merkleProofOfSymbols(expanded, size, targetIndex),
    };
  }
  throw failure;
}
