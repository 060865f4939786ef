// The bounds of one list query (ListCheckpoints, ListTransactions, ListEvents) as Sui resolves them
// (MystenLabs/sui crates/sui-rpc-api/src/ledger_history/query_options.rs): `QueryOptions` (limit,
// ordering, `after`/`before` cursors) and the checkpoint window become a half-open interval of
// ledger positions, plus what the stream reports once it has scanned that interval to the end: the
// terminal position and checkpoint, and why it stopped (the ledger tip, a checkpoint bound, or a
// cursor bound). Pure: the ledger is described by its tip and where each checkpoint starts.
import { GrpcTypes } from '@mysten/sui/grpc';
import {
  comparePositions,
  decodeCursor,
  type CursorKind,
  type Lane,
  type LedgerCursor,
  type LedgerPosition,
} from './ledger-cursor.ts';
import { invalidArgument } from './status.ts';

/** Sui's per-method page sizes (sui-config `LedgerHistoryConfig` defaults). */
const LIMITS: Readonly<Record<Lane, { readonly default: number; readonly max: number }>> = {
  checkpoints: { default: 10, max: 100 },
  transactions: { default: 50, max: 500 },
  events: { default: 50, max: 1000 },
};

export interface ListQuery {
  readonly lane: Lane;
  /** Items to send at most (the frame with the last one ends the stream with ITEM_LIMIT). */
  readonly limit: number;
  readonly descending: boolean;
  readonly after?: LedgerCursor;
  readonly before?: LedgerCursor;
}

export type Exhaustion =
  | { readonly reason: 'ledgerTip' }
  | { readonly reason: 'checkpointBound' }
  /** `kind` is the kind the terminal cursor must have so that resuming neither repeats nor skips. */
  | { readonly reason: 'cursorBound'; readonly kind: CursorKind };

/** A low bound may exclude its position (after an event the client already has); a high one always does. */
export interface LowBound {
  readonly position: LedgerPosition;
  readonly inclusive: boolean;
}

export interface ResolvedScan extends ListQuery {
  readonly lo: LowBound;
  /** Exclusive. */
  readonly hi: LedgerPosition;
  /** Checkpoint of the interval's first position in scan order: coverage is claimed only past it. */
  readonly entryCheckpoint: bigint;
  /** Where the stream ends when it scans the interval to the end (its terminal cursor). */
  readonly endCheckpoint: bigint;
  readonly endPosition: LedgerPosition;
  readonly exhaustion: Exhaustion;
}

/** What resolution needs to know about the ledger. */
export interface LedgerShape {
  /** One past the latest checkpoint. */
  readonly tip: bigint;
  /** The first position of checkpoint `checkpoint` (for `tip`, one past the last position). */
  startOf(checkpoint: bigint): bigint;
}

/**
 * The request's `options` for `lane`, validated as Sui does.
 * @throws GrpcStatusError INVALID_ARGUMENT for an unknown ordering or a cursor not minted for `lane`
 */
export function listQuery(options: GrpcTypes.QueryOptions | undefined, lane: Lane): ListQuery {
  const { default: fallback, max } = LIMITS[lane];
  const limit = Math.min(Math.max(options?.limit ?? fallback, 1), max);
  const ordering = options?.ordering ?? GrpcTypes.Ordering.ASCENDING;
  if (ordering !== GrpcTypes.Ordering.ASCENDING && ordering !== GrpcTypes.Ordering.DESCENDING)
    throw invalidArgument('invalid ordering');
  return {
    lane,
    limit,
    descending: ordering === GrpcTypes.Ordering.DESCENDING,
    ...(options?.after ? { after: decodeCursor(options.after, lane) } : {}),
    ...(options?.before ? { before: decodeCursor(options.before, lane) } : {}),
  };
}

/** The request's checkpoint window: [`startCheckpoint`, `endCheckpoint`), each end optional. */
export interface CheckpointRange {
  readonly startCheckpoint?: bigint;
  readonly endCheckpoint?: bigint;
}

/** @throws GrpcStatusError INVALID_ARGUMENT when `end_checkpoint` is below `start_checkpoint` */
export function checkCheckpointRange(range: CheckpointRange): void {
  if (range.endCheckpoint !== undefined && range.endCheckpoint < (range.startCheckpoint ?? 0n))
    throw invalidArgument('end_checkpoint must be greater than or equal to start_checkpoint');
}

/**
 * The interval `query` scans within checkpoints [`startCheckpoint`, `endCheckpoint`).
 * @throws GrpcStatusError INVALID_ARGUMENT when `end_checkpoint` is below `start_checkpoint`
 */
export function resolveScan(range: CheckpointRange, query: ListQuery, ledger: LedgerShape): ResolvedScan {
  checkCheckpointRange(range);
  const window = checkpointWindow(range, query, ledger.tip);
  const first = ledger.startOf(window.start);
  const last = ledger.startOf(window.end);
  const ascending = !query.descending;
  let scan: ResolvedScan = {
    ...query,
    lo: { position: at(first), inclusive: true },
    hi: at(last),
    entryCheckpoint: window.start >= window.end ? window.end : ascending ? window.start : window.end - 1n,
    endCheckpoint: ascending ? window.end : window.start,
    endPosition: at(ascending ? last : first),
    exhaustion: window.exhaustion,
  };
  if (!isEmpty(scan)) scan = applyCursors(scan);
  return scan;
}

/**
 * Whether no position lies in the interval. Only event queries have exclusive low bounds, and as
 * Sui does, the devnet counts (t, i) to (t + 1, 0) as not empty: t may have an event after i.
 */
export function isEmpty(scan: Pick<ResolvedScan, 'lo' | 'hi'>): boolean {
  return comparePositions(scan.lo.position, scan.hi) >= 0;
}

export function contains(scan: Pick<ResolvedScan, 'lo' | 'hi'>, position: LedgerPosition): boolean {
  const fromLo = comparePositions(position, scan.lo.position);
  return (scan.lo.inclusive ? fromLo >= 0 : fromLo > 0) && comparePositions(position, scan.hi) < 0;
}

/** The transactions (or checkpoints) [`start`, `end`) that may hold positions of `scan`. */
export function seqSpan(scan: Pick<ResolvedScan, 'lo' | 'hi'>): { start: bigint; end: bigint } {
  return { start: scan.lo.position.seq, end: scan.hi.index === 0 ? scan.hi.seq : scan.hi.seq + 1n };
}

function at(seq: bigint): LedgerPosition {
  return { seq, index: 0 };
}

/** The checkpoints to scan, clamped to the tip and narrowed by the cursors' checkpoints. */
function checkpointWindow(
  range: CheckpointRange,
  query: ListQuery,
  tip: bigint,
): { start: bigint; end: bigint; exhaustion: Exhaustion } {
  let start = range.startCheckpoint ?? 0n;
  const requestedEnd = range.endCheckpoint ?? tip;
  let end = requestedEnd < tip ? requestedEnd : tip;
  const cursorBound: Exhaustion = { reason: 'cursorBound', kind: 'boundary' };
  let high: Exhaustion =
    range.endCheckpoint === undefined || requestedEnd > tip
      ? { reason: 'ledgerTip' }
      : { reason: 'checkpointBound' };
  let low: Exhaustion = { reason: 'checkpointBound' };
  let bounded = false;
  const { after, before, descending } = query;
  if (after && after.checkpoint >= start) {
    start = after.checkpoint;
    bounded = true;
    if (descending) low = cursorBound;
  }
  if (before) {
    const upper = before.kind === 'item' ? before.checkpoint + 1n : before.checkpoint;
    if (upper <= end) {
      end = upper;
      bounded = true;
      if (!descending) high = cursorBound;
    }
  }
  if (start >= tip) return { start: tip, end: tip, exhaustion: { reason: 'ledgerTip' } };
  if (start >= end) {
    const checkpoint = descending ? start : end;
    return {
      start: checkpoint,
      end: checkpoint,
      exhaustion: bounded ? cursorBound : descending ? low : high,
    };
  }
  return { start, end, exhaustion: descending ? low : high };
}

/**
 * Narrows the interval to the cursors' positions. An `after` item cursor excludes its item; in a
 * dense lane that is the same as starting at the next position, which is how Sui stores it.
 */
function applyCursors(scan: ResolvedScan): ResolvedScan {
  const { after, before, descending } = scan;
  let { lo, hi, entryCheckpoint, endCheckpoint, endPosition, exhaustion } = scan;
  let emptied: { checkpoint: bigint; position: LedgerPosition; kind: CursorKind } | undefined;
  const boundary: Exhaustion = { reason: 'cursorBound', kind: 'boundary' };

  if (after) {
    if (!descending && after.checkpoint > entryCheckpoint) entryCheckpoint = after.checkpoint;
    const candidate = resumeAfter(after, scan.lane);
    if (lowBoundAtLeast(candidate, lo)) {
      if (descending) {
        endCheckpoint = after.checkpoint;
        endPosition = after.position;
        exhaustion = boundary;
      }
      lo = candidate;
      if (isEmpty({ lo, hi }))
        emptied = {
          checkpoint: after.checkpoint,
          position: after.position,
          kind: descending ? 'boundary' : after.kind,
        };
    }
  }
  if (before) {
    if (descending && before.checkpoint < entryCheckpoint) entryCheckpoint = before.checkpoint;
    if (comparePositions(before.position, hi) <= 0) {
      if (!descending) {
        endCheckpoint = before.checkpoint;
        endPosition = before.position;
        exhaustion = boundary;
      }
      hi = before.position;
      if (isEmpty({ lo, hi }))
        emptied = { checkpoint: before.checkpoint, position: before.position, kind: 'boundary' };
    }
  }
  if (emptied) {
    endCheckpoint = emptied.checkpoint;
    endPosition = emptied.position;
    exhaustion = { reason: 'cursorBound', kind: emptied.kind };
    lo = { position: emptied.position, inclusive: true };
    hi = emptied.position;
  }
  return { ...scan, lo, hi, entryCheckpoint, endCheckpoint, endPosition, exhaustion };
}

/** The low bound that resumes after `cursor`: past an item, or at a boundary. */
function resumeAfter(cursor: LedgerCursor, lane: Lane): LowBound {
  if (cursor.kind === 'boundary') return { position: cursor.position, inclusive: true };
  if (lane === 'events') return { position: cursor.position, inclusive: false };
  return { position: at(cursor.position.seq + 1n), inclusive: true };
}

/** Whether `candidate` starts no earlier than `current` (an exclusive bound sorts after an inclusive one). */
function lowBoundAtLeast(candidate: LowBound, current: LowBound): boolean {
  const order = comparePositions(candidate.position, current.position);
  return order !== 0 ? order > 0 : candidate.inclusive ? current.inclusive : true;
}
