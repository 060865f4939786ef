// When a site's storage ends, and what keeping it longer costs. A site lives as long as the quilts
// its resources point at: Walrus drops a blob at the start of its end epoch, and the site's files
// in it then answer 404. The owner can see (and extend) only the Blob objects they own; a quilt
// another address owns is listed as such. Pure: the chain reads are the caller's.
import type { OwnedBlob } from '../walrus/writer.ts';

/** One quilt a site's resources point at, and its Blob object when the owner holds it. */
export interface QuiltLease {
  readonly blobId: string;
  /** How many of the site's files it holds. */
  readonly files: number;
  /** The owner's Blob object for it (the longest-lived one), or null when the owner holds none. */
  readonly blob: OwnedBlob | null;
}

export interface SiteExpiry {
  readonly quilts: readonly QuiltLease[];
  /** The first end epoch among the quilts the owner holds; null when they hold none. */
  readonly endEpoch: number | null;
  /** Quilts of the site the owner holds no Blob object for (their expiry is not theirs to see). */
  readonly foreign: number;
}

/** Walrus's epoch clock, from its staking object. */
export interface EpochClock {
  readonly currentEpoch: number;
  /** Start of epoch 1, in ms since 1970. */
  readonly firstEpochStartMs: number;
  readonly epochDurationMs: number;
}

/** `blobIds`: the blob ID of every resource of the site (one entry per file). */
export function siteExpiry(blobIds: readonly string[], owned: readonly OwnedBlob[]): SiteExpiry {
  const files = new Map<string, number>();
  for (const id of blobIds) files.set(id, (files.get(id) ?? 0) + 1);
  const quilts = [...files].map(([blobId, count]) => ({
    blobId,
    files: count,
    blob: longestLived(owned.filter((b) => b.blobId === blobId && b.certified)),
  }));
  const ends = quilts.flatMap((q) => (q.blob ? [q.blob.endEpoch] : []));
  return {
    quilts,
    endEpoch: ends.length ? Math.min(...ends) : null,
    foreign: quilts.filter((q) => !q.blob).length,
  };
}

/** When `epoch` begins (a blob whose end epoch it is stops being stored then), in ms since 1970. */
export function epochStartMs(epoch: number, clock: EpochClock): number {
  return clock.firstEpochStartMs + (epoch - 1) * clock.epochDurationMs;
}

/** What to extend so every quilt the owner holds lives until `endEpoch`: by how many epochs each. */
export function extensionsTo(
  expiry: SiteExpiry,
  endEpoch: number,
): { objectId: string; epochs: number; size: number }[] {
  return expiry.quilts.flatMap(({ blob }) =>
    blob && blob.endEpoch < endEpoch
      ? [{ objectId: blob.objectId, epochs: endEpoch - blob.endEpoch, size: blob.size }]
      : [],
  );
}

function longestLived(blobs: readonly OwnedBlob[]): OwnedBlob | null {
  return blobs.reduce<OwnedBlob | null>((best, b) => (best && best.endEpoch >= b.endEpoch ? best : b), null);
}
