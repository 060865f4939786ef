// The symbol endpoints end to end: a real WASM encoding (n = 10: p = 4, s = 7) stored on four
// nodes over loopback, read back through core's client. Every decoding symbol must be the exact
// crossing of the two slivers it names, every recovery symbol must prove against the metadata,
// and statuses, rate limiting and fault injection must behave as on a Walrus node.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseSliverData } from '../../core/walrus/bcs.ts';
import { blobIdToText } from '../../core/walrus/blob-id.ts';
import { geometry } from '../../core/walrus/geometry.ts';
import { verifyMerkleProof } from '../../core/walrus/merkle-proof.ts';
import { StorageNodeApiError } from '../../core/walrus/node-errors.ts';
import {
  parseDecodingSymbols,
  parseRecoverySymbols,
  recoverySymbolId,
  type RecoverySymbol,
} from '../../core/walrus/symbols-bcs.ts';
import { encodedBlob } from '../../core/walrus/test-support/fixtures.ts';
import { MemoryBlobState } from './memory-state.ts';
import { splitShards, startTestNode, stopAll, uploadTo, type TestNode } from './test-support/harness.ts';

const N = 10;
const g = geometry(N);
const chain = new MemoryBlobState({ epoch: 1, nShards: N, shards: [] });
const { encoded } = encodedBlob(N, 9000, 77);
const sym = encoded.symbolSize;
let nodes: TestNode[];

beforeAll(async () => {
  nodes = await Promise.all(splitShards(N, 4).map((shards) => startTestNode({ shards, state: chain })));
  chain.register(encoded.blobId);
  await Promise.all(nodes.map((node) => uploadTo(node, encoded)));
});

afterAll(stopAll);

const primaryData = (pair: number) => parseSliverData(encoded.primary[pair]!).data;
/** Secondary sliver c lives in pair n − 1 − c. */
const secondaryData = (c: number) => parseSliverData(encoded.secondary[N - 1 - c]!).data;
const symbolOf = (data: Uint8Array, k: number) => data.subarray(k * sym, (k + 1) * sym);

async function rejection(promise: Promise<unknown>): Promise<StorageNodeApiError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(StorageNodeApiError);
  return error as StorageNodeApiError;
}

async function admin(node: TestNode, method: string, path: string, body?: unknown): Promise<void> {
  const response = await fetch(node.running.adminUrl! + path, {
    method,
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  expect(response.ok).toBe(true);
}

describe('GET /decodingSymbols', () => {
  it('answers secondary target c with bytes [c·sym, (c+1)·sym) of every primary sliver held', async () => {
    for (let c = 0; c < g.s; c++) {
      const seen: number[] = [];
      for (const node of nodes) {
        const answer = parseDecodingSymbols(
          await node.client.getDecodingSymbols(encoded.blobId, [c], 'secondary'),
        );
        expect([...answer.keys()]).toEqual([c]);
        const list = answer.get(c)!;
        expect(list).toHaveLength(node.shards.length);
        for (const symbol of list) {
          expect(symbol.axis).toBe('secondary');
          expect(symbol.data).toEqual(symbolOf(primaryData(symbol.index), c));
          seen.push(symbol.index);
        }
      }
      // The four nodes hold every pair once between them.
      expect(seen.sort((a, b) => a - b)).toEqual([...Array(N).keys()]);
    }
  });

  it('answers primary target r with bytes [r·sym, (r+1)·sym) of every secondary sliver held', async () => {
    const targets = [...Array(g.p).keys()];
    for (const node of nodes) {
      const answer = parseDecodingSymbols(
        await node.client.getDecodingSymbols(encoded.blobId, targets, 'primary'),
      );
      expect([...answer.keys()].sort()).toEqual(targets);
      for (const r of targets) {
        for (const symbol of answer.get(r)!) {
          expect(symbol.axis).toBe('primary');
          expect(symbol.data).toEqual(symbolOf(secondaryData(symbol.index), r));
          // Source columns of the blob matrix are also in primary sliver r.
          if (symbol.index < g.s) expect(symbol.data).toEqual(symbolOf(primaryData(r), symbol.index));
        }
      }
    }
  });

  it('answers with Walrus statuses and reasons', async () => {
    const node = nodes[0]!;
    const range = await rejection(node.client.getDecodingSymbols(encoded.blobId, [g.p], 'primary'));
    expect([range.status, range.reason, range.body?.status]).toEqual([
      400,
      'RECOVERY_SYMBOL_OUT_OF_RANGE',
      'INVALID_ARGUMENT',
    ]);
    const unknown = encodedBlob(N, 100, 78).encoded.blobId;
    const missing = await rejection(node.client.getDecodingSymbols(unknown, [0], 'primary'));
    expect([missing.status, missing.reason]).toEqual([404, 'SLIVER_NOT_FOUND']);
    const base = `${node.url}/v1/blobs/${blobIdToText(encoded.blobId)}/decodingSymbols`;
    for (const query of ['', '?targetSlivers=1,2&targetType=primary', '?targetSlivers=1']) {
      const response = await fetch(base + query);
      expect(response.status, query).toBe(400);
      expect(
        ((await response.json()) as { error: { details: { reason: string }[] } }).error.details[0]!.reason,
      ).toBe('INVALID_PARAMETER');
    }
    // Registered but nothing stored: Walrus answers an empty map, not an error.
    const fresh = encodedBlob(N, 200, 79).encoded.blobId;
    chain.register(fresh);
    expect(await node.client.getDecodingSymbols(fresh, [0], 'secondary')).toEqual(Uint8Array.of(0));
  });
});

describe('GET /recoverySymbols', () => {
  function checkProof(symbol: RecoverySymbol): void {
    const sourceType = symbol.symbol.axis === 'primary' ? 'secondary' : 'primary';
    const pair = sourceType === 'primary' ? symbol.symbol.index : N - 1 - symbol.symbol.index;
    const root = encoded.metadata.hashes[pair]![sourceType]!;
    expect(verifyMerkleProof(root, N, symbol.symbol.data, symbol.targetIndex, symbol.proof)).toBe(true);
  }

  it('serves proven symbols of any sliver, repair slivers included', async () => {
    for (const node of nodes) {
      for (const targetType of ['primary', 'secondary'] as const) {
        const bytes = await node.client.getRecoverySymbols(encoded.blobId, {
          kind: 'recovers',
          targetSliver: N - 1,
          targetType,
          proofAxis: targetType === 'primary' ? 'secondary' : 'primary',
        });
        const symbols = parseRecoverySymbols(bytes);
        expect(symbols).toHaveLength(node.shards.length);
        for (const symbol of symbols) {
          expect([symbol.symbol.axis, symbol.targetIndex]).toEqual([targetType, N - 1]);
          checkProof(symbol);
        }
      }
    }
  });

  it('serves the requested IDs it can and skips the rest', async () => {
    const node = nodes[1]!;
    const ids = [...Array(N).keys()].map((k) => ({ primary: k, secondary: 0 }));
    const symbols = parseRecoverySymbols(
      await node.client.getRecoverySymbols(encoded.blobId, { kind: 'ids', ids }),
    );
    expect(symbols.length).toBeGreaterThan(0);
    expect(symbols.length).toBeLessThan(N);
    for (const symbol of symbols) {
      expect(recoverySymbolId(symbol).secondary).toBe(0);
      checkProof(symbol);
    }
    const range = await rejection(
      node.client.getRecoverySymbols(encoded.blobId, { kind: 'ids', ids: [{ primary: N, secondary: 0 }] }),
    );
    expect([range.status, range.reason]).toEqual([400, 'INDEX_OUT_OF_RANGE']);
  });

  it('refuses requests beyond its limit with 503 UNAVAILABLE', async () => {
    const node = await startTestNode({
      shards: [...Array(N).keys()],
      state: chain,
      limits: { maxRecoverySymbolRequests: 1 },
    });
    await uploadTo(node, encoded);
    const outcomes = await Promise.all(
      Array.from({ length: 24 }, () =>
        node.client
          .getRecoverySymbols(encoded.blobId, { kind: 'recovers', targetSliver: 3, targetType: 'secondary' })
          .then(
            () => 'ok',
            (e: unknown) => e as StorageNodeApiError,
          ),
      ),
    );
    const refused = outcomes.filter((o): o is StorageNodeApiError => o !== 'ok');
    expect(outcomes).toContain('ok');
    expect(refused.length).toBeGreaterThan(0);
    for (const e of refused) {
      expect([e.status, e.reason, e.body?.details[0]?.domain]).toEqual([
        503,
        'UNAVAILABLE',
        'storage.walrus.space',
      ]);
    }
  });
});

describe('faults on the symbol endpoints', () => {
  it('a corrupting node flips symbol bytes but keeps indices, framing and proofs', async () => {
    const node = nodes[2]!;
    const honestDecoding = await node.client.getDecodingSymbols(encoded.blobId, [1], 'secondary');
    const filter = { kind: 'recovers', targetSliver: 1, targetType: 'primary' } as const;
    const honestRecovery = parseRecoverySymbols(await node.client.getRecoverySymbols(encoded.blobId, filter));
    await admin(node, 'PUT', '/faults', { corruptRate: 1 });
    try {
      const honest = parseDecodingSymbols(honestDecoding).get(1)!;
      const lying = parseDecodingSymbols(
        await node.client.getDecodingSymbols(encoded.blobId, [1], 'secondary'),
      ).get(1)!;
      expect(lying.map((s) => s.index)).toEqual(honest.map((s) => s.index));
      lying.forEach((s, i) => expect(s.data).not.toEqual(honest[i]!.data));
      const corrupted = parseRecoverySymbols(await node.client.getRecoverySymbols(encoded.blobId, filter));
      expect(corrupted.map((s) => s.proof)).toEqual(honestRecovery.map((s) => s.proof));
      for (const symbol of corrupted) {
        const sourceType = symbol.symbol.axis === 'primary' ? 'secondary' : 'primary';
        const pair = sourceType === 'primary' ? symbol.symbol.index : N - 1 - symbol.symbol.index;
        const root = encoded.metadata.hashes[pair]![sourceType]!;
        expect(verifyMerkleProof(root, N, symbol.symbol.data, symbol.targetIndex, symbol.proof)).toBe(false);
      }
    } finally {
      await admin(node, 'POST', '/faults/reset');
    }
  });

  it('refusing and deny-listing nodes answer the symbol endpoints like every other', async () => {
    const node = nodes[3]!;
    await admin(node, 'PUT', '/faults', { refuseAll: true });
    try {
      const refused = await rejection(node.client.getDecodingSymbols(encoded.blobId, [0], 'primary'));
      expect([refused.status, refused.body?.details[0]?.domain]).toEqual([503, 'global']);
    } finally {
      await admin(node, 'POST', '/faults/reset');
    }
    await admin(node, 'PUT', '/faults', { denyBlobs: [blobIdToText(encoded.blobId)] });
    try {
      for (const request of [
        node.client.getDecodingSymbols(encoded.blobId, [0], 'primary'),
        node.client.getRecoverySymbols(encoded.blobId, {
          kind: 'recovers',
          targetSliver: 0,
          targetType: 'primary',
        }),
      ]) {
        const blocked = await rejection(request);
        expect([blocked.status, blocked.reason]).toEqual([451, 'FORBIDDEN_BLOB']);
      }
    } finally {
      await admin(node, 'POST', '/faults/reset');
    }
  });
});
