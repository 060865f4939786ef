// What each route answers, given its parsed request (routes.ts): blob and patch bytes with the
// daemon's headers, the quilt's patch list, and the publisher's JSON. Every read goes through
// BlobReads (Floe's verified reader); failures are thrown as AggregatorErrors for the server to send.
import { blobIdFromText, blobIdToText } from '../core/walrus/blob-id.ts';
import { readBlobWithAttributes, type ChainReader } from './blob-object.ts';
import type { BlobReads } from './blob-reads.ts';
import {
  addAttributeHeaders,
  blobResponseHeaders,
  contentRange,
  patchResponseHeaders,
  type RequestView,
  type ResponseHeaders,
} from './blob-responses.ts';
import { errors } from './errors.ts';
import { parseQuiltForm } from './multipart.ts';
import type { WalrusPublisher } from './publish.ts';
import { parseDaemonRange } from './range.ts';
import type { Route } from './routes.ts';

export interface Answer {
  readonly status: number;
  readonly headers: ResponseHeaders;
  /** The full body; a HEAD request gets its headers (and length) only. */
  readonly body: Uint8Array;
}

export interface IncomingRequest extends RequestView {
  /** The `Range` header, if any. */
  readonly range: string | null;
  /** Reads the body, refusing more than `limit` bytes (413). */
  readonly body: (limit: number) => Promise<Uint8Array>;
}

export interface HandlerContext {
  readonly reads: BlobReads;
  /** The chain, for `/v1/blobs/by-object-id`. */
  readonly chain: ChainReader | null;
  readonly publisher: WalrusPublisher | null;
  /** Attribute and tag names that may become response headers (lowercase). */
  readonly allowedHeaders: ReadonlySet<string>;
  /** Every tag of a patch becomes a header, not only the allowed ones. */
  readonly allowQuiltPatchTags: boolean;
  readonly maxBlobBytes: number;
  readonly maxQuiltBytes: number;
}

const utf8 = new TextEncoder();

export async function answer(route: Route, request: IncomingRequest, ctx: HandlerContext): Promise<Answer> {
  switch (route.kind) {
    case 'preflight':
      return { status: 200, headers: new Map(), body: new Uint8Array() };
    case 'status':
      return { status: 200, headers: textHeaders(), body: utf8.encode('OK') };
    case 'blob':
      return blobAnswer(ctx, request, route.blobId);
    case 'byte-range': {
      const { start, length } = route.range;
      const data = await ctx.reads.byteRange(route.blobId, start, length);
      // A 200 (not 206), so CDNs cache it; the ETag names the range.
      const etag = `${blobIdToText(route.blobId)}-${start}-${length}`;
      return { status: 200, headers: blobResponseHeaders(request, etag), body: data };
    }
    case 'blob-by-object-id': {
      if (!ctx.chain) throw errors.internal('this aggregator has no chain client to read Blob objects');
      const { blob, attributes } = await readBlobWithAttributes(ctx.chain, route.objectId);
      const result = await blobAnswer(ctx, request, blobIdFromText(blob.blobId));
      if (attributes) addAttributeHeaders(result.headers, Object.entries(attributes), ctx.allowedHeaders);
      return result;
    }
    case 'patch-by-id': {
      const patch = await ctx.reads.patch(route.patch);
      return patchAnswer(ctx, request, blobIdToText(route.patch.quiltId), patch);
    }
    case 'patch-by-identifier': {
      const patch = await ctx.reads.patchByIdentifier(route.quiltId, route.identifier);
      // The daemon builds this answer as for a GET whatever the method (its handler takes none).
      return patchAnswer(ctx, { ...request, method: 'GET' }, blobIdToText(route.quiltId), patch);
    }
    case 'list-patches':
      return json(200, await ctx.reads.patches(route.quiltId));
    case 'put-blob': {
      const publisher = requirePublisher(ctx);
      const data = await request.body(ctx.maxBlobBytes);
      return json(200, await publisher.storeBlob(data, route.query));
    }
    case 'put-quilt': {
      const publisher = requirePublisher(ctx);
      const files = await parseQuiltForm(request.contentType, await request.body(ctx.maxQuiltBytes));
      return json(200, await publisher.storeQuilt(files, route.query));
    }
  }
}

/** The blob, or with a `Range` header its bytes `start..=end` as a 206. */
async function blobAnswer(
  ctx: HandlerContext,
  request: IncomingRequest,
  blobId: Uint8Array,
): Promise<Answer> {
  const etag = blobIdToText(blobId);
  if (request.range === null) {
    return { status: 200, headers: blobResponseHeaders(request, etag), body: await ctx.reads.blob(blobId) };
  }
  const range = parseDaemonRange(request.range);
  if (range instanceof Error) throw range;
  const { data, size } = await ctx.reads.range(blobId, range);
  const headers = blobResponseHeaders(request, etag);
  headers.set('content-range', contentRange(range.start, range.end, size));
  return { status: 206, headers, body: data };
}

function patchAnswer(
  ctx: HandlerContext,
  request: RequestView,
  quiltId: string,
  patch: Awaited<ReturnType<BlobReads['patch']>>,
): Answer {
  const allowed = ctx.allowQuiltPatchTags ? null : ctx.allowedHeaders;
  return { status: 200, headers: patchResponseHeaders(request, quiltId, patch, allowed), body: patch.data };
}

function requirePublisher(ctx: HandlerContext): WalrusPublisher {
  // Routing only yields publisher routes when there is one; this guards a miswired server.
  if (!ctx.publisher) throw errors.internal('this daemon has no publisher');
  return ctx.publisher;
}

function json(status: number, value: unknown): Answer {
  return {
    status,
    headers: new Map([['content-type', 'application/json']]),
    body: utf8.encode(JSON.stringify(value)),
  };
}

function textHeaders(): ResponseHeaders {
  return new Map([['content-type', 'text/plain; charset=utf-8']]);
}
