// Offline visits: the last good response for each URL is kept, and served when the chain cannot
// be reached. Unlike the bytes cache and the kept lookups, a copy cannot be checked when it is
// needed (no chain), and the site's own scripts can write this cache. So (offline-policy.ts) a copy
// is served only within OFFLINE_MAX_AGE_MS of being stored, always marked `x-floe-stale`, and the
// worker re-derives every copy from the chain once per start while the chain is reachable
// (refreshOfflineCopies), so what a script wrote does not survive the next online visit.
import {
  CHAIN_UNAVAILABLE_ERROR,
  ERROR_HEADER,
  STALE_HEADER,
  STREAMED_HEADER,
} from '../core/serve/portal-protocol.ts';
import { PAGES_CACHE } from './cache-names.ts';
import { offlineCopyUsable, staleNotice, STORED_AT_HEADER } from './offline-policy.ts';

/** At most this many copies are re-derived per worker start (each may cost a read from the nodes). */
const MAX_REFRESH = 100;

/**
 * An unchanged copy is written again once its stamp is this old, so a visitor who keeps coming back
 * always has most of OFFLINE_MAX_AGE_MS of offline reading ahead.
 */
export const RESTAMP_AFTER_MS = 60 * 60 * 1000;

/** URLs whose copy this worker wrote, with what the answer held; at most this many are noted. */
const MAX_NOTED = 2000;

/**
 * Which copies this worker has written, so a repeat visit does not write them again: the clone,
 * stamp and Cache API write of every answer were about half the worker's time on a cached page
 * view (Chromium's profiler, examples/hello). It lives as long as the worker; a copy that a script
 * on the origin overwrote meanwhile is re-derived at the next worker start (refreshOfflineCopies),
 * as copies of pages not visited again always were.
 */
export class KeptCopies {
  readonly #noted = new Map<string, { tag: string; at: number }>();

  /** Whether the copy of `url` this worker wrote holds `tag` and was stamped less than an hour ago. */
  fresh(url: string, tag: string, now: number): boolean {
    const noted = this.#noted.get(url);
    return noted !== undefined && noted.tag === tag && now - noted.at < RESTAMP_AFTER_MS && now >= noted.at;
  }

  note(url: string, tag: string, at: number): void {
    this.#noted.delete(url);
    if (this.#noted.size >= MAX_NOTED) this.#noted.delete(this.#noted.keys().next().value!);
    this.#noted.set(url, { tag, at });
  }
}

export interface RememberOptions {
  readonly now?: () => number;
  /** What the answer holds (SiteService.contentTag); without it the copy is always written. */
  readonly tag?: string | undefined;
  readonly kept?: KeptCopies;
  /** Resolves when the copy may be written (sw/quiet-writes.ts); default at once. */
  readonly whenQuiet?: () => Promise<void>;
}

/**
 * Whether `response` is an answer of the site (a file or the site's 404 page), worth keeping. Not a
 * streamed big file: its clone would tee the stream, so the whole file would be read (and the part
 * the page has not read yet held in memory) whatever the page reads of it, as for a seeking video.
 */
function keepable(response: Response): boolean {
  if (response.headers.has(STREAMED_HEADER)) return false;
  return response.status === 200 || (response.status === 404 && !response.headers.has(ERROR_HEADER));
}

function stamped(response: Response, now: number): Response {
  const headers = new Headers(response.headers);
  headers.set(STORED_AT_HEADER, String(now));
  return new Response(response.body, { status: response.status, headers });
}

/**
 * `waitUntil` keeps the worker alive for work that outlasts the response (the event's own): the
 * copy is stored after the page has its answer, so no visit waits for a cache write.
 */
export async function rememberOrFallBack(
  request: Request,
  response: Response,
  waitUntil: (work: Promise<unknown>) => void,
  { now = Date.now, tag, kept, whenQuiet = () => Promise.resolve() }: RememberOptions = {},
): Promise<Response> {
  if (request.method !== 'GET' || request.headers.has('range')) return response;
  if (keepable(response)) {
    const at = now();
    if (tag !== undefined && kept?.fresh(request.url, tag, at)) return response;
    // Only the clone is taken now (the body must be teed before the page reads it); the stamped
    // copy's headers and Response are built once the page is quiet, off the answer's path.
    const copy = response.clone();
    waitUntil(
      whenQuiet()
        .then(() => caches.open(PAGES_CACHE))
        .then((cache) => cache.put(request.url, stamped(copy, at)))
        .then(() => {
          if (tag !== undefined) kept?.note(request.url, tag, at);
        })
        .catch(() => {}),
    );
    return response;
  }
  if (response.headers.get(ERROR_HEADER) === CHAIN_UNAVAILABLE_ERROR) {
    const cache = await caches.open(PAGES_CACHE);
    const stale = await cache.match(request.url);
    if (!stale) return response;
    const storedAt = stale.headers.get(STORED_AT_HEADER);
    if (!offlineCopyUsable(storedAt, now())) {
      await cache.delete(request.url).catch(() => {});
      return response;
    }
    const headers = new Headers(stale.headers);
    headers.delete(STORED_AT_HEADER);
    headers.set(STALE_HEADER, staleNotice(Number(storedAt)));
    return new Response(stale.body, { status: stale.status, headers });
  }
  return response;
}

/**
 * Answers every kept URL again through `answer` (the site service, chain and checked bytes; null
 * for a URL that is no site's) and keeps what it says now: a fresh copy, or none when the site has
 * no such answer any more. Stops at the first sign that the chain is unreachable, keeping the rest
 * as they are (bounded in age). Never rejects.
 */
export async function refreshOfflineCopies(
  answer: (url: string) => Promise<Response> | null,
  now: () => number = Date.now,
): Promise<void> {
  try {
    const cache = await caches.open(PAGES_CACHE);
    let answered = 0;
    for (const request of await cache.keys()) {
      if (answered >= MAX_REFRESH) return;
      const pending = answer(request.url);
      if (!pending) {
        await cache.delete(request);
        continue;
      }
      answered++;
      const response = await pending;
      if (response.headers.get(ERROR_HEADER) === CHAIN_UNAVAILABLE_ERROR) return;
      if (keepable(response)) await cache.put(request.url, stamped(response, now()));
      else {
        // A streamed answer nobody reads would otherwise keep its reads open.
        await response.body?.cancel().catch(() => {});
        await cache.delete(request);
      }
    }
  } catch {
    // A failed refresh leaves copies as they were: bounded in age and marked when served.
  }
}
