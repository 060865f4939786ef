// Deploy failures a user can act on; each message says what to do.

export class DeployError extends Error {
  override name = 'DeployError';
}

export class NotSiteOwnerError extends DeployError {
  override name = 'NotSiteOwnerError';
  constructor(siteId: string, owner: string | null, deployer: string) {
    super(
      `site ${siteId} is ${owner ? `owned by ${owner}` : 'not owned by an address'}, not by ${deployer}; ` +
        "deploy with the owner's key or omit --site (and object_id in ws-resources.json) to create a new site",
    );
  }
}

export class InsufficientFundsError extends DeployError {
  override name = 'InsufficientFundsError';
  readonly coin: 'WAL' | 'SUI';
  readonly needed: bigint;
  readonly available: bigint;
  constructor(coin: 'WAL' | 'SUI', needed: bigint, available: bigint, owner: string) {
    super(
      `${owner} has ${formatCoin(available)} ${coin} but this deploy needs ${formatCoin(needed)} ${coin}` +
        (coin === 'WAL' ? ' (storage for the new quilts)' : ' (gas)'),
    );
    this.coin = coin;
    this.needed = needed;
    this.available = available;
  }
}

/** Both coins have 9 decimals (FROST and MIST). */
export function formatCoin(amount: bigint): string {
  const whole = amount / 1_000_000_000n;
  const frac = (amount % 1_000_000_000n).toString().padStart(9, '0').replace(/0+$/, '');
  return frac ? `${whole}.${frac}` : `${whole}`;
}

export class DeployCancelledError extends DeployError {
  override name = 'DeployCancelledError';
}
