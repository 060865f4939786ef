import { describe, expect, it } from 'vitest';
import { toBase64 } from '@mysten/bcs';
import { parseBlobMetadata, serializeBlobMetadata, type BlobMetadata } from './bcs.ts';
import { blobIdToText } from './blob-id.ts';
import { ShardMap, type Committee } from './committee.ts';
import type { EncodedBlob } from './encoding.ts';
import { pairToShard, rotationOffset } from './geometry.ts';
import { blobIdOfMetadata } from './metadata.ts';
import { expectBytes } from './test-support/bytes.ts';
import { encodedBlob } from './test-support/fixtures.ts';
import {
  NotEnoughConfirmationsError,
  uploadBlob,
  type NodeUploadProgress,
  type UploadOptions,
} from './upload.ts';

const N = 10;
const OBJECT_ID = '0x' + 'ab'.repeat(32);

/** A blob whose rotation offset is not 0, so pair and shard numbers differ. */
const { encoded } = (() => {
  for (let seed = 1; ; seed++) {
    const blob = encodedBlob(N, 5000, seed);
    if (rotationOffset(blob.encoded.blobId, N) !== 0) return blob;
  }
})();
const BLOB_ID = blobIdToText(encoded.blobId);

/** How a fake node behaves. */
type Behaviour =
  | { kind: 'ok' }
  /** Every request answered after `ms`. */
  | { kind: 'slow'; ms: number }
  /** Connection refused, as fetch reports it (a TypeError). */
  | { kind: 'down' }
  /** Every request answered with this HTTP error and AIP-193 reason. */
  | { kind: 'error'; status: number; reason: string }
  /** The first `times` requests answered 404 NOT_REGISTERED (forever when `times` is Infinity). */
  | { kind: 'not-registered'; times: number }
  /** Requests never get an answer (until the caller aborts them, as fetch does). */
  | { kind: 'hang' }
  /** Metadata and slivers are stored, but the confirmation never comes. */
  | { kind: 'hang-on-confirmation' };

interface NodeRecord {
  /** Every request, in arrival order: `metadata`, `primary/<pair>`, `secondary/<pair>`, `confirmation`. */
  readonly requests: string[];
  readonly metadata: BlobMetadata[];
  readonly slivers: Map<string, Uint8Array>;
  confirmationUrls: string[];
  /** Requests the client aborted while they were in flight. */
  aborted: number;
}

interface FakeNetwork {
  readonly committee: ShardMap;
  readonly fetch: NonNullable<UploadOptions['fetch']>;
  readonly nodes: NodeRecord[];
  /** Member index of each confirmation answered, in the order they were answered. */
  readonly confirmedOrder: number[];
  set(member: number, behaviour: Behaviour): void;
}

const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

const apiError = (status: number, reason: string) =>
  json(status, {
    error: {
      code: status,
      status: status === 404 ? 'NOT_FOUND' : 'FAILED_PRECONDITION',
      message: `fake node says ${reason}`,
      details: [
        { '@type': 'type.googleapis.com/google.rpc.ErrorInfo', reason, domain: 'daemon.walrus.space' },
      ],
    },
  });

/** What a fake node signs: its member index, so tests can check which node a confirmation came from. */
const confirmationMessage = (member: number) => new TextEncoder().encode(`confirmation from node ${member}`);

function waitForAbort(signal: AbortSignal | null | undefined, onAbort: () => void): Promise<never> {
  return new Promise((_, reject) => {
    signal?.addEventListener(
      'abort',
      () => {
        onAbort();
        reject(signal.reason);
      },
      { once: true },
    );
  });
}

function sleep(ms: number, signal: AbortSignal | null | undefined, onAbort: () => void): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener(
      'abort',
      () => {
        clearTimeout(timer);
        onAbort();
        reject(signal.reason);
      },
      { once: true },
    );
  });
}

/** Storage nodes over an injected fetch, speaking the `/v1` write API. */
function fakeNetwork(shards: readonly (readonly number[])[]): FakeNetwork {
  const committee: Committee = {
    n: N,
    members: shards.map((s, i) => ({ url: `http://node-${i}.test`, shards: s })),
  };
  const behaviours = shards.map((): Behaviour => ({ kind: 'ok' }));
  const nodes: NodeRecord[] = shards.map(() => ({
    requests: [],
    metadata: [],
    slivers: new Map(),
    confirmationUrls: [],
    aborted: 0,
  }));
  const confirmedOrder: number[] = [];

  const fetch = async (input: string, init?: RequestInit): Promise<Response> => {
    const url = new URL(input);
    const member = committee.members.findIndex((m) => m.url === url.origin);
    if (member < 0) throw new TypeError(`fetch failed: unknown host ${url.host}`);
    const node = nodes[member]!;
    const signal = init?.signal;
    const aborted = () => node.aborted++;
    const behaviour = behaviours[member]!;
    const prefix = `/v1/blobs/${BLOB_ID}/`;
    if (!url.pathname.startsWith(prefix)) return apiError(404, 'NOT_FOUND');
    const rest = url.pathname.slice(prefix.length);
    const sliver = /^slivers\/(\d+)\/(primary|secondary)$/.exec(rest);
    const what =
      rest === 'metadata'
        ? 'metadata'
        : sliver
          ? `${sliver[2]}/${sliver[1]}`
          : rest.startsWith('confirmation/')
            ? 'confirmation'
            : rest;
    node.requests.push(what);

    switch (behaviour.kind) {
      case 'down':
        throw new TypeError('fetch failed: connect ECONNREFUSED');
      case 'hang':
        return waitForAbort(signal, aborted);
      case 'slow':
        await sleep(behaviour.ms, signal, aborted);
        break;
      case 'error':
        return apiError(behaviour.status, behaviour.reason);
      case 'not-registered':
        if (node.requests.length <= behaviour.times) return apiError(404, 'NOT_REGISTERED');
        break;
      case 'hang-on-confirmation':
        if (what === 'confirmation') return waitForAbort(signal, aborted);
        break;
      case 'ok':
        break;
    }

    if (what === 'metadata' || sliver) {
      if (init?.method !== 'PUT') return apiError(405, 'METHOD_NOT_ALLOWED');
      if (new Headers(init.headers).get('content-type') !== 'application/octet-stream') {
        return apiError(400, 'INVALID_CONTENT_TYPE');
      }
      const body = new Uint8Array(await new Response(init.body).arrayBuffer());
      if (what === 'metadata') node.metadata.push(parseBlobMetadata(body));
      else node.slivers.set(what, body);
      return json(201, { success: { code: 201, data: 'stored' } });
    }
    if (what === 'confirmation') {
      node.confirmationUrls.push(url.pathname + url.search);
      confirmedOrder.push(member);
      return json(200, {
        success: {
          code: 200,
          data: {
            signed: {
              serializedMessage: toBase64(confirmationMessage(member)),
              signature: toBase64(new Uint8Array([member, 0xaa, 0xbb])),
            },
          },
        },
      });
    }
    return apiError(404, 'NOT_FOUND');
  };

  return {
    committee: new ShardMap(committee),
    fetch,
    nodes,
    confirmedOrder,
    set: (member, behaviour) => void (behaviours[member] = behaviour),
  };
}

/** Five nodes of two shards each: quorum (7 of 10 shards) needs four of them. */
const FIVE_BY_TWO = [
  [0, 5],
  [1, 6],
  [2, 7],
  [3, 8],
  [4, 9],
];
/** Four nodes of unequal weight with scattered shards. */
const FOUR_UNEQUAL = [
  [0, 4, 8],
  [1, 5, 9],
  [2, 6],
  [3, 7],
];

function upload(net: FakeNetwork, extra: Partial<UploadOptions> = {}) {
  const progress: NodeUploadProgress[] = [];
  const promise = uploadBlob({
    committee: net.committee,
    encoded,
    deletableObjectId: OBJECT_ID,
    fetch: net.fetch,
    onNode: (p) => progress.push(p),
    ...extra,
  });
  return { promise, progress };
}

/** The sliver pairs a node holding `shards` must receive, computed from the protocol's mapping. */
function pairsOfShards(blob: EncodedBlob, shards: readonly number[]): number[] {
  const offset = rotationOffset(blob.blobId, N);
  return Array.from({ length: N }, (_, pair) => pair)
    .filter((pair) => shards.includes(pairToShard(pair, offset, N)))
    .sort((a, b) => a - b);
}

const text = (bytes: Uint8Array) => new TextDecoder().decode(bytes);

describe('uploadBlob: healthy committee', () => {
  it('sends every node the metadata and exactly the sliver pairs of its shards', async () => {
    const net = fakeNetwork(FOUR_UNEQUAL);
    const result = await upload(net).promise;

    const allPairs: number[] = [];
    FOUR_UNEQUAL.forEach((shards, i) => {
      const node = net.nodes[i]!;
      expect(node.metadata).toHaveLength(1);
      expect(node.metadata[0]).toEqual(encoded.metadata);
      // The metadata a node receives is the one that hashes to the blob ID it was sent under.
      expect(blobIdOfMetadata(node.metadata[0]!)).toEqual(encoded.blobId);

      const pairs = pairsOfShards(encoded, shards);
      expect(pairs).toHaveLength(shards.length);
      expect([...node.slivers.keys()].sort()).toEqual(
        pairs.flatMap((p) => [`primary/${p}`, `secondary/${p}`]).sort(),
      );
      for (const pair of pairs) {
        expectBytes(node.slivers.get(`primary/${pair}`)!, encoded.primary[pair]!);
        expectBytes(node.slivers.get(`secondary/${pair}`)!, encoded.secondary[pair]!);
      }
      allPairs.push(...pairs);

      // Metadata first (nodes reject slivers they cannot verify), the confirmation last.
      expect(node.requests[0]).toBe('metadata');
      expect(node.requests.at(-1)).toBe('confirmation');
      expect(node.requests.filter((r) => r === 'confirmation')).toHaveLength(1);
      expect(node.requests).toHaveLength(2 + 2 * shards.length);
    });
    // Every pair went to exactly one node.
    expect(allPairs.sort((a, b) => a - b)).toEqual(Array.from({ length: N }, (_, i) => i));

    expect(result.confirmedShards).toBe(N);
    expect(result.failures.size).toBe(0);
    const sliverBytes = [...encoded.primary, ...encoded.secondary].reduce((sum, s) => sum + s.length, 0);
    expect(result.bytesSent).toBe(sliverBytes + 4 * serializeBlobMetadata(encoded.metadata).length);
  });

  it('asks for a deletable confirmation naming the Blob object, waiting for registration', async () => {
    const net = fakeNetwork(FOUR_UNEQUAL);
    await upload(net).promise;
    for (const node of net.nodes) {
      expect(node.confirmationUrls).toEqual([
        `/v1/blobs/${BLOB_ID}/confirmation/deletable/${OBJECT_ID}?wait_for_registration=true`,
      ]);
    }
  });

  it('asks for a permanent confirmation when the blob is not deletable', async () => {
    const net = fakeNetwork(FOUR_UNEQUAL);
    await upload(net, { deletableObjectId: null }).promise;
    for (const node of net.nodes) {
      expect(node.confirmationUrls).toEqual([
        `/v1/blobs/${BLOB_ID}/confirmation/permanent?wait_for_registration=true`,
      ]);
    }
  });

  it('returns confirmations in committee order whatever order the nodes answer in', async () => {
    const net = fakeNetwork(FOUR_UNEQUAL);
    // Node 0 slowest, node 3 fastest.
    FOUR_UNEQUAL.forEach((_, i) => net.set(i, { kind: 'slow', ms: (3 - i) * 25 }));
    const result = await upload(net, { graceAfterQuorumMs: 10_000 }).promise;
    expect(net.confirmedOrder).toEqual([3, 2, 1, 0]);
    expect(result.confirmations).toHaveLength(4);
    result.confirmations.forEach((c, i) => {
      expect(text(c!.serializedMessage)).toBe(`confirmation from node ${i}`);
      expect([...c!.signature]).toEqual([i, 0xaa, 0xbb]);
    });
  });

  it('reports progress per node from 0 up to done === total', async () => {
    const net = fakeNetwork(FOUR_UNEQUAL);
    const { promise, progress } = upload(net, { perNodeConcurrency: 2 });
    await promise;
    FOUR_UNEQUAL.forEach((shards, i) => {
      const mine = progress.filter((p) => p.index === i);
      const total = 2 + 2 * shards.length;
      expect(mine.every((p) => p.total === total && p.node === `http://node-${i}.test`)).toBe(true);
      expect(mine.map((p) => p.done)).toEqual(Array.from({ length: total + 1 }, (_, k) => k));
      expect(mine.some((p) => p.error !== undefined)).toBe(false);
    });
  });

  it('lets a slow node finish within the grace period after quorum', async () => {
    const net = fakeNetwork(FIVE_BY_TWO);
    net.set(4, { kind: 'slow', ms: 40 });
    const result = await upload(net, { graceAfterQuorumMs: 5000 }).promise;
    expect(result.confirmedShards).toBe(N);
    expect(result.failures.size).toBe(0);
    expect(result.confirmations.every((c) => c !== null)).toBe(true);
  });

  it('keeps at most perNodeConcurrency sliver requests in flight per node', async () => {
    const net = fakeNetwork([[0, 1, 2, 3, 4, 5, 6, 7, 8, 9]]);
    let inFlight = 0;
    let peak = 0;
    const fetch: typeof net.fetch = async (input, init) => {
      inFlight++;
      peak = Math.max(peak, inFlight);
      try {
        await new Promise((resolve) => setTimeout(resolve, 5));
        return await net.fetch(input, init);
      } finally {
        inFlight--;
      }
    };
    const result = await upload(net, { fetch, perNodeConcurrency: 3 }).promise;
    expect(result.confirmedShards).toBe(N);
    expect(peak).toBe(3);
  });
});

describe('uploadBlob: slivers read on demand, bytes in flight capped', () => {
  it('reads each sliver only when its request is sent, and sends the same bytes', async () => {
    const net = fakeNetwork(FOUR_UNEQUAL);
    const reads: string[] = [];
    const lazy = {
      blobId: encoded.blobId,
      metadata: encoded.metadata,
      readSliver: async (pair: number, type: 'primary' | 'secondary') => {
        reads.push(`${type}/${pair}`);
        return (type === 'primary' ? encoded.primary : encoded.secondary)[pair]!;
      },
    };
    const result = await upload(net, { encoded: lazy }).promise;
    expect(result.confirmedShards).toBe(N);
    expect(reads.sort()).toEqual(
      Array.from({ length: N }, (_, p) => [`primary/${p}`, `secondary/${p}`])
        .flat()
        .sort(),
    );
    FOUR_UNEQUAL.forEach((shards, i) => {
      for (const pair of pairsOfShards(encoded, shards))
        expectBytes(net.nodes[i]!.slivers.get(`secondary/${pair}`)!, encoded.secondary[pair]!);
    });
  });

  it('never holds more sliver bytes than the shared cap allows, across nodes', async () => {
    const net = fakeNetwork(FIVE_BY_TWO);
    const size = encoded.primary[0]!.length;
    let held = 0;
    let peak = 0;
    const waiting: (() => void)[] = [];
    const cap = 2 * size;
    const asked = new Set<number>();
    const inFlight = {
      acquire: async (bytes: number) => {
        asked.add(bytes);
        while (held + bytes > cap) await new Promise<void>((resolve) => waiting.push(resolve));
        held += bytes;
        peak = Math.max(peak, held);
        return () => {
          held -= bytes;
          waiting.splice(0).forEach((wake) => wake());
        };
      },
    };
    const result = await upload(net, { inFlight }).promise;
    expect(result.confirmedShards).toBe(N);
    expect(peak).toBeGreaterThan(0);
    expect(peak).toBeLessThanOrEqual(cap);
    expect(held).toBe(0);
    // Sizes are known from the metadata before a sliver is read, and are the real ones.
    expect([...asked].sort()).toEqual([encoded.primary[0]!.length, encoded.secondary[0]!.length].sort());
  });
});

describe('uploadBlob: faulty nodes', () => {
  it('reports a node that cannot be reached and still reaches quorum with the rest', async () => {
    const net = fakeNetwork(FIVE_BY_TWO);
    net.set(2, { kind: 'down' });
    const { promise, progress } = upload(net);
    const result = await promise;
    expect(result.confirmedShards).toBe(8);
    expect([...result.failures.keys()]).toEqual(['http://node-2.test']);
    expect(result.failures.get('http://node-2.test')).toMatch(/NodeConnectionError/);
    expect(result.confirmations.map((c) => c !== null)).toEqual([true, true, false, true, true]);
    // Connection failures are retried a few times before the node is given up.
    expect(net.nodes[2]!.requests.length).toBeGreaterThan(1);
    expect(net.nodes[2]!.requests.every((r) => r === 'metadata')).toBe(true);
    const last = progress.filter((p) => p.index === 2).at(-1)!;
    expect(last.error).toMatch(/NodeConnectionError/);
    expect(last.done).toBeLessThan(last.total);
  });

  it('gives up at once on a node answering a permanent error', async () => {
    const net = fakeNetwork(FIVE_BY_TWO);
    net.set(0, { kind: 'error', status: 400, reason: 'INVALID_METADATA' });
    const result = await upload(net).promise;
    expect(result.confirmedShards).toBe(8);
    expect(result.failures.get('http://node-0.test')).toMatch(/BadRequestError INVALID_METADATA/);
    expect(net.nodes[0]!.requests).toEqual(['metadata']);
  });

  it('retries NOT_REGISTERED until the node has seen the registration', async () => {
    const net = fakeNetwork(FIVE_BY_TWO);
    net.set(1, { kind: 'not-registered', times: 3 });
    const result = await upload(net).promise;
    expect(result.confirmedShards).toBe(N);
    expect(result.failures.size).toBe(0);
    expect(net.nodes[1]!.requests.slice(0, 4)).toEqual(['metadata', 'metadata', 'metadata', 'metadata']);
    expect(net.nodes[1]!.metadata).toHaveLength(1);
    expect(net.nodes[1]!.slivers.size).toBe(4);
    expect(text(result.confirmations[1]!.serializedMessage)).toBe('confirmation from node 1');
  });

  it('gives up on a node that stays NOT_REGISTERED beyond registrationWaitMs', async () => {
    const net = fakeNetwork(FIVE_BY_TWO);
    net.set(3, { kind: 'not-registered', times: Infinity });
    const started = Date.now();
    const result = await upload(net, { registrationWaitMs: 300 }).promise;
    expect(Date.now() - started).toBeLessThan(5000);
    expect(result.failures.get('http://node-3.test')).toMatch(/NOT_REGISTERED/);
    expect(result.confirmedShards).toBe(8);
  });

  it('fails with NotEnoughConfirmationsError listing the failed nodes', async () => {
    const net = fakeNetwork(FIVE_BY_TWO);
    net.set(1, { kind: 'error', status: 403, reason: 'FORBIDDEN_BLOB' });
    net.set(3, { kind: 'error', status: 400, reason: 'INVALID_SLIVER' });
    const error = await upload(net).promise.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NotEnoughConfirmationsError);
    const failures = (error as NotEnoughConfirmationsError).failures;
    expect(failures.get('http://node-1.test')).toMatch(/FORBIDDEN_BLOB/);
    expect(failures.get('http://node-3.test')).toMatch(/INVALID_SLIVER/);
    const message = (error as Error).message;
    expect(message).toContain(BLOB_ID);
    expect(message).toContain('7 needed');
    expect(message).toContain('http://node-1.test');
    expect(message).toContain('http://node-3.test');
  });

  it('fails fast once quorum is out of reach instead of waiting for slow nodes', async () => {
    const net = fakeNetwork(FIVE_BY_TWO);
    net.set(0, { kind: 'error', status: 400, reason: 'INVALID_METADATA' });
    net.set(1, { kind: 'down' });
    net.set(2, { kind: 'hang' });
    net.set(3, { kind: 'hang' });
    net.set(4, { kind: 'hang' });
    const started = Date.now();
    const error = await upload(net).promise.catch((e: unknown) => e);
    // Node 1's connection retries take about 1.5 s; the hanging nodes would take 30 s to time out.
    expect(Date.now() - started).toBeLessThan(5000);
    expect(error).toBeInstanceOf(NotEnoughConfirmationsError);
    const failures = (error as NotEnoughConfirmationsError).failures;
    expect(failures.get('http://node-0.test')).toMatch(/INVALID_METADATA/);
    expect(failures.get('http://node-1.test')).toMatch(/NodeConnectionError/);
    expect(failures.size).toBe(5);
    // The hanging requests were cancelled, not left running.
    for (const i of [2, 3, 4]) expect(net.nodes[i]!.aborted).toBeGreaterThan(0);
  });

  it('cuts off a hanging node graceAfterQuorumMs after quorum', async () => {
    const net = fakeNetwork(FIVE_BY_TWO);
    net.set(4, { kind: 'hang' });
    let quorumAt = 0;
    const { promise } = upload(net, {
      graceAfterQuorumMs: 300,
      onNode: (p) => {
        // The fourth confirmation reaches 8 of 10 shards.
        if (p.done === p.total && net.confirmedOrder.length === 4 && !quorumAt) quorumAt = Date.now();
      },
    });
    const result = await promise;
    const waited = Date.now() - quorumAt;
    expect(quorumAt).toBeGreaterThan(0);
    expect(waited).toBeGreaterThanOrEqual(250);
    expect(waited).toBeLessThan(2000);
    expect(result.confirmedShards).toBe(8);
    expect(result.confirmations[4]).toBeNull();
    expect(result.failures.get('http://node-4.test')).toBe('too slow');
    expect(net.nodes[4]!.aborted).toBe(1);
  });

  it('cuts off a node whose confirmation never comes, after its slivers were stored', async () => {
    const net = fakeNetwork(FIVE_BY_TWO);
    net.set(0, { kind: 'hang-on-confirmation' });
    const result = await upload(net, { graceAfterQuorumMs: 100 }).promise;
    expect(net.nodes[0]!.slivers.size).toBe(4);
    expect(result.confirmations[0]).toBeNull();
    expect(result.failures.get('http://node-0.test')).toBe('too slow');
    expect(result.confirmedShards).toBe(8);
  });
});

describe('uploadBlob: cancellation', () => {
  it('rejects with the abort reason and cancels in-flight requests', async () => {
    const net = fakeNetwork(FIVE_BY_TWO);
    for (let i = 0; i < 5; i++) net.set(i, { kind: 'hang' });
    const controller = new AbortController();
    const reason = new Error('user cancelled');
    const { promise } = upload(net, { signal: controller.signal });
    setTimeout(() => controller.abort(reason), 50);
    const started = Date.now();
    await expect(promise).rejects.toBe(reason);
    expect(Date.now() - started).toBeLessThan(2000);
    for (const node of net.nodes) expect(node.aborted).toBe(1);
  });

  it('stops a node waiting to retry NOT_REGISTERED', async () => {
    const net = fakeNetwork(FIVE_BY_TWO);
    for (let i = 0; i < 5; i++) net.set(i, { kind: 'not-registered', times: Infinity });
    const controller = new AbortController();
    const { promise } = upload(net, { signal: controller.signal });
    setTimeout(() => controller.abort(new Error('stop')), 150);
    const started = Date.now();
    await expect(promise).rejects.toThrow('stop');
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('sends nothing when the signal is already aborted', async () => {
    const net = fakeNetwork(FIVE_BY_TWO);
    const reason = new Error('too late');
    await expect(upload(net, { signal: AbortSignal.abort(reason) }).promise).rejects.toBe(reason);
    for (const node of net.nodes) expect(node.requests).toEqual([]);
  });
});
