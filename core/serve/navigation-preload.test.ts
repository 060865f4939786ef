import { afterEach, describe, expect, it, vi } from 'vitest';
import { sha256Matches } from '../walrus/sha256.ts';
import { STREAMED_HEADER } from './portal-protocol.ts';
import {
  afterPreloadHedge,
  PRELOAD_HEADER,
  preloadAnswer,
  preloadedBytes,
  PreloadUnusableError,
} from './navigation-preload.ts';

const enc = new TextEncoder();
const FILE = enc.encode('<h1>stored bytes</h1>');
const digest = async (bytes: Uint8Array) =>
  new Uint8Array(await crypto.subtle.digest('SHA-256', bytes as BufferSource));

afterEach(() => {
  vi.useRealTimers();
});

describe('preloadedBytes', () => {
  it('gives the body when it hashes to the chain’s SHA-256', async () => {
    const bytes = await preloadedBytes(
      Promise.resolve(new Response(FILE)),
      await digest(FILE),
      sha256Matches,
    );
    expect(bytes).toEqual(FILE);
  });

  it('refuses other bytes, a coded body, an error and no preload at all', async () => {
    const sha256 = await digest(FILE);
    for (const preload of [
      () => Promise.resolve(new Response(enc.encode('<h1>another file</h1>'))),
      () => Promise.resolve(new Response(FILE, { headers: { 'content-encoding': 'br' } })),
      () => Promise.reject(new TypeError('network error')),
      () => Promise.resolve(undefined),
    ]) {
      await expect(preloadedBytes(preload(), sha256, sha256Matches)).rejects.toBeInstanceOf(
        PreloadUnusableError,
      );
    }
  });
});

describe('afterPreloadHedge', () => {
  it('lets the nodes go after the hedge while the preload is out, at once when it fails or the race is won', async () => {
    vi.useFakeTimers();
    const settled = (promise: Promise<void>) => {
      let done = false;
      void promise.then(() => (done = true));
      return () => done;
    };
    const pending = new Promise<never>(() => {});
    const waiting = settled(afterPreloadHedge(pending, 150, new AbortController().signal));
    await vi.advanceTimersByTimeAsync(149);
    expect(waiting()).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(waiting()).toBe(true);

    const failed = Promise.reject(new PreloadUnusableError('other bytes'));
    failed.catch(() => {});
    const afterFailure = settled(afterPreloadHedge(failed, 150, new AbortController().signal));
    await vi.advanceTimersByTimeAsync(0);
    expect(afterFailure()).toBe(true);

    const won = new AbortController();
    const afterWin = settled(afterPreloadHedge(pending, 150, won.signal));
    won.abort();
    await vi.advanceTimersByTimeAsync(0);
    expect(afterWin()).toBe(true);
  });
});

describe('preloadAnswer', () => {
  it('keeps the stored bytes and status, drops the coding header and varies on the preload header', async () => {
    const answer = preloadAnswer(
      new Response(FILE, {
        status: 404,
        headers: { 'content-encoding': 'br', vary: 'Accept-Encoding', 'content-type': 'text/html' },
      }),
    );
    expect(answer.status).toBe(404);
    expect(answer.headers.get('content-encoding')).toBeNull();
    expect(answer.headers.get('content-type')).toBe('text/html');
    expect(answer.headers.get('vary')).toBe(`Accept-Encoding, ${PRELOAD_HEADER}`);
    expect(new Uint8Array(await answer.arrayBuffer())).toEqual(FILE);
  });

  it('sends no body for a file the worker streams itself', async () => {
    let cancelled = false;
    const body = new ReadableStream<Uint8Array>({
      pull: (controller) => controller.enqueue(FILE),
      cancel: () => {
        cancelled = true;
      },
    });
    const answer = preloadAnswer(new Response(body, { headers: { [STREAMED_HEADER]: '1' } }));
    expect(answer.status).toBe(204);
    expect(answer.body).toBeNull();
    await Promise.resolve();
    expect(cancelled).toBe(true);
  });
});
