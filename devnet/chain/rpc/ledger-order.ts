// Ledger order: each transaction's place in the chain's history, its sequence number counted from
// genesis's first transaction. The store keeps no such index; checkpoints give it, since each lists
// its transactions in order and counts every transaction up to it (`networkTotalTransactions`).
// Transaction queries page in this order over JSON-RPC and gRPC alike.
import type { ChainStore } from '../state/store.ts';

/** What ledger order needs from the store. */
export type LedgerReader = Pick<ChainStore, 'getCheckpoint' | 'latestCheckpoint' | 'getTransaction'>;

export interface LedgerTransaction {
  /** Position in the chain's history: 0 for the first genesis transaction. */
  readonly seq: bigint;
  readonly checkpoint: bigint;
  /** Position within its checkpoint. */
  readonly offset: number;
  readonly digest: string;
}

/** How many transactions the chain has executed: the sequence number the next one will get. */
export function transactionCount(ledger: LedgerReader): bigint {
  return ledger.latestCheckpoint().networkTotalTransactions;
}

/**
 * Sequence number of the first transaction of checkpoint `checkpoint`; for a checkpoint past the
 * latest, the sequence number the next transaction will get.
 */
export function firstTransactionOf(ledger: LedgerReader, checkpoint: bigint): bigint {
  const cp = ledger.getCheckpoint(checkpoint);
  if (!cp) return transactionCount(ledger);
  return cp.networkTotalTransactions - BigInt(cp.transactions.length);
}

/** The checkpoint that holds transaction `seq` (binary search), or undefined past the last one. */
export function checkpointOfTransaction(ledger: LedgerReader, seq: bigint): bigint | undefined {
  if (seq < 0n || seq >= transactionCount(ledger)) return undefined;
  let lo = 0n;
  let hi = ledger.latestCheckpoint().sequenceNumber;
  while (lo < hi) {
    const mid = (lo + hi) / 2n;
    if (ledger.getCheckpoint(mid)!.networkTotalTransactions <= seq) lo = mid + 1n;
    else hi = mid;
  }
  return lo;
}

/** Where a stored transaction sits in ledger order, or undefined for an unknown digest. */
export function ledgerPosition(ledger: LedgerReader, digest: string): LedgerTransaction | undefined {
  const tx = ledger.getTransaction(digest);
  const cp = tx && ledger.getCheckpoint(tx.checkpoint);
  const offset = cp ? cp.transactions.indexOf(digest) : -1;
  if (!cp || offset < 0) return undefined;
  const seq = firstTransactionOf(ledger, cp.sequenceNumber) + BigInt(offset);
  return { seq, checkpoint: cp.sequenceNumber, offset, digest };
}

/** The transactions with `from <= seq < to`, oldest first, or newest first when `descending`. */
export function* transactionsBetween(
  ledger: LedgerReader,
  from: bigint,
  to: bigint,
  descending: boolean,
): Generator<LedgerTransaction> {
  const end = to < transactionCount(ledger) ? to : transactionCount(ledger);
  const start = from > 0n ? from : 0n;
  if (start >= end) return;
  const step = descending ? -1n : 1n;
  let seq = descending ? end - 1n : start;
  let checkpoint = checkpointOfTransaction(ledger, seq)!;
  while (seq >= start && seq < end) {
    const cp = ledger.getCheckpoint(checkpoint)!;
    const first = cp.networkTotalTransactions - BigInt(cp.transactions.length);
    for (; seq >= first && seq < cp.networkTotalTransactions && seq >= start && seq < end; seq += step) {
      const offset = Number(seq - first);
      yield { seq, checkpoint, offset, digest: cp.transactions[offset]! };
    }
    checkpoint += step;
  }
}
