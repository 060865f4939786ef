// A site's versions as a user sees them: one per update (deploy, promote, rollback), however many
// transactions it took, with what changed and which quilts it needs. Pure: the transactions come
// from core/sui/site-history.ts.
import type { SiteResource } from '../site/types.ts';
import type { SiteTransaction } from '../sui/site-history.ts';
import type { OnChainSite } from '../sui/site-read.ts';
import type { SiteSnapshot } from '../sui/site-replay.ts';

export interface SiteVersion {
  /** 1 for the version that created the site, counting complete updates. */
  readonly number: number;
  readonly digests: readonly string[];
  readonly sender: string;
  readonly timestampMs: number | null;
  /** The Site object's version after the update. */
  readonly objectVersion: string;
  readonly site: SiteSnapshot;
  readonly added: readonly string[];
  readonly changed: readonly string[];
  readonly removed: readonly string[];
  /** Distinct quilt (blob) IDs the version's resources point at, sorted. */
  readonly quilts: readonly string[];
  /** A multi-transaction update that stopped before its last transaction. */
  readonly partial: boolean;
}

/**
 * Groups transactions into versions: a marked transaction (site-steps.ts) joins the following
 * steps of its update; an unmarked one is an update on its own. A version's state is the state
 * after its last transaction.
 */
export function siteVersions(transactions: readonly SiteTransaction[]): SiteVersion[] {
  const versions: SiteVersion[] = [];
  let group: SiteTransaction[] = [];
  const close = (partial: boolean) => {
    if (group.length === 0) return;
    const last = group[group.length - 1]!;
    const before = versions[versions.length - 1]?.site ?? null;
    versions.push({
      number: versions.length + 1,
      digests: group.map((t) => t.digest),
      sender: last.sender,
      timestampMs: last.timestampMs,
      objectVersion: last.version,
      site: last.after,
      ...diff(before, last.after),
      quilts: quiltsOf(last.after),
      partial,
    });
    group = [];
  };
  for (const tx of transactions) {
    const step = tx.step;
    // A new update starts while another was left unfinished.
    if (group.length > 0 && (!step || step.index !== group.length + 1)) close(true);
    group.push(tx);
    if (!step || step.index === step.count) close(false);
  }
  close(true);
  return versions;
}

export function quiltsOf(site: Pick<SiteSnapshot, 'resources'>): string[] {
  return [...new Set([...site.resources.values()].map((r) => r.blobId))].sort();
}

function diff(
  before: SiteSnapshot | null,
  after: SiteSnapshot,
): Pick<SiteVersion, 'added' | 'changed' | 'removed'> {
  const added: string[] = [];
  const changed: string[] = [];
  const removed: string[] = [];
  for (const [path, resource] of after.resources) {
    const old = before?.resources.get(path);
    if (!old) added.push(path);
    else if (!sameResource(old, resource)) changed.push(path);
  }
  for (const path of before?.resources.keys() ?? []) if (!after.resources.has(path)) removed.push(path);
  return { added: added.sort(), changed: changed.sort(), removed: removed.sort() };
}

export function sameResource(a: SiteResource, b: SiteResource): boolean {
  return (
    a.path === b.path &&
    a.blobId === b.blobId &&
    a.blobHash.length === b.blobHash.length &&
    a.blobHash.every((byte, i) => byte === b.blobHash[i]) &&
    JSON.stringify([...a.headers]) === JSON.stringify([...b.headers]) &&
    JSON.stringify(a.range, bigints) === JSON.stringify(b.range, bigints)
  );
}

function bigints(_key: string, value: unknown): unknown {
  return typeof value === 'bigint' ? value.toString() : value;
}

/**
 * Where the replayed latest state differs from the site as read now, or null if it matches. A
 * difference means a transaction was misread, so history must not be trusted for a rollback.
 */
export function replayMismatch(replayed: SiteSnapshot, live: OnChainSite): string | null {
  if (replayed.name !== live.name)
    return `name ${JSON.stringify(replayed.name)} vs ${JSON.stringify(live.name)}`;
  if (JSON.stringify(replayed.metadata) !== JSON.stringify(live.metadata)) return 'metadata';
  if (JSON.stringify(replayed.routes ?? []) !== JSON.stringify(live.routes)) return 'routes';
  if (JSON.stringify(replayed.redirects ?? []) !== JSON.stringify(live.redirects)) return 'redirects';
  if (replayed.resources.size !== live.resources.size) {
    return `${replayed.resources.size} resources replayed, ${live.resources.size} on chain`;
  }
  for (const [path, resource] of live.resources) {
    const other = replayed.resources.get(path);
    if (!other || !sameResource(other, resource)) return `resource ${path}`;
  }
  return null;
}

/**
 * Quilts that versions before the last `keep` ones pointed at and none of the last `keep` do:
 * what a deploy may delete while keeping the last `keep` versions restorable. `versions` must be
 * the complete history (oldest first), the new version included.
 */
export function quiltsOutsideWindow(versions: readonly SiteVersion[], keep: number): string[] {
  const complete = versions.filter((v) => !v.partial);
  const kept = new Set(complete.slice(-Math.max(1, keep)).flatMap((v) => v.quilts));
  const older = new Set(versions.flatMap((v) => v.quilts));
  return [...older].filter((id) => !kept.has(id)).sort();
}
