// ChainStore backed by an append-only log in one directory. Every commit is one fsynced log record
// and is applied to the in-memory indexes only after it is durable; opening replays the log, so a
// restarted devnet serves exactly the chain it answered for before.
import fs from 'node:fs';
import path from 'node:path';
import { ChainIndex } from './chain-index.ts';
import { addGas, makeCheckpoint, ZERO_GAS } from './checkpoint.ts';
import { decodeRecord, encodeRecord, type LogRecord } from './codec.ts';
import { ChainStoreError, CorruptLogError, InvalidCommitError, StoreClosedError } from './errors.ts';
import { LogFile } from './log-file.ts';
import type {
  ChainObject,
  CheckpointRecord,
  CommitBatch,
  EpochInfo,
  EventRecord,
  TransactionRecord,
} from './records.ts';
import type { ChainStore, EventCursor, EventQuery } from './store.ts';

/** Name of the log inside the store directory. */
export const LOG_FILE = 'chain.log';

export interface FileChainStoreOptions {
  /**
   * Length of epoch 0. Used only when the directory is new; afterwards the log's epochs rule.
   * @default 86_400_000 (one day, as on Sui mainnet)
   */
  readonly epochDurationMs?: number;
  /**
   * Reference gas price of epoch 0, in MIST. Used only when the directory is new.
   * @default 1000n
   */
  readonly referenceGasPrice?: bigint;
  /**
   * Clock for checkpoint timestamps (kept monotonic even if it goes backwards).
   * @default Date.now
   */
  readonly now?: () => number;
}

export class FileChainStore implements ChainStore {
  readonly #log: LogFile;
  readonly #state: ChainIndex;
  readonly #now: () => number;
  #closed = false;

  private constructor(log: LogFile, state: ChainIndex, now: () => number) {
    this.#log = log;
    this.#state = state;
    this.#now = now;
  }

  /**
   * Opens the store in `dir`, replaying its log; when the directory holds no chain yet, runs
   * `genesis` and commits its transactions as checkpoint 0 in epoch 0.
   * @throws CorruptLogError if the log is damaged beyond a torn last write.
   */
  static async open(
    dir: string,
    genesis: () => CommitBatch[],
    options: FileChainStoreOptions = {},
  ): Promise<FileChainStore> {
    await fs.promises.mkdir(dir, { recursive: true });
    const { log, frames } = LogFile.open(path.join(dir, LOG_FILE));
    try {
      const state = new ChainIndex();
      for (const frame of frames) replay(state, decodeRecord(frame.payload, frame.offset), frame.offset);
      const store = new FileChainStore(log, state, options.now ?? Date.now);
      if (frames.length === 0) store.#writeGenesis(genesis(), options);
      return store;
    } catch (error) {
      log.close();
      throw error;
    }
  }

  getObject(id: string): ChainObject | undefined {
    return this.#state.getObject(id);
  }

  ownedBy(address: string): ChainObject[] {
    return this.#state.ownedBy(address);
  }

  childrenOf(parentId: string): ChainObject[] {
    return this.#state.childrenOf(parentId);
  }

  getTransaction(digest: string): TransactionRecord | undefined {
    return this.#state.getTransaction(digest);
  }

  queryEvents(
    query: EventQuery,
    cursor: EventCursor | null,
    limit: number,
    descending: boolean,
  ): EventRecord[] {
    return this.#state.queryEvents(query, cursor, limit, descending);
  }

  getCheckpoint(sequenceNumber: bigint): CheckpointRecord | undefined {
    return this.#state.getCheckpoint(sequenceNumber);
  }

  getCheckpointByDigest(digest: string): CheckpointRecord | undefined {
    return this.#state.getCheckpointByDigest(digest);
  }

  latestCheckpoint(): CheckpointRecord {
    return this.#state.latestCheckpoint()!;
  }

  epoch(): EpochInfo {
    return this.#state.epoch()!;
  }

  genesisDigest(): string {
    return this.#state.getCheckpoint(0n)!.digest;
  }

  /**
   * Durably applies one transaction as the next checkpoint. The store assigns the checkpoint: the
   * stored (and returned) transaction's `checkpoint` is that sequence number, whatever the batch said.
   * @throws InvalidCommitError (nothing written) if the transaction digest is already on chain.
   */
  commit(batch: CommitBatch): CheckpointRecord {
    this.#assertOpen();
    const digest = batch.transaction.digest;
    if (this.#state.hasTransaction(digest))
      throw new InvalidCommitError(`transaction ${digest} is already on chain`);
    const latest = this.latestCheckpoint();
    const epoch = this.epoch();
    const sequenceNumber = latest.sequenceNumber + 1n;
    const transaction = withCheckpoint(batch.transaction, sequenceNumber);
    const rolling = latest.epoch === epoch.epoch ? (latest.epochRollingGasCostSummary ?? ZERO_GAS) : ZERO_GAS;
    const checkpoint = makeCheckpoint({
      sequenceNumber,
      epoch: epoch.epoch,
      timestampMs: Math.max(latest.timestampMs, this.#now()),
      transactions: [digest],
      previousDigest: latest.digest,
      networkTotalTransactions: latest.networkTotalTransactions + 1n,
      epochRollingGasCostSummary: addGas(rolling, transaction.gasUsed),
    });
    const stored: CommitBatch = { ...batch, transaction };
    this.#log.append(encodeRecord({ kind: 'commit', batch: stored, checkpoint }));
    this.#state.applyBatch(stored);
    this.#state.addCheckpoint(checkpoint);
    return checkpoint;
  }

  /** @throws InvalidCommitError unless `epoch.epoch` is above the current epoch. */
  setEpoch(epoch: EpochInfo): void {
    this.#assertOpen();
    if (epoch.epoch <= this.epoch().epoch)
      throw new InvalidCommitError(`epoch ${epoch.epoch} does not follow epoch ${this.epoch().epoch}`);
    this.#log.append(encodeRecord({ kind: 'epoch', epoch }));
    this.#state.setEpoch(epoch);
  }

  async close(): Promise<void> {
    this.#closed = true;
    this.#log.close();
  }

  #writeGenesis(batches: readonly CommitBatch[], options: FileChainStoreOptions): void {
    const seen = new Set<string>();
    for (const { transaction } of batches) {
      if (seen.has(transaction.digest))
        throw new InvalidCommitError(`genesis repeats transaction ${transaction.digest}`);
      seen.add(transaction.digest);
    }
    const timestampMs = this.#now();
    const epoch: EpochInfo = {
      epoch: 0n,
      startTimestampMs: timestampMs,
      durationMs: options.epochDurationMs ?? 86_400_000,
      referenceGasPrice: options.referenceGasPrice ?? 1000n,
    };
    const stored = batches.map((b) => ({ ...b, transaction: withCheckpoint(b.transaction, 0n) }));
    const checkpoint = makeCheckpoint({
      sequenceNumber: 0n,
      epoch: 0n,
      timestampMs,
      transactions: stored.map((b) => b.transaction.digest),
      previousDigest: null,
      networkTotalTransactions: BigInt(stored.length),
      epochRollingGasCostSummary: stored.reduce((sum, b) => addGas(sum, b.transaction.gasUsed), ZERO_GAS),
    });
    const record: LogRecord = { kind: 'genesis', epoch, batches: stored, checkpoint };
    this.#log.append(encodeRecord(record));
    replay(this.#state, record, 0);
  }

  #assertOpen(): void {
    if (this.#closed) throw new StoreClosedError('chain store is closed');
  }
}

/** Applies one log record, checking it continues the chain built so far. */
function replay(state: ChainIndex, record: LogRecord, offset: number): void {
  const latest = state.latestCheckpoint();
  if ((record.kind === 'genesis') !== (latest === undefined))
    throw new CorruptLogError(
      latest ? 'second genesis record in chain log' : `chain log starts with a ${record.kind} record`,
      offset,
    );
  switch (record.kind) {
    case 'genesis':
      state.setEpoch(record.epoch);
      for (const batch of record.batches) state.applyBatch(batch);
      state.addCheckpoint(record.checkpoint);
      return;
    case 'commit': {
      const cp = record.checkpoint;
      if (cp.sequenceNumber !== latest!.sequenceNumber + 1n || cp.previousDigest !== latest!.digest)
        throw new CorruptLogError(
          `checkpoint ${cp.sequenceNumber} does not follow ${latest!.sequenceNumber}`,
          offset,
        );
      state.applyBatch(record.batch);
      state.addCheckpoint(cp);
      return;
    }
    case 'epoch':
      state.setEpoch(record.epoch);
      return;
    default:
      throw new ChainStoreError(`unhandled log record ${JSON.stringify(record satisfies never)}`);
  }
}

function withCheckpoint(transaction: TransactionRecord, checkpoint: bigint): TransactionRecord {
  return transaction.checkpoint === checkpoint ? transaction : { ...transaction, checkpoint };
}
