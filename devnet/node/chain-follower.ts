// The chain follower: keeps a node's persisted chain view (`StoredBlobState`) in step with Sui.
// It reads this node's shards from the Staking object's `StakingInnerV1` committee, and polls the
// Walrus `events` module from the persisted cursor, applying each batch of decoded blob events
// atomically together with the cursor of its last event, so a restart resumes exactly where the
// last commit stopped (re-applying is a no-op). Epoch-change events, and a periodic look at the
// Staking object, make it re-read the committee. RPC failures never stop the node: they are
// reported through `onError` and `/v1/health`, and polling backs off until the chain answers.
import { setTimeout as sleep } from 'node:timers/promises';
import { bcs } from '@mysten/sui/bcs';
import { SuiJsonRpcClient } from '@mysten/sui/jsonRpc';
import { deriveDynamicFieldID, fromBase64, normalizeSuiAddress } from '@mysten/sui/utils';
import type { EventId } from '../../core/walrus/node-types.ts';
import type { BlobEvent, BlobInfo } from './blob-info.ts';
import type { BlobStateSource, CommitteeView, StateChange, SyncStatus } from './blob-state.ts';
import {
  ChainDecodeError,
  committeeFor,
  decodeCursor,
  decodeExact,
  decodeWalrusEvent,
  encodeCursor,
  STAKING_INNER_FIELD_LAYOUT,
  STAKING_LAYOUT,
  type DecodedEvent,
  type RawEvent,
} from './chain-decode.ts';

/** Where Walrus lives on the chain and which node this is. */
export interface ChainLocation {
  /** Sui JSON-RPC URL. */
  readonly rpcUrl: string;
  /** The Walrus package (its `events` module emits the blob and epoch events). */
  readonly packageId: string;
  /** The shared Staking object (`packageConfig.stakingPoolId` in the SDK). */
  readonly stakingObjectId: string;
  /** This node's ID (its StakingPool's object ID). */
  readonly nodeId: string;
}

export interface ChainFollowerOptions extends ChainLocation {
  /** Pause between polls once caught up. @default 100 */
  readonly pollMs?: number;
  /** Longest pause after repeated failures (the pause doubles from `pollMs`). @default 5000 */
  readonly maxBackoffMs?: number;
  /** How often the committee is re-read even without epoch events. @default 2000 */
  readonly committeeCheckMs?: number;
  /** Events per query (Sui caps pages at 50). @default 50 */
  readonly pageSize?: number;
  /** Deadline of one RPC request. @default 10000 */
  readonly rpcTimeoutMs?: number;
  readonly onError?: (error: unknown, context: string) => void;
  /** For tests: the Sui client (default: a `SuiJsonRpcClient` on `rpcUrl`). */
  readonly client?: SuiJsonRpcClient;
  readonly now?: () => number;
}

/** What the follower writes to: `StoredBlobState` implements it. */
export interface FollowerTarget {
  committee(): CommitteeView;
  cursor(): string | undefined;
  setCommittee(committee: CommitteeView): Promise<void>;
  apply(events: readonly BlobEvent[], cursor?: string): Promise<void>;
  eventProgress(): { readonly persisted: number; readonly pending: number };
}

export interface FollowerStatus {
  /** The last poll found no further events. */
  readonly caughtUp: boolean;
  /** Event ID after which the next poll starts (persisted with the state). */
  readonly cursor: EventId | null;
  /** Walrus events processed since start (blob, epoch and ignored ones). */
  readonly eventsProcessed: number;
  /** Events fetched but not applied yet. */
  readonly pending: number;
  readonly consecutiveErrors: number;
  readonly lastError: { readonly message: string; readonly context: string; readonly atMs: number } | null;
  /** Wall-clock time of the last successful poll. */
  readonly lastSuccessMs: number | null;
}

const DEFAULT_POLL_MS = 100;
const DEFAULT_MAX_BACKOFF_MS = 5000;
const DEFAULT_COMMITTEE_CHECK_MS = 2000;
const DEFAULT_PAGE_SIZE = 50;
const DEFAULT_RPC_TIMEOUT_MS = 10_000;

export class ChainFollowerError extends Error {
  override name = 'ChainFollowerError';
}

/** The two reads the follower makes, over Sui JSON-RPC. */
export class ChainReader {
  readonly location: ChainLocation;
  readonly #client: SuiJsonRpcClient;
  readonly #timeoutMs: number;
  readonly #packageId: string;
  readonly #stakingId: string;

  constructor(location: ChainLocation, options: { client?: SuiJsonRpcClient; rpcTimeoutMs?: number } = {}) {
    this.location = location;
    this.#client = options.client ?? new SuiJsonRpcClient({ url: location.rpcUrl, network: 'localnet' });
    this.#timeoutMs = options.rpcTimeoutMs ?? DEFAULT_RPC_TIMEOUT_MS;
    this.#packageId = normalizeSuiAddress(location.packageId);
    this.#stakingId = normalizeSuiAddress(location.stakingObjectId);
  }

  /** This node's shards in the current committee, from `StakingInnerV1`. */
  async committee(signal?: AbortSignal): Promise<CommitteeView> {
    const staking = decodeExact(
      STAKING_LAYOUT,
      await this.#objectBcs(this.#stakingId, 'the Staking object', signal),
      'the Staking object',
    );
    // The inner state is the dynamic field `version: u64` → StakingInnerV1.
    const fieldId = deriveDynamicFieldID(
      this.#stakingId,
      'u64',
      bcs.u64().serialize(staking.version).toBytes(),
    );
    const field = decodeExact(
      STAKING_INNER_FIELD_LAYOUT,
      await this.#objectBcs(fieldId, `StakingInnerV1 (version ${staking.version})`, signal),
      'StakingInnerV1',
    );
    return committeeFor(field.value, this.location.nodeId);
  }

  /** One ascending page of Walrus events after `cursor`. */
  async events(
    cursor: EventId | undefined,
    limit: number,
    signal?: AbortSignal,
  ): Promise<{ data: RawEvent[]; hasNextPage: boolean }> {
    const page = await this.#client.queryEvents({
      query: { MoveEventModule: { package: this.#packageId, module: 'events' } },
      cursor: cursor ?? null,
      limit,
      order: 'ascending',
      signal: this.#signal(signal),
    });
    const data = page.data.map((event): RawEvent => {
      if (event.bcsEncoding !== 'base64' || typeof event.bcs !== 'string') {
        throw new ChainDecodeError(
          `event ${event.id.txDigest}:${event.id.eventSeq} came without base64 BCS (${event.bcsEncoding})`,
        );
      }
      return { id: event.id, type: event.type, bcs: event.bcs };
    });
    return { data, hasNextPage: page.hasNextPage };
  }

  async #objectBcs(id: string, what: string, signal?: AbortSignal): Promise<Uint8Array> {
    const response = await this.#client.getObject({
      id,
      options: { showBcs: true },
      signal: this.#signal(signal),
    });
    if (response.error || !response.data) {
      throw new ChainFollowerError(`cannot read ${what} ${id}: ${JSON.stringify(response.error ?? null)}`);
    }
    const raw = response.data.bcs;
    if (!raw || raw.dataType !== 'moveObject') throw new ChainFollowerError(`${what} ${id} came without BCS`);
    return fromBase64(raw.bcsBytes);
  }

  #signal(outer?: AbortSignal): AbortSignal {
    const timeout = AbortSignal.timeout(this.#timeoutMs);
    return outer ? AbortSignal.any([outer, timeout]) : timeout;
  }
}

/**
 * Reads the committee, retrying with backoff until it succeeds or `timeoutMs` passes (then the
 * last error is thrown). For startup, when the node cannot serve without knowing its shards.
 */
export async function readCommitteeWithRetry(
  reader: ChainReader,
  options: {
    timeoutMs: number;
    onError?: (error: unknown, context: string) => void;
    signal?: AbortSignal;
  },
): Promise<CommitteeView> {
  const deadline = Date.now() + options.timeoutMs;
  for (let attempt = 0; ; attempt++) {
    try {
      return await reader.committee(options.signal);
    } catch (error) {
      const wait = Math.min(100 * 2 ** attempt, 2000);
      if (options.signal?.aborted || Date.now() + wait > deadline) throw error;
      options.onError?.(error, 'chain follower: reading the committee (retrying)');
      await sleep(wait, undefined, options.signal ? { signal: options.signal } : {});
    }
  }
}

export class ChainFollower {
  readonly #target: FollowerTarget;
  readonly #reader: ChainReader;
  readonly #packageId: string;
  readonly #pollMs: number;
  readonly #maxBackoffMs: number;
  readonly #committeeCheckMs: number;
  readonly #pageSize: number;
  readonly #onError: (error: unknown, context: string) => void;
  readonly #now: () => number;
  readonly #abort = new AbortController();
  #loop: Promise<void> | undefined;
  #closed = false;
  /** Set by epoch events (and at start); cleared once a committee read succeeds. */
  #committeeDue = true;
  #lastCommitteeCheck = -Infinity;
  #caughtUp = false;
  #eventsProcessed = 0;
  #pending = 0;
  #consecutiveErrors = 0;
  #lastError: FollowerStatus['lastError'] = null;
  #lastSuccessMs: number | null = null;
  #context = 'polling events';
  readonly #caughtUpWaiters = new Set<() => void>();

  constructor(
    target: FollowerTarget,
    reader: ChainReader,
    options: Omit<ChainFollowerOptions, keyof ChainLocation> = {},
  ) {
    this.#target = target;
    this.#reader = reader;
    this.#packageId = normalizeSuiAddress(reader.location.packageId);
    this.#pollMs = positive(options.pollMs ?? DEFAULT_POLL_MS, 'pollMs');
    this.#maxBackoffMs = Math.max(this.#pollMs, options.maxBackoffMs ?? DEFAULT_MAX_BACKOFF_MS);
    this.#committeeCheckMs = options.committeeCheckMs ?? DEFAULT_COMMITTEE_CHECK_MS;
    this.#pageSize = options.pageSize ?? DEFAULT_PAGE_SIZE;
    this.#onError = options.onError ?? (() => {});
    this.#now = options.now ?? Date.now;
  }

  /** A follower for `options`' chain, with its own RPC client. */
  static create(target: FollowerTarget, options: ChainFollowerOptions): ChainFollower {
    const reader = new ChainReader(options, {
      ...(options.client ? { client: options.client } : {}),
      ...(options.rpcTimeoutMs !== undefined ? { rpcTimeoutMs: options.rpcTimeoutMs } : {}),
    });
    return new ChainFollower(target, reader, options);
  }

  /** Starts polling in the background (once). */
  start(): void {
    if (this.#closed || this.#loop) return;
    this.#loop = this.#run();
  }

  /** Stops polling; resolves once no poll or write is in flight. */
  async close(): Promise<void> {
    this.#closed = true;
    this.#abort.abort();
    for (const wake of this.#caughtUpWaiters) wake();
    await this.#loop;
  }

  status(): FollowerStatus {
    let cursor: EventId | null = null;
    try {
      cursor = decodeCursor(this.#target.cursor()) ?? null;
    } catch {
      // A bad stored cursor is reported by the loop; the status just shows none.
    }
    return {
      caughtUp: this.#caughtUp,
      cursor,
      eventsProcessed: this.#eventsProcessed,
      pending: this.#pending,
      consecutiveErrors: this.#consecutiveErrors,
      lastError: this.#lastError,
      lastSuccessMs: this.#lastSuccessMs,
    };
  }

  /** Resolves after the next poll that finds no further events (or on close). */
  caughtUp(): Promise<void> {
    return new Promise((resolve) => {
      if (this.#closed) return resolve();
      this.#caughtUpWaiters.add(resolve);
    });
  }

  async #run(): Promise<void> {
    while (!this.#closed) {
      let more = false;
      try {
        more = await this.#step();
        this.#consecutiveErrors = 0;
        this.#lastSuccessMs = this.#now();
        if (!more) {
          for (const wake of this.#caughtUpWaiters) wake();
          this.#caughtUpWaiters.clear();
        }
      } catch (error) {
        if (this.#closed) break;
        this.#consecutiveErrors++;
        const context = `chain follower: ${this.#context}`;
        this.#lastError = { message: describe(error), context, atMs: this.#now() };
        this.#onError(error, context);
      }
      if (this.#closed) break;
      const delay = this.#consecutiveErrors
        ? Math.min(this.#pollMs * 2 ** this.#consecutiveErrors, this.#maxBackoffMs)
        : more
          ? 0
          : this.#pollMs;
      if (delay > 0) await sleep(delay, undefined, { signal: this.#abort.signal }).catch(() => {});
    }
  }

  /** One poll: the committee when due, then one page of events. Returns whether more are waiting. */
  async #step(): Promise<boolean> {
    const signal = this.#abort.signal;
    if (this.#committeeDue || this.#now() - this.#lastCommitteeCheck >= this.#committeeCheckMs) {
      await this.#refreshCommittee(signal);
    }
    this.#context = 'polling events';
    const cursor = decodeCursor(this.#target.cursor());
    const page = await this.#reader.events(cursor, this.#pageSize, signal);
    // Decode the whole page first: an event that cannot be decoded stops the follower before it,
    // rather than being skipped (the node would then miss a registration or a deletion).
    this.#context = 'decoding events';
    const decoded = page.data.map((raw) => decodeWalrusEvent(raw, this.#packageId));
    this.#pending = decoded.length;
    this.#context = 'applying events';
    let batch: BlobEvent[] = [];
    for (const [i, event] of decoded.entries()) {
      if (event.kind === 'blob') batch.push(event.event);
      const last = i === decoded.length - 1;
      // An epoch change closes the batch: events before it apply in the old epoch, and the
      // committee is re-read before anything after it.
      if (event.kind === 'epoch' || last) {
        await this.#target.apply(batch, encodeCursor(idOf(event)));
        this.#eventsProcessed += batch.length;
        this.#pending -= batch.length;
        batch = [];
      }
      if (event.kind !== 'blob') {
        this.#eventsProcessed++;
        this.#pending--;
      }
      if (event.kind === 'epoch') {
        this.#committeeDue = true;
        await this.#refreshCommittee(signal);
        this.#context = 'applying events';
      }
    }
    this.#pending = 0;
    this.#caughtUp = !page.hasNextPage;
    return page.hasNextPage;
  }

  async #refreshCommittee(signal: AbortSignal): Promise<void> {
    this.#context = 'reading the committee';
    const next = await this.#reader.committee(signal);
    const current = this.#target.committee();
    if (next.epoch < current.epoch) {
      throw new ChainFollowerError(
        `the chain's Walrus epoch ${next.epoch} is behind this node's ${current.epoch}: is this the same chain?`,
      );
    }
    if (next.epoch !== current.epoch || !sameShards(next.shards, current.shards)) {
      this.#context = 'storing the committee';
      await this.#target.setCommittee(next);
    }
    this.#committeeDue = false;
    this.#lastCommitteeCheck = this.#now();
  }
}

/**
 * The node's view of a followed chain: the persisted state, with `/v1/health` showing the
 * follower's progress (events fetched but not applied are pending) and its failures.
 */
export class FollowedBlobState implements BlobStateSource {
  readonly #inner: BlobStateSource;
  readonly #follower: ChainFollower;

  constructor(inner: BlobStateSource, follower: ChainFollower) {
    this.#inner = inner;
    this.#follower = follower;
  }

  get nShards(): number {
    return this.#inner.nShards;
  }

  currentEpoch(): number {
    return this.#inner.currentEpoch();
  }

  ownedShards(): ReadonlySet<number> {
    return this.#inner.ownedShards();
  }

  status(blobId: Uint8Array): BlobInfo {
    return this.#inner.status(blobId);
  }

  subscribe(listener: (change: StateChange) => void): () => void {
    return this.#inner.subscribe(listener);
  }

  eventProgress() {
    return { persisted: this.#inner.eventProgress().persisted, pending: this.#follower.status().pending };
  }

  syncStatus(): SyncStatus {
    const status = this.#follower.status();
    return {
      // Walrus reports a node that is behind on events as catching up.
      nodeStatus: status.caughtUp && status.consecutiveErrors === 0 ? 'Active' : 'RecoveryCatchUp',
      detail: status,
    };
  }
}

function idOf(event: DecodedEvent): EventId {
  return event.kind === 'blob' ? event.event.eventId : event.id;
}

function sameShards(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((shard, i) => shard === b[i]);
}

function positive(value: number, name: string): number {
  if (!Number.isFinite(value) || value <= 0)
    throw new ChainFollowerError(`${name} must be positive, got ${value}`);
  return value;
}

function describe(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}
