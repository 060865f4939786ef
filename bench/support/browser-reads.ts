// Reads of one media file timed inside Chromium, the same way whoever answers (Floe's worker or a
// static server): a `fetch()` of the whole file or of a range, its first byte taken from
// PerformanceResourceTiming.responseStart, and a `<video>` seek to a fraction of the duration
// timed to its `seeked` event. Plus the peak memory of Chromium's renderer processes, where the
// page, its service worker and the media pipeline run.
import type { Page } from '@playwright/test';
import { descendantsWith, peakRss, resetPeakRss } from './process-memory.ts';

export interface BrowserFetch {
  readonly status: number;
  /** startTime → responseStart of the fetch's resource timing entry. */
  readonly ttfbMs: number;
  /** From calling fetch() to the body's last byte. */
  readonly fullMs: number;
  readonly bytes: number;
  /** `x-floe-read` of the answer (how Floe read it), when it has one. */
  readonly floeRead: string | null;
}

export interface BrowserSeek {
  /** Setting `src` (preload=metadata) → `loadedmetadata`. */
  readonly metadataMs: number;
  /** Setting `currentTime` → `seeked`. */
  readonly seekMs: number;
  readonly durationS: number;
  /** Set when the element failed (MediaError code and the step it failed in); times are NaN then. */
  readonly error?: string;
}

const TIMEOUT_MS = 300_000;

/**
 * GET `path` from the page's origin (a `Range` when given), the whole body read and dropped; with
 * `firstChunkOnly`, the body is cancelled after its first chunk (a time-to-first-byte probe).
 */
export function browserFetch(
  page: Page,
  path: string,
  range?: string,
  firstChunkOnly = false,
): Promise<BrowserFetch> {
  return page.evaluate(
    async ({ path, range, timeoutMs, firstChunkOnly }) => {
      performance.clearResourceTimings();
      const url = new URL(path, location.href).href;
      const started = performance.now();
      const response = await fetch(url, {
        cache: 'no-store',
        signal: AbortSignal.timeout(timeoutMs),
        ...(range ? { headers: { range } } : {}),
      });
      const headersAt = performance.now();
      const reader = response.body!.getReader();
      let bytes = 0;
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        bytes += value.length;
        if (firstChunkOnly) {
          await reader.cancel();
          break;
        }
      }
      const fullMs = performance.now() - started;
      const entry = performance.getEntriesByName(url).at(-1) as PerformanceResourceTiming | undefined;
      return {
        status: response.status,
        ttfbMs:
          entry && entry.responseStart > 0 ? entry.responseStart - entry.startTime : headersAt - started,
        fullMs,
        bytes,
        floeRead: response.headers.get('x-floe-read'),
      };
    },
    { path, range, timeoutMs: TIMEOUT_MS, firstChunkOnly },
  );
}

/** A muted `<video preload="metadata">` of `path`, then a seek to `fraction` of its duration. */
export function browserSeek(page: Page, path: string, fraction: number): Promise<BrowserSeek> {
  return page.evaluate(
    async ({ path, fraction, timeoutMs }) => {
      const video = document.createElement('video');
      video.muted = true;
      video.preload = 'metadata';
      const event = (name: string) =>
        new Promise<void>((resolve, reject) => {
          const timer = setTimeout(() => reject(new Error(`no ${name} within ${timeoutMs} ms`)), timeoutMs);
          video.addEventListener(
            name,
            () => {
              clearTimeout(timer);
              resolve();
            },
            { once: true },
          );
          video.addEventListener('error', () => reject(new Error(`video error ${video.error?.code}`)), {
            once: true,
          });
        });
      let step = 'loadedmetadata';
      let metadataMs = Number.NaN;
      let seekMs = Number.NaN;
      let error: string | undefined;
      try {
        const started = performance.now();
        const metadata = event('loadedmetadata');
        video.src = path;
        document.body.append(video);
        await metadata;
        metadataMs = performance.now() - started;
        step = 'seeked';
        const seeked = event('seeked');
        const seekStarted = performance.now();
        video.currentTime = video.duration * fraction;
        await seeked;
        seekMs = performance.now() - seekStarted;
      } catch (failure) {
        error = `${(failure as Error).message} waiting for ${step}`;
      }
      const durationS = video.duration;
      video.removeAttribute('src');
      video.load();
      video.remove();
      return { metadataMs, seekMs, durationS, ...(error ? { error } : {}) };
    },
    { path, fraction, timeoutMs: TIMEOUT_MS },
  );
}

const RENDERER = '--type=renderer';

/** Starts the peak-RSS count of every Chromium renderer afresh. */
export function resetRendererPeaks(): void {
  for (const pid of descendantsWith(RENDERER)) resetPeakRss(pid);
}

/** The largest peak RSS of any renderer since the last reset, and how many renderers there are. */
export function rendererPeak(): { bytes: number; processes: number } {
  const pids = descendantsWith(RENDERER);
  return { bytes: Math.max(0, ...pids.map(peakRss)), processes: pids.length };
}
