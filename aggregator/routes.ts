// Request routing as a pure function: method + request target → a typed route, or the typed error
// the Walrus daemon answers (MystenLabs/walrus crates/walrus-service/src/client/daemon/routes.rs).
// Paths are matched on the raw target, static segments before parameters; parameters are then
// percent-decoded and parsed as the daemon's extractors do, so a malformed ID is a 400 naming it.
import { blobIdFromText } from '../core/walrus/blob-id.ts';
import { parseQuiltPatchId, type QuiltPatchId } from '../core/walrus/quilt.ts';
import { AggregatorError, errors, MethodNotAllowedError } from './errors.ts';
import {
  parseByteRangeQuery,
  parsePublisherQuery,
  parseReadOptions,
  type ByteRangeQuery,
  type PublisherQuery,
  type ReadOptions,
} from './query.ts';

/** Reads answer HEAD like GET, without the body. */
interface ReadRoute {
  readonly head: boolean;
}

export type Route =
  /** Any OPTIONS request: the CORS layer answers it before routing. */
  | { readonly kind: 'preflight' }
  | { readonly kind: 'status' }
  | (ReadRoute & { readonly kind: 'blob'; readonly blobId: Uint8Array; readonly read: ReadOptions })
  | (ReadRoute & { readonly kind: 'byte-range'; readonly blobId: Uint8Array; readonly range: ByteRangeQuery })
  | (ReadRoute & {
      readonly kind: 'blob-by-object-id';
      readonly objectId: string;
      readonly read: ReadOptions;
    })
  | (ReadRoute & { readonly kind: 'patch-by-id'; readonly patch: QuiltPatchId })
  | (ReadRoute & {
      readonly kind: 'patch-by-identifier';
      readonly quiltId: Uint8Array;
      readonly identifier: string;
    })
  | (ReadRoute & { readonly kind: 'list-patches'; readonly quiltId: Uint8Array })
  | { readonly kind: 'put-blob'; readonly query: PublisherQuery }
  | { readonly kind: 'put-quilt'; readonly query: PublisherQuery };

export interface RouteOptions {
  /** Whether the publisher routes (`PUT /v1/blobs`, `PUT /v1/quilts`) exist. */
  readonly publisher: boolean;
}

type Params = Readonly<Record<string, string>>;
type Build = (params: Params, query: string, head: boolean) => Route;

interface RouteSpec {
  /** Literal segments, or `{name}` for a parameter (one non-empty segment). */
  readonly pattern: readonly string[];
  readonly get?: Build;
  readonly put?: Build;
  readonly publisher?: boolean;
}

// Ordered so that the first full match is the one the daemon's router picks: static segments win
// over parameters at the same position.
const ROUTES: readonly RouteSpec[] = [
  { pattern: ['status'], get: () => ({ kind: 'status' }) },
  {
    pattern: ['v1', 'blobs'],
    publisher: true,
    put: (_, q) => ({ kind: 'put-blob', query: parsePublisherQuery(q) }),
  },
  {
    pattern: ['v1', 'quilts'],
    publisher: true,
    put: (_, q) => ({ kind: 'put-quilt', query: parsePublisherQuery(q) }),
  },
  {
    pattern: ['v1', 'blobs', 'by-object-id', '{blob_object_id}'],
    get: (p, q, head) => ({
      kind: 'blob-by-object-id',
      head,
      objectId: objectId('blob_object_id', p['blob_object_id']!),
      read: parseReadOptions(q),
    }),
  },
  {
    pattern: ['v1', 'blobs', 'by-quilt-patch-id', '{quilt_patch_id}'],
    get: (p, _, head) => ({ kind: 'patch-by-id', head, patch: patchId(p['quilt_patch_id']!) }),
  },
  {
    pattern: ['v1', 'blobs', 'by-quilt-id', '{quilt_id}', '{identifier}'],
    get: (p, _, head) => ({
      kind: 'patch-by-identifier',
      head,
      quiltId: blobId('quilt_id', p['quilt_id']!),
      identifier: p['identifier']!,
    }),
  },
  {
    pattern: ['v1', 'blobs', '{blob_id}', 'byte-range'],
    get: (p, q, head) => ({
      kind: 'byte-range',
      head,
      blobId: blobId('blob_id', p['blob_id']!),
      range: parseByteRangeQuery(q),
    }),
  },
  {
    pattern: ['v1', 'blobs', '{blob_id}'],
    get: (p, q, head) => ({
      kind: 'blob',
      head,
      blobId: blobId('blob_id', p['blob_id']!),
      read: parseReadOptions(q),
    }),
  },
  {
    pattern: ['v1', 'quilts', '{quilt_id}', 'patches'],
    get: (p, _, head) => ({ kind: 'list-patches', head, quiltId: blobId('quilt_id', p['quilt_id']!) }),
  },
];

/**
 * The route of a request line. Never throws for any input: a request the daemon would refuse comes
 * back as the AggregatorError it answers with (404, 405, 400 with a reason).
 */
export function parseRoute(method: string, target: string, options: RouteOptions): Route | AggregatorError {
  try {
    return route(method.toUpperCase(), target, options);
  } catch (error) {
    if (error instanceof AggregatorError) return error;
    throw error;
  }
}

function route(method: string, target: string, options: RouteOptions): Route {
  if (method === 'OPTIONS') return { kind: 'preflight' };
  const { path, query } = splitTarget(target);
  const segments = path.split('/').slice(1);
  for (const spec of ROUTES) {
    if (spec.publisher && !options.publisher) continue;
    const raw = match(spec.pattern, segments);
    if (!raw) continue;
    const build = method === 'GET' || method === 'HEAD' ? spec.get : method === 'PUT' ? spec.put : undefined;
    if (!build) throw new MethodNotAllowedError(method, spec.get ? ['GET', 'HEAD'] : ['PUT']);
    const params: Record<string, string> = {};
    for (const [name, value] of Object.entries(raw)) params[name] = decodeParameter(name, value);
    return build(params, query, method === 'HEAD');
  }
  throw errors.routeNotFound(path);
}

/** Path and query of an origin-form (`/p?q`) or absolute-form (`http://h/p?q`) request target. */
function splitTarget(target: string): { path: string; query: string } {
  let rest = target.split('#', 1)[0]!;
  const absolute = /^[a-zA-Z][a-zA-Z0-9+.-]*:\/\/[^/?]*/.exec(rest);
  if (absolute) rest = rest.slice(absolute[0].length) || '/';
  const q = rest.indexOf('?');
  return q === -1 ? { path: rest, query: '' } : { path: rest.slice(0, q), query: rest.slice(q + 1) };
}

function match(pattern: readonly string[], segments: readonly string[]): Record<string, string> | null {
  if (pattern.length !== segments.length) return null;
  const params: Record<string, string> = {};
  for (let i = 0; i < pattern.length; i++) {
    const part = pattern[i]!;
    const segment = segments[i]!;
    if (part.startsWith('{')) {
      if (segment === '') return null;
      params[part.slice(1, -1)] = segment;
    } else if (part !== segment) {
      return null;
    }
  }
  return params;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** Percent-decodes a path parameter as axum does: `%XX` to a byte, anything else kept as is. */
function decodeParameter(name: string, segment: string): string {
  const bytes: number[] = [];
  const raw = new TextEncoder().encode(segment);
  for (let i = 0; i < raw.length; i++) {
    const hex = raw[i] === 0x25 && i + 2 < raw.length ? String.fromCharCode(raw[i + 1]!, raw[i + 2]!) : '';
    if (/^[0-9a-fA-F]{2}$/.test(hex)) {
      bytes.push(parseInt(hex, 16));
      i += 2;
    } else {
      bytes.push(raw[i]!);
    }
  }
  try {
    return utf8.decode(Uint8Array.from(bytes));
  } catch {
    throw errors.pathNotUtf8(name);
  }
}

function blobId(name: string, value: string): Uint8Array {
  try {
    return blobIdFromText(value);
  } catch {
    throw errors.pathParameter(name, value, 'failed to parse a blob ID');
  }
}

function patchId(value: string): QuiltPatchId {
  try {
    return parseQuiltPatchId(value);
  } catch {
    throw errors.pathParameter('quilt_patch_id', value, 'failed to parse a blob ID');
  }
}

/** A Sui object ID: `0x` and 1–64 hex digits, or exactly 64 digits; normalized to `0x` + 64. */
function objectId(name: string, value: string): string {
  const match = /^0x([0-9a-fA-F]{1,64})$/.exec(value) ?? /^([0-9a-fA-F]{64})$/.exec(value);
  if (!match) {
    throw errors.pathParameter(
      name,
      value,
      'Unable to parse AccountAddress (must be hex string of length 32)',
    );
  }
  return `0x${match[1]!.toLowerCase().padStart(64, '0')}`;
}
