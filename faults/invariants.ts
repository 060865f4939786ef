// The invariants, as pure checks over what the runner observed:
//   served-bytes       every site response a client got (status 200/206/404 without an error page)
//                      is exactly what some version that could be live at that moment serves for
//                      that URL — never other bytes;
//   deploy-atomicity   after a deploy, the Site on chain is exactly the new version (paths and
//                      hashes) if the deploy reported success, else exactly the previous one (or no
//                      site at all), and every resource points at a certified blob;
//   blob-readable      a certified blob with at most 2f of its shards unavailable reads back;
// and the liveness Floe promises next to them:
//   browse-available   a file whose blob is within that budget is served, not an error page;
//   write-available    a deploy during which at most f shards were unreachable succeeds.
import type { SiteResources } from './chain.ts';
import { sha256Hex } from './chain.ts';
import { parseRange } from '../core/serve/range.ts';
import { expectedFor, type Folder } from './site-model.ts';
import type { Served } from './browse.ts';

export type InvariantName =
  'served-bytes' | 'deploy-atomicity' | 'blob-readable' | 'browse-available' | 'write-available';

export interface Violation {
  readonly invariant: InvariantName;
  /** Index of the step after (or during) which it was seen. */
  readonly step: number;
  readonly message: string;
}

/** One deployed version of the schedule's site. */
export interface VersionRecord {
  /** 1 for the first successful deploy, and so on. */
  readonly number: number;
  readonly folder: Folder;
  /** When its deploy started: it may be on chain from then on. */
  readonly startedAt: number;
  /** When its deploy returned (null while in flight). */
  settledAt: number | null;
  /** What the chain held after the deploy (null while in flight). */
  resources: SiteResources | null;
}

/**
 * The versions a client may be served during [t0, t1]: those that could be on chain then, or were
 * within `staleMs` before (portals keep on-chain lookups for a short TTL). `history` is in deploy
 * order and holds only deploys that succeeded (or are still running).
 */
export function candidateVersions(
  history: readonly VersionRecord[],
  t0: number,
  t1: number,
  staleMs: number,
): VersionRecord[] {
  return history.filter((v, i) => {
    const next = history[i + 1];
    const replacedBy = next === undefined ? Infinity : (next.settledAt ?? Infinity);
    return v.startedAt <= t1 && replacedBy + staleMs >= t0;
  });
}

/** One acceptable answer for a URL: status and body, and the version and resource it comes from. */
export interface ExpectedResponse {
  /** The version whose file is the body. */
  readonly version: number;
  readonly status: number;
  readonly sha256: string;
  readonly length: number;
  /** The resource that answers (for the availability budget). */
  readonly resource: string;
}

/**
 * The answers a portal may give for `urlPath` (optionally a byte range) while `versions` are live.
 * A portal caches each on-chain lookup on its own (the path's resource, the routes, /404.html), so
 * the decision — this file, a route's target, or the 404 page — can come from one live version and
 * the route target or 404 page it then reads from another. Every body is still exactly one live
 * version's file.
 */
export function expectedResponses(
  versions: readonly VersionRecord[],
  urlPath: string,
  range: string | null,
): ExpectedResponse[] {
  const out = new Map<string, ExpectedResponse>();
  for (const decision of versions) {
    const e = expectedFor(decision.folder, urlPath);
    for (const content of versions) {
      const file = content.folder.get(e.path);
      if (!file) continue;
      // Ranges apply to a 200 only (RFC 9110 §14.2), as core/serve/range.ts implements them.
      const r = e.status === 200 ? parseRange(range, file.length) : ({ kind: 'full' } as const);
      const body =
        r.kind === 'partial'
          ? file.subarray(r.start, r.end + 1)
          : r.kind === 'unsatisfiable'
            ? new Uint8Array(0)
            : file;
      const response: ExpectedResponse = {
        version: content.number,
        status: r.kind === 'partial' ? 206 : r.kind === 'unsatisfiable' ? 416 : e.status,
        sha256: sha256Hex(body),
        length: body.length,
        resource: e.path,
      };
      out.set(`${response.version} ${response.status} ${response.sha256} ${response.resource}`, response);
    }
  }
  return [...out.values()];
}

export interface ServedCheck {
  readonly urlPath: string;
  readonly range: string | null;
  readonly served: Served;
  readonly via: string;
  readonly candidates: readonly ExpectedResponse[];
  /**
   * Every version that was ever live: the worker's offline copy (sw/offline.ts, marked
   * `x-floe-stale`) is the last good answer for the URL, served when the chain is unreachable.
   */
  readonly everLive: readonly ExpectedResponse[];
  /** Whether version `v`'s blob behind `resource` had to be readable when the request ran. */
  readonly mustServe: (version: number, resource: string) => boolean;
}

/** served-bytes and browse-available for one response; null when it is acceptable. */
export function checkServed(check: ServedCheck): { invariant: InvariantName; message: string } | null {
  const { served, candidates } = check;
  const what = `${check.via} GET ${check.urlPath}${check.range ? ` (range ${check.range})` : ''}`;
  const options = candidates
    .map((c) => `v${c.version}: ${c.status} ${c.length} B sha256 ${c.sha256.slice(0, 16)}…`)
    .join('; ');
  const siteAnswer =
    served.failure === null && served.errorKind === null && [200, 206, 404, 416].includes(served.status);
  if (siteAnswer) {
    const match = (served.stale ? [...candidates, ...check.everLive] : candidates).some(
      (c) => c.status === served.status && c.sha256 === served.sha256 && c.length === served.length,
    );
    if (match) return null;
    return {
      invariant: 'served-bytes',
      message: `${what} got ${served.status} ${served.length} B sha256 ${served.sha256.slice(0, 16)}… (${served.read ?? 'no x-floe-read'}); a live version serves ${options || 'nothing (no version live)'}`,
    };
  }
  const required = candidates.filter((c) => check.mustServe(c.version, c.resource));
  if (required.length < candidates.length || candidates.length === 0) return null;
  return {
    invariant: 'browse-available',
    message: `${what} got ${served.failure ?? `${served.status} ${served.errorKind ?? 'error'}`} though every live version's blob had at most 2f shards unavailable (${options})`,
  };
}

/** SHA-256 (hex) of every file of a folder, by path: what a version's resources must carry. */
export function folderHashes(folder: Folder): Map<string, string> {
  return new Map([...folder].map(([path, bytes]) => [path, sha256Hex(bytes)]));
}

export interface DeployCheck {
  readonly ok: boolean;
  readonly error: string | null;
  /** Hashes of the version live before (null: no site yet) and of the folder deployed. */
  readonly before: ReadonlyMap<string, string> | null;
  readonly attempted: ReadonlyMap<string, string>;
  /** The schedule's site on chain now (null: the owner has none). */
  readonly onChain: SiteResources | null;
  readonly certified: ReadonlySet<string>;
}

export function checkDeploy(check: DeployCheck): string | null {
  const expected = check.ok ? check.attempted : check.before;
  const outcome = check.ok ? 'succeeded' : `failed (${check.error})`;
  if (expected === null || check.onChain === null) {
    if (expected === null && check.onChain === null) return null;
    return `the deploy ${outcome}, but the chain ${check.onChain ? `holds a site with ${check.onChain.size} resources` : 'holds no site'}`;
  }
  const diff = diffResources(expected, check.onChain);
  if (diff)
    return `the deploy ${outcome}, but the site on chain is not the ${check.ok ? 'new' : 'previous'} version: ${diff}`;
  const uncertified = [...check.onChain].filter(([, r]) => !check.certified.has(r.blobId));
  if (uncertified.length) {
    return `resources point at blobs that are not certified: ${uncertified.map(([p, r]) => `${p} → ${r.blobId}`).join(', ')}`;
  }
  return null;
}

function diffResources(expected: ReadonlyMap<string, string>, onChain: SiteResources): string | null {
  const problems: string[] = [];
  for (const [path, sha] of expected) {
    const got = onChain.get(path);
    if (!got) problems.push(`${path} missing`);
    else if (got.sha256 !== sha)
      problems.push(`${path} has hash ${got.sha256.slice(0, 12)}…, not ${sha.slice(0, 12)}…`);
  }
  for (const path of onChain.keys()) if (!expected.has(path)) problems.push(`${path} should not be there`);
  return problems.length
    ? problems.slice(0, 8).join('; ') + (problems.length > 8 ? ` (+${problems.length - 8} more)` : '')
    : null;
}
