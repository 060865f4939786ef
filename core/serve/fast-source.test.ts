import { describe, expect, it } from 'vitest';
import { QUILT_PATCH_HEADER, type SiteResource } from '../site/types.ts';
import { blobIdToText } from '../walrus/blob-id.ts';
import { sha256 } from '../walrus/sha256.ts';
import {
  FastSourceError,
  fastSourcePath,
  parseFastSource,
  raceFastSources,
  readFastSource,
} from './fast-source.ts';

const BLOB = blobIdToText(new Uint8Array(32).fill(7));
const BODY = new TextEncoder().encode('<h1>hello</h1>');

async function resource(patch: string | null, body = BODY): Promise<SiteResource> {
  return {
    path: '/index.html',
    headers: new Map(patch ? [[QUILT_PATCH_HEADER, patch]] : []),
    blobId: BLOB,
    blobHash: await sha256(body),
    range: null,
  };
}

const answering = (status: number, body: Uint8Array) => async () =>
  new Response(body as BodyInit, { status });
const delay = <T>(ms: number, value: T) => new Promise<T>((resolve) => setTimeout(() => resolve(value), ms));

describe('fastSourcePath', () => {
  it('names a quilt patch by its patch ID and a plain blob by its blob ID', async () => {
    // version 1, columns 3..5
    const patched = fastSourcePath(await resource('0x0103000500'));
    expect(patched).toMatch(/^\/v1\/blobs\/by-quilt-patch-id\/[A-Za-z0-9_-]{50}$/);
    expect(fastSourcePath(await resource(null))).toBe(`/v1/blobs/${BLOB}`);
  });
});

describe('parseFastSource', () => {
  it('keeps an http(s) base without its trailing slash and refuses anything else', () => {
    expect(parseFastSource('https://agg.example/walrus/')).toBe('https://agg.example/walrus');
    expect(() => parseFastSource('ftp://agg.example')).toThrow(FastSourceError);
    expect(() => parseFastSource('not a url')).toThrow(FastSourceError);
    expect(() => parseFastSource('https://agg.example/?key=1')).toThrow(FastSourceError);
  });
});

describe('readFastSource', () => {
  const signal = new AbortController().signal;

  it('returns bytes that match the chain hash', async () => {
    const bytes = await readFastSource(answering(200, BODY), 'http://agg', await resource(null), signal);
    expect(new TextDecoder().decode(bytes)).toBe('<h1>hello</h1>');
  });

  it('refuses other bytes, however plausible, and error statuses', async () => {
    const lie = new TextEncoder().encode('<h1>hellO</h1>');
    await expect(
      readFastSource(answering(200, lie), 'http://agg', await resource(null), signal),
    ).rejects.toThrow(/do not match the chain's SHA-256/);
    await expect(
      readFastSource(answering(404, new Uint8Array()), 'http://agg', await resource(null), signal),
    ).rejects.toThrow(/answered 404/);
  });
});

describe('raceFastSources', () => {
  it('takes the first verified answer and aborts the node read', async () => {
    let nodeSignal: AbortSignal | undefined;
    const won = await raceFastSources(
      (signal) => {
        nodeSignal = signal;
        return delay(50, 'nodes');
      },
      ['http://agg'],
      () => delay(1, BODY),
    );
    expect(won).toEqual({ kind: 'fast', source: 'http://agg', bytes: BODY });
    expect(nodeSignal?.aborted).toBe(true);
  });

  it('serves the nodes when a fast source fails, even one that answers first', async () => {
    const won = await raceFastSources(
      () => delay(20, 'nodes'),
      ['http://liar'],
      () => Promise.reject(new FastSourceError('bad hash')),
    );
    expect(won).toEqual({ kind: 'nodes', value: 'nodes' });
  });

  it('serves a fast source when the nodes cannot answer', async () => {
    const won = await raceFastSources(
      () => Promise.reject(new Error('not enough slivers')),
      ['http://agg'],
      () => delay(10, BODY),
    );
    expect(won.kind).toBe('fast');
  });

  it("reports the nodes' error when everything fails", async () => {
    await expect(
      raceFastSources(
        () => delay(5, null).then(() => Promise.reject(new Error('not enough slivers'))),
        ['http://a', 'http://b'],
        () => Promise.reject(new FastSourceError('down')),
      ),
    ).rejects.toThrow('not enough slivers');
  });

  it('is the plain node read when no source is named', async () => {
    expect(
      await raceFastSources(
        () => Promise.resolve(1),
        [],
        () => Promise.reject(new Error('unused')),
      ),
    ).toEqual({
      kind: 'nodes',
      value: 1,
    });
  });
});
