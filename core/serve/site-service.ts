// Answers requests for Walrus Sites the way the walrus-sites portals do — host → site, path →
// resource in their order (exact file, redirects, routes, the site's /404.html, the portal's 404) —
// but reads the bytes straight from the storage nodes with Floe's reader (only the slivers holding
// the file, SHA-256 checked against the chain's `blob_hash` before anything is returned). The
// service worker and the portal server's no-JavaScript fallback both run this one implementation.
import { toHex } from '@mysten/sui/utils';
import type { SiteResource } from '../site/types.ts';
import { QUILT_PATCH_HEADER } from '../site/types.ts';
import type { NetworkConfig } from '../sui/networks.ts';
import type { Committee } from '../walrus/committee.ts';
import type { WasmSource } from '../walrus/encoding.ts';
import type { FetchLike } from '../walrus/node-client.ts';
import {
  IntegrityError,
  MetadataUnavailableError,
  NotEnoughSliversError,
  type ReadFailure,
} from '../walrus/read-errors.ts';
import { parseInternalPatchId } from '../walrus/quilt.ts';
import { NodeLatency } from '../walrus/node-latency.ts';
import { WalrusReader, type ReadStats } from '../walrus/reader.ts';
import { blobGone } from './blob-gone.ts';
import { blobResponse } from './blob-response.ts';
import {
  acceptsCoding,
  ContentDecodingError,
  decodeContent,
  storedCoding,
  type ContentDecoder,
  type DecodableCoding,
} from './content-coding.ts';
import { readChecked, type VerifiedBytesCache } from './checked-cache.ts';
import { CommitteeCache, type CommitteeSource } from './committee-cache.ts';
import type { ObjectReader } from '../sui/object-reader.ts';
import { errorPage, type PortalError } from './error-page.ts';
import { raceFastSources, readFastSource } from './fast-source.ts';
import { sha256Matches } from '../walrus/sha256.ts';
import { afterPreloadHedge, PRELOAD_HEDGE_MS, PRELOAD_SOURCE, preloadedBytes } from './navigation-preload.ts';
import { ERROR_HEADER, isPortalPath, READ_DEBUG_HEADER } from './portal-protocol.ts';
import { siteResponseHeaders } from './headers.ts';
import { contentRange, parseRange, unsatisfiedRange } from './range.ts';
import { memberKeys, ReadTally } from './read-tally.ts';
import { matchRedirect, matchRoute, resolvePath } from './routing.ts';
import { SiteLookup, type FieldStore } from './site-lookup.ts';
import { base36Label, SiteResolver } from './site-resolver.ts';

export type { VerifiedBytesCache } from './checked-cache.ts';

export interface SiteServiceOptions {
  readonly network: NetworkConfig;
  /** Object reads: an SDK client (the portal server) or the worker's small reader. */
  readonly sui: ObjectReader;
  /** Where the storage committee comes from when the cached one is stale (see committee-cache.ts). */
  readonly committee: CommitteeSource;
  /** Fetch for storage-node requests (the worker's own fetch, or one that records requests). */
  readonly fetch?: FetchLike;
  /** Bytes read before; every hit is checked against the chain's hash (see checked-cache.ts). */
  readonly cache?: VerifiedBytesCache;
  /** Where the decoder's .wasm is (browsers); only loaded when a read must decode. */
  readonly wasm?: WasmSource;
  /** Seconds-scale TTL for on-chain lookups (a site's current version, names). */
  readonly lookupTtlMs?: number;
  /** Which fields to read again, in one request, on the first look at a site (see site-lookup.ts). */
  readonly lookupStore?: FieldStore;
  /**
   * How long past the TTL a confirmed site version still answers at once while the chain is asked
   * in the background (site-lookup.ts). Default 0: every answer past the TTL waits for the chain.
   */
  readonly lookupStaleMs?: number;
  /** Adds `x-floe-read` with how each file was read (test builds and debugging). */
  readonly debugHeader?: boolean;
  /**
   * When a page (HTML) is read from a quilt, open connections to the nodes around its patch for
   * the files it names (quilt-neighbours.ts). For the worker, whose connections start cold; the
   * portal keeps its own warm. @default false
   */
  readonly warmQuiltNeighbours?: boolean;
  /** Reader hedging delay (default the reader's). */
  readonly hedgeAfterMs?: number;
  /** How long the worker serves unverified offline copies; said on the chain-unavailable page. */
  readonly offlineCopyHours?: number;
  /**
   * Storage nodes' response times, shared by the readers of every epoch (default: the service's
   * own). The worker passes one restored from its cache, so a visit starts knowing the near nodes.
   */
  readonly latency?: NodeLatency;
  /**
   * The committee as the portal read it (its worker gets it in the portal config), used until the
   * committee cache's first check against the chain instead of reading it on a cold start.
   */
  readonly initialCommittee?: Committee;
  /**
   * Aggregators or caches raced with the nodes for each file (fast-source.ts). Untrusted: their
   * bytes must match the chain's SHA-256 like any other. @default none, only the nodes
   */
  readonly fastSources?: readonly string[];
  /**
   * Decodes files stored with a content coding (`content-encoding: br` from `floe deploy`, or a
   * site's own gzip) after they are verified. @default decodeContent (pure JavaScript Brotli,
   * DecompressionStream for gzip/deflate)
   */
  readonly decoder?: ContentDecoder;
  /**
   * Send a stored coding as it is, with its `content-encoding`, to a request whose
   * `Accept-Encoding` takes it (the portal server: the browser decodes). Otherwise, and always
   * without this (the service worker, whose responses Chromium does not decode), the file is
   * decoded and sent as it was before compression. @default false
   */
  readonly sendStoredCoding?: boolean;
}

/** What a caller adds to one request. */
export interface HandleOptions {
  /**
   * The browser's navigation preload of this request (the worker's `event.preloadResponse`): taken
   * for the file when its bytes hash to the chain's SHA-256, see navigation-preload.ts.
   */
  readonly preload?: Promise<Response | undefined>;
}

/** How a file was obtained, for `x-floe-read` and the portal's own statistics. */
export interface ReadInfo {
  readonly source: 'cache' | 'nodes' | 'fast';
  readonly stats?: ReadStats;
  /** The fast source that won the race (source `fast`). */
  readonly fastSource?: string;
  /** The cache held other bytes for this file (written by someone else): deleted, read again. */
  readonly rejectedCache?: boolean;
}

export class SiteService {
  readonly #options: SiteServiceOptions;
  readonly #resolver: SiteResolver;
  readonly #lookup: SiteLookup;
  readonly #committee: CommitteeCache;
  #reader: { committee: Committee; members: ReadonlySet<string>; reader: WalrusReader } | undefined;
  /** Every read from the nodes, counted for the network page (display only). */
  readonly readTally = new ReadTally();
  /** Reads in flight or not yet cached, by bytes key (see readFile). */
  readonly #reads = new Map<string, Promise<{ bytes: Uint8Array; info: ReadInfo }>>();
  readonly #latency: NodeLatency;
  /** What each full answer served (see contentTag); weak, so answers are not kept alive by it. */
  readonly #tags = new WeakMap<Response, string>();
  /**
   * Decoded bytes by the verified stored bytes they came from: the bytes caches hand out the same
   * array for the same file, so a file read again is not decoded again while its bytes are kept.
   */
  readonly #decoded = new WeakMap<Uint8Array, Promise<Uint8Array>>();

  constructor(options: SiteServiceOptions) {
    this.#options = options;
    this.#latency = options.latency ?? new NodeLatency();
    const ttl = options.lookupTtlMs ?? 10_000;
    this.#resolver = new SiteResolver({ sui: options.sui, network: options.network, ttlMs: ttl * 3 });
    this.#lookup = new SiteLookup({
      sui: options.sui,
      packageId: options.network.walrusSite.originalPackageId,
      ttlMs: ttl,
      ...(options.lookupStore ? { store: options.lookupStore } : {}),
      ...(options.lookupStaleMs ? { staleMs: options.lookupStaleMs } : {}),
    });
    this.#committee = new CommitteeCache(options.committee);
    if (options.initialCommittee) this.#committee.seed(options.initialCommittee);
  }

  /** Answers `request` for the site named by the subdomain `label`. */
  async handle(request: Request, label: string, options: HandleOptions = {}): Promise<Response> {
    // Used only if the file is read, and only if it hashes right: its failure is nobody's error.
    options.preload?.catch(() => {});
    const method = request.method.toUpperCase();
    if (method !== 'GET' && method !== 'HEAD') {
      return new Response(null, { status: 405, headers: { allow: 'GET, HEAD' } });
    }
    const url = new URL(request.url);
    let path: string;
    try {
      path = resolvePath(url.pathname);
    } catch (error) {
      return this.#error({ kind: 'invalid-path', path: url.pathname, reason: (error as Error).message });
    }
    // The portal answers /__floe/ itself; a spelling of it that only decodes there is not a site's.
    if (isPortalPath(path)) {
      return this.#error({
        kind: 'invalid-path',
        path: url.pathname,
        reason: 'paths under /__floe/ belong to the portal',
      });
    }
    // A base36 label is almost always the site's own ID: ask for its resource while the resolver
    // checks that the object exists, rather than one round trip after the other. The lookup is
    // kept by SiteLookup, so #serveSite finds it in flight; if the label turns out to be a name,
    // the guess only cost one request.
    const guess = label.length < MIN_ID_LABEL ? null : base36Label(label);
    if (guess) {
      this.#lookup.lookup(guess, path).catch(() => {});
      // While that asks the chain, start reading the file a kept lookup names: if the chain then
      // names the same blob, patch and hash, readFile joins this read; if not, it is wasted. A big
      // blob is streamed as the request asks (a range, HEAD), so only its metadata is read ahead.
      this.#lookup
        .guess(guess, path)
        .then(
          async (resource) =>
            resource && !(await this.#streamed(resource, request)) && this.readFile(resource),
        )
        .catch(() => {});
    }
    let siteId: string | null;
    try {
      // A site the chain recently named a version of exists: its ID label needs no resolution.
      siteId = guess && (await this.#lookup.vouched(guess)) ? guess : await this.#resolver.resolve(label);
    } catch (error) {
      return this.#chainError(error);
    }
    if (!siteId) return this.#error({ kind: 'site-not-found', label, network: this.#options.network.name });
    try {
      return await this.#serveSite(request, siteId, path, false, options.preload);
    } catch (error) {
      if (!(error instanceof StaleLookup)) return this.#chainError(error);
    }
    // The site changed since the lookup was cached (a redeploy may already have deleted the quilt
    // it named): answer once more from what the chain says now.
    this.#lookup.forget(siteId);
    try {
      return await this.#serveSite(request, siteId, path, true, options.preload);
    } catch (error) {
      return this.#chainError(error);
    }
  }

  /** `fresh`: the lookups were just made, so a failed read is not retried (see StaleLookup). */
  async #serveSite(
    request: Request,
    siteId: string,
    path: string,
    fresh: boolean,
    preload: Promise<Response | undefined> | undefined,
  ): Promise<Response> {
    const { resource, routing } = await this.#lookup.lookup(siteId, path);
    if (resource) return this.#serveResource(request, siteId, path, resource, fresh, preload);

    const redirect = matchRedirect(path, routing.redirects);
    if (redirect) {
      if (redirect.redirect.location === path) return this.#error({ kind: 'redirect-loop', siteId, path });
      return new Response(null, {
        status: redirect.redirect.statusCode,
        headers: { location: redirect.redirect.location },
      });
    }
    // One route hop, as the portal does; a missing target falls through to /404.html.
    const target = matchRoute(path, routing.routes);
    if (target) {
      const routed = await this.#lookup.resource(siteId, target);
      if (routed) return this.#serveResource(request, siteId, path, routed, fresh, preload);
    }
    const notFound = await this.#lookup.resource(siteId, NOT_FOUND_PAGE);
    if (notFound) return this.#serveResource(request, siteId, path, notFound, fresh, preload);
    return this.#error({ kind: 'resource-not-found', siteId, path });
  }

  /** `path`: the request's, which `resource` answers (itself, a route target or the 404 page). */
  async #serveResource(
    request: Request,
    siteId: string,
    path: string,
    resource: SiteResource,
    fresh: boolean,
    preload?: Promise<Response | undefined>,
  ): Promise<Response> {
    let read: { bytes: Uint8Array; info: ReadInfo };
    try {
      if (await this.#streamed(resource, request, request.signal)) {
        const { reader } = await this.#reader$();
        return await blobResponse(reader, request, resource, {
          status: statusOf(resource),
          debugHeader: this.#options.debugHeader ?? false,
        });
      }
      read = await this.readFile(resource, preload);
    } catch (error) {
      if (error instanceof NotEnoughSliversError || error instanceof MetadataUnavailableError) {
        if (!fresh && (await this.#changedOnChain(siteId, resource))) throw new StaleLookup();
        const gone = await this.#gone(error.failures);
        if (gone) {
          // The site's own 404 page is what is gone: answer as if the site had none.
          if (resource.path === NOT_FOUND_PAGE)
            return this.#error({ kind: 'resource-not-found', siteId, path });
          return this.#error({
            kind: 'blob-unavailable',
            siteId,
            path: resource.path,
            blobId: resource.blobId,
            ...gone,
            checkedAt: new Date().toISOString(),
          });
        }
        // A committee change also looks like this; reload it for the next request.
        this.#committee.invalidate();
        return this.#error({
          kind: 'not-enough-slivers',
          siteId,
          path: resource.path,
          blobId: resource.blobId,
          failures: error.failures.map((f) => ({
            node: f.node,
            reason: f.reason,
          })),
        });
      }
      if (error instanceof IntegrityError) {
        return this.#error({
          kind: 'integrity',
          siteId,
          path: resource.path,
          blobId: resource.blobId,
          expected: toHex(resource.blobHash),
          actual: `no verified copy: ${error.message}`,
        });
      }
      throw error;
    }
    let body: { bytes: Uint8Array; coding: DecodableCoding | null };
    try {
      body = await this.#representation(request, resource, read.bytes);
    } catch (error) {
      if (!(error instanceof ContentDecodingError)) throw error;
      return this.#error({
        kind: 'internal',
        message: `${resource.path} matches the chain's SHA-256, but its content-encoding does not decode it: ${error.message}`,
      });
    }
    return this.#respond(request, resource, { ...read, ...body }, statusOf(resource));
  }

  /**
   * The bytes to send for `resource` and the coding they carry: the stored bytes when they have
   * none, or when this service sends stored codings and the request takes this one for the whole
   * file; else the decoded bytes (a range is of the decoded file, as clients that ask for ranges
   * of media or downloads expect).
   */
  async #representation(
    request: Request,
    resource: SiteResource,
    stored: Uint8Array,
  ): Promise<{ bytes: Uint8Array; coding: DecodableCoding | null }> {
    const coding = storedCoding(resource.headers);
    if (coding === null) return { bytes: stored, coding: null };
    if (
      this.#options.sendStoredCoding &&
      acceptsCoding(request.headers.get('accept-encoding'), coding) &&
      !request.headers.has('range')
    ) {
      return { bytes: stored, coding };
    }
    let decoded = this.#decoded.get(stored);
    if (!decoded) {
      decoded = (this.#options.decoder ?? decodeContent)(coding, stored);
      this.#decoded.set(stored, decoded);
      decoded.catch(() => this.#decoded.delete(stored));
    }
    return { bytes: await decoded, coding: null };
  }

  /**
   * Whether `resource` is answered as a stream of verified rows (blob-response.ts) rather than read
   * whole: a standalone blob (no quilt patch) longer than STREAM_ABOVE_BYTES, stored without a
   * coding Floe decodes (those are decoded whole). Bytes already in the cache or being read are
   * served from there, as before: small site-builder-era blobs keep their caches.
   */
  async #streamed(resource: SiteResource, request: Request, signal?: AbortSignal): Promise<boolean> {
    if (patchOf(resource) || storedCoding(resource.headers) !== null) return false;
    const key = bytesKey(resource);
    const { reader } = await this.#reader$();
    // A blob already known to be long is streamed without asking the cache, which in a worker is
    // the Cache API: 5–120 ms a lookup in Chromium, in front of every request of a seeking player.
    if (this.#reads.has(key)) return false;
    const known = reader.knownBlobLength(resource.blobId);
    if (known !== undefined && known > STREAM_ABOVE_BYTES) return true;
    if (await this.#options.cache?.get(key).catch(() => null)) return false;
    // A stream from the start needs row 0 whatever the length: ask for it beside the metadata.
    if (fromStart(request)) reader.warmStream(resource.blobId);
    return (await reader.blobLength(resource.blobId, signal)) > STREAM_ABOVE_BYTES;
  }

  /** Whether the read's failures show the file's blob is gone (see blob-gone.ts). */
  async #gone(failures: readonly ReadFailure[]) {
    const committee = await this.#committee.get().catch(() => null);
    return committee ? blobGone(failures, committee) : null;
  }

  /** Whether the chain now has another resource (or none) at `resource.path`; refreshes the lookup. */
  async #changedOnChain(siteId: string, resource: SiteResource): Promise<boolean> {
    this.#lookup.forget(siteId);
    const now = await this.#lookup.resource(siteId, resource.path);
    return now === null || now.blobId !== resource.blobId || toHex(now.blobHash) !== toHex(resource.blobHash);
  }

  /**
   * The verified bytes of a resource: from the cache if they still hash to `blobHash`, else from
   * the nodes (then cached). Reads of the same bytes share one read, kept until the bytes are in
   * the cache: a read started on a guess (see `handle`) is then joined, never repeated.
   */
  readFile(
    resource: SiteResource,
    preload?: Promise<Response | undefined>,
  ): Promise<{ bytes: Uint8Array; info: ReadInfo }> {
    const key = bytesKey(resource);
    const pending = this.#reads.get(key);
    if (pending) return pending;
    const read = this.#readFile(resource, key, preload);
    const answer = read.then(({ bytes, info }) => ({ bytes, info }));
    this.#reads.set(key, answer);
    read.then(
      ({ stored }) => stored.finally(() => this.#reads.delete(key)),
      () => this.#reads.delete(key),
    );
    return answer;
  }

  async #readFile(
    resource: SiteResource,
    key: string,
    preload: Promise<Response | undefined> | undefined,
  ): Promise<{ bytes: Uint8Array; info: ReadInfo; stored: Promise<void> }> {
    const patch = patchOf(resource);
    const cached = await readChecked(this.#options.cache, key, resource.blobHash);
    if (cached.kind === 'hit')
      return { bytes: cached.bytes, info: { source: 'cache' }, stored: Promise.resolve() };
    const { reader, members } = await this.#reader$();
    if (patch && this.#options.warmQuiltNeighbours && isHtml(resource))
      reader.warmQuiltNeighbours(resource.blobId, patch.start, patch.end);
    const fetch = this.#options.fetch ?? globalThis.fetch.bind(globalThis);
    // A navigation's preload (navigation-preload.ts) is usually in by now: the nodes wait a moment
    // for it, and are asked at once if it fails.
    const preloaded = preload ? preloadedBytes(preload, resource.blobHash, sha256Matches) : undefined;
    preloaded?.catch(() => {});
    const won = await raceFastSources(
      async (signal) => {
        if (preloaded) await afterPreloadHedge(preloaded, PRELOAD_HEDGE_MS, signal);
        signal.throwIfAborted();
        return reader.read({
          blobId: resource.blobId,
          target: patch ? { kind: 'patch', ...patch } : { kind: 'blob' },
          sha256: resource.blobHash,
          signal,
        });
      },
      this.#options.fastSources ?? [],
      (base, signal) => readFastSource(fetch, base, resource, signal),
      preloaded ? [{ source: PRELOAD_SOURCE, bytes: preloaded }] : [],
    );
    const rejected = cached.kind === 'rejected' ? { rejectedCache: true } : {};
    const bytes = won.kind === 'fast' ? won.bytes : won.value.data;
    // The visitor need not wait for a cache write (a lost write only costs a re-read).
    const stored = this.#options.cache?.put(key, bytes).catch(() => {}) ?? Promise.resolve();
    if (won.kind === 'fast') {
      return { bytes, info: { source: 'fast', fastSource: won.source, ...rejected }, stored };
    }
    this.readTally.record(won.value.stats, members);
    return { bytes, info: { source: 'nodes', stats: won.value.stats, ...rejected }, stored };
  }

  /**
   * What a response of `handle` holds — its status, the bytes' key (blob, patch, SHA-256) and its
   * headers — for a caller that keeps copies of answers and need not rewrite an unchanged one.
   * Undefined for error pages and partial answers.
   */
  contentTag(response: Response): string | undefined {
    return this.#tags.get(response);
  }

  /** The storage committee reads go to (cached per epoch). */
  committee(): Promise<Committee> {
    return this.#committee.get();
  }

  async #reader$(): Promise<{ reader: WalrusReader; members: ReadonlySet<string> }> {
    const committee = await this.#committee.get();
    if (this.#reader?.committee !== committee) {
      this.#reader = {
        committee,
        members: memberKeys(committee.members),
        reader: new WalrusReader({
          committee,
          ...(this.#options.fetch ? { fetch: this.#options.fetch } : {}),
          ...(this.#options.wasm ? { wasm: this.#options.wasm } : {}),
          ...(this.#options.hedgeAfterMs !== undefined ? { hedgeAfterMs: this.#options.hedgeAfterMs } : {}),
          keepRecoveredBlobs: 4,
          latency: this.#latency,
        }),
      };
    }
    return this.#reader;
  }

  /** `read.bytes` are those to send, in `read.coding` (null: decoded, or never coded). */
  #respond(
    request: Request,
    resource: SiteResource,
    read: { bytes: Uint8Array; info: ReadInfo; coding: DecodableCoding | null },
    status: number,
  ): Response {
    const headers = siteResponseHeaders(resource.headers, resource.path);
    if (storedCoding(resource.headers) !== null) {
      // Decoded here: the bytes sent are the file itself. Sent as stored: the header says so.
      if (read.coding === null) headers.delete('content-encoding');
      // A cache must not give one client's coding to another that asked differently.
      if (this.#options.sendStoredCoding) headers.append('vary', 'accept-encoding');
    }
    headers.set('accept-ranges', 'bytes');
    if (this.#options.debugHeader) headers.set(READ_DEBUG_HEADER, describeRead(resource, read.info));
    const size = read.bytes.length;
    let body = read.bytes;
    const head = request.method.toUpperCase() === 'HEAD';
    // Ranges apply to GET only (RFC 9110 §14.2); HEAD describes the whole file.
    if (status === 200 && !head) {
      const range = parseRange(request.headers.get('range'), size);
      if (range.kind === 'unsatisfiable') {
        headers.set('content-range', unsatisfiedRange(size));
        return new Response(null, { status: 416, headers });
      }
      if (range.kind === 'partial') {
        body = read.bytes.subarray(range.start, range.end + 1);
        headers.set('content-range', contentRange(range.start, range.end, size));
        status = 206;
      }
    }
    headers.set('content-length', String(body.length));
    const response = new Response(head ? null : (body as BodyInit), { status, headers });
    if (!head && status !== 206)
      this.#tags.set(response, `${status} ${bytesKey(resource)} ${JSON.stringify([...headers])}`);
    return response;
  }

  #error(info: PortalError): Response {
    const page = errorPage(info);
    return new Response(page.html, {
      status: page.status,
      headers: {
        'content-type': 'text/html; charset=utf-8',
        'cache-control': 'no-store',
        // Lets the worker tell a failure of the chain (serve the offline copy) from a site's 404.
        [ERROR_HEADER]: info.kind,
      },
    });
  }

  #chainError(error: unknown): Response {
    return this.#error({
      kind: 'chain-unavailable',
      rpcUrl: this.#options.network.rpc.url,
      message: (error as Error)?.message ?? String(error),
      ...(this.#options.offlineCopyHours !== undefined
        ? { offlineCopyHours: this.#options.offlineCopyHours }
        : {}),
    });
  }
}

/**
 * Base36 labels shorter than this are names in practice: a random 32-byte object ID has 50 base36
 * digits, and fewer than 48 with a chance of about 1 in 8000 (then it only misses the head start).
 */
const MIN_ID_LABEL = 48;

/**
 * A read failed for a resource looked up from the cache, and the chain has since replaced it: the
 * site was redeployed within the lookup TTL, and the deploy may have deleted the old quilt, which
 * the nodes then drop. Thrown to answer the request again from fresh lookups.
 */
class StaleLookup extends Error {
  override name = 'StaleLookup';
}

/**
 * Standalone blobs up to this size are read whole, as quilt files are: into the bytes caches, the
 * offline copies and a ranged answer's slice. Past it, holding the file costs more memory than a
 * visit should, and a player seeking in it wants its first bytes long before the last.
 */
const STREAM_ABOVE_BYTES = 4 * 1024 * 1024;

/** Whether `request` wants the file from its first byte (no range, or one opening at 0). */
function fromStart(request: Request): boolean {
  if (request.method.toUpperCase() !== 'GET') return false;
  const range = request.headers.get('range');
  return range === null || /^\s*bytes\s*=\s*0\s*-/i.test(range);
}

/** The site's not-found page (the walrus-sites portals too answer it with 404, however reached). */
const NOT_FOUND_PAGE = '/404.html';

/**
 * 200, or 404 for the site's /404.html, whether asked for by its own path or reached through a
 * route: crawlers and link checkers take the status, not the page, as the answer.
 */
function statusOf(resource: SiteResource): number {
  return resource.path === NOT_FOUND_PAGE ? 404 : 200;
}

/** The bytes cache's key: the blob, the patch's columns and the SHA-256 they must hash to. */
export function bytesKey(resource: SiteResource): string {
  const patch = patchOf(resource);
  return `${resource.blobId}/${patch ? `${patch.start}-${patch.end}` : 'blob'}/${toHex(resource.blobHash)}`;
}

/** The patch columns named by the resource's internal patch ID header, or null for a plain blob. */
function isHtml(resource: SiteResource): boolean {
  return /^text\/html\b/i.test(resource.headers.get('content-type') ?? '');
}

function patchOf(resource: SiteResource): { start: number; end: number } | null {
  const value = resource.headers.get(QUILT_PATCH_HEADER);
  return value ? parseInternalPatchId(value) : null;
}

function describeRead(resource: SiteResource, info: ReadInfo): string {
  const kind = patchOf(resource) ? 'quilt' : 'blob';
  if (info.source === 'fast') return `${kind}; source=fast; from=${info.fastSource}`;
  if (info.source === 'cache' || !info.stats) return `${kind}; source=cache`;
  const s = info.stats;
  const recovered =
    s.path === 'recovered'
      ? `; recovered=${s.recoveredSlivers}; symbol-requests=${s.symbolRequests}; symbols=${s.symbols}`
      : '';
  const rejected = info.rejectedCache ? '; cache=rejected' : '';
  return `${kind}; source=nodes; path=${s.path}; requests=${s.requests}; slivers=${s.sliverRequests}${recovered}; bytes=${s.bytes}; ms=${Math.round(s.ms)}${rejected}`;
}
