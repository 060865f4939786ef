// CheckpointRecord → `sui.rpc.v2.Checkpoint` under a read mask. The devnet's checkpoints are not
// Sui's BCS `CheckpointSummary` (no `bcs`, no content digest); one validator signs nothing, so the
// signature is the all-zero BLS signature JSON-RPC's `validatorSignature` also reports.
// `transactions` carry digest, checkpoint and timestamp (full transactions come from GetTransaction).
import { fromBase64 } from '@mysten/sui/utils';
import type { GrpcTypes } from '@mysten/sui/grpc';
import { digestOf } from '../exec/ids.ts';
import type { CheckpointRecord } from '../state/records.ts';
import type { ChainStore } from '../state/store.ts';
import type { ReadMask } from './read-mask.ts';
import { timestamp } from './timestamp.ts';

/** Sui's default when GetCheckpoint sends no mask. */
export const CHECKPOINT_READ_MASK_DEFAULT = 'sequence_number,digest';

const BLS_SIGNATURE_BYTES = 48;

export function renderCheckpoint(
  cp: CheckpointRecord,
  mask: ReadMask,
  store: ChainStore,
): GrpcTypes.Checkpoint {
  const message: GrpcTypes.Checkpoint = { transactions: [] };
  if (mask.has('sequence_number')) message.sequenceNumber = cp.sequenceNumber;
  if (mask.has('digest')) message.digest = cp.digest;
  const summary = mask.sub('summary');
  if (summary) message.summary = renderSummary(cp, summary);
  if (mask.has('signature'))
    message.signature = { epoch: cp.epoch, signature: new Uint8Array(BLS_SIGNATURE_BYTES) };
  if (mask.has('contents'))
    message.contents = {
      version: 1,
      transactions: cp.transactions.map((digest) => {
        const tx = store.getTransaction(digest);
        return {
          transaction: digest,
          ...(tx ? { effects: digestOf('TransactionEffects::', tx.effects) } : {}),
          signatures: (tx?.signatures ?? []).map((s): GrpcTypes.UserSignature => ({
            bcs: { value: fromBase64(s) },
            signature: { oneofKind: undefined },
          })),
          addressAliasesVersions: [],
        };
      }),
    };
  const transactions = mask.sub('transactions');
  if (transactions)
    message.transactions = cp.transactions.map((digest) => ({
      ...(transactions.has('digest') ? { digest } : {}),
      ...(transactions.has('checkpoint') ? { checkpoint: cp.sequenceNumber } : {}),
      ...(transactions.has('timestamp') ? { timestamp: timestamp(cp.timestampMs) } : {}),
      signatures: [],
      balanceChanges: [],
    }));
  return message;
}

function renderSummary(cp: CheckpointRecord, mask: ReadMask): GrpcTypes.CheckpointSummary {
  const summary: GrpcTypes.CheckpointSummary = { commitments: [] };
  if (mask.has('digest')) summary.digest = cp.digest;
  if (mask.has('epoch')) summary.epoch = cp.epoch;
  if (mask.has('sequence_number')) summary.sequenceNumber = cp.sequenceNumber;
  if (mask.has('total_network_transactions')) summary.totalNetworkTransactions = cp.networkTotalTransactions;
  if (mask.has('previous_digest') && cp.previousDigest !== null) summary.previousDigest = cp.previousDigest;
  if (mask.has('epoch_rolling_gas_cost_summary')) {
    const gas = cp.epochRollingGasCostSummary;
    summary.epochRollingGasCostSummary = {
      computationCost: gas?.computationCost ?? 0n,
      storageCost: gas?.storageCost ?? 0n,
      storageRebate: gas?.storageRebate ?? 0n,
      nonRefundableStorageFee: gas?.nonRefundableStorageFee ?? 0n,
    };
  }
  if (mask.has('timestamp')) summary.timestamp = timestamp(cp.timestampMs);
  return summary;
}
