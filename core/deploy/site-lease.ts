// A site's storage lease read from the chain: its quilts with the Blob objects the owner holds
// (expiry.ts), when the first of them stops being stored, and what one more epoch costs. Shared by
// `floe site list` and the portal's site page, which both warn before a site's storage ends.
import type { ClientWithCoreApi } from '@mysten/sui/client';
import type { WalrusClient } from '@mysten/walrus';
import type { OnChainSite } from '../sui/site-read.ts';
import { listOwnedBlobs, type OwnedBlob } from '../walrus/writer.ts';
import { epochStartMs, siteExpiry, type EpochClock, type SiteExpiry } from './expiry.ts';

export interface SiteLease {
  readonly expiry: SiteExpiry;
  /** When the first quilt the owner holds stops being stored (ms since 1970), if any. */
  readonly expiresAtMs: number | null;
  /** Bytes of the quilts the owner holds (unencoded, as registered). */
  readonly storedBytes: number;
  /** FROST to keep every quilt the owner holds one epoch longer. */
  readonly walPerEpoch: bigint;
}

/** A site whose storage ends within this many days is flagged (CLI and portal alike). */
export const EXPIRY_WARNING_DAYS = 14;

const DAY_MS = 86_400_000;

export async function epochClock(walrus: WalrusClient): Promise<EpochClock> {
  const staking = await walrus.stakingState();
  return {
    currentEpoch: Number(staking.epoch),
    firstEpochStartMs: Number(staking.first_epoch_start),
    epochDurationMs: Number(staking.epoch_duration),
  };
}

/** `owned`: the owner's Blob objects (listOwnedBlobs); pass them when listing many sites. */
export async function siteLease(
  walrus: WalrusClient,
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
    walPerEpoch += (await walrus.storageCost(blob.size, 1)).storageCost;
  }
  return {
    expiry,
    expiresAtMs: expiry.endEpoch === null ? null : epochStartMs(expiry.endEpoch, clock),
    storedBytes,
    walPerEpoch,
  };
}

/** The lease of one site, reading its owner's Blob objects and the epoch clock. */
export async function readSiteLease(
  walrus: WalrusClient,
  sui: ClientWithCoreApi,
  site: OnChainSite,
): Promise<{ lease: SiteLease; clock: EpochClock } | null> {
  if (!site.owner) return null;
  const [owned, clock] = await Promise.all([listOwnedBlobs(walrus, sui, site.owner), epochClock(walrus)]);
  return { lease: await siteLease(walrus, site, [...owned.values()], clock), clock };
}

/** Whole days from `now` until the lease ends (negative once ended), or null when unknown. */
export function daysLeft(lease: SiteLease, now = Date.now()): number | null {
  return lease.expiresAtMs === null ? null : Math.floor((lease.expiresAtMs - now) / DAY_MS);
}

/** Whether the site's storage ends within `days` from `now`. */
export function endsWithin(lease: SiteLease, days: number, now = Date.now()): boolean {
  return lease.expiresAtMs !== null && lease.expiresAtMs - now <= days * DAY_MS;
}
