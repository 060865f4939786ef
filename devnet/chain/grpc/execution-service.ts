// `sui.rpc.v2.TransactionExecutionService` over the devnet executor. ExecuteTransaction runs a
// signed BCS transaction and answers once it is durable, rendered under the request's read mask
// (default `effects`, as a full node); SimulateTransaction is in simulate.ts. Errors follow
// MystenLabs/sui crates/sui-rpc-api/src/grpc/v2/transaction_execution_service/mod.rs.
import { GrpcTypes } from '@mysten/sui/grpc';
import { toBase64 } from '@mysten/sui/utils';
import { transactionDigest } from '../exec/ids.ts';
import type { TransactionRecord } from '../state/records.ts';
import { ReadMask } from './read-mask.ts';
import { rejectionsAsStatus } from './rejections.ts';
import { EXECUTE_TRANSACTION_DEFAULT_MASK, executedTransactionToProto } from './render-transaction.ts';
import type { GrpcService, GrpcServiceContext } from './service.ts';
import { simulateTransaction } from './simulate.ts';
import { GrpcStatusCode, GrpcStatusError, invalidArgument } from './status.ts';

export function executionService(ctx: GrpcServiceContext): GrpcService {
  return {
    descriptor: GrpcTypes.TransactionExecutionService,
    handlers: {
      ExecuteTransaction: (request: GrpcTypes.ExecuteTransactionRequest) => executeTransaction(ctx, request),
      SimulateTransaction: (request: GrpcTypes.SimulateTransactionRequest) =>
        simulateTransaction(ctx, request),
    },
  };
}

async function executeTransaction(
  ctx: GrpcServiceContext,
  request: GrpcTypes.ExecuteTransactionRequest,
): Promise<GrpcTypes.ExecuteTransactionResponse> {
  // Everything is checked before the transaction runs: once it is committed, an error would
  // tell the client it failed.
  const mask = ReadMask.from(
    request.readMask,
    EXECUTE_TRANSACTION_DEFAULT_MASK,
    GrpcTypes.ExecutedTransaction,
  );
  if (!request.transaction) throw invalidArgument('missing transaction');
  const txBytes = request.transaction.bcs?.value;
  if (!txBytes)
    throw invalidArgument(
      'invalid transaction: the devnet executes transactions given as BCS (transaction.bcs)',
    );
  const signatures = request.signatures.map((signature, i) => {
    if (!signature.bcs?.value) throw invalidArgument(`invalid signature: signatures[${i}] has no bcs`);
    return toBase64(signature.bcs.value);
  });
  const digest = transactionDigest(txBytes);
  const record =
    replayed(ctx, digest, signatures) ??
    (await rejectionsAsStatus(() =>
      // A concurrent submission of the same transaction may commit first; answer as for a resubmission.
      ctx.executor.execute(txBytes, signatures).catch((error: unknown) => {
        const committed = replayed(ctx, digest, signatures);
        if (committed) return committed;
        throw error;
      }),
    ));
  return {
    transaction: executedTransactionToProto(record, mask, {
      registry: ctx.registry,
      objectType: (id) => ctx.store.getObject(id)?.type,
    }),
  };
}

/**
 * The record of a transaction that already executed: a full node answers a resubmission with its
 * effects, and refuses one whose signatures differ (ABORTED).
 */
function replayed(
  ctx: GrpcServiceContext,
  digest: string,
  signatures: readonly string[],
): TransactionRecord | undefined {
  const record = ctx.store.getTransaction(digest);
  if (!record) return undefined;
  const same =
    record.signatures.length === signatures.length && record.signatures.every((s) => signatures.includes(s));
  if (!same)
    throw new GrpcStatusError(
      GrpcStatusCode.ABORTED,
      'The transaction is already finalized but with different user signatures',
    );
  return record;
}
