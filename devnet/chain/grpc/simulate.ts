// TransactionExecutionService.SimulateTransaction: resolve the transaction (resolve.ts), estimate
// its budget and select its gas coins when asked (`do_gas_selection`), then dry-run it — or, with
// checks DISABLED, devInspect its kind — and answer with the resolved transaction and its effects.
// Nothing is committed. The steps and their errors follow a full node (MystenLabs/sui
// crates/sui-rpc-api/src/grpc/v2/transaction_execution_service/simulate/mod.rs); a transaction that
// fails in execution is an OK answer whose effects say so, as there.
import { GrpcTypes } from '@mysten/sui/grpc';
import { MAX_GAS_BUDGET } from '../exec/gas.ts';
import { transactionDigest } from '../exec/ids.ts';
import type { TransactionRecord } from '../state/records.ts';
import { budgetFromGasUsed, selectGas } from './gas-selection.ts';
import { ReadMask } from './read-mask.ts';
import { rejectionsAsStatus } from './rejections.ts';
import { moveJson } from './render-json.ts';
import { executedTransactionToProto } from './render-transaction.ts';
import {
  resolveTransaction,
  transactionBytes,
  transactionKindBytes,
  type ResolvedTransaction,
} from './resolve.ts';
import type { GrpcServiceContext } from './service.ts';
import { invalidArgument } from './status.ts';

type CommandResults = readonly (readonly { bytes: Uint8Array; type: string }[])[];

export async function simulateTransaction(
  ctx: GrpcServiceContext,
  request: GrpcTypes.SimulateTransactionRequest,
): Promise<GrpcTypes.SimulateTransactionResponse> {
  const mask = ReadMask.from(request.readMask, '*', GrpcTypes.SimulateTransactionResponse);
  if (!request.transaction) throw invalidArgument('missing transaction');
  const checksEnabled = request.checks !== GrpcTypes.SimulateTransactionRequest_TransactionChecks.DISABLED;
  let tx = resolveTransaction(ctx, request.transaction, ctx.store.epoch().referenceGasPrice);
  // Gas is chosen only for a transaction that will be checked like a real one.
  if (request.doGasSelection && checksEnabled) {
    if (!tx.budgetGiven) {
      const estimate = await estimateBudget(ctx, tx);
      // With gas coins given, the resolved budget is their balance, which must cover the estimate.
      if (tx.gasData.budget < estimate)
        throw invalidArgument(
          `Insufficient gas balance to cover estimated transaction cost. Available gas balance: ${tx.gasData.budget} MIST. Estimated gas budget required: ${estimate} MIST`,
        );
      tx = { ...tx, gasData: { ...tx.gasData, budget: estimate } };
    }
    if (tx.gasData.payment.length === 0) tx = { ...tx, gasData: selectGas(ctx.store, tx) };
  }
  const bytes = transactionBytes(tx);
  const wantsOutputs = mask.has('command_outputs');
  let record: TransactionRecord;
  let results: CommandResults | undefined;
  if (checksEnabled) {
    record = await rejectionsAsStatus(() => ctx.executor.dryRun(bytes));
    // A dry run keeps no return values; devInspect of the same commands has them.
    if (wantsOutputs && record.status.success) results = (await inspect(ctx, tx)).results;
  } else {
    const outcome = await inspect(ctx, tx);
    // devInspect runs the kind under a synthetic digest; the answer describes the resolved transaction.
    record = { ...outcome.record, txBytes: bytes, digest: transactionDigest(bytes) };
    results = outcome.results;
  }
  const response: GrpcTypes.SimulateTransactionResponse = { commandOutputs: [] };
  const transactionMask = mask.sub('transaction');
  if (transactionMask)
    response.transaction = executedTransactionToProto(
      record,
      transactionMask,
      { registry: ctx.registry, objectType: (id) => ctx.store.getObject(id)?.type },
      { simulated: true },
    );
  if (wantsOutputs && results) response.commandOutputs = commandOutputs(ctx, results);
  return response;
}

/** Dry-runs `tx` with no gas coins and the maximum budget to learn what it costs. */
async function estimateBudget(ctx: GrpcServiceContext, tx: ResolvedTransaction): Promise<bigint> {
  const probe = { ...tx, gasData: { ...tx.gasData, payment: [], budget: MAX_GAS_BUDGET } };
  const record = await rejectionsAsStatus(() => ctx.executor.dryRun(transactionBytes(probe)));
  return budgetFromGasUsed(record.gasUsed, tx.gasData.price);
}

function inspect(ctx: GrpcServiceContext, tx: ResolvedTransaction) {
  return rejectionsAsStatus(() =>
    ctx.executor.devInspect(tx.sender, transactionKindBytes(tx), tx.gasData.price),
  );
}

function commandOutputs(ctx: GrpcServiceContext, results: CommandResults): GrpcTypes.CommandResult[] {
  return results.map((values) => ({
    returnValues: values.map(({ bytes, type }) => {
      const json = moveJson(ctx.registry, type, bytes);
      return { value: { name: type, value: bytes }, ...(json ? { json } : {}) };
    }),
    mutatedByRef: [],
  }));
}
