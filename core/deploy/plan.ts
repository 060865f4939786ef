// The deploy plan: what changes between the folder and the Site on chain. Pure — no I/O — so the
// CLI, the browser and `--dry-run` all see the same decisions, and tests can pin them down.
//
// A file whose path and SHA-256 match the chain keeps its bytes where they are — a quilt patch, or
// a whole blob for a resource without the patch header (a big file Floe stored as a blob of its
// own, or a site-builder-era resource); if only its headers changed the resource is rewritten
// without uploading anything. A kept file whose blob is not ours, not certified or already expired
// must be uploaded again; one whose blob would expire before the requested end epoch has it
// extended instead.
import type { Redirect, SiteMetadata, SiteResource } from '../site/types.ts';
import { QUILT_PATCH_HEADER } from '../site/types.ts';
import type { OwnedBlob } from '../walrus/writer.ts';

/** A file of the folder, hashed, with the headers its resource will carry (without the patch ID). */
export interface LocalFile {
  readonly path: string;
  readonly size: number;
  readonly sha256: Uint8Array;
  readonly headers: ReadonlyMap<string, string>;
}

/** What the chain holds for the site (null for a first deploy). */
export interface RemoteSite {
  readonly resources: ReadonlyMap<string, SiteResource>;
  readonly routes: readonly (readonly [string, string])[];
  readonly redirects: readonly (readonly [string, Redirect])[];
  readonly name: string;
  readonly metadata: SiteMetadata;
}

export interface DesiredSite {
  readonly files: readonly LocalFile[];
  readonly routes: readonly (readonly [string, string])[];
  readonly redirects: readonly (readonly [string, Redirect])[];
  readonly name: string;
  /** Null leaves the chain's metadata alone (like site-builder when the config has none). */
  readonly metadata: SiteMetadata | null;
}

export interface PlanInput {
  readonly desired: DesiredSite;
  readonly remote: RemoteSite | null;
  /** The deployer's Walrus Blob objects, by blob ID. */
  readonly ownedBlobs: ReadonlyMap<string, OwnedBlob>;
  readonly currentEpoch: number;
  /** Files must stay available until at least this epoch (exclusive end, as Walrus counts). */
  readonly endEpoch: number;
}

export interface Extension {
  readonly blob: OwnedBlob;
  /** Epochs to add so the blob lives until the requested end epoch. */
  readonly epochs: number;
}

export interface DeployPlan {
  /** Files to upload (new, changed, or kept ones whose quilt cannot be reused). */
  readonly upload: readonly LocalFile[];
  /** Files whose bytes are on chain already: their resource keeps blob ID and patch (if any). */
  readonly unchanged: readonly LocalFile[];
  /** Kept files whose headers differ: their resource is rewritten, nothing uploaded. */
  readonly rewrite: readonly SiteResource[];
  /** Resource paths to remove from the site. */
  readonly remove: readonly string[];
  /** Kept quilts and blobs to extend. */
  readonly extend: readonly Extension[];
  /** Why a kept file is uploaded again (path → reason), for the user. */
  readonly reuploadReasons: ReadonlyMap<string, string>;
  readonly routes: readonly (readonly [string, string])[] | null;
  readonly redirects: readonly (readonly [string, Redirect])[] | null;
  readonly name: string | null;
  readonly metadata: SiteMetadata | null;
}

export function planDeploy(input: PlanInput): DeployPlan {
  const { desired, remote, ownedBlobs } = input;
  const upload: LocalFile[] = [];
  const unchanged: LocalFile[] = [];
  const rewrite: SiteResource[] = [];
  const reuploadReasons = new Map<string, string>();
  const extend = new Map<string, Extension>();
  const wanted = new Set<string>();

  for (const file of desired.files) {
    wanted.add(file.path);
    const current = remote?.resources.get(file.path);
    if (!current || !equalBytes(current.blobHash, file.sha256)) {
      upload.push(file);
      continue;
    }
    const problem = reusable(current, ownedBlobs, input.currentEpoch);
    if (problem) {
      reuploadReasons.set(file.path, problem);
      upload.push(file);
      continue;
    }
    unchanged.push(file);
    const blob = ownedBlobs.get(current.blobId)!;
    if (blob.endEpoch < input.endEpoch && !extend.has(blob.objectId)) {
      extend.set(blob.objectId, { blob, epochs: input.endEpoch - blob.endEpoch });
    }
    const headers = withPatchHeader(file.headers, current);
    if (!sameHeaders(headers, current.headers)) rewrite.push({ ...current, headers });
  }

  const remove = remote ? [...remote.resources.keys()].filter((p) => !wanted.has(p)).sort() : [];
  return {
    upload,
    unchanged,
    rewrite,
    remove,
    extend: [...extend.values()],
    reuploadReasons,
    routes: !remote || !sameEntries(remote.routes, desired.routes) ? desired.routes : null,
    redirects: !remote || !sameRedirects(remote.redirects, desired.redirects) ? desired.redirects : null,
    name: remote?.name === desired.name ? null : desired.name,
    metadata:
      desired.metadata && (!remote || !sameMetadata(remote.metadata, desired.metadata))
        ? desired.metadata
        : null,
  };
}

/** True when the plan changes nothing on chain and uploads nothing. */
export function isEmptyPlan(plan: DeployPlan): boolean {
  return (
    plan.upload.length === 0 &&
    plan.rewrite.length === 0 &&
    plan.remove.length === 0 &&
    plan.extend.length === 0 &&
    plan.routes === null &&
    plan.redirects === null &&
    plan.name === null &&
    plan.metadata === null
  );
}

/**
 * Why the resource's bytes cannot be reused as they are, or null when they can. A resource without
 * the patch header is read as its whole blob, so that blob is reused under the same conditions as
 * a quilt: the deployer's own Blob object, certified and not expired.
 */
function reusable(
  resource: SiteResource,
  owned: ReadonlyMap<string, OwnedBlob>,
  currentEpoch: number,
): string | null {
  const what = resource.headers.has(QUILT_PATCH_HEADER) ? 'quilt' : 'blob';
  const blob = owned.get(resource.blobId);
  if (!blob) return `its ${what} ${resource.blobId} is not owned by the deploying address`;
  if (!blob.certified) return `its ${what} ${resource.blobId} was never certified`;
  if (blob.endEpoch <= currentEpoch)
    return `its ${what} ${resource.blobId} expired at epoch ${blob.endEpoch}`;
  return null;
}

/**
 * The file's headers with the patch header of the resource it keeps, or without any for a kept
 * whole blob: a patch header there would make readers look for a patch in it.
 */
function withPatchHeader(headers: ReadonlyMap<string, string>, kept: SiteResource): Map<string, string> {
  const patch = kept.headers.get(QUILT_PATCH_HEADER);
  return patch === undefined ? withoutPatchHeader(headers) : withHeader(headers, QUILT_PATCH_HEADER, patch);
}

/** A whole-blob resource's headers: `headers` in name order, without any patch header. */
export function withoutPatchHeader(headers: ReadonlyMap<string, string>): Map<string, string> {
  return sortedHeaders([...headers].filter(([name]) => name !== QUILT_PATCH_HEADER));
}

/**
 * `headers` plus one more, in name order: site-builder keeps a resource's headers in a sorted map
 * and writes them in that order, so the same folder gives the same on-chain Resource either way.
 */
export function withHeader(
  headers: ReadonlyMap<string, string>,
  name: string,
  value: string,
): Map<string, string> {
  const entries = [...headers].filter(([k]) => k !== name);
  entries.push([name, value]);
  return sortedHeaders(entries);
}

/** `headers` in name order, as site-builder writes them (see `withHeader`). */
function sortedHeaders(headers: Iterable<readonly [string, string]>): Map<string, string> {
  return new Map([...headers].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

function sameHeaders(a: ReadonlyMap<string, string>, b: ReadonlyMap<string, string>): boolean {
  if (a.size !== b.size) return false;
  for (const [k, v] of a) if (b.get(k) !== v) return false;
  return true;
}

function sameEntries(
  a: readonly (readonly [string, string])[],
  b: readonly (readonly [string, string])[],
): boolean {
  const key = (list: readonly (readonly [string, string])[]) =>
    JSON.stringify([...list].map(([k, v]) => [k, v]).sort());
  return key(a) === key(b);
}

function sameRedirects(
  a: readonly (readonly [string, Redirect])[],
  b: readonly (readonly [string, Redirect])[],
): boolean {
  const flat = (list: readonly (readonly [string, Redirect])[]) =>
    list.map(([k, r]) => [k, `${r.statusCode} ${r.location}`] as const);
  return sameEntries(flat(a), flat(b));
}

function sameMetadata(a: SiteMetadata, b: SiteMetadata): boolean {
  return (
    a.link === b.link &&
    a.imageUrl === b.imageUrl &&
    a.description === b.description &&
    a.projectUrl === b.projectUrl &&
    a.creator === b.creator
  );
}

function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((v, i) => v === b[i]);
}
