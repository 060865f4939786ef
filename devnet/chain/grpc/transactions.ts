// LedgerService transaction reads: GetTransaction and BatchGetTransactions over the store, with a
// full node's errors (MystenLabs/sui crates/sui-rpc-api/src/grpc/v2/ledger_service/
// get_transaction.rs): a missing or malformed digest is INVALID_ARGUMENT, an unknown one NOT_FOUND
// "Transaction <digest> not found", which the SDK turns into TransactionError `notFound` (and
// `waitForTransaction` keeps polling on).
import { GrpcTypes } from '@mysten/sui/grpc';
import { isValidTransactionDigest } from '@mysten/sui/utils';
import type { TransactionRecord } from '../state/records.ts';
import { ReadMask } from './read-mask.ts';
import { executedTransactionToProto, GET_TRANSACTION_DEFAULT_MASK } from './render-transaction.ts';
import type { GrpcHandler, GrpcServiceContext } from './service.ts';
import { GrpcStatusError, invalidArgument, notFound } from './status.ts';

export function transactionHandlers(ctx: GrpcServiceContext): Record<string, GrpcHandler> {
  const render = (record: TransactionRecord, mask: ReadMask) =>
    executedTransactionToProto(record, mask, {
      registry: ctx.registry,
      objectType: (id) => ctx.store.getObject(id)?.type,
    });
  const lookup = (digest: string | undefined, field: string): TransactionRecord => {
    const valid = parseDigest(digest, field);
    const record = ctx.store.getTransaction(valid);
    if (!record) throw notFound(`Transaction ${valid} not found`);
    return record;
  };
  const readMask = (mask: GrpcTypes.GetTransactionRequest['readMask']) =>
    ReadMask.from(mask, GET_TRANSACTION_DEFAULT_MASK, GrpcTypes.ExecutedTransaction);

  return {
    GetTransaction: (request: GrpcTypes.GetTransactionRequest): GrpcTypes.GetTransactionResponse => {
      const record = lookup(request.digest, 'digest');
      return { transaction: render(record, readMask(request.readMask)) };
    },
    BatchGetTransactions: (
      request: GrpcTypes.BatchGetTransactionsRequest,
    ): GrpcTypes.BatchGetTransactionsResponse => {
      const mask = readMask(request.readMask);
      // One bad digest fails only its own entry, as on a full node.
      const transactions = request.digests.map((digest): GrpcTypes.GetTransactionResult => {
        try {
          return {
            result: { oneofKind: 'transaction', transaction: render(lookup(digest, 'digests'), mask) },
          };
        } catch (error) {
          if (!(error instanceof GrpcStatusError)) throw error;
          return {
            result: { oneofKind: 'error', error: { code: error.code, message: error.message, details: [] } },
          };
        }
      });
      return { transactions };
    },
  };
}

/** A base58 32-byte transaction digest, or INVALID_ARGUMENT as Sui words it. */
function parseDigest(digest: string | undefined, field: string): string {
  if (digest === undefined) throw invalidArgument(`missing ${field}`);
  if (!isValidTransactionDigest(digest))
    throw invalidArgument(`invalid ${field}: ${digest} is not a 32-byte base58 digest`);
  return digest;
}
