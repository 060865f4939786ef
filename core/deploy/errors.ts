// Deploy failures a user can act on. Each carries what went wrong as fields and a neutral message;
// the shells word it for their users: the CLI names its flags (publisher/cli/errors.ts), the
// publish page its form fields (portal/app/publish/error-wording.ts).
import { formatCoin } from './format-coin.ts';

export class DeployError extends Error {
  override name = 'DeployError';
}

/** The signer may not change a site it does not own; said before anything is signed. */
export class NotSiteOwnerError extends DeployError {
  override name = 'NotSiteOwnerError';
  readonly siteId: string;
  /** The owning address, or null when the site is shared, immutable or owned by an object. */
  readonly owner: string | null;
  /** The address that tried to change it. */
  readonly signer: string;
  constructor(siteId: string, owner: string | null, signer: string) {
    super(`site ${siteId} is ${owner ? `owned by ${owner}` : 'not owned by an address'}, not by ${signer}`);
    this.siteId = siteId;
    this.owner = owner;
    this.signer = signer;
  }
}

export class InsufficientFundsError extends DeployError {
  override name = 'InsufficientFundsError';
  /** WAL pays storage for the new quilts, SUI the gas. */
  readonly coin: 'WAL' | 'SUI';
  readonly needed: bigint;
  readonly available: bigint;
  readonly owner: string;
  constructor(coin: 'WAL' | 'SUI', needed: bigint, available: bigint, owner: string) {
    super(
      `${owner} has ${formatCoin(available)} ${coin} but this deploy needs ${formatCoin(needed)} ${coin}` +
        (coin === 'WAL' ? ' (storage for the new quilts)' : ' (gas)'),
    );
    this.coin = coin;
    this.needed = needed;
    this.available = available;
    this.owner = owner;
  }
}

/** The storage duration asked for is not a whole number of epochs the network can sell. */
export class InvalidEpochsError extends DeployError {
  override name = 'InvalidEpochsError';
  readonly value: number;
  readonly min: number;
  /** The most epochs ahead the Walrus system sells storage for right now. */
  readonly max: number;
  constructor(value: number, min: number, max: number) {
    super(`storage must last a whole number of epochs from ${min} to ${max}, got ${value}`);
    this.value = value;
    this.min = min;
    this.max = max;
  }
}

export class DeployCancelledError extends DeployError {
  override name = 'DeployCancelledError';
}
