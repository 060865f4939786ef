// Sends one encoded blob to the storage nodes and collects their signed storage confirmations:
// per node, the metadata, then both slivers of every pair its shards hold, then the confirmation.
// Nodes work in parallel, each with a few requests in flight; a node that fails is dropped (its
// shards simply do not count) and the upload succeeds once a quorum of shards has confirmed.
import { serializeBlobMetadata, sliverDataBcsSize } from './bcs.ts';
import { blobIdToText } from './blob-id.ts';
import type { ShardMap } from './committee.ts';
import type { EncodedBlob } from './encoding.ts';
import {
  geometry,
  isQuorum,
  primarySliverSize,
  secondarySliverSize,
  shardToPair,
  symbolSize,
} from './geometry.ts';
import type { SliverType } from './node-types.ts';
import { StorageNodeClient, type FetchLike } from './node-client.ts';
import {
  NodeConnectionError,
  NodeServerError,
  NodeTimeoutError,
  RateLimitedError,
  hasReason,
} from './node-errors.ts';
import type { SignedConfirmation } from './node-types.ts';
import { runPool } from './pool.ts';

export class NotEnoughConfirmationsError extends Error {
  override name = 'NotEnoughConfirmationsError';
  /** Failure reason per node (base URL). */
  readonly failures: ReadonlyMap<string, string>;

  constructor(blobId: string, confirmedShards: number, needed: number, failures: Map<string, string>) {
    const list = [...failures].map(([node, reason]) => `${node}: ${reason}`).join('; ');
    super(
      `blob ${blobId}: only ${confirmedShards} shards confirmed, ${needed} needed` +
        (failures.size ? ` — ${failures.size} node(s) failed: ${list}` : ''),
    );
    this.failures = failures;
  }
}

/** Progress of one node: `done` of `total` requests finished; `error` once it is given up. */
export interface NodeUploadProgress {
  readonly index: number;
  readonly node: string;
  readonly done: number;
  readonly total: number;
  readonly error?: string;
}

/** BCS `SliverData` of one sliver, read when its request is about to be sent. */
export type SliverReader = (pair: number, type: SliverType) => Promise<Uint8Array>;

/**
 * What the nodes are sent: the identity and metadata, and the slivers either in memory (an
 * `EncodedBlob`) or read one at a time from where the encoder spilled them, so an upload holds
 * only the slivers in flight.
 */
export type UploadableBlob =
  EncodedBlob | (Pick<EncodedBlob, 'blobId' | 'metadata'> & { readonly readSliver: SliverReader });

/** Shared between uploads so the sliver bytes in request bodies stay under one cap (see memory-budget.ts). */
export interface InFlightBytes {
  acquire(bytes: number, signal?: AbortSignal): Promise<() => void>;
}

export interface UploadOptions {
  readonly committee: ShardMap;
  readonly encoded: UploadableBlob;
  /** Caps the sliver bytes being read and sent at once, across every upload sharing it. */
  readonly inFlight?: InFlightBytes;
  /** Object ID of the registered Blob when it is deletable (confirmations name it). */
  readonly deletableObjectId: string | null;
  readonly fetch?: FetchLike;
  /** Requests in flight per node (default 6). */
  readonly perNodeConcurrency?: number;
  /** Once a quorum confirmed, how long the remaining nodes may still finish (default 5 s). */
  readonly graceAfterQuorumMs?: number;
  /** How long a node may keep answering NOT_REGISTERED before it is given up (default 60 s). */
  readonly registrationWaitMs?: number;
  readonly signal?: AbortSignal;
  readonly onNode?: (progress: NodeUploadProgress) => void;
}

export interface UploadResult {
  /** One entry per committee member, in committee order; null where the node did not confirm. */
  readonly confirmations: readonly (SignedConfirmation | null)[];
  readonly confirmedShards: number;
  readonly failures: ReadonlyMap<string, string>;
  /** Bytes sent in request bodies (metadata and slivers). */
  readonly bytesSent: number;
}

export async function uploadBlob(options: UploadOptions): Promise<UploadResult> {
  // An 'abort' listener never fires for a signal that is already aborted: stop before sending.
  options.signal?.throwIfAborted();
  const { committee, encoded } = options;
  const n = committee.n;
  const members = committee.committee.members;
  const blobId = blobIdToText(encoded.blobId);
  const offset = committee.offsetOf(encoded.blobId);
  const metadataBcs = serializeBlobMetadata(encoded.metadata);
  const readSliver: SliverReader =
    'readSliver' in encoded
      ? encoded.readSliver
      : (pair, type) => Promise.resolve((type === 'primary' ? encoded.primary : encoded.secondary)[pair]!);
  const sliverBytes = sliverBcsSizes(encoded.metadata, n);
  const confirmations: (SignedConfirmation | null)[] = members.map(() => null);
  const failures = new Map<string, string>();
  let confirmedShards = 0;
  let bytesSent = 0;
  // Stragglers are cut off (after a grace period) once enough shards confirmed, or all at once
  // when the caller aborts.
  const cutoff = new AbortController();
  const onAbort = () => cutoff.abort(options.signal?.reason);
  options.signal?.addEventListener('abort', onAbort, { once: true });
  let graceTimer: ReturnType<typeof setTimeout> | undefined;

  const uploadToNode = async (index: number): Promise<void> => {
    const member = members[index]!;
    const client = new StorageNodeClient({
      url: member.url,
      ...(options.fetch ? { fetch: options.fetch } : {}),
    });
    const pairs = member.shards.map((shard) => shardToPair(shard, offset, n));
    const total = 2 + pairs.length * 2;
    let done = 0;
    const report = (error?: string) =>
      options.onNode?.({ index, node: member.url, done, total, ...(error ? { error } : {}) });
    const call = <T>(what: () => Promise<T>) => withRetries(what, cutoff.signal, options.registrationWaitMs);
    try {
      report();
      await call(() => client.putMetadata(encoded.blobId, metadataBcs, { signal: cutoff.signal }));
      bytesSent += metadataBcs.length;
      done++;
      report();
      const slivers = pairs.flatMap((pair) => [
        { pair, type: 'primary' as const },
        { pair, type: 'secondary' as const },
      ]);
      await runPool(
        slivers,
        options.perNodeConcurrency ?? 6,
        async ({ pair, type }) => {
          const release = await options.inFlight?.acquire(sliverBytes[type], cutoff.signal);
          try {
            const bytes = await readSliver(pair, type);
            await call(() => client.putSliver(encoded.blobId, pair, type, bytes, { signal: cutoff.signal }));
            bytesSent += bytes.length;
          } finally {
            release?.();
          }
          done++;
          report();
        },
        () => cutoff.signal.aborted,
      );
      const confirmation = await call(() =>
        options.deletableObjectId
          ? client.getDeletableConfirmation(encoded.blobId, options.deletableObjectId, {
              waitForRegistration: true,
              signal: cutoff.signal,
            })
          : client.getPermanentConfirmation(encoded.blobId, {
              waitForRegistration: true,
              signal: cutoff.signal,
            }),
      );
      confirmations[index] = confirmation;
      confirmedShards += member.shards.length;
      done++;
      report();
      if (isQuorum(confirmedShards, n) && graceTimer === undefined) {
        graceTimer = setTimeout(
          () => cutoff.abort(new Error('quorum reached')),
          options.graceAfterQuorumMs ?? 5000,
        );
      }
    } catch (error) {
      // Cut off by us: still busy when quorum was reached (slow), or stopped because it no longer mattered.
      const cut = cutoff.signal.aborted && !options.signal?.aborted;
      const why = (cutoff.signal.reason as Error | undefined)?.message;
      const reason = cut
        ? why === 'quorum reached'
          ? 'too slow'
          : 'stopped: quorum unreachable'
        : describe(error);
      failures.set(member.url, reason);
      report(reason);
      // Quorum is out of reach: stop everyone now rather than finish pointless uploads.
      const lostShards = [...failures.keys()].reduce(
        (sum, url) => sum + (members.find((m) => m.url === url)?.shards.length ?? 0),
        0,
      );
      if (!isQuorum(n - lostShards, n)) cutoff.abort(new Error('quorum unreachable'));
    }
  };

  try {
    await Promise.all(members.map((_, i) => uploadToNode(i)));
  } finally {
    clearTimeout(graceTimer);
    options.signal?.removeEventListener('abort', onAbort);
  }
  options.signal?.throwIfAborted();
  if (!isQuorum(confirmedShards, n)) {
    throw new NotEnoughConfirmationsError(blobId, confirmedShards, Math.ceil((2 * n + 1) / 3), failures);
  }
  return { confirmations, confirmedShards, failures, bytesSent };
}

/** The BCS size of each kind of sliver, known from the metadata before any sliver is read. */
function sliverBcsSizes(metadata: EncodedBlob['metadata'], n: number): Record<SliverType, number> {
  const g = geometry(n);
  const sym = symbolSize(g, metadata.unencodedLength);
  return {
    primary: sliverDataBcsSize(primarySliverSize(g, sym)),
    secondary: sliverDataBcsSize(secondarySliverSize(g, sym)),
  };
}

const TRANSIENT_ATTEMPTS = 3;

/**
 * Retries what a node may answer differently a moment later: NOT_REGISTERED while it has not yet
 * seen the registration on chain (up to `registrationWaitMs`), and connection failures, timeouts,
 * rate limits and 5xx (a few times, with backoff). Anything else is final for this node.
 */
async function withRetries<T>(
  what: () => Promise<T>,
  signal: AbortSignal,
  registrationWaitMs = 60_000,
): Promise<T> {
  const start = Date.now();
  let transient = 0;
  for (let attempt = 0; ; attempt++) {
    try {
      return await what();
    } catch (error) {
      if (signal.aborted) throw error;
      let delay: number;
      if (hasReason(error, 'NOT_REGISTERED') && Date.now() - start < registrationWaitMs) {
        delay = Math.min(2000, 100 * 2 ** Math.min(attempt, 5));
      } else if (isTransient(error) && ++transient < TRANSIENT_ATTEMPTS) {
        delay = 250 * 2 ** transient;
      } else {
        throw error;
      }
      await sleep(delay, signal);
    }
  }
}

function isTransient(error: unknown): boolean {
  return (
    error instanceof NodeConnectionError ||
    error instanceof NodeTimeoutError ||
    error instanceof RateLimitedError ||
    error instanceof NodeServerError ||
    hasReason(error, 'CACHE_SATURATED')
  );
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal.reason);
    };
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

function describe(error: unknown): string {
  if (error instanceof Error) {
    const reason = (error as { reason?: string }).reason;
    return reason ? `${error.name} ${reason}` : error.name === 'Error' ? error.message : error.name;
  }
  return String(error);
}
