// In-memory storage nodes speaking the real `/v1` wire format (BCS bodies, AIP-193 errors), so
// reader tests exercise the same client code as production, with faults injected per node.
import { blobIdToText } from '../blob-id.ts';
import { parseSliverData, serializeBlobMetadataWithId, serializeSliverData } from '../bcs.ts';
import type { Committee } from '../committee.ts';
import type { EncodedBlob } from '../encoding.ts';
import { pairToShard, rotationOffset } from '../geometry.ts';

export type Fault =
  | { kind: 'down' }
  | { kind: 'missing' }
  | { kind: 'corrupt' }
  | { kind: 'slow'; ms: number }
  | { kind: 'bad-metadata' };

export interface MemoryNetwork {
  readonly committee: Committee;
  readonly fetch: (input: string, init?: RequestInit) => Promise<Response>;
  /** Every request path received, in order. */
  readonly log: string[];
  add(encoded: EncodedBlob): void;
  setFault(member: number, fault: Fault | undefined): void;
  /** Faults only for some shards, as if they were lost. */
  dropShards(shards: Iterable<number>): void;
  corruptShards(shards: Iterable<number>): void;
}

/** `nodes` members with the n shards split into contiguous, near-equal runs. */
export function memoryNetwork(n: number, nodes: number): MemoryNetwork {
  const members = Array.from({ length: nodes }, (_, i) => {
    const from = Math.floor((i * n) / nodes);
    const to = Math.floor(((i + 1) * n) / nodes);
    return { url: `http://node-${i}.test`, shards: Array.from({ length: to - from }, (_, k) => from + k) };
  });
  const committee: Committee = { n, members };
  const blobs = new Map<string, EncodedBlob>();
  const faults = new Map<number, Fault>();
  const dropped = new Set<number>();
  const corrupted = new Set<number>();
  const log: string[] = [];
  const ownerOf = new Int32Array(n);
  members.forEach((m, i) => m.shards.forEach((s) => (ownerOf[s] = i)));

  const error = (status: number, reason: string, message: string) =>
    new Response(
      JSON.stringify({
        error: {
          code: status,
          status: 'NOT_FOUND',
          message,
          details: [{ '@type': 'ErrorInfo', reason, domain: 'storage.walrus.space', metadata: {} }],
        },
      }),
      { status, headers: { 'content-type': 'application/json' } },
    );

  const fetch = async (input: string, init?: RequestInit): Promise<Response> => {
    const url = new URL(input);
    const member = members.findIndex((m) => m.url === url.origin);
    log.push(`${url.host}${url.pathname}`);
    if (member < 0) throw new TypeError(`fetch failed: unknown host ${url.host}`);
    const fault = faults.get(member);
    if (fault?.kind === 'down') throw new TypeError('fetch failed: connection refused');
    if (fault?.kind === 'slow') await delay(fault.ms, init?.signal ?? undefined);
    init?.signal?.throwIfAborted();
    const match = /^\/v1\/blobs\/([A-Za-z0-9_-]{43})\/(metadata|slivers\/(\d+)\/(primary|secondary))$/.exec(
      url.pathname,
    );
    if (!match) return error(404, 'NOT_FOUND', 'no such route');
    const blob = blobs.get(match[1]!);
    if (!blob || fault?.kind === 'missing') return error(404, 'METADATA_NOT_FOUND', 'blob not found');
    if (match[2] === 'metadata') {
      let metadata = blob.metadata;
      if (fault?.kind === 'bad-metadata') {
        metadata = { ...metadata, unencodedLength: metadata.unencodedLength + 1 };
      }
      return bytes(serializeBlobMetadataWithId({ blobId: blob.blobId, metadata }));
    }
    const pair = Number(match[3]);
    if (pair >= n) return error(400, 'INDEX_OUT_OF_RANGE', 'pair out of range');
    const shard = pairToShard(pair, rotationOffset(blob.blobId, n), n);
    if (ownerOf[shard] !== member) return error(400, 'SHARD_NOT_ASSIGNED', `shard ${shard} not assigned`);
    if (dropped.has(shard)) return error(404, 'SLIVER_NOT_FOUND', 'the requested sliver is unavailable');
    const body = match[4] === 'primary' ? blob.primary[pair]! : blob.secondary[pair]!;
    if (fault?.kind === 'corrupt' || corrupted.has(shard)) {
      const sliver = parseSliverData(body.slice());
      const data = sliver.data.slice();
      for (let i = 0; i < data.length; i += 7) data[i]! ^= 0x5a;
      return bytes(serializeSliverData({ ...sliver, data }));
    }
    return bytes(body.slice());
  };

  return {
    committee,
    fetch,
    log,
    add: (encoded) => void blobs.set(blobIdToText(encoded.blobId), encoded),
    setFault: (member, fault) => (fault ? faults.set(member, fault) : faults.delete(member)),
    dropShards: (shards) => {
      for (const s of shards) dropped.add(s);
    },
    corruptShards: (shards) => {
      for (const s of shards) corrupted.add(s);
    },
  };
}

function bytes(body: Uint8Array): Response {
  return new Response(body as BodyInit, {
    status: 200,
    headers: { 'content-type': 'application/octet-stream' },
  });
}

function delay(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => {
      clearTimeout(timer);
      reject(signal.reason);
    });
  });
}
