// Floe's reader: fetch only the systematic slivers that hold the wanted bytes (rows for blobs and
// ranges, columns for quilt patches), verify, and fall back to collecting p verified primary
// slivers from any nodes plus a WASM decode when a sliver is missing, slow or wrong. It never
// returns bytes that failed verification (reference/walrus-protocol.md §3.5, DESIGN.md §4, §8).
import { blobIdFromText, blobIdToText } from './blob-id.ts';
import type { BlobMetadata } from './bcs.ts';
import { ShardMap, type Committee } from './committee.ts';
import { loadEncoding, WalrusCodec, type WasmSource } from './encoding.ts';
import { geometry, primarySliverSize, secondarySliverSize, symbolSize, type Geometry } from './geometry.ts';
import { StorageNodeClient, type FetchLike } from './node-client.ts';
import { runPool } from './pool.ts';
import {
  IntegrityError,
  InvalidReadRequestError,
  QuiltPatchNotFoundError,
  ReadError,
} from './read-errors.ts';
import { cutRange, joinColumns, rowsForRange } from './read-plan.ts';
import { ReadSession, type FetchedSliver } from './read-session.ts';
import { recover, type RecoveredBlob } from './recovery.ts';
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
import { SliverVerificationError, verifySliver } from './sliver-verify.ts';

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
  /** `direct`: only the slivers holding the bytes; `fallback`: p primary slivers (+ decode if needed). */
  readonly path: 'direct' | 'fallback';
  readonly verification: 'sha256' | 'metadata';
  readonly decoded: boolean;
  readonly requests: number;
  readonly sliverRequests: number;
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
   * When the direct path has not finished after this long (a slow node), recovery starts beside
   * it and the first verified answer wins (default 3 s; Infinity disables hedging).
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
}

/** Targets whose recovery needs every row, so one recovery serves them all. */
function wholeBlob(target: ReadTarget): boolean {
  return target.kind === 'blob' || target.kind === 'patch' || target.kind === 'identifier';
}

/** Raised inside the direct path to switch to recovery (which reuses the slivers already fetched). */
class NeedsRecovery {}

type Settled<T> = { ok: true; value: T } | { ok: false; error: unknown };

function settle<T>(promise: Promise<T>): Promise<Settled<T>> {
  return promise.then(
    (value) => ({ ok: true as const, value }),
    (error: unknown) => ({ ok: false as const, error }),
  );
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
  /**
   * Recent whole-blob recoveries by blob ID. When nodes are down, every file of a quilt needs the
   * same p primary slivers and the same decode; a page loading ten files then does that work once.
   */
  readonly #recovered = new Map<string, Promise<RecoveredBlob>>();
  readonly #keepRecovered: number;

  constructor(options: ReaderOptions) {
    this.#map = new ShardMap(options.committee);
    this.#g = geometry(options.committee.n);
    const fetch = options.fetch;
    this.#clients = options.committee.members.map(
      (m) => new StorageNodeClient({ url: m.url, ...(fetch ? { fetch } : {}) }),
    );
    this.#timeoutMs = options.timeoutMs ?? 10_000;
    this.#concurrency = options.concurrency ?? 32;
    this.#hedgeAfterMs = options.hedgeAfterMs ?? 3000;
    this.#wasm = options.wasm;
    this.#now = options.now ?? (() => performance.now());
    this.#keepRecovered = options.keepRecoveredBlobs ?? 0;
  }

  async read(request: ReadRequest): Promise<ReadResult> {
    const started = this.#now();
    const blobId = typeof request.blobId === 'string' ? blobIdFromText(request.blobId) : request.blobId;
    const target = request.target ?? { kind: 'blob' };
    validate(request, target);
    const session = new ReadSession({
      blobId,
      g: this.#g,
      map: this.#map,
      clients: this.#clients,
      signal: request.signal,
      timeoutMs: this.#timeoutMs,
      // Metadata is one request on the critical path: a slow node gets company well before the hedge.
      metadataStaggerMs: Math.min(500, this.#hedgeAfterMs),
    });
    const { result, path, decoded } = await this.#hedgedRead(session, target, request);
    return {
      ...result,
      stats: {
        path,
        verification: request.sha256 ? 'sha256' : 'metadata',
        decoded,
        requests: session.requests,
        sliverRequests: session.sliverRequests,
        bytes: session.bytes,
        ms: this.#now() - started,
        failures: session.failures,
      },
    };
  }

  /**
   * Runs the direct path; if it fails, or is still running after `hedgeAfterMs` (a slow node),
   * runs recovery too and takes whichever verified answer arrives first.
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
    const directAbort = new AbortController();
    const recoveryAbort = new AbortController();
    const direct = settle(this.#direct(session, target, request, directAbort.signal));
    let timer: ReturnType<typeof setTimeout> | undefined;
    const hedge = new Promise<'hedge'>((resolve) => {
      if (Number.isFinite(this.#hedgeAfterMs)) timer = setTimeout(() => resolve('hedge'), this.#hedgeAfterMs);
    });
    const first = await Promise.race([direct, hedge]);
    clearTimeout(timer);
    if (first !== 'hedge') {
      if (first.ok) return { result: first.value, path: 'direct', decoded: false };
      if (!(first.error instanceof NeedsRecovery)) throw first.error;
    }
    request.signal?.throwIfAborted();
    const recovery = settle(
      (async () => {
        const recovered = await this.#recoverShared(session, target, request, recoveryAbort.signal);
        return { recovered, result: await this.#extractRecovered(session, recovered, target, request) };
      })(),
    );
    if (first === 'hedge') {
      const winner = await Promise.race([
        direct.then((d) => ({ from: 'direct' as const, d })),
        recovery.then((r) => ({ from: 'recovery' as const, r })),
      ]);
      if (winner.from === 'direct') {
        const d = winner.d;
        if (d.ok) {
          recoveryAbort.abort();
          await recovery;
          return { result: d.value, path: 'direct', decoded: false };
        }
        if (!(d.error instanceof NeedsRecovery)) {
          recoveryAbort.abort();
          await recovery;
          throw d.error;
        }
      } else {
        const r = winner.r;
        if (r.ok) {
          directAbort.abort();
          await direct;
          return { result: r.value.result, path: 'fallback', decoded: r.value.recovered.decoded };
        }
        // Recovery failed first; the direct path may still finish with verified bytes.
        const late = await direct;
        if (late.ok) return { result: late.value, path: 'direct', decoded: false };
        throw r.error;
      }
    }
    const outcome = await recovery;
    if (!outcome.ok) throw outcome.error;
    return { result: outcome.value.result, path: 'fallback', decoded: outcome.value.recovered.decoded };
  }

  // ---- direct path -------------------------------------------------------------------------

  async #direct(
    session: ReadSession,
    target: ReadTarget,
    request: ReadRequest,
    signal: AbortSignal,
  ): Promise<Extracted> {
    switch (target.kind) {
      case 'blob':
      case 'range':
        return this.#directRange(session, target, request, signal);
      case 'patch':
        if (target.end > session.g.s) {
          throw new InvalidReadRequestError(
            `quilt columns [${target.start}, ${target.end}) exceed the ${session.g.s} columns of a ${session.g.n}-shard blob`,
          );
        }
        return this.#directPatch(session, target.start, target.end, request, signal);
      case 'identifier': {
        const entry = await this.#directIndexEntry(session, target.identifier, signal);
        return this.#directPatch(session, entry.start, entry.end, request, signal);
      }
    }
  }

  async #directRange(
    session: ReadSession,
    target: Extract<ReadTarget, { kind: 'blob' | 'range' }>,
    request: ReadRequest,
    signal: AbortSignal,
  ): Promise<Extracted> {
    const metadata = request.sha256 && request.length !== undefined ? undefined : await session.metadata();
    const length = this.#length(metadata, request);
    const [start, end] = rangeOf(target, length);
    const sym = symbolSize(session.g, length);
    const rowSize = primarySliverSize(session.g, sym);
    const rows = rowsForRange(start, end, rowSize);
    const fetched = await this.#fetchAll(session, rows, 'primary', sym, rowSize, metadata, signal);
    if (fetched.size < rows.length) throw new NeedsRecovery();
    const data = cutRange(mapData(fetched), start, end, rowSize);
    if (request.sha256 && !(await sha256Matches(data, request.sha256))) {
      session.failures.push({
        node: 'direct read',
        what: `rows ${rows[0]}..${rows.at(-1)}`,
        reason: 'SHA-256 mismatch',
      });
      throw new NeedsRecovery();
    }
    return { data };
  }

  async #directPatch(
    session: ReadSession,
    start: number,
    end: number,
    request: ReadRequest,
    signal: AbortSignal,
  ): Promise<Extracted> {
    const { g } = session;
    const metadata = request.sha256 ? undefined : await session.metadata();
    // Columns carry their symbol size; without metadata or a length the first one tells us,
    // and the SHA-256 check at the end catches a node that lied about it.
    let sym = metadata
      ? symbolSize(g, metadata.unencodedLength)
      : request.length !== undefined
        ? symbolSize(g, request.length)
        : 0;
    if (sym === 0) {
      const first = await session.fetchSliver(g.n - 1 - start, 'secondary', signal);
      if (!first) throw new NeedsRecovery();
      sym = first.sliver.symbolSize;
      if (first.sliver.index !== start || first.sliver.data.length !== secondarySliverSize(g, sym)) {
        session.distrust(
          session.memberOfPair(first.pair),
          `secondary sliver ${first.pair}`,
          'malformed column',
        );
        throw new NeedsRecovery();
      }
      const rest = await this.#fetchAll(
        session,
        range(start + 1, end),
        'secondary',
        sym,
        secondarySliverSize(g, sym),
        metadata,
        signal,
      );
      rest.set(start, first);
      return this.#finishPatch(session, rest, start, end, request);
    }
    const columns = await this.#fetchAll(
      session,
      range(start, end),
      'secondary',
      sym,
      secondarySliverSize(g, sym),
      metadata,
      signal,
    );
    return this.#finishPatch(session, columns, start, end, request);
  }

  async #finishPatch(
    session: ReadSession,
    columns: Map<number, FetchedSliver>,
    start: number,
    end: number,
    request: ReadRequest,
  ): Promise<Extracted> {
    if (columns.size < end - start) throw new NeedsRecovery();
    let patch;
    try {
      patch = parseQuiltPatch(joinColumns(mapData(columns), start, end));
    } catch (error) {
      if (!(error instanceof QuiltFormatError)) throw error;
      // Verified columns that do not parse mean the quilt itself is malformed; unverified ones
      // may just be a lying node, so try the verified path.
      if (!request.sha256) throw error;
      session.failures.push({
        node: 'direct read',
        what: `columns ${start}..${end - 1}`,
        reason: error.message,
      });
      throw new NeedsRecovery();
    }
    if (request.sha256 && !(await sha256Matches(patch.data, request.sha256))) {
      session.failures.push({
        node: 'direct read',
        what: `columns ${start}..${end - 1}`,
        reason: 'SHA-256 mismatch',
      });
      throw new NeedsRecovery();
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
    const first = await this.#fetchAll(session, [0], 'secondary', sym, columnSize, metadata, signal);
    if (first.size < 1) throw new NeedsRecovery();
    const prefix = first.get(0)!.sliver.data;
    const total = quiltIndexByteLength(prefix.subarray(0, QUILT_INDEX_PREFIX_SIZE));
    const count = Math.ceil(total / columnSize);
    if (count > MAX_QUILT_INDEX_COLUMNS) throw new QuiltFormatError(`quilt index spans ${count} columns`);
    const more = await this.#fetchAll(
      session,
      range(1, count),
      'secondary',
      sym,
      columnSize,
      metadata,
      signal,
    );
    if (more.size < count - 1) throw new NeedsRecovery();
    more.set(0, first.get(0)!);
    return findEntry(parseQuiltIndex(joinColumns(mapData(more), 0, count), columnSize), identifier);
  }

  /**
   * Fetches systematic slivers (rows by row index, or columns by column index) in parallel.
   * With metadata each one is Merkle-verified; without it only its shape is checked here and the
   * caller's SHA-256 covers the content.
   */
  async #fetchAll(
    session: ReadSession,
    indices: readonly number[],
    type: 'primary' | 'secondary',
    sym: number,
    size: number,
    metadata: BlobMetadata | undefined,
    signal: AbortSignal,
  ): Promise<Map<number, FetchedSliver>> {
    const { g } = session;
    const out = new Map<number, FetchedSliver>();
    await runPool(indices, this.#concurrency, async (index) => {
      const pair = type === 'primary' ? index : g.n - 1 - index;
      const fetched = await session.fetchSliver(pair, type, signal);
      if (!fetched) return;
      const member = session.memberOfPair(pair);
      const { sliver } = fetched;
      if (sliver.index !== index || sliver.symbolSize !== sym || sliver.data.length !== size) {
        session.distrust(
          member,
          `${type} sliver ${pair}`,
          `wrong shape (index ${sliver.index}, symbol size ${sliver.symbolSize}, ${sliver.data.length} bytes)`,
        );
        return;
      }
      if (metadata) {
        try {
          verifySliver(sliver, type, pair, metadata, g);
        } catch (error) {
          if (!(error instanceof SliverVerificationError)) throw error;
          session.distrust(member, `${type} sliver ${pair}`, error.message);
          return;
        }
      }
      out.set(index, fetched);
    });
    return out;
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

function mapData(fetched: ReadonlyMap<number, FetchedSliver>): Map<number, Uint8Array> {
  return new Map([...fetched].map(([index, f]) => [index, f.sliver.data]));
}

function range(start: number, end: number): number[] {
  return Array.from({ length: Math.max(0, end - start) }, (_, i) => start + i);
}
