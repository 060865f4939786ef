// Fuzz targets of the Walrus daemon's request parsing (aggregator/): the request line → route
// (paths, percent-encoding, IDs, query strings), the `Range` header, and the `_metadata` field of
// quilt uploads. A refusal is one of the daemon's errors; an accepted route must come back the same
// when written out canonically and parsed again.
import { blobIdToText } from '../core/walrus/blob-id.ts';
import { quiltPatchIdToText } from '../core/walrus/quilt.ts';
import { AggregatorError, DaemonApiError } from '../aggregator/errors.ts';
import { parseQuiltMetadata } from '../aggregator/multipart.ts';
import { checkRangeInBlob, parseDaemonRange } from '../aggregator/range.ts';
import { parseRoute, type Route } from '../aggregator/routes.ts';
import { assertEqual, mutateText, property, showText, timed } from './engine.ts';
import { defineTarget, type FuzzTarget } from './target.ts';

/** Throws a refusal the parser returned, so the engine counts it as a documented error. */
function rejected(error: AggregatorError): never {
  const answer = error.answer();
  property('a refusal is a 4xx or 5xx with a body that fits its content type', () => {
    if (answer.status < 400 || answer.status > 599) return false;
    if (answer.headers['content-type'] === 'application/json') JSON.parse(answer.body);
    return true;
  });
  throw error;
}

// ---- request line → route -----------------------------------------------------------------------

interface RouteInput {
  readonly method: string;
  readonly target: string;
  readonly publisher: boolean;
}

const ID_BYTES = Uint8Array.from({ length: 32 }, (_, i) => (i * 37 + 11) & 0xff);
const ID = blobIdToText(ID_BYTES);
const PATCH = quiltPatchIdToText({ quiltId: ID_BYTES, start: 2, end: 9 });
const METHODS = ['GET', 'HEAD', 'PUT', 'POST', 'OPTIONS', 'DELETE', 'get', 'put'];

const ROUTE_TOKENS: readonly string[] = [
  '/v1/blobs/',
  '/v1/quilts/',
  'by-object-id/',
  'by-quilt-id/',
  'by-quilt-patch-id/',
  '/patches',
  '/byte-range',
  ID,
  PATCH,
  '0x2',
  `0x${'a'.repeat(64)}`,
  '?',
  '&',
  '=',
  'start=',
  'length=',
  'epochs=',
  'epochs=4294967296',
  'permanent=true',
  'deletable=true',
  'force=true',
  'share=true',
  'send_object_to=0x1',
  'strict_consistency_check=true',
  'skip_consistency_check=true',
  'encoding_type=RS2',
  'quilt_version=v1',
  '%2F',
  '%FF',
  '%C3%A9',
  '%zz',
  '+',
  'http://host',
];

function routeSeeds(): RouteInput[] {
  const targets = [
    `/v1/blobs/${ID}`,
    `/v1/blobs/${ID}?strict_consistency_check=true`,
    `/v1/blobs/${ID}/byte-range?start=3&length=10`,
    `/v1/blobs/by-object-id/0x${'ab'.repeat(32)}?skip_consistency_check=false`,
    `/v1/blobs/by-quilt-patch-id/${PATCH}`,
    `/v1/blobs/by-quilt-id/${ID}/docs%2Fcaf%C3%A9.html`,
    `/v1/quilts/${ID}/patches`,
    '/v1/blobs?epochs=5&permanent=true&send_object_to=0x2',
    '/v1/quilts?epochs=2&quilt_version=V1&share=false&force=true',
    '/status',
    '/v1/blobs/not-an-id',
    '/nowhere',
  ];
  return targets.flatMap((t, i) => [
    {
      method: t.startsWith('/v1/blobs?') || t.startsWith('/v1/quilts?') ? 'PUT' : 'GET',
      target: t,
      publisher: true,
    },
    { method: METHODS[i % METHODS.length]!, target: t, publisher: i % 2 === 0 },
  ]);
}

/** The route written out canonically: parsing it again must give the same route. */
function canonicalTarget(route: Route): string {
  const read = (r: { strictConsistencyCheck: boolean; skipConsistencyCheck: boolean }) =>
    [
      r.strictConsistencyCheck ? 'strict_consistency_check=true' : '',
      r.skipConsistencyCheck ? 'skip_consistency_check=true' : '',
    ]
      .filter(Boolean)
      .join('&');
  switch (route.kind) {
    case 'preflight':
      return '/';
    case 'status':
      return '/status';
    case 'blob':
      return `/v1/blobs/${blobIdToText(route.blobId)}?${read(route.read)}`;
    case 'byte-range':
      return `/v1/blobs/${blobIdToText(route.blobId)}/byte-range?start=${route.range.start}&length=${route.range.length}`;
    case 'blob-by-object-id':
      return `/v1/blobs/by-object-id/${route.objectId}?${read(route.read)}`;
    case 'patch-by-id':
      return `/v1/blobs/by-quilt-patch-id/${quiltPatchIdToText(route.patch)}`;
    case 'patch-by-identifier':
      return `/v1/blobs/by-quilt-id/${blobIdToText(route.quiltId)}/${encodeURIComponent(route.identifier)}`;
    case 'list-patches':
      return `/v1/quilts/${blobIdToText(route.quiltId)}/patches`;
    case 'put-blob':
    case 'put-quilt': {
      const q = route.query;
      const params = [
        `epochs=${q.epochs}`,
        q.persistence === 'permanent' ? 'permanent=true' : '',
        q.force ? 'force=true' : '',
        q.reuseResources ? 'reuse_resources=true' : '',
        q.postStore.kind === 'send' ? `send_object_to=${q.postStore.address}` : '',
        q.postStore.kind === 'share' ? 'share=true' : '',
      ];
      return `/v1/${route.kind === 'put-blob' ? 'blobs' : 'quilts'}?${params.filter(Boolean).join('&')}`;
    }
  }
}

const routeTarget = defineTarget<RouteInput>({
  name: 'aggregator.parseRoute',
  parsers: 'parseRoute (paths, IDs, queries)',
  expected: [AggregatorError],
  seeds: routeSeeds,
  mutate: (input, { rng, seeds }) => {
    if (rng.chance(0.1)) return { ...input, method: rng.pick(METHODS) };
    if (rng.chance(0.05)) return { ...input, publisher: !input.publisher };
    return {
      ...input,
      target: mutateText(input.target, rng, {
        donors: seeds.map((s) => s.target),
        tokens: ROUTE_TOKENS,
        maxLength: 8192,
      }),
    };
  },
  check: ({ method, target: requestTarget, publisher }) => {
    const route = timed(() => parseRoute(method, requestTarget, { publisher }));
    if (route instanceof AggregatorError) rejected(route);
    const upper = method.toUpperCase();
    property('the route fits the method', () =>
      upper === 'OPTIONS'
        ? route.kind === 'preflight'
        : route.kind.startsWith('put-')
          ? upper === 'PUT' && publisher
          : upper === 'GET' || upper === 'HEAD',
    );
    if ('head' in route) property('HEAD is flagged', () => route.head === (upper === 'HEAD'));
    if (route.kind === 'put-blob' || route.kind === 'put-quilt') {
      property(
        'epochs are a u32',
        () => Number.isInteger(route.query.epochs) && route.query.epochs <= 0xffff_ffff,
      );
    }
    const again = parseRoute(method, canonicalTarget(route), { publisher });
    assertEqual('the canonical target parses to the same route', again, route);
  },
  format: (input, max) => `${input.method} ${showText(input.target, max)} (publisher ${input.publisher})`,
});

// ---- Range header -------------------------------------------------------------------------------

interface RangeInput {
  readonly header: string;
  readonly size: number;
}

const SIZES = [0, 1, 100, 5000, 2 ** 31, Number.MAX_SAFE_INTEGER];

const rangeTarget = defineTarget<RangeInput>({
  name: 'aggregator.parseDaemonRange',
  parsers: 'parseDaemonRange, checkRangeInBlob',
  expected: [DaemonApiError],
  seeds: () =>
    [
      'bytes=0-499',
      ' bytes=10-20 ',
      'bytes=4999-4999',
      'bytes=500-',
      'bytes=-5',
      'bytes=0-1,2-3',
      'bytes=9-1',
      'bytes=0-18446744073709551615',
      'bytes=0-18446744073709551616',
      'items=0-1',
    ].flatMap((header, i) => [{ header, size: SIZES[i % SIZES.length]! }]),
  mutate: (input, { rng, seeds }) =>
    rng.chance(0.1)
      ? { ...input, size: rng.pick(SIZES) }
      : {
          ...input,
          header: mutateText(input.header, rng, {
            donors: seeds.map((s) => s.header),
            tokens: ['bytes=', '-', ',', ' ', '0', '9', '18446744073709551615'],
            maxLength: 2000,
          }),
        },
  check: ({ header, size }) => {
    const range = timed(() => parseDaemonRange(header));
    if (range instanceof DaemonApiError) {
      property('a refused range is a 416 INVALID_BYTE_RANGE', () => range.httpCode === 416);
      rejected(range);
    }
    property('start ≤ end ≤ u64 max', () => range.start <= range.end && range.end <= 0xffff_ffff_ffff_ffffn);
    const outside = checkRangeInBlob(range, size);
    property(
      'a range is refused exactly when it passes the end',
      () => (outside === null) === range.end < BigInt(size),
    );
    if (outside) rejected(outside);
  },
  format: (input, max) => `${showText(input.header, max)} of ${input.size} bytes`,
});

// ---- quilt upload metadata ----------------------------------------------------------------------

const metadataTarget = defineTarget<string>({
  name: 'aggregator.parseQuiltMetadata',
  parsers: 'parseQuiltMetadata (_metadata of PUT /v1/quilts)',
  expected: [DaemonApiError],
  seeds: () => [
    '[]',
    '[{"identifier":"a.txt","tags":{"creator":"walrus","version":"1.0"}},{"identifier":"logo.png"}]',
    '[{"identifier":"x","tags":{"n":3,"b":false,"o":{"k":[1,2]},"z":null}}]',
    '[{"identifier":"dup"},{"identifier":"dup"}]',
    '{"identifier":"not an array"}',
  ],
  mutate: (input, { rng, seeds }) =>
    mutateText(input, rng, {
      donors: seeds,
      tokens: ['"identifier"', '"tags"', '{}', '[]', 'null', '1e999'],
      maxLength: 4000,
    }),
  check: (text) => {
    const entries = timed(() => parseQuiltMetadata(text));
    property('identifiers are unique', () => new Set(entries.map(([id]) => id)).size === entries.length);
    property('every tag is a string', () =>
      entries.every(([, tags]) => Object.values(tags).every((v) => typeof v === 'string')),
    );
  },
  format: (input, max) => showText(input, max),
});

export const AGGREGATOR_TARGETS: readonly FuzzTarget[] = [routeTarget, rangeTarget, metadataTarget];
