// Gas accounting modelled on Sui's: computation is charged in units of the gas price, storage per
// byte written, and 99% of an object's storage fee comes back when it is changed or deleted.

/** MIST per byte of object storage (Sui: 76 storage gas price × 100 units per byte). */
export const STORAGE_COST_PER_BYTE = 7600n;
/** Fixed bytes Sui adds to every object's size for its metadata. */
export const OBJECT_OVERHEAD_BYTES = 98n;
export const REBATE_RATE_BASIS_POINTS = 9900n;
/** Minimum computation units of any transaction (Sui's smallest bucket). */
export const MIN_COMPUTATION_UNITS = 1000n;
export const UNITS_PER_COMMAND = 500n;
export const MAX_GAS_BUDGET = 50_000_000_000n;

export function storageCost(bytes: number): bigint {
  return (BigInt(bytes) + OBJECT_OVERHEAD_BYTES) * STORAGE_COST_PER_BYTE;
}

export function computationCost(commands: number, price: bigint): bigint {
  return (MIN_COMPUTATION_UNITS + UNITS_PER_COMMAND * BigInt(commands)) * price;
}

/** The smallest budget a transaction may declare at this price. */
export function minimumBudget(price: bigint): bigint {
  return MIN_COMPUTATION_UNITS * price;
}

/** Splits a rebate into the refundable part and the fee the network keeps. */
export function rebate(storageRebate: bigint): { refund: bigint; nonRefundable: bigint } {
  const refund = (storageRebate * REBATE_RATE_BASIS_POINTS) / 10_000n;
  return { refund, nonRefundable: storageRebate - refund };
}
