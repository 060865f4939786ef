// Recovers single systematic slivers from decoding symbols held by other nodes, as the Rust client
// does: a missing column c (secondary sliver) is an RS codeword of length n along the primary axis,
// and primary sliver i holds its symbol i, so any p symbols (i, c) give the column back; a missing
// row likewise from any s symbols (r, j) held by secondary slivers j. Each node is asked once for
// all missing targets (`GET /v1/blobs/{id}/decodingSymbols`) and answers with one symbol per shard
// it holds, so recovering a sliver costs about one sliver of bytes, not the whole blob.
//
// Decoding symbols carry no proofs. A recovered sliver is checked against the metadata's sliver
// hash when the read has metadata; otherwise the caller's SHA-256 of the file covers it. When a
// check fails, `recoverWithProofs` asks for recovery symbols, whose Merkle proofs name the liars.
import type { BlobMetadata } from './bcs.ts';
import type { SliverType } from './node-types.ts';
import type { ReadSession } from './read-session.ts';
import { SliverVerificationError, verifySliver } from './sliver-verify.ts';
import type { DecodingSymbol } from './symbols-bcs.ts';
import { collectProvenSymbols } from './proof-recovery.ts';
import { InconsistentSymbolsError, type SymbolDecoder } from './symbol-decoder.ts';

/** Symbol recovery could not produce verified slivers; the caller falls back to a whole-blob read. */
export class SliverRecoveryError extends Error {
  override name = 'SliverRecoveryError';
}

export interface SliverRecoveryOptions {
  readonly loadDecoder: () => Promise<SymbolDecoder>;
  /** Nodes asked at once; a failure frees a slot for the next node. */
  readonly concurrency: number;
  /** After this long a pending node no longer holds its slot, so one slow node cannot stall recovery. */
  readonly slowAfterMs: number;
}

/** What one recovery needs to know about the slivers it rebuilds. */
export interface RecoveryTarget {
  readonly type: SliverType;
  /** Systematic sliver indices: rows (< p) for primary, columns (< s) for secondary. */
  readonly indices: readonly number[];
  /**
   * Bytes per symbol, or 0 when the caller does not know it yet (a site file read without
   * metadata whose first column is missing): the first well-formed symbol sets it, and the
   * file's SHA-256 (or a verified retry) catches a node that lied about it.
   */
  readonly symbolSize: number;
  /** When present, every recovered sliver is checked against it before it is returned. */
  readonly metadata?: BlobMetadata;
  /** Members not to ask: those whose own slivers are missing or late in this read. */
  readonly avoid?: ReadonlySet<number>;
}

/** Originals per codeword along the target's axis: a row has s symbols, a column p. */
export function symbolsNeeded(session: ReadSession, type: SliverType): number {
  return type === 'primary' ? session.g.s : session.g.p;
}

/** The sliver pair holding codeword position `position` of a target of `type`. */
export function pairOfPosition(session: ReadSession, type: SliverType, position: number): number {
  // Position j of a row is secondary sliver j (pair n−1−j); position i of a column is primary sliver i.
  return type === 'primary' ? session.g.n - 1 - position : position;
}

/** The pair whose `type` sliver has systematic index `index`. */
export function pairOfIndex(session: ReadSession, type: SliverType, index: number): number {
  return type === 'primary' ? index : session.g.n - 1 - index;
}

/** How many codeword positions each usable member can supply (one per shard it holds). */
export function positionsByMember(session: ReadSession, avoid: ReadonlySet<number>): Map<number, number> {
  const weights = new Map<number, number>();
  for (let pair = 0; pair < session.g.n; pair++) {
    const member = session.memberOfPair(pair);
    if (avoid.has(member) || !session.isUsable(member)) continue;
    weights.set(member, (weights.get(member) ?? 0) + 1);
  }
  return weights;
}

export interface RecoveryPlan {
  readonly method: 'symbols' | 'whole-blob';
  /** Expected bytes of each method; the whole-blob figure counts p primary slivers. */
  readonly symbolBytes: number;
  readonly wholeBlobBytes: number;
  readonly why: string;
}

/**
 * Which way to get `targets` missing slivers back, by expected bytes: symbols cost about k symbols
 * per target, rounded up to whole nodes (each answers for every shard it holds, asked in the given
 * order); the whole blob costs p primary slivers. Symbols are impossible when the usable nodes
 * hold fewer than k positions. Ties go to symbols, which need no whole-blob decode.
 */
export function planRecovery(args: {
  readonly g: { readonly n: number; readonly p: number; readonly s: number };
  readonly type: SliverType;
  readonly targets: number;
  readonly symbolSize: number;
  /** Positions each usable node holds, in the order they would be asked. */
  readonly weights: readonly number[];
}): RecoveryPlan {
  const { g, type, targets, symbolSize } = args;
  const k = type === 'primary' ? g.s : g.p;
  const wholeBlobBytes = g.p * g.s * symbolSize;
  let positions = 0;
  for (const w of args.weights) {
    if (positions >= k) break;
    positions += w;
  }
  if (positions < k) {
    return {
      method: 'whole-blob',
      symbolBytes: Infinity,
      wholeBlobBytes,
      why: `only ${positions} of the ${k} symbols needed per ${type} sliver are on nodes still usable`,
    };
  }
  const symbolBytes = targets * positions * symbolSize;
  return symbolBytes <= wholeBlobBytes
    ? { method: 'symbols', symbolBytes, wholeBlobBytes, why: 'symbols cost less' }
    : {
        method: 'whole-blob',
        symbolBytes,
        wholeBlobBytes,
        why: `recovering ${targets} ${type} slivers from symbols (~${symbolBytes} B) costs more than the whole blob (~${wholeBlobBytes} B)`,
      };
}

/**
 * Recovers the target slivers from decoding symbols. Returns every target's sliver data; throws
 * `SliverRecoveryError` when too few symbols arrive or a recovered sliver fails verification.
 */
export async function recoverSlivers(
  session: ReadSession,
  target: RecoveryTarget,
  options: SliverRecoveryOptions,
  signal?: AbortSignal,
): Promise<Map<number, Uint8Array>> {
  const { known, symbolSize: sym, members } = await collectSymbols(session, target, options, signal);
  const decoder = await options.loadDecoder();
  signal?.throwIfAborted();
  const k = symbolsNeeded(session, target.type);
  const out = new Map<number, Uint8Array>();
  // Targets answered by the same nodes share their known positions (the usual case: every node
  // answers for all targets at once), so they decode as one batch with one erasure plan.
  for (const group of groupByPositions(target.indices, known)) {
    let data: Map<number, Uint8Array>;
    try {
      data = decodeGroup(decoder, session, target.type, group, known, sym, target.metadata);
    } catch (error) {
      if (!(error instanceof SliverRecoveryError) || !target.metadata) throw error;
      // Some node lied and plain symbols cannot say which: ask for proven ones instead.
      session.failures.push({ node: 'recovery', what: `${target.type} slivers`, reason: error.message });
      const proven = await collectProvenSymbols(
        session,
        {
          type: target.type,
          indices: group,
          symbolSize: sym,
          metadata: target.metadata,
          members,
          k,
          concurrency: options.concurrency,
        },
        signal,
      );
      const short = group.filter((i) => proven.known.get(i)!.size < k);
      if (short.length > 0)
        throw new SliverRecoveryError(
          `not enough proven recovery symbols for ${target.type} sliver ${short[0]}`,
          { cause: error },
        );
      data = new Map();
      for (const sub of groupByPositions(group, proven.known))
        for (const [i, d] of decodeGroup(
          decoder,
          session,
          target.type,
          sub,
          proven.known,
          sym,
          target.metadata,
        ))
          data.set(i, d);
    }
    for (const [i, d] of data) out.set(i, d);
  }
  for (const index of target.indices) {
    const owner = session.memberOfPair(pairOfIndex(session, target.type, index));
    session.recoveredFrom.set(owner, (session.recoveredFrom.get(owner) ?? 0) + 1);
  }
  return out;
}

/**
 * Decodes targets that share their known positions as one batch with one erasure plan, and checks
 * each against the metadata when given. Throws `SliverRecoveryError` when the symbols disagree
 * (extra symbols are checked by the decoder) or a sliver fails its hash.
 */
function decodeGroup(
  decoder: SymbolDecoder,
  session: ReadSession,
  type: SliverType,
  group: readonly number[],
  known: Map<number, Map<number, Uint8Array>>,
  sym: number,
  metadata: BlobMetadata | undefined,
): Map<number, Uint8Array> {
  const k = symbolsNeeded(session, type);
  const batch = new Map<number, Uint8Array>();
  for (const position of known.get(group[0]!)!.keys()) {
    const joined = new Uint8Array(group.length * sym);
    group.forEach((index, t) => joined.set(known.get(index)!.get(position)!, t * sym));
    batch.set(position, joined);
  }
  let originals: Map<number, Uint8Array>;
  try {
    originals = decoder.recoverBatch({
      k,
      n: session.g.n,
      symbolSize: sym,
      known: batch,
      count: group.length,
    });
  } catch (error) {
    if (error instanceof InconsistentSymbolsError)
      throw new SliverRecoveryError(`${type} slivers ${group.slice(0, 5).join(', ')}: ${error.message}`, {
        cause: error,
      });
    throw error;
  }
  const out = new Map<number, Uint8Array>();
  group.forEach((index, t) => {
    // Original i of codeword t is symbol i of target t's sliver.
    const data = new Uint8Array(k * sym);
    for (let i = 0; i < k; i++) data.set(originals.get(i)!.subarray(t * sym, (t + 1) * sym), i * sym);
    if (metadata) checkRecovered(session, type, index, data, sym, metadata);
    out.set(index, data);
  });
  return out;
}

/** Targets grouped by the exact set of positions known for them. */
function groupByPositions(
  indices: readonly number[],
  known: Map<number, Map<number, Uint8Array>>,
): number[][] {
  const groups = new Map<string, number[]>();
  for (const index of indices) {
    const key = [...known.get(index)!.keys()].sort((a, b) => a - b).join(',');
    const group = groups.get(key) ?? [];
    group.push(index);
    groups.set(key, group);
  }
  return [...groups.values()];
}

function checkRecovered(
  session: ReadSession,
  type: SliverType,
  index: number,
  data: Uint8Array,
  symbolSize: number,
  metadata: BlobMetadata,
): void {
  const pair = pairOfIndex(session, type, index);
  try {
    verifySliver({ index, symbolSize, data }, type, pair, metadata, session.g);
  } catch (error) {
    if (!(error instanceof SliverVerificationError)) throw error;
    throw new SliverRecoveryError(`recovered ${type} sliver ${index} failed verification`, {
      cause: error,
    });
  }
}

/**
 * Asks nodes for the targets' decoding symbols, one request per node, until every target has k
 * symbols at distinct positions. Nodes known to be fast go first; among equals, those that already
 * answered in this read (they are up), then the others from the blob's rotation offset.
 */
async function collectSymbols(
  session: ReadSession,
  target: RecoveryTarget,
  options: SliverRecoveryOptions,
  signal?: AbortSignal,
): Promise<{ known: Map<number, Map<number, Uint8Array>>; symbolSize: number; members: number[] }> {
  const { g } = session;
  let symbolSize = target.symbolSize;
  const k = symbolsNeeded(session, target.type);
  const avoid = target.avoid ?? new Set<number>();
  const weights = positionsByMember(session, avoid);
  const start = session.memberOfPair(0);
  // Fastest known nodes first; among equally fast ones, those already heard from in this read,
  // then by committee order from the blob's start, so different blobs spread over different nodes.
  const rank = (m: number) => (session.answered.has(m) ? 0 : 2 * g.n) + ((m - start + g.n) % g.n);
  const members = session.byLatency(
    [...weights.keys()].sort((a, b) => rank(a) - rank(b)),
    (m) => m,
  );
  const plan = planRecovery({
    g,
    type: target.type,
    targets: target.indices.length,
    symbolSize: target.symbolSize,
    weights: members.map((m) => weights.get(m)!),
  });
  if (plan.method === 'whole-blob') throw new SliverRecoveryError(plan.why);

  const known = new Map(target.indices.map((i) => [i, new Map<number, Uint8Array>()]));
  const complete = () => [...known.values()].every((m) => m.size >= k);
  const accept = (member: number, answer: Map<number, DecodingSymbol[]>) => {
    for (const index of target.indices) {
      const got = known.get(index)!;
      for (const symbol of answer.get(index) ?? []) {
        // A symbol counts only if it is of the target's axis, the right size, and from a sliver
        // this node holds; anything else is ignored rather than trusted.
        if (symbolSize === 0 && plausibleSymbolSize(symbol.data.length)) symbolSize = symbol.data.length;
        if (symbol.axis !== target.type || symbol.index >= g.n || symbol.data.length !== symbolSize) continue;
        if (session.memberOfPair(pairOfPosition(session, target.type, symbol.index)) !== member) continue;
        if (!got.has(symbol.index)) got.set(symbol.index, symbol.data);
      }
    }
  };

  const stop = new AbortController();
  const onAbort = () => stop.abort();
  signal?.addEventListener('abort', onAbort, { once: true });
  try {
    await new Promise<void>((resolve) => {
      let next = 0;
      let holding = 0; // positions promised by requests that still hold a slot
      let inFlight = 0; // requests holding a slot
      let pending = 0; // requests not yet answered
      const least = () => Math.min(...[...known.values()].map((m) => m.size));
      const done = () => {
        if (complete() || stop.signal.aborted || (next >= members.length && pending === 0)) resolve();
      };
      const pump = (): void => {
        while (
          !stop.signal.aborted &&
          !complete() &&
          inFlight < options.concurrency &&
          least() + holding < k &&
          next < members.length
        ) {
          const member = members[next++]!;
          if (!session.isUsable(member)) continue;
          const weight = weights.get(member)!;
          holding += weight;
          inFlight++;
          pending++;
          let held = true;
          const release = () => {
            if (!held) return;
            held = false;
            holding -= weight;
            inFlight--;
            pump();
          };
          const timer = setTimeout(release, options.slowAfterMs);
          void session
            .fetchDecodingSymbols(member, target.indices, target.type, stop.signal)
            .then((answer) => {
              if (answer) accept(member, answer);
            })
            .finally(() => {
              clearTimeout(timer);
              pending--;
              release();
              done();
            });
        }
        done();
      };
      pump();
    });
  } finally {
    stop.abort();
    signal?.removeEventListener('abort', onAbort);
  }
  signal?.throwIfAborted();
  const short = target.indices.filter((i) => known.get(i)!.size < k);
  if (short.length > 0) {
    const got = Math.min(...short.map((i) => known.get(i)!.size));
    throw new SliverRecoveryError(
      `not enough decoding symbols for ${target.type} slivers ${short.slice(0, 5).join(', ')}: ${got} of ${k}`,
    );
  }
  return { known, symbolSize, members };
}

/** Walrus symbols are a positive even number of bytes, at most 65534. */
function plausibleSymbolSize(length: number): boolean {
  return length > 0 && length % 2 === 0 && length <= 65534;
}
