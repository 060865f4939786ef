// LedgerService's server-streaming list methods over the devnet's store: ListTransactions,
// ListEvents and ListCheckpoints, with Sui's read-mask defaults, filters, paging and frames
// (MystenLabs/sui crates/sui-rpc-api/src/grpc/v2/ledger_service/list_{transactions,events,
// checkpoints}.rs). Each walks ledger order (../rpc/ledger-order.ts, shared with JSON-RPC's
// transaction query) through the interval its request resolves to, and streams what matches.
// Events are read from their transactions rather than the store's event index: gRPC cursors may
// name any position (between events, or past a transaction without any), which the index's
// cursors, naming emitted events, cannot.
import { GrpcTypes } from '@mysten/sui/grpc';
import { firstTransactionOf, transactionsBetween, type LedgerTransaction } from '../rpc/ledger-order.ts';
import type { ChainStore } from '../state/store.ts';
import { eventFilter, transactionFilter } from './ledger-filters.ts';
import type { Lane, LedgerPosition } from './ledger-cursor.ts';
import {
  checkCheckpointRange,
  contains,
  listQuery,
  resolveScan,
  seqSpan,
  type LedgerShape,
  type ResolvedScan,
} from './ledger-query.ts';
import { listFrames, type ListFrame, type ScanMatch } from './ledger-stream.ts';
import { ReadMask } from './read-mask.ts';
import { CHECKPOINT_READ_MASK_DEFAULT, renderCheckpoint } from './render-checkpoint.ts';
import { eventToProto } from './render-events.ts';
import { executedTransactionToProto, GET_TRANSACTION_DEFAULT_MASK } from './render-transaction.ts';
import type { GrpcHandler, GrpcServiceContext } from './service.ts';

/** Sui's default when ListEvents sends no mask. */
export const EVENT_READ_MASK_DEFAULT = 'event_type';

/** The list methods, to join the LedgerService's handlers. */
export function ledgerListHandlers(ctx: GrpcServiceContext): Record<string, GrpcHandler> {
  const { store, registry } = ctx;

  return {
    ListTransactions: (request: GrpcTypes.ListTransactionsRequest) => {
      checkCheckpointRange(request);
      const mask = ReadMask.from(
        request.readMask,
        GET_TRANSACTION_DEFAULT_MASK,
        GrpcTypes.ExecutedTransaction,
      );
      const query = listQuery(request.options, 'transactions');
      const matches = transactionFilter(request.filter);
      const scan = resolveScan(request, query, ledgerShape(store, 'transactions'));
      const context = { registry, objectType: (id: string) => store.getObject(id)?.type };
      function* found(): Generator<ScanMatch<GrpcTypes.ExecutedTransaction>> {
        for (const tx of transactionsIn(store, scan)) {
          const position = { seq: tx.seq, index: 0 };
          const record = store.getTransaction(tx.digest)!;
          if (!contains(scan, position) || (matches && !matches(record))) continue;
          const item = executedTransactionToProto(record, mask, context);
          if (mask.has('transaction_index')) item.transactionIndex = BigInt(tx.offset);
          yield { position, checkpoint: tx.checkpoint, item };
        }
      }
      return stream(listFrames(scan, found()), (f): GrpcTypes.ListTransactionsResponse => ({
        ...frame(f),
        ...(f.item ? { transaction: f.item } : {}),
      }));
    },

    ListEvents: (request: GrpcTypes.ListEventsRequest) => {
      checkCheckpointRange(request);
      const mask = ReadMask.from(request.readMask, EVENT_READ_MASK_DEFAULT, GrpcTypes.Event);
      const query = listQuery(request.options, 'events');
      const matches = eventFilter(request.filter);
      const scan = resolveScan(request, query, ledgerShape(store, 'events'));
      function* found(): Generator<ScanMatch<GrpcTypes.Event>> {
        for (const tx of transactionsIn(store, scan)) {
          const events = store.getTransaction(tx.digest)!.events;
          for (let k = 0; k < events.length; k++) {
            const index = scan.descending ? events.length - 1 - k : k;
            const position: LedgerPosition = { seq: tx.seq, index };
            const event = events[index]!;
            if (!contains(scan, position) || (matches && !matches(event))) continue;
            const item = eventToProto(event, mask, registry);
            if (mask.has('checkpoint')) item.checkpoint = tx.checkpoint;
            if (mask.has('transaction_digest')) item.transactionDigest = tx.digest;
            if (mask.has('transaction_index')) item.transactionIndex = BigInt(tx.offset);
            if (mask.has('event_index')) item.eventIndex = index;
            yield { position, checkpoint: tx.checkpoint, item };
          }
        }
      }
      return stream(listFrames(scan, found()), (f): GrpcTypes.ListEventsResponse => ({
        ...frame(f),
        ...(f.item ? { event: f.item } : {}),
      }));
    },

    ListCheckpoints: (request: GrpcTypes.ListCheckpointsRequest) => {
      checkCheckpointRange(request);
      const mask = ReadMask.from(request.readMask, CHECKPOINT_READ_MASK_DEFAULT, GrpcTypes.Checkpoint);
      const query = listQuery(request.options, 'checkpoints');
      const matches = transactionFilter(request.filter);
      const scan = resolveScan(request, query, ledgerShape(store, 'checkpoints'));
      function* found(): Generator<ScanMatch<GrpcTypes.Checkpoint>> {
        const { start, end } = seqSpan(scan);
        const step = scan.descending ? -1n : 1n;
        for (let seq = scan.descending ? end - 1n : start; seq >= start && seq < end; seq += step) {
          const position = { seq, index: 0 };
          const cp = store.getCheckpoint(seq)!;
          // A checkpoint matches when any of its transactions does.
          const hit = !matches || cp.transactions.some((digest) => matches(store.getTransaction(digest)!));
          if (!contains(scan, position) || !hit) continue;
          yield { position, checkpoint: seq, item: renderCheckpoint(cp, mask, store) };
        }
      }
      return stream(listFrames(scan, found()), (f): GrpcTypes.ListCheckpointsResponse => ({
        ...frame(f),
        ...(f.item ? { checkpoint: f.item } : {}),
      }));
    },
  };
}

/** The ledger as a lane sees it: checkpoints are their own positions; the others count transactions. */
function ledgerShape(store: ChainStore, lane: Lane): LedgerShape {
  return {
    tip: store.latestCheckpoint().sequenceNumber + 1n,
    startOf: (checkpoint) => (lane === 'checkpoints' ? checkpoint : firstTransactionOf(store, checkpoint)),
  };
}

/** The transactions that may hold positions of `scan`, in its order. */
function transactionsIn(store: ChainStore, scan: ResolvedScan): Iterable<LedgerTransaction> {
  const { start, end } = seqSpan(scan);
  return transactionsBetween(store, start, end, scan.descending);
}

function frame<T>(f: ListFrame<T>): { watermark: GrpcTypes.Watermark; end?: GrpcTypes.QueryEnd } {
  return { watermark: f.watermark, ...(f.end ? { end: f.end } : {}) };
}

/** The frames as the async stream the gRPC-web server sends, one message per frame. */
async function* stream<F, M>(frames: Iterable<F>, toMessage: (frame: F) => M): AsyncGenerator<M> {
  for (const f of frames) yield toMessage(f);
}
