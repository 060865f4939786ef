// What a past version of a site can be, as the History section shows it: the live one, one that
// can come back (every quilt it points at still stored), one whose quilts are gone, or an update
// that stopped half-way. The same states and order as `floe site history`.
import type { SiteVersion } from '../../../core/deploy/history.ts';

export type VersionState = 'live' | 'restorable' | 'quilts gone' | 'stopped half-way';

/** `missing`: quilt IDs the storage nodes no longer hold (core/deploy/rollback.ts unstoredQuilts). */
export function versionState(
  version: Pick<SiteVersion, 'number' | 'partial' | 'quilts'>,
  latest: number,
  missing: ReadonlySet<string>,
): VersionState {
  if (version.number === latest) return 'live';
  if (version.partial) return 'stopped half-way';
  return version.quilts.every((q) => !missing.has(q)) ? 'restorable' : 'quilts gone';
}

/** Only a restorable version can be rolled back to, and only by the site's owner. */
export function canRollBack(state: VersionState, signer: string | null, owner: string | null): boolean {
  return state === 'restorable' && signer !== null && signer === owner;
}
