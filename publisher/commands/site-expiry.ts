// `floe site list`'s expiry columns and `floe site extend`: when each site's storage ends, what one
// more epoch costs, and extending every quilt of a site the owner holds in one transaction.
import { Transaction } from '@mysten/sui/transactions';
import {
  epochStartMs,
  extensionsTo,
  siteExpiry,
  type EpochClock,
  type SiteExpiry,
} from '../../core/deploy/expiry.ts';
import { keypairExecutor } from '../../core/sui/execute.ts';
import type { OnChainSite } from '../../core/sui/site-read.ts';
import type { OwnedBlob } from '../../core/walrus/writer.ts';
import type { NetworkContext } from '../network.ts';

export interface SiteLease {
  readonly expiry: SiteExpiry;
  /** When the first quilt the owner holds stops being stored (ms since 1970), if any. */
  readonly expiresAtMs: number | null;
  /** Bytes of the quilts the owner holds (unencoded, as registered). */
  readonly storedBytes: number;
  /** FROST to keep every quilt the owner holds one epoch longer. */
  readonly walPerEpoch: bigint;
}

export async function epochClock(context: NetworkContext): Promise<EpochClock> {
  const staking = await context.walrus.stakingState();
  return {
    currentEpoch: Number(staking.epoch),
    firstEpochStartMs: Number(staking.first_epoch_start),
    epochDurationMs: Number(staking.epoch_duration),
  };
}

export async function siteLease(
  context: NetworkContext,
  site: OnChainSite,
  owned: readonly OwnedBlob[],
  clock: EpochClock,
): Promise<SiteLease> {
  const expiry = siteExpiry(
    [...site.resources.values()].map((r) => r.blobId),
    owned,
  );
  let walPerEpoch = 0n;
  let storedBytes = 0;
  for (const { blob } of expiry.quilts) {
    if (!blob) continue;
    storedBytes += blob.size;
    walPerEpoch += (await context.walrus.storageCost(blob.size, 1)).storageCost;
  }
  return {
    expiry,
    expiresAtMs: expiry.endEpoch === null ? null : epochStartMs(expiry.endEpoch, clock),
    storedBytes,
    walPerEpoch,
  };
}

/** "epoch 12 (2027-01-03, in 27 days)" */
export function describeEnd(lease: SiteLease, now = Date.now()): string {
  if (lease.expiry.endEpoch === null || lease.expiresAtMs === null)
    return 'expiry unknown (quilts owned by others)';
  const days = Math.floor((lease.expiresAtMs - now) / 86_400_000);
  const when = days < 0 ? 'ended' : days === 0 ? 'today' : `in ${days} day${days === 1 ? '' : 's'}`;
  return `epoch ${lease.expiry.endEpoch} (${new Date(lease.expiresAtMs).toISOString().slice(0, 10)}, ${when})`;
}

/** Whether the site's storage ends within `days` from `now`. */
export function endsWithin(lease: SiteLease, days: number, now = Date.now()): boolean {
  return lease.expiresAtMs !== null && lease.expiresAtMs - now <= days * 86_400_000;
}

export interface Extension {
  readonly endEpoch: number;
  readonly quilts: number;
  /** FROST */
  readonly wal: bigint;
  readonly digest: string | null;
}

/**
 * Extends every quilt of `lease` the signer holds to `endEpoch` in one transaction (`dryRun`: only
 * prices it). Nothing is sent when every quilt already lives that long.
 */
export async function extendSite(
  context: NetworkContext,
  lease: SiteLease,
  endEpoch: number,
  signer: Parameters<typeof keypairExecutor>[1],
  dryRun: boolean,
): Promise<Extension> {
  const extensions = extensionsTo(lease.expiry, endEpoch);
  let wal = 0n;
  for (const e of extensions) wal += (await context.walrus.storageCost(e.size, e.epochs)).storageCost;
  if (dryRun || extensions.length === 0) return { endEpoch, quilts: extensions.length, wal, digest: null };
  const tx = new Transaction();
  tx.setSender(signer.toSuiAddress());
  for (const e of extensions)
    tx.add(context.walrus.extendBlob({ blobObjectId: e.objectId, epochs: e.epochs }));
  const { digest } = await keypairExecutor(context.sui, signer)(tx);
  const result = await context.sui.core.waitForTransaction({ digest, include: { effects: true } });
  const done = result.Transaction ?? result.FailedTransaction;
  if (!done.status.success) throw new Error(`transaction ${digest} failed: ${done.status.error.message}`);
  return { endEpoch, quilts: extensions.length, wal, digest };
}
