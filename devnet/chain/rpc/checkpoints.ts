// Chain-level reads: checkpoints, the chain identifier and the reference gas price.
import { fromBase58, toBase64, toHex } from '@mysten/sui/utils';
import type { CheckpointRecord } from '../state/records.ts';
import type { ReadContext } from './context.ts';
import { InvalidParamsError } from './errors.ts';
import { isAbsent, optionalBoolean, pageLimit, show } from './params.ts';
import type { RpcMethods } from './types.ts';

// One validator, no committee to aggregate: a well-formed, all-zero BLS signature (48 bytes).
const VALIDATOR_SIGNATURE = toBase64(new Uint8Array(48));

export function checkpointJson(cp: CheckpointRecord): Record<string, unknown> {
  const gas = cp.epochRollingGasCostSummary;
  return {
    epoch: cp.epoch.toString(),
    sequenceNumber: cp.sequenceNumber.toString(),
    digest: cp.digest,
    networkTotalTransactions: cp.networkTotalTransactions.toString(),
    ...(cp.previousDigest === null ? {} : { previousDigest: cp.previousDigest }),
    epochRollingGasCostSummary: {
      computationCost: (gas?.computationCost ?? 0n).toString(),
      storageCost: (gas?.storageCost ?? 0n).toString(),
      storageRebate: (gas?.storageRebate ?? 0n).toString(),
      nonRefundableStorageFee: (gas?.nonRefundableStorageFee ?? 0n).toString(),
    },
    timestampMs: cp.timestampMs.toString(),
    transactions: cp.transactions,
    checkpointCommitments: [],
    validatorSignature: VALIDATOR_SIGNATURE,
  };
}

/** A sequence number (decimal string or integer), or undefined if `value` is not one. */
function sequenceNumber(value: unknown): bigint | undefined {
  if (typeof value === 'string' && /^\d+$/.test(value)) return BigInt(value);
  if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0) return BigInt(value);
  return undefined;
}

export function checkpointMethods({ store }: ReadContext): RpcMethods {
  return {
    sui_getCheckpoint([id]) {
      const seq = sequenceNumber(id);
      if (seq !== undefined) {
        const cp = store.getCheckpoint(seq);
        if (!cp) throw new InvalidParamsError(`Verified checkpoint not found for sequence number: ${seq}`);
        return checkpointJson(cp);
      }
      if (typeof id !== 'string') throw new InvalidParamsError(`Invalid checkpoint id: ${show(id)}`);
      const cp = store.getCheckpointByDigest(id);
      if (!cp) throw new InvalidParamsError(`Verified checkpoint digest not found: ${id}`);
      return checkpointJson(cp);
    },

    sui_getCheckpoints([cursor, limit, descending]) {
      const after = isAbsent(cursor) ? undefined : sequenceNumber(cursor);
      if (!isAbsent(cursor) && after === undefined)
        throw new InvalidParamsError(`Invalid cursor: ${show(cursor)}`);
      const max = BigInt(pageLimit(limit));
      const down = optionalBoolean(descending, 'descending');
      const latest = store.latestCheckpoint().sequenceNumber;
      const step = down ? -1n : 1n;
      let seq = after === undefined ? (down ? latest : 0n) : after + step;
      const data: Record<string, unknown>[] = [];
      for (; seq >= 0n && seq <= latest && BigInt(data.length) < max; seq += step)
        data.push(checkpointJson(store.getCheckpoint(seq)!));
      const last = data.at(-1);
      return {
        data,
        nextCursor: last ? last.sequenceNumber : isAbsent(cursor) ? null : String(cursor),
        hasNextPage: seq >= 0n && seq <= latest,
      };
    },

    sui_getLatestCheckpointSequenceNumber() {
      return store.latestCheckpoint().sequenceNumber.toString();
    },

    sui_getChainIdentifier() {
      // As a fullnode: the first four bytes of the genesis checkpoint digest, in hex.
      return toHex(fromBase58(store.genesisDigest()).slice(0, 4));
    },

    suix_getReferenceGasPrice() {
      return store.epoch().referenceGasPrice.toString();
    },
  };
}
