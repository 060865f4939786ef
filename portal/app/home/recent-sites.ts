// Sites recently opened from the home page, newest first, kept in localStorage per network (site
// IDs of one devnet mean nothing on the next one or on testnet).
import type { NetworkName } from '../../../core/sui/networks.ts';
import type { SiteTarget, SiteTargetKind } from './site-target.ts';

export interface RecentSite {
  readonly label: string;
  readonly kind: SiteTargetKind;
  readonly input: string;
  /** Epoch milliseconds of the last visit from here. */
  readonly openedAt: number;
}

export const MAX_RECENT_SITES = 12;

function storageKey(network: NetworkName): string {
  return `floe.recent-sites.${network}`;
}

export function readRecentSites(network: NetworkName): RecentSite[] {
  try {
    const parsed: unknown = JSON.parse(localStorage.getItem(storageKey(network)) ?? '[]');
    return Array.isArray(parsed) ? parsed.filter(isRecentSite).slice(0, MAX_RECENT_SITES) : [];
  } catch {
    // Unreadable storage (private mode, quota, hand-edited JSON) only costs the list.
    return [];
  }
}

/** Moves `target` to the front of the list and stores it; returns the new list. */
export function rememberSite(network: NetworkName, target: SiteTarget, now = Date.now()): RecentSite[] {
  const entry: RecentSite = { label: target.label, kind: target.kind, input: target.input, openedAt: now };
  const list = [entry, ...readRecentSites(network).filter((s) => s.label !== target.label)].slice(
    0,
    MAX_RECENT_SITES,
  );
  write(network, list);
  return list;
}

export function forgetRecentSites(network: NetworkName): void {
  write(network, []);
}

function write(network: NetworkName, list: readonly RecentSite[]): void {
  try {
    if (list.length === 0) localStorage.removeItem(storageKey(network));
    else localStorage.setItem(storageKey(network), JSON.stringify(list));
  } catch {
    // Storage may be unavailable or full; the site still opens.
  }
}

function isRecentSite(value: unknown): value is RecentSite {
  const v = value as Partial<RecentSite> | null;
  return (
    typeof v === 'object' &&
    v !== null &&
    typeof v.label === 'string' &&
    /^[a-z0-9-]+$/.test(v.label) &&
    (v.kind === 'object-id' || v.kind === 'base36' || v.kind === 'name') &&
    typeof v.input === 'string' &&
    typeof v.openedAt === 'number'
  );
}
