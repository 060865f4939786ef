// Floe's reader: fetch only the systematic slivers that hold the wanted bytes (rows for blobs and
// ranges, columns for quilt patches), recover any missing, slow or wrong one on its own from other
// nodes' decoding symbols, verify, and only as a last resort collect p verified primary slivers
// and decode the whole blob. It never returns bytes that failed verification.
import { blobIdFromText, blobIdToText } from './blob-id.ts';
import type { BlobMetadata } from './bcs.ts';
import {
  DEFAULT_WINDOW_BYTES,
  openRowStream,
  validateStreamRequest,
  type BlobStream,
  type StreamRequest,
} from './blob-stream.ts';
import { ShardMap, type Committee } from './committee.ts';
import { loadEncoding, WalrusCodec, type WasmSource } from './encoding.ts';
import { geometry, primarySliverSize, secondarySliverSize, symbolSize, type Geometry } from './geometry.ts';
import { EarlyRows, firstRowFrom } from './early-row.ts';
import { MetadataCache } from './metadata-cache.ts';
import { StorageNodeClient, type FetchLike } from './node-client.ts';
import { NodeLatency } from './node-latency.ts';
import {
  IntegrityError,
  InvalidReadRequestError,
  QuiltPatchNotFoundError,
  ReadError,
} from './read-errors.ts';
import { cutRange, joinColumns, rowsForRange } from './read-plan.ts';
import { ReadSession } from './read-session.ts';
import { recover, type RecoveredBlob } from './recovery.ts';
import { KnownSymbolSizes } from './symbol-sizes.ts';
import { neighbourNodes } from './quilt-neighbours.ts';
import { cachedRows, RowCache } from './row-cache.ts';
import { rowCount, rowSpan, windowRows } from './row-window.ts';
import { verifiedRowSource } from './row-source.ts';
import {
  MAX_QUILT_INDEX_COLUMNS,
  parseQuiltIndex,
  parseQuiltPatch,
  QUILT_INDEX_PREFIX_SIZE,
  QuiltFormatError,
  quiltIndexByteLength,
  type QuiltIndexEntry,
} from './quilt.ts';
import { sha256Matches } from './sha256.ts';
import { gatherSlivers, NeedsWholeBlob, type GatherOptions } from './sliver-gather.ts';
import { recoverSlivers, SliverRecoveryError } from './sliver-recovery.ts';
import { loadSymbolDecoder, type SymbolDecoder } from './symbol-decoder.ts';
import { timedFetch } from './timed-fetch.ts';

export type ReadTarget =
  | { readonly kind: 'blob' }
  /** Bytes [start, end) of the blob. */
  | { readonly kind: 'range'; readonly start: number; readonly end: number }
  /** A quilt patch by its columns, as in a 37-byte patch ID. */
  | { readonly kind: 'patch'; readonly start: number; readonly end: number }
  /** A quilt patch by identifier, looked up in the quilt index. */
  | { readonly kind: 'identifier'; readonly identifier: string };

export interface ReadRequest {
  readonly blobId: Uint8Array | string;
  readonly target?: ReadTarget;
  /** SHA-256 of exactly the returned bytes (a site resource's `blob_hash`): verification without metadata. */
  readonly sha256?: Uint8Array;
  /** The blob's unencoded length when known (on-chain `Blob.size`); saves the metadata request. */
  readonly length?: number;
  readonly signal?: AbortSignal;
}

export interface ReadStats {
  /**
   * `direct`: only the slivers holding the bytes; `recovered`: those, with some rebuilt from other
   * nodes' decoding symbols; `fallback`: p primary slivers (+ a whole-blob decode if needed).
   */
  readonly path: 'direct' | 'recovered' | 'fallback';
  readonly verification: 'sha256' | 'metadata';
  readonly decoded: boolean;
  readonly requests: number;
  readonly sliverRequests: number;
  /** Slivers rebuilt from decoding symbols, the symbol requests and the symbols they returned. */
  readonly recoveredSlivers: number;
  readonly symbolRequests: number;
  readonly symbols: number;
  /** Recovered slivers by the node that should have served them (its URL). */
  readonly recoveredFrom: Readonly<Record<string, number>>;
  readonly bytes: number;
  readonly ms: number;
  readonly failures: readonly { node: string; what: string; reason: string }[];
}

export interface ReadResult {
  readonly data: Uint8Array;
  /** For quilt patches: the patch's identifier and tags. */
  readonly patch?: { readonly identifier: string; readonly tags: Readonly<Record<string, string>> };
  readonly stats: ReadStats;
}

export interface ReaderOptions {
  readonly committee: Committee;
  readonly fetch?: FetchLike;
  /** Per-request deadline; a sliver slower than this is treated as missing (default 10 s). */
  readonly timeoutMs?: number;
  /**
   * Slivers the direct path still lacks after this long (a slow node) are recovered from decoding
   * symbols beside their requests, and the first verified answer wins (default 3 s; Infinity
   * disables hedging).
   */
  readonly hedgeAfterMs?: number;
  /** Sliver requests in flight at once (default 32). */
  readonly concurrency?: number;
  /** Where the browser build finds the .wasm; only loaded when a decode is needed. */
  readonly wasm?: WasmSource;
  /** Injected clock for stats. */
  readonly now?: () => number;
  /**
   * How many recently recovered whole blobs to keep and share between reads (default 0). A
   * portal sets this: with nodes down, every file of a quilt needs the same p primary slivers and
   * the same decode, and concurrent or later reads of other patches then reuse that one result.
   */
  readonly keepRecoveredBlobs?: number;
  /**
   * How missing slivers come back: `symbols` (default) rebuilds just those from other nodes'
   * decoding symbols and reads the whole blob only when that cannot work; `whole-blob` always
   * collects p primary slivers and decodes, as before symbol recovery (benchmarks compare both).
   */
  readonly recovery?: 'symbols' | 'whole-blob';
  /**
   * Node response times learned so far, to ask fast nodes first for symbols, metadata and fallback
   * slivers. Share one between readers (and persist its snapshot) so the knowledge outlives a
   * read; without one the reader keeps its own.
   */
  readonly latency?: NodeLatency;
  /**
   * Bytes of verified stream rows kept for later streams of the same blob (row-cache.ts): a
   * player's repeated requests for a file's start, seeks back, other visitors of a portal.
   * @default 16 MiB (about 25 rows of a 200 MB blob at 1000 shards); 0 keeps none.
   */
  readonly keepRowBytes?: number;
}

const DEFAULT_KEEP_ROW_BYTES = 16 * 1024 * 1024;
/** A node's connection is warmed again after this long: under the 60 s idle limit nodes keep. */
const WARM_AGAIN_MS = 30_000;

/** Targets whose recovery needs every row, so one recovery serves them all. */
function wholeBlob(target: ReadTarget): boolean {
  return target.kind === 'blob' || target.kind === 'patch' || target.kind === 'identifier';
}

interface Extracted {
  readonly data: Uint8Array;
  readonly patch?: { identifier: string; tags: Readonly<Record<string, string>> };
}

export class WalrusReader {
  readonly #map: ShardMap;
  readonly #g: Geometry;
  readonly #clients: readonly StorageNodeClient[];
  readonly #timeoutMs: number;
  readonly #concurrency: number;
  readonly #hedgeAfterMs: number;
  readonly #wasm: WasmSource | undefined;
  readonly #now: () => number;
  #codec: Promise<WalrusCodec> | undefined;
  #symbolDecoder: Promise<SymbolDecoder> | undefined;
  /**
   * Recent whole-blob recoveries by blob ID. When nodes are down, every file of a quilt needs the
   * same p primary slivers and the same decode; a page loading ten files then does that work once.
   */
  readonly #recovered = new Map<string, Promise<RecoveredBlob>>();
  readonly #keepRecovered: number;
  readonly #symbolRecovery: boolean;
  readonly #latency: NodeLatency;
  /** When each member was last warmed (`warmQuiltNeighbours`). */
  readonly #warmedAt = new Map<number, number>();
  /** Verified metadata of blobs streamed or measured lately: a seek or a HEAD asks no node for it. */
  readonly #metadataCache = new MetadataCache();
  /** First rows asked for beside their metadata, until their stream opens (`warmStream`). */
  readonly #earlyRows = new EarlyRows();
  readonly #rows: RowCache;
  /** Column symbol sizes of quilts read lately, so a further patch asks for all its columns at once. */
  readonly #symbolSizes = new KnownSymbolSizes();

  constructor(options: ReaderOptions) {
    this.#map = new ShardMap(options.committee);
    this.#g = geometry(options.committee.n);
    this.#now = options.now ?? (() => performance.now());
    this.#latency = options.latency ?? new NodeLatency();
    const fetch: FetchLike = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
    this.#clients = options.committee.members.map((m) => {
      const url = m.url.replace(/\/+$/, '');
      return new StorageNodeClient({ url, fetch: timedFetch(fetch, url, this.#latency, this.#now) });
    });
    this.#timeoutMs = options.timeoutMs ?? 10_000;
    this.#concurrency = options.concurrency ?? 32;
    this.#hedgeAfterMs = options.hedgeAfterMs ?? 3000;
    this.#wasm = options.wasm;
    this.#keepRecovered = options.keepRecoveredBlobs ?? 0;
    this.#symbolRecovery = (options.recovery ?? 'symbols') === 'symbols';
    this.#rows = new RowCache(options.keepRowBytes ?? DEFAULT_KEEP_ROW_BYTES);
    // Sliver verification runs in the decoder's WebAssembly once it has loaded (sliver-verify.ts);
    // loading it now, not at the first recovery, makes the first rows' checks fast too. A failed
    // load leaves verification in JavaScript and is retried by the first recovery.
    this.#loadSymbolDecoder().catch(() => undefined);
  }

  async read(request: ReadRequest): Promise<ReadResult> {
    const started = this.#now();
    const blobId = typeof request.blobId === 'string' ? blobIdFromText(request.blobId) : request.blobId;
    const target = request.target ?? { kind: 'blob' };
    validate(request, target);
    const session = this.#session(blobId, request.signal);
    const { result, path, decoded } = await this.#hedgedRead(session, target, request);
    return {
      ...result,
      stats: {
        path,
        verification: request.sha256 ? 'sha256' : 'metadata',
        decoded,
        requests: session.requests,
        sliverRequests: session.sliverRequests,
        recoveredSlivers: [...session.recoveredFrom.values()].reduce((a, b) => a + b, 0),
        symbolRequests: session.symbolRequests,
        symbols: session.symbols,
        recoveredFrom: Object.fromEntries(
          [...session.recoveredFrom].map(([member, count]) => [session.nodeUrl(member), count]),
        ),
        bytes: session.bytes,
        ms: this.#now() - started,
        failures: session.failures,
      },
    };
  }

  /**
   * Streams bytes [start, end) of a blob row by row, each row verified against the blob's metadata
   * (cached per reader) before it goes out; see `BlobStream`. Resolves once the first row is
   * verified. Never falls back to decoding the whole blob: a row neither its node nor symbol
   * recovery can give errors the stream with NotEnoughSliversError.
   */
  async openStream(request: StreamRequest): Promise<BlobStream> {
    const blobId = typeof request.blobId === 'string' ? blobIdFromText(request.blobId) : request.blobId;
    validateStreamRequest(request);
    if ((request.start ?? 0) === 0) this.warmStream(blobId);
    const early = this.#earlyRows.take(blobIdToText(blobId));
    const metadata = await this.#cachedMetadata(blobId, request.signal);
    const length = metadata.unencodedLength;
    const g = this.#g;
    const span = rowSpan(length, primarySliverSize(g, symbolSize(g, length)), request.start, request.end);
    // Every request passes the stream's own signal, so the session needs none.
    const session = this.#session(blobId, undefined, { metadata, keepFetched: false });
    return openRowStream({
      blobId,
      length,
      span,
      window: windowRows(request.windowBytes ?? DEFAULT_WINDOW_BYTES, span.rowSize, this.#concurrency),
      ...(request.sha256 ? { sha256: request.sha256 } : {}),
      fetchRow: cachedRows(
        this.#rows,
        blobIdToText(blobId),
        span.rowSize,
        firstRowFrom(
          span.firstRow === 0 ? early : undefined,
          metadata,
          g,
          verifiedRowSource({ session, metadata, gather: this.#gatherOptions(), rows: rowCount(span) }),
        ),
      ),
      ...(request.signal ? { signal: request.signal } : {}),
    });
  }

  /**
   * Starts what a stream from the start of `blobId` will wait for, its metadata and its first row,
   * side by side, when the metadata is not already known. A caller that will stream a blob calls
   * it as early as it knows that; `openStream` calls it too, for streams from byte 0.
   */
  warmStream(blobId: Uint8Array | string): void {
    const id = typeof blobId === 'string' ? blobIdFromText(blobId) : blobId;
    const key = blobIdToText(id);
    if (this.#metadataCache.has(id) || this.#earlyRows.has(key)) return;
    void this.#cachedMetadata(id, undefined).catch(() => undefined);
    const session = this.#session(id, undefined);
    this.#earlyRows.start(key, () => session.fetchSliver(0, 'primary'));
  }

  /**
   * Opens connections to the nodes holding the columns around a quilt patch (quilt-neighbours.ts),
   * for the files a page names, whose reads come a chain lookup later. One health request per node,
   * timed like any request (so it teaches the reader the node's distance, or that it is down), and
   * none to a node warmed in the last `WARM_AGAIN_MS`.
   */
  warmQuiltNeighbours(blobId: Uint8Array | string, start: number, end: number): void {
    const id = typeof blobId === 'string' ? blobIdFromText(blobId) : blobId;
    // Only the blob's shard rotation is needed here, not a read session.
    const offset = this.#map.offsetOf(id);
    const now = this.#now();
    const members = neighbourNodes({
      start,
      end,
      columns: this.#g.s,
      memberOfColumn: (column) => this.#map.memberIndexOfPair(this.#g.n - 1 - column, offset),
    });
    for (const member of members) {
      const last = this.#warmedAt.get(member);
      if (last !== undefined && now - last < WARM_AGAIN_MS) continue;
      this.#warmedAt.set(member, now);
      void this.#clients[member]!.getHealth({ timeoutMs: this.#timeoutMs }).catch(() => undefined);
    }
  }

  /** The blob's length if its verified metadata is already cached, else undefined (nothing is asked). */
  knownBlobLength(blobId: Uint8Array | string): number | undefined {
    const id = typeof blobId === 'string' ? blobIdFromText(blobId) : blobId;
    return this.#metadataCache.peek(id)?.unencodedLength;
  }

  /** The blob's unencoded length, from its verified metadata (cached per reader by blob ID). */
  async blobLength(blobId: Uint8Array | string, signal?: AbortSignal): Promise<number> {
    const id = typeof blobId === 'string' ? blobIdFromText(blobId) : blobId;
    return (await this.#cachedMetadata(id, signal)).unencodedLength;
  }

  #cachedMetadata(blobId: Uint8Array, signal: AbortSignal | undefined): Promise<BlobMetadata> {
    return this.#metadataCache.get(blobId, (load) => this.#session(blobId, load).metadata(), signal);
  }

  #session(
    blobId: Uint8Array,
    signal: AbortSignal | undefined,
    extra?: { metadata: BlobMetadata; keepFetched: boolean },
  ): ReadSession {
    return new ReadSession({
      blobId,
      g: this.#g,
      map: this.#map,
      clients: this.#clients,
      signal,
      timeoutMs: this.#timeoutMs,
      // Metadata is one request on the critical path: a slow node gets company well before the hedge.
      metadataStaggerMs: Math.min(500, this.#hedgeAfterMs),
      latency: this.#latency,
      ...extra,
    });
  }

  /**
   * Runs the direct path, which recovers single missing or late slivers from decoding symbols;
   * only when that cannot work does the read collect p primary slivers and decode the whole blob.
   */
  async #hedgedRead(
    session: ReadSession,
    target: ReadTarget,
    request: ReadRequest,
  ): Promise<{ result: Extracted; path: ReadStats['path']; decoded: boolean }> {
    // A blob recovered moments ago serves further patches without asking any node again.
    const shared = wholeBlob(target) ? this.#recovered.get(blobIdToText(session.blobId)) : undefined;
    if (shared) {
      const recovered = await shared.catch(() => null);
      if (recovered) {
        const result = await this.#extractRecovered(session, recovered, target, request);
        return { result, path: 'fallback', decoded: recovered.decoded };
      }
    }
    const signal = request.signal ?? new AbortController().signal;
    try {
      const result = await this.#direct(session, target, request, signal);
      return { result, path: session.recoveredFrom.size > 0 ? 'recovered' : 'direct', decoded: false };
    } catch (error) {
      if (!(error instanceof NeedsWholeBlob)) throw error;
      session.failures.push({ node: 'recovery', what: 'single slivers', reason: error.reason });
    }
    request.signal?.throwIfAborted();
    const recovered = await this.#recoverShared(session, target, request, signal);
    const result = await this.#extractRecovered(session, recovered, target, request);
    return { result, path: 'fallback', decoded: recovered.decoded };
  }

  // ---- direct path -------------------------------------------------------------------------

  /**
   * Site files are checked by their SHA-256 alone, which needs no metadata. When that check fails
   * (a node lied, and decoding symbols carry no proofs) the read is repeated with the metadata, so
   * every sliver is verified on its own and lying nodes are named and skipped.
   */
  async #direct(
    session: ReadSession,
    target: ReadTarget,
    request: ReadRequest,
    signal: AbortSignal,
  ): Promise<Extracted> {
    const verified = !request.sha256;
    try {
      return await this.#directOnce(session, target, request, signal, verified);
    } catch (error) {
      if (verified || !(error instanceof NeedsWholeBlob)) throw error;
      return this.#directOnce(session, target, request, signal, true);
    }
  }

  async #directOnce(
    session: ReadSession,
    target: ReadTarget,
    request: ReadRequest,
    signal: AbortSignal,
    verified: boolean,
  ): Promise<Extracted> {
    switch (target.kind) {
      case 'blob':
      case 'range':
        return this.#directRange(session, target, request, signal, verified);
      case 'patch':
        if (target.end > session.g.s) {
          throw new InvalidReadRequestError(
            `quilt columns [${target.start}, ${target.end}) exceed the ${session.g.s} columns of a ${session.g.n}-shard blob`,
          );
        }
        return this.#directPatch(session, target.start, target.end, request, signal, verified);
      case 'identifier': {
        const entry = await this.#directIndexEntry(session, target.identifier, signal);
        return this.#directPatch(session, entry.start, entry.end, request, signal, verified);
      }
    }
  }

  #gatherOptions(): GatherOptions {
    return {
      concurrency: this.#concurrency,
      hedgeAfterMs: this.#hedgeAfterMs,
      symbols: this.#symbolRecovery,
      recovery: {
        // Every node a recovery needs is asked at once: it waits for the slowest of them anyway,
        // and on a mainnet-sized committee with a region down that is 30–50 nodes; asked 16 at a
        // time, the farther half waited for the nearer half first, a second intercontinental
        // round trip. Recovery only asks nodes until their shards cover what it needs.
        concurrency: Math.max(4, 2 * this.#concurrency),
        slowAfterMs: Math.min(1000, this.#hedgeAfterMs),
        loadDecoder: () => this.#loadSymbolDecoder(),
      },
    };
  }

  async #directRange(
    session: ReadSession,
    target: Extract<ReadTarget, { kind: 'blob' | 'range' }>,
    request: ReadRequest,
    signal: AbortSignal,
    verified: boolean,
  ): Promise<Extracted> {
    const metadata = !verified && request.length !== undefined ? undefined : await session.metadata();
    const length = this.#length(metadata, request);
    const [start, end] = rangeOf(target, length);
    const sym = symbolSize(session.g, length);
    const rowSize = primarySliverSize(session.g, sym);
    const rows = rowsForRange(start, end, rowSize);
    const spec = { type: 'primary' as const, indices: rows, symbolSize: sym, metadata };
    const fetched = await gatherSlivers(session, spec, this.#gatherOptions(), signal);
    const data = cutRange(fetched, start, end, rowSize);
    if (request.sha256 && !(await sha256Matches(data, request.sha256))) {
      session.failures.push({
        node: verified ? 'verified read' : 'direct read',
        what: `rows ${rows[0]}..${rows.at(-1)}`,
        reason: 'SHA-256 mismatch',
      });
      throw new NeedsWholeBlob('SHA-256 mismatch');
    }
    return { data };
  }

  async #directPatch(
    session: ReadSession,
    start: number,
    end: number,
    request: ReadRequest,
    signal: AbortSignal,
    verified: boolean,
  ): Promise<Extracted> {
    const { g } = session;
    let metadata = verified ? await session.metadata() : undefined;
    // Columns carry their symbol size; without metadata or a length the first one tells us, and
    // the SHA-256 check at the end catches a node that lied about it. If the first column is not
    // to be had, the metadata tells instead (and then verifies every column).
    let sym = metadata
      ? symbolSize(g, metadata.unencodedLength)
      : request.length !== undefined
        ? symbolSize(g, request.length)
        : 0;
    // Another patch of this quilt, read and checked lately, told its size: all columns at once.
    const remembered = sym === 0 ? this.#symbolSizes.get(session.blobId) : 0;
    if (remembered > 0) sym = remembered;
    const columns = new Map<number, Uint8Array>();
    if (sym === 0) {
      // A slow first column is hedged like any other: past `hedgeAfterMs` it is rebuilt instead.
      const late = new AbortController();
      const timer = Number.isFinite(this.#hedgeAfterMs)
        ? setTimeout(() => late.abort(), this.#hedgeAfterMs)
        : undefined;
      const first = await session.fetchSliver(
        g.n - 1 - start,
        'secondary',
        AbortSignal.any([signal, late.signal]),
      );
      clearTimeout(timer);
      signal.throwIfAborted();
      const size = first ? secondarySliverSize(g, first.sliver.symbolSize) : 0;
      if (first && first.sliver.index === start && first.sliver.data.length === size) {
        sym = first.sliver.symbolSize;
        columns.set(start, first.sliver.data);
      } else {
        const member = session.memberOfPair(g.n - 1 - start);
        if (first) session.distrust(member, `secondary sliver ${first.pair}`, 'malformed column');
        // The node is out, and its neighbouring columns (consecutive shards) likely with it: rebuild
        // those together from symbols, which also tell the symbol size, so no metadata is needed.
        const same = range(start, end).filter((c) => session.memberOfPair(g.n - 1 - c) === member);
        const target = { type: 'secondary' as const, indices: same, symbolSize: 0, avoid: new Set([member]) };
        try {
          if (!this.#symbolRecovery) throw new SliverRecoveryError('symbol recovery is off');
          const recovered = await recoverSlivers(session, target, this.#gatherOptions().recovery, signal);
          for (const [c, d] of recovered) columns.set(c, d);
          sym = recovered.get(start)!.length / g.p;
        } catch (error) {
          if (!(error instanceof SliverRecoveryError)) throw error;
          session.failures.push({ node: 'recovery', what: `column ${start}`, reason: error.message });
          metadata = await session.metadata();
          sym = symbolSize(g, metadata.unencodedLength);
        }
      }
    }
    const rest = range(start, end).filter((c) => !columns.has(c));
    const spec = { type: 'secondary' as const, indices: rest, symbolSize: sym, metadata };
    let extracted: Extracted;
    try {
      for (const [c, d] of await gatherSlivers(session, spec, this.#gatherOptions(), signal))
        columns.set(c, d);
      extracted = await this.#finishPatch(session, columns, start, end, request, verified);
    } catch (error) {
      if (remembered > 0) this.#symbolSizes.forget(session.blobId);
      throw error;
    }
    if (request.sha256 || verified) this.#symbolSizes.note(session.blobId, sym);
    return extracted;
  }

  async #finishPatch(
    session: ReadSession,
    columns: Map<number, Uint8Array>,
    start: number,
    end: number,
    request: ReadRequest,
    verified: boolean,
  ): Promise<Extracted> {
    let patch;
    try {
      patch = parseQuiltPatch(joinColumns(columns, start, end));
    } catch (error) {
      if (!(error instanceof QuiltFormatError)) throw error;
      // Verified columns that do not parse mean the quilt itself is malformed; unverified ones
      // may just be a lying node, so try the verified path.
      if (verified) throw error;
      session.failures.push({
        node: 'direct read',
        what: `columns ${start}..${end - 1}`,
        reason: error.message,
      });
      throw new NeedsWholeBlob(error.message);
    }
    if (request.sha256 && !(await sha256Matches(patch.data, request.sha256))) {
      session.failures.push({
        node: verified ? 'verified read' : 'direct read',
        what: `columns ${start}..${end - 1}`,
        reason: 'SHA-256 mismatch',
      });
      throw new NeedsWholeBlob('SHA-256 mismatch');
    }
    return { data: patch.data, patch: { identifier: patch.identifier, tags: patch.tags } };
  }

  /** Reads and verifies the index columns, then finds the identifier. */
  async #directIndexEntry(
    session: ReadSession,
    identifier: string,
    signal: AbortSignal,
  ): Promise<QuiltIndexEntry> {
    const { g } = session;
    const metadata = await session.metadata();
    const sym = symbolSize(g, metadata.unencodedLength);
    const columnSize = secondarySliverSize(g, sym);
    const options = this.#gatherOptions();
    const spec = { type: 'secondary' as const, symbolSize: sym, metadata };
    const first = await gatherSlivers(session, { ...spec, indices: [0] }, options, signal);
    const prefix = first.get(0)!;
    const total = quiltIndexByteLength(prefix.subarray(0, QUILT_INDEX_PREFIX_SIZE));
    const count = Math.ceil(total / columnSize);
    if (count > MAX_QUILT_INDEX_COLUMNS) throw new QuiltFormatError(`quilt index spans ${count} columns`);
    const more = await gatherSlivers(session, { ...spec, indices: range(1, count) }, options, signal);
    more.set(0, prefix);
    return findEntry(parseQuiltIndex(joinColumns(more, 0, count), columnSize), identifier);
  }

  // ---- fallback path -----------------------------------------------------------------------

  async #recover(
    session: ReadSession,
    target: ReadTarget,
    request: ReadRequest,
    signal: AbortSignal,
  ): Promise<RecoveredBlob> {
    const metadata = await session.metadata();
    const length = this.#length(metadata, request);
    const { g } = session;
    let needed: number[];
    if (target.kind === 'blob' || target.kind === 'range') {
      const [start, end] = rangeOf(target, length);
      needed = rowsForRange(start, end, primarySliverSize(g, symbolSize(g, length)));
    } else {
      needed = range(0, g.p); // every column spans all rows
    }
    const options = {
      concurrency: this.#concurrency,
      slowAfterMs: Math.min(1000, this.#hedgeAfterMs),
      loadCodec: (n: number) => this.#loadCodec(n),
    };
    return recover(session, [...session.fetched], needed, options, signal);
  }

  /** `#recover`, shared between concurrent and recent reads of the same whole blob. */
  async #recoverShared(
    session: ReadSession,
    target: ReadTarget,
    request: ReadRequest,
    signal: AbortSignal,
  ): Promise<RecoveredBlob> {
    if (!wholeBlob(target) || this.#keepRecovered === 0)
      return this.#recover(session, target, request, signal);
    const key = blobIdToText(session.blobId);
    const pending = this.#recovered.get(key);
    if (pending) {
      const done = await pending.catch(() => null);
      if (done) return done;
    }
    const mine = this.#recover(session, target, request, signal);
    this.#recovered.delete(key);
    this.#recovered.set(key, mine);
    // Keep a few: each holds a decoded blob in memory.
    while (this.#recovered.size > this.#keepRecovered)
      this.#recovered.delete(this.#recovered.keys().next().value!);
    mine.catch(() => {
      if (this.#recovered.get(key) === mine) this.#recovered.delete(key);
    });
    return mine;
  }

  async #extractRecovered(
    session: ReadSession,
    recovered: RecoveredBlob,
    target: ReadTarget,
    request: ReadRequest,
  ): Promise<Extracted> {
    const { g } = session;
    let result: Extracted;
    if (target.kind === 'blob' || target.kind === 'range') {
      const length = recovered.metadata.unencodedLength;
      const [start, end] = rangeOf(target, length);
      const rowSize = primarySliverSize(g, recovered.sym);
      const rows = new Map(rowsForRange(start, end, rowSize).map((r) => [r, recovered.row(r)]));
      result = { data: cutRange(rows, start, end, rowSize) };
    } else {
      const columnSize = secondarySliverSize(g, recovered.sym);
      let start: number;
      let end: number;
      if (target.kind === 'identifier') {
        const total = quiltIndexByteLength(recovered.column(0).subarray(0, QUILT_INDEX_PREFIX_SIZE));
        const count = Math.min(Math.ceil(total / columnSize), MAX_QUILT_INDEX_COLUMNS + 1);
        const index = joinColumns(new Map(range(0, count).map((c) => [c, recovered.column(c)])), 0, count);
        ({ start, end } = findEntry(parseQuiltIndex(index, columnSize), target.identifier));
      } else {
        ({ start, end } = target);
      }
      if (end > g.s)
        throw new QuiltFormatError(
          `quilt patch columns [${start}, ${end}) exceed the ${g.s} columns of the blob`,
        );
      const columns = new Map(range(start, end).map((c) => [c, recovered.column(c)]));
      const patch = parseQuiltPatch(joinColumns(columns, start, end));
      result = { data: patch.data, patch: { identifier: patch.identifier, tags: patch.tags } };
    }
    if (request.sha256 && !(await sha256Matches(result.data, request.sha256))) {
      throw new IntegrityError(
        `content of blob ${blobIdToText(session.blobId)} verified against its metadata does not match the expected SHA-256`,
      );
    }
    return result;
  }

  #length(metadata: BlobMetadata | undefined, request: ReadRequest): number {
    if (metadata && request.length !== undefined && metadata.unencodedLength !== request.length) {
      throw new InvalidReadRequestError(
        `caller says the blob has ${request.length} bytes but its verified metadata says ${metadata.unencodedLength}`,
      );
    }
    const length = metadata?.unencodedLength ?? request.length;
    if (length === undefined) throw new ReadError('blob length unknown');
    return length;
  }

  #loadSymbolDecoder(): Promise<SymbolDecoder> {
    this.#symbolDecoder ??= loadSymbolDecoder().catch((error: unknown) => {
      this.#symbolDecoder = undefined; // let the next recovery retry the load
      throw error;
    });
    return this.#symbolDecoder;
  }

  #loadCodec(n: number): Promise<WalrusCodec> {
    this.#codec ??= loadEncoding(this.#wasm)
      .then(() => new WalrusCodec(n))
      .catch((error: unknown) => {
        this.#codec = undefined; // let the next fallback retry the load
        throw error;
      });
    return this.#codec;
  }
}

function validate(request: ReadRequest, target: ReadTarget): void {
  if (request.length !== undefined && (!Number.isSafeInteger(request.length) || request.length < 0)) {
    throw new InvalidReadRequestError(`invalid blob length ${request.length}`);
  }
  if (request.sha256 && request.sha256.length !== 32) {
    throw new InvalidReadRequestError(`a SHA-256 has 32 bytes, got ${request.sha256.length}`);
  }
  if (
    target.kind === 'range' &&
    (!Number.isSafeInteger(target.start) ||
      !Number.isSafeInteger(target.end) ||
      target.start < 0 ||
      target.end < target.start)
  ) {
    throw new InvalidReadRequestError(`invalid byte range [${target.start}, ${target.end})`);
  }
  if (
    target.kind === 'patch' &&
    (!Number.isInteger(target.start) ||
      !Number.isInteger(target.end) ||
      target.start < 0 ||
      target.end <= target.start)
  ) {
    throw new InvalidReadRequestError(`invalid quilt column range [${target.start}, ${target.end})`);
  }
}

function rangeOf(target: Extract<ReadTarget, { kind: 'blob' | 'range' }>, length: number): [number, number] {
  if (target.kind === 'blob') return [0, length];
  if (target.end > length) {
    throw new InvalidReadRequestError(
      `byte range [${target.start}, ${target.end}) exceeds the blob's ${length} bytes`,
    );
  }
  return [target.start, target.end];
}

function findEntry(entries: readonly QuiltIndexEntry[], identifier: string): QuiltIndexEntry {
  const entry = entries.find((e) => e.identifier === identifier);
  if (!entry) throw new QuiltPatchNotFoundError(`quilt has no patch named ${JSON.stringify(identifier)}`);
  return entry;
}

function range(start: number, end: number): number[] {
  return Array.from({ length: Math.max(0, end - start) }, (_, i) => start + i);
}
