// State of one read: node health as learned during this read, request/byte counters, failures,
// and the verified metadata once fetched. Every network call of the reader goes through here.
import { parseBlobMetadataWithId, parseSliverData, type BlobMetadata, type SliverData } from './bcs.ts';
import type { ShardMap } from './committee.ts';
import type { Geometry } from './geometry.ts';
import { verifyMetadata } from './metadata.ts';
import type { StorageNodeClient } from './node-client.ts';
import type { NodeLatency } from './node-latency.ts';
import {
  NodeConnectionError,
  NodeRequestAbortedError,
  NodeTimeoutError,
  StorageNodeApiError,
} from './node-errors.ts';
import type { SliverType } from './node-types.ts';
import { SymbolBatcher } from './symbol-batcher.ts';
import { MetadataUnavailableError, type ReadFailure } from './read-errors.ts';
import {
  parseDecodingSymbols,
  parseRecoverySymbols,
  type DecodingSymbol,
  type RecoverySymbol,
  type SymbolId,
} from './symbols-bcs.ts';

export interface FetchedSliver {
  readonly pair: number;
  readonly type: SliverType;
  /** The response body (BCS), kept because the WASM decoder takes BCS slivers. */
  readonly bcs: Uint8Array;
  readonly sliver: SliverData;
}

export class ReadSession {
  readonly blobId: Uint8Array;
  readonly g: Geometry;
  readonly offset: number;
  readonly failures: ReadFailure[] = [];
  /**
   * Every well-formed sliver received, so a hedged or failed direct path can hand them to recovery.
   * Empty when the session was made with `keepFetched: false`.
   */
  readonly fetched: FetchedSliver[] = [];
  requests = 0;
  sliverRequests = 0;
  /** `decodingSymbols` / `recoverySymbols` requests, one per node per recovery round. */
  symbolRequests = 0;
  /** Symbols received from those requests. */
  symbols = 0;
  bytes = 0;
  /** Slivers recovered from symbols, by member index of the node that should have served them. */
  readonly recoveredFrom = new Map<number, number>();
  /** Members that answered a request in this read: the first ones asked during recovery. */
  readonly answered = new Set<number>();
  #metadata: Promise<BlobMetadata> | undefined;
  /** Members that could not be reached: all their shards are skipped for the rest of the read. */
  readonly #unreachable = new Set<number>();
  /** Members that served data failing verification: not trusted again during this read. */
  readonly #lying = new Set<number>();
  readonly #map: ShardMap;
  readonly #clients: readonly StorageNodeClient[];
  readonly #signal: AbortSignal | undefined;
  readonly #timeoutMs: number;
  readonly #metadataStaggerMs: number;
  readonly #latency: NodeLatency;
  readonly #keepFetched: boolean;

  constructor(args: {
    blobId: Uint8Array;
    g: Geometry;
    map: ShardMap;
    clients: readonly StorageNodeClient[];
    signal: AbortSignal | undefined;
    timeoutMs: number;
    metadataStaggerMs: number;
    /** What is known about the nodes' speed, from earlier reads; used to choose among equals. */
    latency: NodeLatency;
    /** Metadata already verified against `blobId` (e.g. cached): no node is asked for it. */
    metadata?: BlobMetadata;
    /**
     * Keep every sliver in `fetched` for a whole-blob fallback (default true). A stream has no such
     * fallback and would otherwise hold every row it ever served.
     */
    keepFetched?: boolean;
  }) {
    this.blobId = args.blobId;
    this.g = args.g;
    this.#map = args.map;
    this.#clients = args.clients;
    this.#signal = args.signal;
    this.#timeoutMs = args.timeoutMs;
    this.#metadataStaggerMs = args.metadataStaggerMs;
    this.#latency = args.latency;
    this.#keepFetched = args.keepFetched ?? true;
    if (args.metadata) this.#metadata = Promise.resolve(args.metadata);
    this.offset = args.map.offsetOf(args.blobId);
  }

  memberOfPair(pair: number): number {
    return this.#map.memberIndexOfPair(pair, this.offset);
  }

  isUsable(member: number): boolean {
    return !this.#unreachable.has(member) && !this.#lying.has(member);
  }

  nodeUrl(member: number): string {
    return this.#clients[member]!.url;
  }

  /**
   * `items` with the fastest known nodes first (by `memberOf`), keeping the given order among nodes
   * equally fast. For choices between interchangeable sources: symbols, metadata, fallback slivers.
   */
  byLatency<T>(items: readonly T[], memberOf: (item: T) => number): T[] {
    const urls = [...new Set(items.map((item) => this.nodeUrl(memberOf(item))))];
    const rank = new Map(this.#latency.order(urls).map((url, i) => [url, i]));
    return items
      .map((item, i) => ({ item, i, rank: rank.get(this.nodeUrl(memberOf(item)))! }))
      .sort((a, b) => a.rank - b.rank || a.i - b.i)
      .map((x) => x.item);
  }

  /** Records bad data from `member`; its other shards are not asked again during this read. */
  distrust(member: number, what: string, reason: string): void {
    this.#lying.add(member);
    this.failures.push({ node: this.nodeUrl(member), what, reason });
  }

  /** One sliver from the node owning its pair, or undefined (with the failure recorded). */
  async fetchSliver(
    pair: number,
    type: SliverType,
    signal?: AbortSignal,
  ): Promise<FetchedSliver | undefined> {
    const member = this.memberOfPair(pair);
    const what = `${type} sliver ${pair}`;
    if (!this.isUsable(member)) return undefined;
    this.requests++;
    this.sliverRequests++;
    let bcs: Uint8Array;
    try {
      bcs = await this.#clients[member]!.getSliver(this.blobId, pair, type, this.#options(signal));
    } catch (error) {
      this.#recordError(member, what, error, signal);
      return undefined;
    }
    this.bytes += bcs.length;
    this.answered.add(member);
    try {
      const fetched = { pair, type, bcs, sliver: parseSliverData(bcs) };
      if (this.#keepFetched) this.fetched.push(fetched);
      return fetched;
    } catch (error) {
      this.distrust(member, what, (error as Error).message);
      return undefined;
    }
  }

  /**
   * Decoding symbols for `targets` (systematic slivers of `type`) from every shard `member` holds,
   * in one request, or undefined with the failure recorded. Symbols are not checked here: the
   * recovery checks their shape and the decoded sliver is verified before use.
   */
  fetchDecodingSymbols(
    member: number,
    targets: readonly number[],
    type: SliverType,
    signal?: AbortSignal,
  ): Promise<Map<number, DecodingSymbol[]> | undefined> {
    // Recoveries of several rows at once (a stream past a node that is down) share one request per
    // node: see symbol-batcher.ts.
    return this.#symbolBatcher.request(member, type, targets, signal);
  }

  readonly #symbolBatcher = new SymbolBatcher((member, type, targets, signal) =>
    this.#symbolRequest(
      member,
      `decoding symbols for ${type} slivers ${describeIndices(targets)}`,
      (client, options) => client.getDecodingSymbols(this.blobId, targets, type, options),
      (bytes) => {
        const symbols = parseDecodingSymbols(bytes);
        return { value: symbols, count: [...symbols.values()].reduce((n, list) => n + list.length, 0) };
      },
      signal,
    ),
  );

  /** Recovery symbols (with Merkle proofs against `proofAxis` slivers) by ID from `member`. */
  fetchRecoverySymbols(
    member: number,
    ids: readonly SymbolId[],
    proofAxis: SliverType,
    signal?: AbortSignal,
  ): Promise<RecoverySymbol[] | undefined> {
    return this.#symbolRequest(
      member,
      `${ids.length} recovery symbols`,
      (client, options) => client.getRecoverySymbols(this.blobId, { kind: 'ids', ids, proofAxis }, options),
      (bytes) => {
        const symbols = parseRecoverySymbols(bytes);
        return { value: symbols, count: symbols.length };
      },
      signal,
    );
  }

  /** One symbol request: counted, its failure recorded, an unparsable body distrusting the node. */
  async #symbolRequest<T>(
    member: number,
    what: string,
    call: (
      client: StorageNodeClient,
      options: { signal?: AbortSignal; timeoutMs: number },
    ) => Promise<Uint8Array>,
    parse: (bytes: Uint8Array) => { value: T; count: number },
    signal?: AbortSignal,
  ): Promise<T | undefined> {
    if (!this.isUsable(member)) return undefined;
    this.requests++;
    this.symbolRequests++;
    let bytes: Uint8Array;
    try {
      bytes = await call(this.#clients[member]!, this.#options(signal));
    } catch (error) {
      this.#recordError(member, what, error, signal);
      return undefined;
    }
    this.bytes += bytes.length;
    this.answered.add(member);
    try {
      const { value, count } = parse(bytes);
      this.symbols += count;
      return value;
    } catch (error) {
      this.distrust(member, what, (error as Error).message);
      return undefined;
    }
  }

  /** Verified metadata, fetched once per read from the first node that returns a valid copy. */
  metadata(): Promise<BlobMetadata> {
    this.#metadata ??= this.#fetchMetadata();
    return this.#metadata;
  }

  /**
   * Asks one node at a time, but starts the next node early when an answer is slow
   * (`metadataStaggerMs`) and at once when one fails; the first copy that verifies wins.
   */
  async #fetchMetadata(): Promise<BlobMetadata> {
    // Start at the node holding pair 0, which the direct path is likely to contact anyway, unless
    // other nodes are known to be faster.
    const first = this.memberOfPair(0);
    const count = this.#clients.length;
    const order = this.byLatency(
      Array.from({ length: count }, (_, i) => (first + i) % count).filter((m) => this.isUsable(m)),
      (m) => m,
    );
    const start = this.failures.length;
    const done = new AbortController();
    let next = 0;
    let running = 0;
    return new Promise<BlobMetadata>((resolve, reject) => {
      let timer: ReturnType<typeof setTimeout> | undefined;
      const finish = (outcome: { metadata: BlobMetadata } | { error: Error }) => {
        if (done.signal.aborted) return;
        clearTimeout(timer);
        done.abort();
        if ('metadata' in outcome) resolve(outcome.metadata);
        else reject(outcome.error);
      };
      const launch = (): void => {
        clearTimeout(timer);
        if (done.signal.aborted) return;
        if (this.#signal?.aborted) return finish({ error: this.#signal.reason as Error });
        if (next >= order.length) {
          if (running === 0)
            finish({ error: new MetadataUnavailableError(this.blobId, this.failures.slice(start)) });
          return;
        }
        const member = order[next++]!;
        running++;
        timer = setTimeout(launch, this.#metadataStaggerMs);
        void this.#metadataFrom(member, done.signal).then((metadata) => {
          running--;
          if (metadata) finish({ metadata });
          else launch();
        });
      };
      launch();
    });
  }

  async #metadataFrom(member: number, signal: AbortSignal): Promise<BlobMetadata | undefined> {
    if (!this.isUsable(member)) return undefined;
    this.requests++;
    let bytes: Uint8Array;
    try {
      bytes = await this.#clients[member]!.getMetadataBytes(this.blobId, this.#options(signal));
    } catch (error) {
      this.#recordError(member, 'metadata', error, signal);
      return undefined;
    }
    this.bytes += bytes.length;
    this.answered.add(member);
    try {
      return verifyMetadata(this.blobId, parseBlobMetadataWithId(bytes), this.g.n);
    } catch (error) {
      this.distrust(member, 'metadata', (error as Error).message);
      return undefined;
    }
  }

  #options(signal?: AbortSignal): { signal?: AbortSignal; timeoutMs: number } {
    const signals = [this.#signal, signal].filter((s): s is AbortSignal => s !== undefined);
    const combined =
      signals.length === 0 ? undefined : signals.length === 1 ? signals[0] : AbortSignal.any(signals);
    return combined ? { signal: combined, timeoutMs: this.#timeoutMs } : { timeoutMs: this.#timeoutMs };
  }

  #recordError(member: number, what: string, error: unknown, localSignal?: AbortSignal): void {
    // Requests we cancelled ourselves (enough slivers already) are not the node's fault.
    if (error instanceof NodeRequestAbortedError && localSignal?.aborted && !this.#signal?.aborted) return;
    if (error instanceof NodeConnectionError || error instanceof NodeTimeoutError)
      this.#unreachable.add(member);
    // Short, class-based reasons (the sliver is in `what`), so `summarize` can group 1000 shards.
    const message =
      error instanceof NodeConnectionError
        ? `unreachable (${(error.cause as Error | undefined)?.message ?? 'connection failed'})`
        : error instanceof NodeTimeoutError
          ? 'timed out'
          : error instanceof StorageNodeApiError
            ? `HTTP ${error.status}${error.reason ? ` ${error.reason}` : ''}`
            : error instanceof Error
              ? error.message.replace(`${this.nodeUrl(member)}: `, '')
              : String(error);
    this.failures.push({ node: this.nodeUrl(member), what, reason: message });
  }
}

/** "3", "3, 7" or "3, 7, 9 and 12 more": short enough for an error message. */
function describeIndices(indices: readonly number[]): string {
  const head = indices.slice(0, 3).join(', ');
  return indices.length > 3 ? `${head} and ${indices.length - 3} more` : head;
}
