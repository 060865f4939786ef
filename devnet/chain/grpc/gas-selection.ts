// Gas for a simulated transaction: the budget estimate and the choice of gas coins, as a full
// node's SimulateTransaction makes them (MystenLabs/sui crates/sui-rpc-api/.../simulate/mod.rs).
import { normalizeSuiAddress, toHex } from '@mysten/sui/utils';
import { MAX_GAS_BUDGET } from '../exec/gas.ts';
import { asCoin, SUI_COIN } from '../rpc/coins.ts';
import type { GasSummary } from '../state/records.ts';
import type { ChainStore } from '../state/store.ts';
import type { GasData, ResolvedTransaction } from './resolve.ts';
import { invalidArgument } from './status.ts';

/** Sui's `max_gas_payment_objects`. */
export const MAX_GAS_PAYMENT_OBJECTS = 256;
/** Sui's `max_input_objects`: gas coins share this limit with the transaction's object inputs. */
const MAX_INPUT_OBJECTS = 2048;
/** Headroom added to the simulated cost, in units of the gas price. */
const GAS_SAFE_OVERHEAD = 1000n;

/**
 * The budget for a transaction whose dry run (with the maximum budget) used `gasUsed`: the
 * computation cost plus any net storage cost, plus a safe overhead of 1000 × the gas price. This
 * is the formula of the SDK's JSON-RPC resolver (`computeGasBudget`) and of a full node, so both
 * transports pick the same budget. The devnet charges nothing for loading gas coins, so unlike a
 * full node no per-coin loading cost is added.
 */
export function budgetFromGasUsed(gasUsed: GasSummary, price: bigint): bigint {
  const net = gasUsed.computationCost + gasUsed.storageCost - gasUsed.storageRebate;
  const base = net > gasUsed.computationCost ? net : gasUsed.computationCost;
  const budget = base + GAS_SAFE_OVERHEAD * price;
  return budget > MAX_GAS_BUDGET ? MAX_GAS_BUDGET : budget;
}

/**
 * Pays for `tx` with the gas owner's SUI coins that it does not also use as inputs: all of them,
 * up to the payment-object limit, as a full node (and the SDK's JSON-RPC resolver) selects them.
 * @throws GrpcStatusError INVALID_ARGUMENT when they do not cover the budget
 */
export function selectGas(store: ChainStore, tx: ResolvedTransaction): GasData {
  const used = new Set<string>();
  let objectInputs = 0;
  for (const input of tx.inputs) {
    const object = 'Object' in input ? input.Object : undefined;
    if (!object) continue;
    objectInputs++;
    const ref =
      'ImmOrOwnedObject' in object
        ? object.ImmOrOwnedObject
        : 'Receiving' in object
          ? object.Receiving
          : undefined;
    // Address inputs may be bytes or text; resolution always gives text.
    if (ref)
      used.add(normalizeSuiAddress(typeof ref.objectId === 'string' ? ref.objectId : toHex(ref.objectId)));
  }
  const limit = Math.min(MAX_GAS_PAYMENT_OBJECTS, MAX_INPUT_OBJECTS - objectInputs);
  const coins = store
    .ownedBy(tx.gasData.owner)
    .filter((o) => o.type === SUI_COIN && !used.has(o.id))
    .slice(0, Math.max(0, limit))
    .flatMap((o) => asCoin(o) ?? []);
  const total = coins.reduce((sum, c) => sum + c.balance, 0n);
  if (coins.length === 0 || total < tx.gasData.budget)
    throw invalidArgument(
      `Unable to perform gas selection due to insufficient SUI balance (in address balance or coins) for account ${tx.gasData.owner} to satisfy required budget ${tx.gasData.budget}.`,
    );
  return {
    ...tx.gasData,
    payment: coins.map((c) => ({
      objectId: c.object.id,
      version: c.object.version,
      digest: c.object.digest,
    })),
  };
}
