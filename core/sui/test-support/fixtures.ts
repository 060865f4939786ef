// Deterministic site contents for the core/sui tests.
import { blobIdToText } from '../../walrus/blob-id.ts';
import { QUILT_PATCH_HEADER, type SiteMetadata, type SiteResource } from '../../site/types.ts';

/** 32 bytes that differ per (label, i) and cover the whole byte range (so LE/BE mix-ups show). */
export function bytes32(label: string, i: number): Uint8Array {
  const out = new Uint8Array(32);
  // FNV-1a of (label, i) seeding a 32-bit LCG; Math.imul keeps everything in 32-bit integers.
  let x = 0x811c9dc5;
  for (const c of `${label}/${i}`) x = Math.imul(x ^ c.charCodeAt(0), 16777619) >>> 0;
  for (let k = 0; k < 32; k++) {
    x = (Math.imul(x, 1103515245) + 12345) >>> 0;
    out[k] = x >>> 24;
  }
  return out;
}

/** A resource as the deploy pipeline makes them: a quilt blob ID plus type, encoding and patch headers. */
export function resource(path: string, i: number, extraHeaders: [string, string][] = []): SiteResource {
  return {
    path,
    headers: new Map([
      ['content-type', path.endsWith('.html') ? 'text/html' : 'application/javascript'],
      ['content-encoding', 'identity'],
      [QUILT_PATCH_HEADER, `0x${i.toString(16).padStart(10, '0')}`],
      ...extraHeaders,
    ]),
    blobId: blobIdToText(bytes32('quilt', Math.floor(i / 50))),
    blobHash: bytes32('file', i),
    range: null,
  };
}

export const METADATA: SiteMetadata = {
  link: 'https://floe.example',
  imageUrl: null,
  description: 'A test site',
  projectUrl: null,
  creator: 'floe',
};
