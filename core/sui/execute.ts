// Executing a transaction with a local key (CLI, tests). The browser passes a wallet-backed
// function of the same type instead, so pipelines never hold keys themselves.
import type { ClientWithCoreApi } from '@mysten/sui/client';
import type { Signer } from '@mysten/sui/cryptography';
import type { Transaction } from '@mysten/sui/transactions';

/** Signs and executes a transaction; resolves once the network accepted it. */
export type ExecuteTransaction = (tx: Transaction) => Promise<{ digest: string }>;

export function keypairExecutor(sui: ClientWithCoreApi, signer: Signer): ExecuteTransaction {
  return async (tx) => {
    tx.setSenderIfNotSet(signer.toSuiAddress());
    const result = await sui.core.signAndExecuteTransaction({ transaction: tx, signer });
    return { digest: (result.Transaction ?? result.FailedTransaction).digest };
  };
}
