// The delays that make a loopback response look like it crossed `link`: a round trip (plus the
// handshakes on a new connection, plus jitter) before the first byte, then the body paced at the
// link's bandwidth. Pure arithmetic; `shape-server.ts` applies it to a server.
import type { GeoLink } from './regions.ts';

/**
 * The largest TLS record (RFC 8446 §5.1: 2^14 bytes), and so the smallest unit a real HTTPS body
 * arrives in; slices grow beyond it on fast links so pacing stays at about one timer per 10 ms.
 */
const MIN_SLICE_BYTES = 16_384;
const SLICES_PER_SECOND_AT_FULL_RATE = 100;

export class ShapingError extends Error {
  override name = 'ShapingError';
}

/** Checks a link from outside (command line, JSON); a zero bandwidth would never deliver a byte. */
export function checkLink(link: GeoLink): GeoLink {
  const fields = ['rttMs', 'jitterMs', 'setupMs'] as const;
  for (const field of fields) {
    if (!Number.isFinite(link[field]) || link[field] < 0)
      throw new ShapingError(`${field} must be a finite number ≥ 0, got ${link[field]}`);
  }
  if (!Number.isFinite(link.bandwidthBytesPerSec) || link.bandwidthBytesPerSec <= 0)
    throw new ShapingError(
      `bandwidthBytesPerSec must be a finite number > 0, got ${link.bandwidthBytesPerSec}`,
    );
  return link;
}

/**
 * Time from the server starting its answer to the visitor seeing it: one round trip (the request
 * going out, the answer coming back), the handshakes when the connection is new, and jitter drawn
 * from `random` (a value in [0, 1)). Whole milliseconds, the resolution of the timers that wait it.
 */
export function firstByteDelayMs(link: GeoLink, newConnection: boolean, random: () => number): number {
  return Math.round(link.rttMs + (newConnection ? link.setupMs : 0) + random() * link.jitterMs);
}

export interface Slice {
  readonly start: number;
  readonly end: number;
  /** Wait before writing this slice: its bytes' time on the wire. */
  readonly delayMs: number;
}

/** Splits `byteLength` body bytes into slices, each waiting its own transfer time. */
export function paceBody(byteLength: number, link: GeoLink): Slice[] {
  const sliceBytes = Math.max(
    MIN_SLICE_BYTES,
    Math.ceil(link.bandwidthBytesPerSec / SLICES_PER_SECOND_AT_FULL_RATE),
  );
  const slices: Slice[] = [];
  for (let start = 0; start < byteLength; start += sliceBytes) {
    const end = Math.min(byteLength, start + sliceBytes);
    slices.push({ start, end, delayMs: ((end - start) * 1000) / link.bandwidthBytesPerSec });
  }
  return slices;
}
