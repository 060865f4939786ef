// The answer for a site resource stored as a standalone blob (no quilt patch header) too big to
// read whole: its bytes go out as the reader verifies them, row by row, instead of after the whole
// file is in memory. A whole-file answer carries the chain's SHA-256 to the reader, which withholds
// the last chunk until the file hashes to it, so a client never receives a complete-looking file
// that is wrong (Content-Length is set, and the stream errors instead of ending). A range is
// checked row by row against the blob's metadata only; its hash is not the file's.
//
// Failures before the first verified row (metadata unavailable, no sliver for the first row) are
// thrown from `blobResponse`, so the caller answers them with the same error pages as whole reads.
import type { SiteResource } from '../site/types.ts';
import type { BlobStream, StreamRequest } from '../walrus/blob-stream.ts';
import { siteResponseHeaders } from './headers.ts';
import { READ_DEBUG_HEADER, STREAMED_HEADER } from './portal-protocol.ts';
import { contentRange, parseRange, unsatisfiedRange } from './range.ts';

/** What a blob answer needs of the reader (WalrusReader provides both). */
export interface BlobStreamSource {
  openStream(request: StreamRequest): Promise<BlobStream>;
  blobLength(blobId: Uint8Array | string, signal?: AbortSignal): Promise<number>;
}

export interface BlobResponseOptions {
  /** 200 for a file, 404 for the site's /404.html; ranges are served for 200 only. */
  readonly status: number;
  /** Adds `x-floe-read` with the rows read. @default false */
  readonly debugHeader?: boolean;
}

/**
 * The answer to `request` (GET or HEAD) for `resource`, a whole-blob resource read from `source`:
 * HEAD → headers only; a satisfiable single `Range` → 206 with the range's bytes; one that is not
 * → 416; else the whole file. Rejects with the reader's errors when not even the first row can be
 * served.
 */
export async function blobResponse(
  source: BlobStreamSource,
  request: Request,
  resource: SiteResource,
  options: BlobResponseOptions,
): Promise<Response> {
  const length = await source.blobLength(resource.blobId, request.signal);
  const headers = siteResponseHeaders(resource.headers, resource.path);
  headers.set('accept-ranges', 'bytes');
  const debug = (value: string) => {
    if (options.debugHeader) headers.set(READ_DEBUG_HEADER, value);
  };
  let status = options.status;
  if (request.method.toUpperCase() === 'HEAD') {
    headers.set('content-length', String(length));
    debug(`blob; source=metadata; mode=stream`);
    return new Response(null, { status, headers });
  }
  // Ranges apply to GET only, and only to the file itself (RFC 9110 §14.2), not to a 404 page.
  const range =
    status === 200 ? parseRange(request.headers.get('range'), length) : ({ kind: 'full' } as const);
  if (range.kind === 'unsatisfiable') {
    headers.set('content-range', unsatisfiedRange(length));
    debug(`blob; source=metadata; mode=stream`);
    return new Response(null, { status: 416, headers });
  }
  const stream = await source.openStream(
    range.kind === 'partial'
      ? { blobId: resource.blobId, start: range.start, end: range.end + 1, signal: request.signal }
      : { blobId: resource.blobId, sha256: resource.blobHash, signal: request.signal },
  );
  if (range.kind === 'partial') {
    headers.set('content-range', contentRange(stream.start, stream.end - 1, stream.length));
    status = 206;
  }
  headers.set('content-length', String(stream.end - stream.start));
  headers.set(STREAMED_HEADER, '1');
  debug(`blob; source=nodes; mode=stream; rows=${rowsOf(stream)}`);
  return new Response(stream.body, { status, headers });
}

function rowsOf(stream: BlobStream): string {
  return stream.firstRow > stream.lastRow ? 'none' : `${stream.firstRow}..${stream.lastRow}`;
}
