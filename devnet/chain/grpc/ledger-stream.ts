// The frames of a list stream, as Sui sends them (MystenLabs/sui crates/sui-rpc-api/src/
// ledger_history/watermark.rs, grpc/v2/ledger_service/list_*.rs): one frame per matching item, each
// with a watermark whose cursor names that item; the frame of the `limit`-th item ends the stream
// with ITEM_LIMIT. A scan that runs out of interval first ends with one more frame, without an item,
// whose boundary cursor resumes exactly past the interval and whose reason says what bounded it.
// The watermark's `checkpoint` is the last checkpoint (in scan order) the scan has fully covered.
// The devnet scans without a budget, so it never ends with SCAN_LIMIT.
import { GrpcTypes } from '@mysten/sui/grpc';
import { encodeCursor, type CursorKind, type LedgerPosition } from './ledger-cursor.ts';
import { isEmpty, type ResolvedScan } from './ledger-query.ts';

/** An item the scan matched, at its place in ledger order. */
export interface ScanMatch<T> {
  readonly position: LedgerPosition;
  readonly checkpoint: bigint;
  readonly item: T;
}

export interface ListFrame<T> {
  readonly item?: T;
  readonly watermark: GrpcTypes.Watermark;
  readonly end?: GrpcTypes.QueryEnd;
}

const Reason = GrpcTypes.QueryEndReason;

/** The frames for `matches`, which must come in `scan`'s order and lie in its interval. */
export function* listFrames<T>(scan: ResolvedScan, matches: Iterable<ScanMatch<T>>): Generator<ListFrame<T>> {
  let produced = 0;
  let covered: bigint | undefined;
  for (const match of matches) {
    covered = coveredThrough(scan, covered, match.checkpoint);
    const watermark = watermarkAt(scan, 'item', match.checkpoint, match.position, covered);
    produced += 1;
    if (produced === scan.limit) {
      yield { item: match.item, watermark, end: { reason: Reason.ITEM_LIMIT } };
      return;
    }
    yield { item: match.item, watermark };
  }
  yield terminalFrame(scan, covered);
}

function terminalFrame<T>(scan: ResolvedScan, covered: bigint | undefined): ListFrame<T> {
  const { exhaustion, endCheckpoint, endPosition } = scan;
  if (exhaustion.reason === 'cursorBound')
    return {
      watermark: watermarkAt(scan, exhaustion.kind, endCheckpoint, endPosition, covered),
      end: { reason: Reason.CURSOR_BOUND },
    };
  // Reaching the natural end proves the interval's last checkpoint covered, unless there was none.
  const claim = isEmpty(scan)
    ? undefined
    : scan.descending
      ? endCheckpoint
      : endCheckpoint > 0n
        ? endCheckpoint - 1n
        : undefined;
  return {
    watermark: watermarkAt(scan, 'boundary', endCheckpoint, endPosition, claim),
    end: { reason: exhaustion.reason === 'ledgerTip' ? Reason.LEDGER_TIP : Reason.CHECKPOINT_BOUND },
  };
}

function watermarkAt(
  scan: ResolvedScan,
  kind: CursorKind,
  checkpoint: bigint,
  position: LedgerPosition,
  covered: bigint | undefined,
): GrpcTypes.Watermark {
  return {
    cursor: encodeCursor({ lane: scan.lane, kind, checkpoint, position }),
    ...(covered === undefined ? {} : { checkpoint: covered }),
  };
}

/**
 * The covered checkpoint once an item at `checkpoint` is sent. A checkpoint query sends each
 * checkpoint once, so sending it covers it; a transaction or event at checkpoint C leaves C open
 * (more may follow in it) but covers the one before it, provided the scan started no later.
 */
function coveredThrough(
  scan: ResolvedScan,
  covered: bigint | undefined,
  checkpoint: bigint,
): bigint | undefined {
  const { descending } = scan;
  let candidate: bigint | undefined = checkpoint;
  if (scan.lane !== 'checkpoints') {
    candidate = descending ? checkpoint + 1n : checkpoint - 1n;
    const started = descending ? candidate <= scan.entryCheckpoint : candidate >= scan.entryCheckpoint;
    if (candidate < 0n || !started) candidate = undefined;
  }
  if (candidate === undefined) return covered;
  if (covered === undefined) return candidate;
  return descending ? (candidate < covered ? candidate : covered) : candidate > covered ? candidate : covered;
}
