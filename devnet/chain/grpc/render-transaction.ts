// A TransactionRecord → the gRPC `ExecutedTransaction`, filling only what the read mask selects.
// This is what GetTransaction, BatchGetTransactions, ExecuteTransaction and SimulateTransaction
// answer with; the SDK reads it in `parseGrpcTransactionResponse` (@mysten/sui/grpc).
import { bcs } from '@mysten/sui/bcs';
import type { GrpcTypes } from '@mysten/sui/grpc';
import type { ModuleRegistry } from '../move/registry.ts';
import type { TransactionRecord } from '../state/records.ts';
import type { ReadMask } from './read-mask.ts';
import { effectsToProto } from './render-effects.ts';
import { eventsToProto } from './render-events.ts';
import { signatureToProto } from './render-signature.ts';
import { transactionToProto } from './render-transaction-data.ts';
import { timestamp } from './timestamp.ts';

export interface TransactionRenderContext {
  readonly registry: ModuleRegistry;
  /** The type of an object the record's changes do not name (a read-only consensus input). */
  readonly objectType: (id: string) => string | undefined;
}

/** The paths a full node fills when GetTransaction/BatchGetTransactions send no read mask. */
export const GET_TRANSACTION_DEFAULT_MASK = 'digest';
/** …and when ExecuteTransaction sends none (MystenLabs/sui transaction_execution_service). */
export const EXECUTE_TRANSACTION_DEFAULT_MASK = 'effects';

export function executedTransactionToProto(
  record: TransactionRecord,
  mask: ReadMask,
  context: TransactionRenderContext,
  options: {
    /** A simulation was never checkpointed: it has no checkpoint or timestamp. */
    readonly simulated?: boolean;
  } = {},
): GrpcTypes.ExecutedTransaction {
  const message: GrpcTypes.ExecutedTransaction = { signatures: [], balanceChanges: [] };
  if (mask.has('digest')) message.digest = record.digest;
  const transaction = mask.sub('transaction');
  if (transaction)
    message.transaction = transactionToProto(record.txBytes, record.digest, {
      bcs: transaction.has('bcs'),
      digest: transaction.has('digest'),
      version: transaction.has('version'),
      kind: transaction.has('kind'),
      sender: transaction.has('sender'),
      gasPayment: transaction.has('gas_payment'),
      expiration: transaction.has('expiration'),
    });
  const signatures = mask.sub('signatures');
  if (signatures) message.signatures = record.signatures.map((s) => signatureToProto(s, signatures));
  const effects = mask.sub('effects');
  if (effects) message.effects = effectsToProto(record, effects, context.objectType);
  const events = mask.sub('events');
  if (events) message.events = eventsToProto(record.events, eventsDigest(record), events, context.registry);
  if (!options.simulated) {
    if (mask.has('checkpoint')) message.checkpoint = record.checkpoint;
    if (mask.has('timestamp')) message.timestamp = timestamp(record.timestampMs);
  }
  if (mask.has('balance_changes'))
    message.balanceChanges = record.balanceChanges.flatMap((change) =>
      typeof change.owner === 'object' && 'AddressOwner' in change.owner
        ? [
            {
              address: change.owner.AddressOwner,
              coinType: change.coinType,
              amount: change.amount.toString(),
            },
          ]
        : [],
    );
  return message;
}

function eventsDigest(record: TransactionRecord): string | undefined {
  return bcs.TransactionEffects.parse(record.effects).V2?.eventsDigest ?? undefined;
}
