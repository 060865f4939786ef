// Amounts of WAL and SUI as people read them: whole coins with the decimals that are not zero.

/** Both coins have 9 decimals (FROST and MIST): 1_500_000_000n is "1.5". */
export function formatCoin(amount: bigint): string {
  const whole = amount / 1_000_000_000n;
  const frac = (amount % 1_000_000_000n).toString().padStart(9, '0').replace(/0+$/, '');
  return frac ? `${whole}.${frac}` : `${whole}`;
}
