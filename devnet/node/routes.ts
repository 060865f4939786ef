// Request routing as a pure function: method + request target → a typed route, or an ApiError
// saying which part of the request is wrong. Paths follow MystenLabs/walrus crates/walrus-service
import { blobIdFromText, blobIdToText } from '../../core/walrus/blob-id.ts';
import type { BlobPersistence } from '../../core/walrus/bcs.ts';
import type { SliverType } from '../../core/walrus/node-types.ts';
import {
  parseDecodingSymbolsQuery,
  parseRecoverySymbolsQuery,
  SymbolQueryError,
  type RecoverySymbolsFilter,
} from '../../core/walrus/symbols-query.ts';
import { errors } from './api-error.ts';

export type Route =
  | { readonly kind: 'health'; readonly detailed: boolean }
  | { readonly kind: 'get-metadata'; readonly blobId: Uint8Array }
  | { readonly kind: 'put-metadata'; readonly blobId: Uint8Array; readonly pending: boolean }
  | { readonly kind: 'metadata-status'; readonly blobId: Uint8Array }
  | {
      readonly kind: 'get-sliver';
      readonly blobId: Uint8Array;
      readonly pair: number;
      readonly type: SliverType;
    }
  | {
      readonly kind: 'put-sliver';
      readonly blobId: Uint8Array;
      readonly pair: number;
      readonly type: SliverType;
      readonly pending: boolean;
    }
  | {
      readonly kind: 'sliver-status';
      readonly blobId: Uint8Array;
      readonly pair: number;
      readonly type: SliverType;
    }
  | {
      readonly kind: 'confirmation';
      readonly blobId: Uint8Array;
      readonly persistence: BlobPersistence;
      readonly waitForRegistration: boolean;
      /** `wait_millis` as sent; the node clamps it to its maximum. */
      readonly waitMillis: number | undefined;
    }
  | { readonly kind: 'blob-status'; readonly blobId: Uint8Array }
  | {
      readonly kind: 'decoding-symbols';
      readonly blobId: Uint8Array;
      /** Source sliver indices as sent (the node checks them against p or s). */
      readonly targets: readonly number[];
      readonly type: SliverType;
    }
  | {
      readonly kind: 'recovery-symbols';
      readonly blobId: Uint8Array;
      readonly filter: RecoverySymbolsFilter;
    };

type Method = 'GET' | 'PUT';
type Build = (params: readonly string[], query: URLSearchParams) => Route;

interface RouteSpec {
  readonly pattern: RegExp;
  readonly methods: Partial<Record<Method, Build>>;
}

const BLOB = '([^/]+)';
const SLIVER = `${BLOB}/slivers/([^/]+)/([^/]+)`;

const ROUTES: readonly RouteSpec[] = [
  {
    pattern: /^\/v1\/health$/,
    methods: { GET: (_, q) => ({ kind: 'health', detailed: bool(q, 'detailed') }) },
  },
  {
    pattern: new RegExp(`^/v1/blobs/${BLOB}/metadata$`),
    methods: {
      GET: ([id]) => ({ kind: 'get-metadata', blobId: blobId(id!) }),
      PUT: ([id], q) => ({ kind: 'put-metadata', blobId: blobId(id!), pending: bool(q, 'pending') }),
    },
  },
  {
    pattern: new RegExp(`^/v1/blobs/${BLOB}/metadata/status$`),
    methods: { GET: ([id]) => ({ kind: 'metadata-status', blobId: blobId(id!) }) },
  },
  {
    pattern: new RegExp(`^/v1/blobs/${SLIVER}$`),
    methods: {
      GET: ([id, pair, type]) => ({ kind: 'get-sliver', ...sliverParams(id!, pair!, type!) }),
      PUT: ([id, pair, type], q) => ({
        kind: 'put-sliver',
        ...sliverParams(id!, pair!, type!),
        pending: bool(q, 'pending'),
      }),
    },
  },
  {
    pattern: new RegExp(`^/v1/blobs/${SLIVER}/status$`),
    methods: { GET: ([id, pair, type]) => ({ kind: 'sliver-status', ...sliverParams(id!, pair!, type!) }) },
  },
  {
    pattern: new RegExp(`^/v1/blobs/${BLOB}/confirmation/permanent$`),
    methods: { GET: ([id], q) => confirmation(blobId(id!), { kind: 'permanent' }, q) },
  },
  {
    pattern: new RegExp(`^/v1/blobs/${BLOB}/confirmation/deletable/([^/]+)$`),
    methods: {
      GET: ([id, object], q) =>
        confirmation(blobId(id!), { kind: 'deletable', objectId: objectId(object!) }, q),
    },
  },
  {
    pattern: new RegExp(`^/v1/blobs/${BLOB}/status$`),
    methods: { GET: ([id]) => ({ kind: 'blob-status', blobId: blobId(id!) }) },
  },
  {
    pattern: new RegExp(`^/v1/blobs/${BLOB}/decodingSymbols$`),
    methods: {
      GET: ([id], q) => {
        const blob = blobId(id!);
        return { kind: 'decoding-symbols', blobId: blob, ...symbolQuery(() => parseDecodingSymbolsQuery(q)) };
      },
    },
  },
  {
    pattern: new RegExp(`^/v1/blobs/${BLOB}/recoverySymbols$`),
    methods: {
      GET: ([id], q) => {
        const blob = blobId(id!);
        return {
          kind: 'recovery-symbols',
          blobId: blob,
          filter: symbolQuery(() => parseRecoverySymbolsQuery(q)),
        };
      },
    },
  },
];

/** Parses a request line; throws ApiError (404 unknown path, 405 wrong method, 400 bad parameter). */
export function parseRoute(method: string, target: string): Route {
  let url: URL;
  try {
    url = new URL(target, 'http://node.invalid');
  } catch {
    throw errors.routeNotFound(target);
  }
  for (const spec of ROUTES) {
    const match = spec.pattern.exec(url.pathname);
    if (!match) continue;
    const build = spec.methods[method as Method];
    if (!build) throw errors.methodNotAllowed(method, Object.keys(spec.methods));
    return build(match.slice(1).map(decodeSegment), url.searchParams);
  }
  throw errors.routeNotFound(url.pathname);
}

function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/** Blob IDs must be canonical: 43 URL-safe base64 characters whose unused low bits are zero. */
export function blobId(text: string): Uint8Array {
  let bytes: Uint8Array;
  try {
    bytes = blobIdFromText(text);
  } catch {
    throw errors.invalidBlobId(text);
  }
  if (blobIdToText(bytes) !== text) throw errors.invalidBlobId(text);
  return bytes;
}

function sliverParams(id: string, pairText: string, typeText: string) {
  if (!/^\d+$/.test(pairText)) throw errors.invalidParameter('sliver_pair_index', 'expected a decimal u16');
  if (typeText !== 'primary' && typeText !== 'secondary') {
    throw errors.invalidParameter('sliver_type', 'expected "primary" or "secondary"');
  }
  // Out-of-range numbers stay numbers: the node reports them as INDEX_OUT_OF_RANGE against n.
  return { blobId: blobId(id), pair: Number(pairText), type: typeText as SliverType };
}

/** A Sui object ID in hex (`0x` and 1–64 digits), normalised to 32 bytes. */
export function objectId(text: string): Uint8Array {
  const match = /^0x([0-9a-fA-F]{1,64})$/.exec(text);
  if (!match) throw errors.invalidParameter('object_id', 'expected a 0x-prefixed hex Sui object ID');
  const hex = match[1]!.padStart(64, '0');
  const bytes = new Uint8Array(32);
  for (let i = 0; i < 32; i++) bytes[i] = parseInt(hex.slice(2 * i, 2 * i + 2), 16);
  return bytes;
}

function confirmation(id: Uint8Array, persistence: BlobPersistence, q: URLSearchParams): Route {
  const wait = q.get('wait_millis');
  if (wait !== null && !/^\d{1,15}$/.test(wait)) {
    throw errors.invalidParameter('wait_millis', 'expected a non-negative integer');
  }
  return {
    kind: 'confirmation',
    blobId: id,
    persistence,
    waitForRegistration: bool(q, 'wait_for_registration'),
    waitMillis: wait === null ? undefined : Number(wait),
  };
}

/** The symbol endpoints' query parsers, shared with the client; their errors become INVALID_PARAMETER. */
function symbolQuery<T>(parse: () => T): T {
  try {
    return parse();
  } catch (error) {
    if (error instanceof SymbolQueryError) throw errors.invalidParameter(error.parameter, error.detail);
    throw error;
  }
}

/** serde's query booleans: exactly `true` or `false`; absent means false. */
function bool(q: URLSearchParams, name: string): boolean {
  const value = q.get(name);
  if (value === null || value === 'false') return false;
  if (value === 'true') return true;
  throw errors.invalidParameter(name, 'expected true or false');
}
