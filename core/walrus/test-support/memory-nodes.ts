// In-memory storage nodes speaking the real `/v1` wire format (BCS bodies, AIP-193 errors), so
// reader tests exercise the same client code as production, with faults injected per node.
import { blobIdToText } from '../blob-id.ts';
import { parseSliverData, serializeBlobMetadataWithId, serializeSliverData } from '../bcs.ts';
import type { Committee } from '../committee.ts';
import type { EncodedBlob } from '../encoding.ts';
import { geometry, pairToShard, rotationOffset, shardToPair } from '../geometry.ts';
import { merkleProofOfSymbols } from '../merkle-proof.ts';
import { expandSymbols } from '../rs/encoder.ts';
import {
  serializeDecodingSymbols,
  serializeRecoverySymbols,
  type DecodingSymbol,
  type RecoverySymbol,
} from '../symbols-bcs.ts';
import { parseDecodingSymbolsQuery, parseRecoverySymbolsQuery } from '../symbols-query.ts';

export type Fault =
  | { kind: 'down' }
  | { kind: 'missing' }
  | { kind: 'corrupt' }
  | { kind: 'slow'; ms: number }
  | { kind: 'bad-metadata' }
  /** Serves slivers but not the symbol endpoints (as a node without them would: 404). */
  | { kind: 'no-symbols' }
  /** Serves honest slivers but corrupted decoding symbols. */
  | { kind: 'corrupt-symbols' };

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
    const proven = /^\/v1\/blobs\/([A-Za-z0-9_-]{43})\/recoverySymbols$/.exec(url.pathname);
    if (proven) {
      if (fault?.kind === 'no-symbols') return error(404, 'NOT_FOUND', 'no such route');
      const blob = blobs.get(proven[1]!);
      if (!blob || fault?.kind === 'missing') return error(404, 'BLOB_NOT_FOUND', 'blob not found');
      return recoverySymbols(blob, member, url.searchParams, fault?.kind === 'corrupt-symbols');
    }
    const symbols = /^\/v1\/blobs\/([A-Za-z0-9_-]{43})\/decodingSymbols$/.exec(url.pathname);
    if (symbols) {
      if (fault?.kind === 'no-symbols') return error(404, 'NOT_FOUND', 'no such route');
      const blob = blobs.get(symbols[1]!);
      if (!blob || fault?.kind === 'missing') return error(404, 'BLOB_NOT_FOUND', 'blob not found');
      return decodingSymbols(blob, member, url.searchParams, fault?.kind === 'corrupt-symbols');
    }
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

  /** One symbol per shard the member holds (and has not lost) for each target, as a real node answers. */
  const decodingSymbols = (
    blob: EncodedBlob,
    member: number,
    query: URLSearchParams,
    corrupt: boolean,
  ): Response => {
    let parsed;
    try {
      parsed = parseDecodingSymbolsQuery(query);
    } catch (e) {
      return error(400, 'INVALID_ARGUMENT', (e as Error).message);
    }
    const { targets, type } = parsed;
    const g = geometry(n);
    const limit = type === 'primary' ? g.p : g.s;
    if (targets.some((t) => t >= limit)) return error(400, 'INDEX_OUT_OF_RANGE', 'target out of range');
    const offset = rotationOffset(blob.blobId, n);
    const out = new Map<number, DecodingSymbol[]>(targets.map((t) => [t, []]));
    for (const shard of members[member]!.shards) {
      if (dropped.has(shard)) continue;
      const pair = shardToPair(shard, offset, n);
      // A primary target's symbols come from secondary slivers and vice versa.
      const source = parseSliverData(type === 'primary' ? blob.secondary[pair]! : blob.primary[pair]!);
      const sym = source.symbolSize;
      for (const t of targets) {
        const data = source.data.slice(t * sym, (t + 1) * sym);
        if (corrupt || corrupted.has(shard)) data[0]! ^= 0x5a;
        out.get(t)!.push({ axis: type, index: source.index, data });
      }
    }
    return bytes(serializeDecodingSymbols(out));
  };

  /**
   * Recovery symbols by ID with proofs against the source sliver (`proofAxis`), computed as a node
   * does: expand the sliver to n symbols and prove the target's leaf. IDs this member does not hold
   * are skipped.
   */
  const recoverySymbols = (
    blob: EncodedBlob,
    member: number,
    query: URLSearchParams,
    corrupt: boolean,
  ): Response => {
    let filter;
    try {
      filter = parseRecoverySymbolsQuery(query);
    } catch (e) {
      return error(400, 'INVALID_ARGUMENT', (e as Error).message);
    }
    if (filter.kind !== 'ids' || !filter.proofAxis)
      return error(400, 'INVALID_ARGUMENT', 'test nodes need ids and proofAxis');
    const g = geometry(n);
    const offset = rotationOffset(blob.blobId, n);
    const out: RecoverySymbol[] = [];
    for (const id of filter.ids) {
      // The source sliver is of the proof axis; the target is the other axis.
      const primarySource = filter.proofAxis === 'primary';
      const pair = primarySource ? id.primary : n - 1 - id.secondary;
      const shard = pairToShard(pair, offset, n);
      if (ownerOf[shard] !== member || dropped.has(shard)) continue;
      const source = parseSliverData(primarySource ? blob.primary[pair]! : blob.secondary[pair]!);
      const sym = source.symbolSize;
      const expanded = expandSymbols(source.data, primarySource ? g.s : g.p, n, sym);
      const targetIndex = primarySource ? id.secondary : id.primary;
      const data = expanded.slice(targetIndex * sym, (targetIndex + 1) * sym);
      const proof = merkleProofOfSymbols(expanded, sym, targetIndex);
      if (corrupt || corrupted.has(shard)) data[0]! ^= 0x5a;
      out.push({
        symbol: { axis: primarySource ? 'secondary' : 'primary', index: source.index, data },
        targetIndex,
        proof,
      });
    }
    return bytes(serializeRecoverySymbols(out));
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
