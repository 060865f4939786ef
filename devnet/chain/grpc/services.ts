// The devnet's Sui gRPC API, ready for createGrpcWebHandler: LedgerService (service info, objects,
// transactions, checkpoints, epochs, and the streaming ListTransactions, ListEvents and
// ListCheckpoints), StateService (owned objects, dynamic fields, coins and balances),
// TransactionExecutionService (execute, and simulate with the server-side resolution the SDK's gRPC
// client relies on), MovePackageService, NameService and SignatureVerificationService. All read the
// same store and run the same executor as the JSON-RPC API.
import { executionService } from './execution-service.ts';
import { ledgerListHandlers } from './ledger-lists.ts';
import { ledgerService } from './ledger-service.ts';
import { movePackageService } from './move-package-service.ts';
import { nameService } from './name-service.ts';
import type { GrpcHandler, GrpcService, GrpcServiceContext } from './service.ts';
import { signatureVerificationService } from './signature-service.ts';
import { stateService } from './state-service.ts';
import { transactionHandlers } from './transactions.ts';

/**
 * The read services over `ctx`. `extraLedgerHandlers` joins further LedgerService methods, e.g.
 * `transactionHandlers(ctx)` (GetTransaction, BatchGetTransactions) and `ledgerListHandlers(ctx)`
 * (ListTransactions, ListEvents, ListCheckpoints).
 */
export function readServices(
  ctx: GrpcServiceContext,
  extraLedgerHandlers: Readonly<Record<string, GrpcHandler>> = {},
): GrpcService[] {
  return [ledgerService(ctx, extraLedgerHandlers), stateService(ctx)];
}

/** Every service the devnet chain serves over gRPC-web. */
export function suiGrpcServices(ctx: GrpcServiceContext): GrpcService[] {
  return [
    ...readServices(ctx, { ...transactionHandlers(ctx), ...ledgerListHandlers(ctx) }),
    executionService(ctx),
    movePackageService(ctx),
    nameService(ctx),
    signatureVerificationService(),
  ];
}
