// What a deploy costs. WAL is exact: storage for new blobs and extensions, priced by the Walrus
// system (`storageCost`). SUI is the gas the sent transactions used; before sending (dry run, funds
// check) it is estimated by simulating the register and site transactions.
import type { ClientWithCoreApi } from '@mysten/sui/client';
import type { Transaction } from '@mysten/sui/transactions';
import type { WalrusClient } from '@mysten/walrus';
import type { EncodedItem, StorePlan } from './store.ts';

export interface DeployCost {
  /** FROST (1 WAL = 10⁹ FROST). */
  readonly wal: bigint;
  /** MIST (1 SUI = 10⁹ MIST). */
  readonly sui: bigint;
  /** True when `sui` comes from simulation rather than executed transactions. */
  readonly suiEstimated: boolean;
}

export async function walCost(
  walrus: WalrusClient,
  encoded: readonly Pick<EncodedItem, 'size'>[],
  plan: StorePlan,
  epochs: number,
): Promise<bigint> {
  let total = 0n;
  for (const i of plan.toRegister) total += (await walrus.storageCost(encoded[i]!.size, epochs)).totalCost;
  for (const e of plan.extend) total += (await walrus.storageCost(e.size, e.epochs)).storageCost;
  return total;
}

/** Gas a transaction would use (computation + storage − rebate), or 0 when it cannot be simulated. */
export async function simulateGas(sui: ClientWithCoreApi, tx: Transaction): Promise<bigint> {
  try {
    const result = await sui.core.simulateTransaction({ transaction: tx, include: { effects: true } });
    const effects = (result.Transaction ?? result.FailedTransaction).effects;
    const gas = effects.gasUsed;
    return BigInt(gas.computationCost) + BigInt(gas.storageCost) - BigInt(gas.storageRebate);
  } catch {
    return 0n;
  }
}

/** Gas the executed transactions used. */
export async function gasUsed(sui: ClientWithCoreApi, digests: readonly string[]): Promise<bigint> {
  let total = 0n;
  for (const digest of digests) {
    const result = await sui.core.getTransaction({ digest, include: { effects: true } });
    const gas = (result.Transaction ?? result.FailedTransaction).effects.gasUsed;
    total += BigInt(gas.computationCost) + BigInt(gas.storageCost) - BigInt(gas.storageRebate);
  }
  return total;
}
