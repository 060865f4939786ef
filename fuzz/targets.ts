// The fuzz targets: every core/ parser that reads outside input, with seeds (valid inputs), a
// mutator, the parser's documented error classes and cheap property checks of what it returns;
// then the request handlers that take outside input over HTTP (storage node public and admin API,
// chain JSON-RPC), defined in their own files.
import { readFileSync } from 'node:fs';
import { isDeepStrictEqual } from 'node:util';
import { bcs } from '@mysten/bcs';
import { encodeQuilt } from '@mysten/walrus';
import { normalizeSuiAddress } from '@mysten/sui/utils';
import { base36ToObjectId, objectIdToBase36 } from '../core/site/base36.ts';
import { GlobSyntaxError, PathError, RequestPathError, SiteConfigError } from '../core/site/errors.ts';
import { escapeGlob, globMatches, globProblem, parseGlob } from '../core/site/glob.ts';
import { headerNameProblem, headerValueProblem } from '../core/site/header-syntax.ts';
import { parseHeadersFile } from '../core/site/headers-file.ts';
import { normalizeObjectId } from '../core/site/object-id.ts';
import {
  bcsStringSize,
  MAX_IDENTIFIER_SIZE,
  MAX_REQUEST_PATH_BYTES,
  normalizeRequestPath,
  resourcePath,
  validateResourcePath,
} from '../core/site/paths.ts';
import { redirectPatternProblem, routePatternProblem } from '../core/site/portal-patterns.ts';
import { parseRedirectsFile } from '../core/site/redirects-file.ts';
import { CURATED_GLOB_VECTORS, RANDOM_GLOB_VECTORS } from '../core/site/test-support/glob-vectors.ts';
import { isWellFormed } from '../core/site/text.ts';
import type { Redirect, RedirectStatus, SiteConfig } from '../core/site/types.ts';
import { parseWsResources, REDIRECT_STATUSES, updateWsResources } from '../core/site/ws-resources.ts';
import { parseRange, type ByteRange } from '../core/serve/range.ts';
import { matchPortalGlob, matchRedirect, matchRoute, resolvePath } from '../core/serve/routing.ts';
import { SiteDecodeError } from '../core/sui/errors.ts';
import {
  metadataToBcs,
  parseRedirectsField,
  parseResourceField,
  parseRoutesField,
  parseSite,
  RedirectsFieldBcs,
  ResourceFieldBcs,
  resourceToBcs,
  RoutesFieldBcs,
  SiteBcs,
} from '../core/sui/site-bcs.ts';
import { METADATA, resource } from '../core/sui/test-support/fixtures.ts';
import {
  BcsDecodeError,
  parseBlobMetadata,
  parseBlobMetadataWithId,
  parseCertificate,
  parseSliverData,
  parseStorageConfirmation,
  readUleb128,
  serializeBlobMetadata,
  serializeBlobMetadataWithId,
  serializeCertificate,
  serializeSliverData,
  serializeStorageConfirmation,
} from '../core/walrus/bcs.ts';
import {
  blobIdFromText,
  blobIdToText,
  fromUrlSafeBase64,
  InvalidBlobIdError,
  toUrlSafeBase64,
} from '../core/walrus/blob-id.ts';
import { WalrusCodec } from '../core/walrus/encoding.ts';
import { secondarySliverSize } from '../core/walrus/geometry.ts';
import { merkleProofOfSymbols } from '../core/walrus/merkle-proof.ts';
import { expandSymbols } from '../core/walrus/rs/encoder.ts';
import {
  parseDecodingSymbols,
  parseRecoverySymbols,
  serializeDecodingSymbols,
  serializeRecoverySymbols,
  type DecodingSymbol,
  type RecoverySymbol,
} from '../core/walrus/symbols-bcs.ts';
import {
  decodingSymbolsQuery,
  parseDecodingSymbolsQuery,
  parseRecoverySymbolsQuery,
  recoverySymbolsQuery,
  SymbolQueryError,
} from '../core/walrus/symbols-query.ts';
import {
  encodeQuiltPatchId,
  MAX_QUILT_INDEX_COLUMNS,
  parseQuiltIndex,
  parseQuiltPatch,
  parseQuiltPatchId,
  parseWalrusId,
  QUILT_INDEX_PREFIX_SIZE,
  QuiltFormatError,
  quiltPatchIdToText,
  quiltPatchTotalLength,
  type QuiltPatchId,
} from '../core/walrus/quilt.ts';
import { AGGREGATOR_TARGETS } from './aggregator-targets.ts';
import { nodeAdminTarget } from './node-admin-target.ts';
import { nodeApiTarget } from './node-api-target.ts';
import { chainRpcTarget } from './rpc-targets.ts';
import {
  assertEqual,
  fuzz,
  inputAt,
  mutateBytes,
  mutateText,
  property,
  PropertyViolation,
  Rng,
  showBytes,
  showText,
  timed,
  type ErrorClass,
  type FuzzOptions,
  type FuzzReport,
  type MutateContext,
} from './engine.ts';

/** What run.ts and the test drive: a target with its input type erased. */
export interface FuzzTarget {
  readonly name: string;
  /** The functions under test, for the table. */
  readonly parsers: string;
  /** Parser targets answer at once; request-handler targets (node, RPC) drive a server in-process. */
  run(options: Omit<FuzzOptions<never>, 'expected' | 'format'>): FuzzReport | Promise<FuzzReport>;
  /** The formatted input of one iteration (to show a hang found by the watchdog). */
  describeInput(seed: number, iteration: number, max?: number): string | Promise<string>;
  /** Releases what the target set up (temporary folders, stores); a later `run` sets it up again. */
  close?(): Promise<void>;
}

interface TargetSpec<T> {
  readonly name: string;
  readonly parsers: string;
  readonly expected: readonly ErrorClass[];
  /** Built on first use: some need the WASM encoder. */
  seeds(): readonly T[];
  mutate(input: T, context: MutateContext<T>): T;
  check(input: T): void;
  format(input: T, max: number): string;
  /**
   * A higher per-input time limit for a known, reported slowness this target may not fail on
   * (the reason goes next to it). The run's limit applies when it is higher.
   */
  readonly knownSlowMs?: number;
}

function defineTarget<T>(spec: TargetSpec<T>): FuzzTarget {
  let seeds: readonly T[] | undefined;
  const getSeeds = () => (seeds ??= spec.seeds());
  return {
    name: spec.name,
    parsers: spec.parsers,
    run: (options) =>
      fuzz(spec.name, getSeeds(), spec.mutate, spec.check, {
        ...options,
        perInputMs: Math.max(options.perInputMs ?? 50, spec.knownSlowMs ?? 0),
        expected: spec.expected,
        format: (input) => spec.format(input, 400),
      }),
    describeInput: (seed, iteration, max = 400) =>
      spec.format(inputAt(spec.name, getSeeds(), spec.mutate, seed, iteration), max),
  };
}

const textFormat = (input: string, max: number) => showText(input, max);
const bytesFormat = (input: Uint8Array, max: number) => showBytes(input, Math.max(64, max / 2));

function textTarget(spec: {
  name: string;
  parsers: string;
  expected: readonly ErrorClass[];
  seeds: () => readonly string[];
  tokens?: readonly string[];
  maxLength?: number;
  check: (input: string) => void;
}): FuzzTarget {
  return defineTarget<string>({
    name: spec.name,
    parsers: spec.parsers,
    expected: spec.expected,
    seeds: spec.seeds,
    mutate: (input, { rng, seeds }) =>
      mutateText(input, rng, {
        donors: seeds,
        ...(spec.tokens ? { tokens: spec.tokens } : {}),
        ...(spec.maxLength ? { maxLength: spec.maxLength } : {}),
      }),
    check: spec.check,
    format: textFormat,
  });
}

function bytesTarget(spec: {
  name: string;
  parsers: string;
  expected: readonly ErrorClass[];
  seeds: () => readonly Uint8Array[];
  check: (input: Uint8Array) => void;
  knownSlowMs?: number;
  maxLength?: number;
}): FuzzTarget {
  return defineTarget<Uint8Array>({
    name: spec.name,
    parsers: spec.parsers,
    expected: spec.expected,
    ...(spec.knownSlowMs !== undefined ? { knownSlowMs: spec.knownSlowMs } : {}),
    seeds: spec.seeds,
    mutate: (input, { rng, seeds }) =>
      mutateBytes(input, rng, { donors: seeds, ...(spec.maxLength ? { maxLength: spec.maxLength } : {}) }),
    check: spec.check,
    format: bytesFormat,
  });
}

// ---- shared seeds -------------------------------------------------------------------------------

const utf8 = new TextEncoder();

function repoText(path: string): string {
  return readFileSync(new URL(`../${path}`, import.meta.url), 'utf8');
}

function pseudoRandomBytes(length: number, seed: number): Uint8Array {
  const rng = new Rng(seed);
  return Uint8Array.from({ length }, () => rng.below(256));
}

const OBJECT_ID = '0x5ac988828a0c9842d91e6d5bdd9552ec9fcdddf11c56bf82dff6d5566685a31e';

const WS_RESOURCES_SEEDS = (): string[] => [
  repoText('examples/hello/ws-resources.json'),
  `{
  "headers": {
    "/index.html": { "Content-Type": "text/html; charset=utf-8", "Cache-Control": "max-age=0" },
    "/**/*.svg": { "Content-Type": "image/svg+xml" },
    "/[a-z]*.t?t": { "X-Robots-Tag": "noindex", "Link": "</a.css>; rel=preload" },
    "*": {}
  },
  "routes": { "/*": "/index.html", "/docs/*": "/docs/index.html", "*": "/caf\\u00e9.html" },
  "redirects": {
    "/old/**": { "location": "https://example.com/new?x=1#f", "status_code": 308 },
    "/a*b": { "status_code": 302, "location": "/b" },
    "/c": { "location": "/d", "status_code": 301, "extra": null }
  },
  "metadata": {
    "link": "https://x.test",
    "image_url": null,
    "description": "d\\u00e9j\\u00e0 vu \\ud83d\\ude00 \\"quoted\\"",
    "project_url": "p",
    "creator": "c"
  },
  "site_name": "A \\"quoted\\" name",
  "object_id": "0x2",
  "ignore": ["/drafts/**", "*.bak", "/[!a]?.tmp", "/[]]"]
}
`,
  '{}',
  `\ufeff{"object_id": "${OBJECT_ID.slice(2)}", "site_name": null, "headers": null, "routes": {}, "redirects": {"/x": {"location": "/y", "status_code": 307}}}`,
  '{"metadata": {"link": "l", "creator": null}, "ignore": [], "routes": {"/a/*/b": "/b.html"}}',
  '[{"headers": {"/": {"X": "1e3"}}}, 1.5e-3, -0, true, false, null, "\\u0041"]',
];

const WS_TOKENS: readonly string[] = [
  '"headers"',
  '"routes"',
  '"redirects"',
  '"metadata"',
  '"site_name"',
  '"object_id"',
  '"ignore"',
  '"location"',
  '"status_code"',
  '"link"',
  '"image_url"',
  '"description"',
  '"project_url"',
  '"creator"',
  '"Content-Type"',
  '"x-wal-quilt-patch-internal-id"',
  '": "',
  '": {',
  '": [',
  '"/*"',
  '"/**"',
  '"/a/**/b"',
  '{"location": "/x", "status_code": 301}',
  `"${OBJECT_ID}"`,
  '"0x"',
  '[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[',
  '{"a":{"a":{"a":{"a":{"a":{"a":{"a":{"a":{"a":{"a":{"a":{"a":{"a":{"a":{"a":{"a":',
  '\\uD83D\\uDE00',
  '\\uDE00',
  '1.0',
  '1e2',
  '3.01e2',
];

const HEADERS_SEEDS = (): string[] => [
  [
    '# Security headers for every page',
    '/*',
    '  X-Frame-Options: DENY',
    '  Referrer-Policy: no-referrer',
    '',
    '/assets/*',
    '\tCache-Control: public, max-age=31536000, immutable',
    '  # a comment inside a block',
    '  Access-Control-Allow-Origin: *',
  ].join('\n'),
  '/a\n  Link: </x.css>; rel=preload\n  link: </y.js>; rel=preload\n/b\n  X: 1\n/a\n  X-More: yes\n',
  '/docs/\r\n  Content-Type: text/plain; charset=utf-8\r\n/caf%C3%A9/[x]?*.html\r\n  X-Test: a:b\r\n',
  '\ufeff/**/x\n\tX-A: 1\n/%2A/y/\n\tX-B: \u00e9\n',
  '',
];

const HEADER_TOKENS: readonly string[] = [
  '\n/',
  '\n  ',
  '\n\t',
  ': ',
  'Cache-Control',
  'X-Frame-Options',
  'x-wal-quilt-patch-internal-id',
  '! X-Remove',
  ':splat',
  '/:id/',
  'https://example.com/',
  '[',
  ']',
  '[!]',
  '%5B',
  '%5D',
];

const REDIRECTS_SEEDS = (): string[] => [
  [
    '# Moved pages',
    '/old-page      /new-page                 301',
    '/blog/*        https://blog.example.com  302',
    '/temp          /elsewhere                307',
    '/see-other     /x                        303',
    '/perm          /y                        308',
    '',
    '/app/*         /app/index.html           200',
    '/*             /index.html               200',
  ].join('\n'),
  ['/ /home 302', '/docs/ /documentation', '/my%20page /my-page', '/caf%C3%A9/* /cafe.html 200'].join('\n'),
  '\r\n  # c\n\t/a\t\t/b   302   # old link\r\n',
  '/a https://x.test/b?c=1#d%20e',
  '/news/*  /blog/:splat  301\n/a /b 200!\n/c /d 404\n/e /f 302 Country=us\n/g?x=1 /h\n',
  '',
];

const REDIRECT_TOKENS: readonly string[] = [
  ' 200',
  ' 301',
  ' 302',
  ' 404',
  ' 410',
  '!',
  ' Country=us',
  ' /',
  '/*',
  '/**',
  ':splat',
  ':id',
  'https://example.com/',
  '//cdn.example',
  '?q=1',
  '#frag',
  '\n/a /b\n',
];

const PATH_SEEDS = (): string[] => [
  '/index.html',
  'a/b/c.txt',
  '/caf\u00e9/\u00fcber uns.html',
  'dir\\sub\\file.js',
  '/a/./b',
  '/a/../b',
  '/',
  '/dir/',
  '/%41%2F%zz',
  '/my%20page/',
  '/\ud83d\ude00.png',
  `/${'x'.repeat(2047)}`,
  `/${'\u00e9'.repeat(1023)}`,
];

const PATH_TOKENS: readonly string[] = [
  '/',
  '//',
  '/.',
  '/..',
  '\\',
  '%',
  '%2',
  '%C3%A9',
  '%ED%A0%80',
  '%F4%90%80%80',
  'index.html',
  '.well-known',
];

// ---- checks shared by the config parsers ---------------------------------------------------------

function checkConfigInvariants(config: SiteConfig, what: string): void {
  property(
    `${what}: object_id is normalized`,
    () => config.objectId === null || /^0x[0-9a-f]{64}$/.test(config.objectId),
  );
  for (const rule of config.headers) {
    property(
      `${what}: header pattern ${showText(rule.pattern, 80)} is a valid glob`,
      () => globProblem(rule.pattern) === null,
    );
    for (const [name, value] of Object.entries(rule.headers)) {
      property(`${what}: header name ${showText(name, 80)} is valid`, () => headerNameProblem(name) === null);
      property(
        `${what}: header value ${showText(value, 80)} is valid`,
        () => headerValueProblem(value) === null,
      );
    }
  }
  for (const [pattern, target] of config.routes) {
    property(
      `${what}: route pattern ${showText(pattern, 80)} is valid`,
      () => routePatternProblem(pattern) === null,
    );
    property(`${what}: route target ${showText(target, 80)} is a resource path`, () => {
      validateResourcePath(target);
    });
  }
  for (const [pattern, redirect] of config.redirects) {
    property(
      `${what}: redirect pattern ${showText(pattern, 80)} is valid`,
      () => redirectPatternProblem(pattern) === null,
    );
    property(`${what}: redirect status ${redirect.statusCode} is allowed`, () =>
      REDIRECT_STATUSES.includes(redirect.statusCode),
    );
    property(
      `${what}: redirect location ${showText(redirect.location, 80)} is a valid header value`,
      () => redirect.location !== '' && headerValueProblem(redirect.location) === null,
    );
  }
  for (const pattern of config.ignore) {
    property(
      `${what}: ignore pattern ${showText(pattern, 80)} is a valid glob`,
      () => globProblem(pattern) === null,
    );
  }
}

/** The config as ws-resources.json text, to check that what a Netlify file gives is deployable. */
function asWsResources(config: Pick<SiteConfig, 'headers' | 'routes' | 'redirects'>): string {
  return JSON.stringify({
    headers: Object.fromEntries(config.headers.map((rule) => [rule.pattern, rule.headers])),
    routes: Object.fromEntries(config.routes),
    redirects: Object.fromEntries(
      config.redirects.map(([pattern, r]) => [pattern, { location: r.location, status_code: r.statusCode }]),
    ),
  });
}

function compareCodePoints(a: string, b: string): number {
  const left = Array.from(a, (c) => c.codePointAt(0)!);
  const right = Array.from(b, (c) => c.codePointAt(0)!);
  for (let i = 0; i < Math.min(left.length, right.length); i++) {
    if (left[i] !== right[i]) return left[i]! - right[i]!;
  }
  return left.length - right.length;
}

// ---- core/site ----------------------------------------------------------------------------------

const wsResourcesParse = textTarget({
  name: 'ws-resources.parse',
  parsers: 'parseWsResources',
  expected: [SiteConfigError],
  seeds: WS_RESOURCES_SEEDS,
  tokens: WS_TOKENS,
  check: (text) => {
    const config = timed(() => parseWsResources(text));
    checkConfigInvariants(config, 'parseWsResources');
    const sorted = config.headers.map((rule) => rule.pattern);
    property('header rules are sorted by pattern (code points)', () =>
      sorted.every((p, i) => i === 0 || compareCodePoints(sorted[i - 1]!, p) < 0),
    );
  },
});

interface UpdateInput {
  readonly text: string | null;
  readonly objectId: string;
  readonly siteName: string | null;
}

const wsResourcesUpdate = defineTarget<UpdateInput>({
  name: 'ws-resources.update',
  parsers: 'updateWsResources',
  expected: [SiteConfigError],
  seeds: () => [
    ...WS_RESOURCES_SEEDS().map((text, i) => ({
      text,
      objectId: i % 2 === 0 ? OBJECT_ID : '0x2',
      siteName: i % 3 === 0 ? null : 'New name \u00e9 \ud83d\ude00',
    })),
    { text: null, objectId: OBJECT_ID.slice(2).toUpperCase(), siteName: 'n' },
  ],
  mutate: (input, { rng, seeds }) => {
    const choice = rng.below(10);
    if (choice < 6) {
      const base = input.text ?? '{}';
      return {
        ...input,
        text: rng.chance(0.02)
          ? null
          : mutateText(base, rng, { donors: seeds.map((s) => s.text ?? '{}'), tokens: WS_TOKENS }),
      };
    }
    if (choice < 8) {
      return {
        ...input,
        objectId: mutateText(input.objectId, rng, {
          tokens: ['0x', '0X', 'f', 'F', '0', 'g', ' ', OBJECT_ID],
          maxLength: 200,
        }),
      };
    }
    // Site names come from the chain (Move strings, valid UTF-8) or the command line: well-formed.
    const name = rng.chance(0.1) ? null : mutateText(input.siteName ?? '', rng, { maxLength: 5000 });
    return { ...input, siteName: name !== null && !isWellFormed(name) ? 'fallback' : name };
  },
  check: ({ text, objectId, siteName }) => {
    const out = timed(() => updateWsResources(text, { objectId, siteName }));
    let config: SiteConfig | undefined;
    property('the updated file parses', () => {
      config = parseWsResources(out);
    });
    assertEqual('object_id after update', config!.objectId, normalizeObjectId(objectId));
    let before = null as SiteConfig | null;
    property('the original file parses (update accepted it)', () => {
      before = text === null ? null : parseWsResources(text);
    });
    assertEqual('site_name after update', config!.siteName, siteName ?? before?.siteName ?? null);
    if (before !== null) {
      assertEqual(
        'other keys keep their values',
        { ...config!, objectId: null, siteName: null },
        { ...before, objectId: null, siteName: null },
      );
    }
    property(
      'updating twice changes nothing more',
      () => updateWsResources(out, { objectId, siteName }) === out,
    );
  },
  format: (input, max) =>
    `{ text: ${input.text === null ? 'null' : showText(input.text, max)}, objectId: ${showText(input.objectId, 120)}, siteName: ${input.siteName === null ? 'null' : showText(input.siteName, 120)} }`,
});

const headersFile = textTarget({
  name: 'headers-file',
  parsers: 'parseHeadersFile',
  expected: [SiteConfigError],
  seeds: HEADERS_SEEDS,
  tokens: HEADER_TOKENS,
  check: (text) => {
    const rules = timed(() => parseHeadersFile(text));
    checkConfigInvariants(
      {
        headers: rules,
        routes: [],
        redirects: [],
        ignore: [],
        objectId: null,
        siteName: null,
        metadata: null,
      },
      'parseHeadersFile',
    );
    property('patterns are unique', () => new Set(rules.map((r) => r.pattern)).size === rules.length);
    // A file read from disk is valid UTF-16; for such text the result must deploy as ws-resources.json would.
    if (isWellFormed(text)) {
      property('the rules are valid ws-resources.json headers', () => {
        parseWsResources(asWsResources({ headers: rules, routes: [], redirects: [] }));
      });
    }
  },
});

const redirectsFile = textTarget({
  name: 'redirects-file',
  parsers: 'parseRedirectsFile',
  expected: [SiteConfigError],
  seeds: REDIRECTS_SEEDS,
  tokens: REDIRECT_TOKENS,
  check: (text) => {
    const { routes, redirects } = timed(() => parseRedirectsFile(text));
    checkConfigInvariants(
      { headers: [], routes, redirects, ignore: [], objectId: null, siteName: null, metadata: null },
      'parseRedirectsFile',
    );
    const patterns = [...routes, ...redirects].map(([p]) => p);
    property('patterns are unique', () => new Set(patterns).size === patterns.length);
    if (isWellFormed(text)) {
      property('the rules are valid ws-resources.json routes and redirects', () => {
        parseWsResources(asWsResources({ headers: [], routes, redirects }));
      });
    }
  },
});

const resourcePathTarget = defineTarget<string | readonly string[]>({
  name: 'paths.resourcePath',
  parsers: 'resourcePath',
  expected: [PathError],
  seeds: () => [...PATH_SEEDS(), ['a', 'b', 'c.txt'], ['caf\u00e9', '', 'x'], ['..', 'x']],
  mutate: (input, { rng, seeds }) => {
    const donors = seeds.map((s) => (typeof s === 'string' ? s : s.join('/')));
    if (typeof input === 'string') {
      const text = mutateText(input, rng, { donors, tokens: PATH_TOKENS, maxLength: 20_000 });
      return rng.chance(0.2) ? text.split('/') : text;
    }
    const segments = [...input];
    const i = rng.below(segments.length + 1);
    segments.splice(
      i,
      rng.chance(0.5) ? 1 : 0,
      mutateText(segments[i] ?? '', rng, { donors, tokens: PATH_TOKENS, maxLength: 5000 }),
    );
    return segments;
  },
  check: (input) => {
    const path = resourcePath(input);
    const joined = typeof input === 'string' ? input : input.join('/');
    assertEqual(
      'resourcePath is / + the relative path with \\ as /',
      path,
      `/${joined.replaceAll('\\', '/')}`,
    );
    property('an accepted path re-validates', () => validateResourcePath(path) === path);
  },
  format: (input, max) =>
    typeof input === 'string' ? showText(input, max) : `segments ${showText(JSON.stringify(input), max)}`,
});

const validateResourcePathTarget = textTarget({
  name: 'paths.validateResourcePath',
  parsers: 'validateResourcePath',
  expected: [PathError],
  seeds: PATH_SEEDS,
  tokens: PATH_TOKENS,
  maxLength: 20_000,
  check: (path) => {
    const result = validateResourcePath(path);
    assertEqual('validateResourcePath returns its input', result, path);
    property('fits MAX_IDENTIFIER_SIZE', () => bcsStringSize(path) <= MAX_IDENTIFIER_SIZE);
    property('has no empty, . or .. segment', () =>
      path
        .slice(1)
        .split('/')
        .every((s) => s !== '' && s !== '.' && s !== '..'),
    );
    property('resourcePath agrees', () => path.includes('\\') || resourcePath(path.slice(1)) === path);
  },
});

function expectedRequestPath(urlPath: string): string {
  return urlPath === '/' ? '/index.html' : urlPath.endsWith('/') ? urlPath.slice(0, -1) : urlPath;
}

const normalizeRequestPathTarget = textTarget({
  name: 'paths.normalizeRequestPath',
  parsers: 'normalizeRequestPath',
  expected: [RequestPathError],
  seeds: PATH_SEEDS,
  tokens: PATH_TOKENS,
  maxLength: 20_000,
  check: (urlPath) => {
    const path = normalizeRequestPath(urlPath);
    property('the path is within the cap', () => utf8.encode(path).length <= MAX_REQUEST_PATH_BYTES);
    if (!urlPath.includes('%'))
      assertEqual('without %, only the trailing / changes', path, expectedRequestPath(urlPath));
  },
});

const GLOB_PATTERNS = (): string[] => [
  ...new Set([...CURATED_GLOB_VECTORS, ...RANDOM_GLOB_VECTORS].map(([p]) => p)),
];
const GLOB_TOKENS: readonly string[] = [
  '*',
  '**',
  '**/',
  '/**/',
  '?',
  '[',
  ']',
  '[!',
  '[a-z]',
  '[!]]',
  '[]]',
  '-',
  '!',
  '\\',
  '{a,b}',
];

const parseGlobTarget = textTarget({
  name: 'glob.parseGlob',
  parsers: 'parseGlob, globProblem',
  expected: [GlobSyntaxError],
  seeds: GLOB_PATTERNS,
  tokens: GLOB_TOKENS,
  maxLength: 20_000,
  check: (pattern) => {
    const problem = globProblem(pattern);
    let glob;
    try {
      glob = parseGlob(pattern);
    } catch (error) {
      property('globProblem reports what parseGlob rejects', () => problem !== null);
      throw error;
    }
    property('globProblem accepts what parseGlob accepts', () => problem === null);
    // Match the pattern against itself (when it could be a resource path: the matcher's memo is
    // tokens × path length) and a couple of site paths: must not throw or hang.
    if (pattern.length <= MAX_IDENTIFIER_SIZE) glob.matches(pattern);
    glob.matches('/index.html');
    glob.matches(`/${'a/'.repeat(200)}b.html`);
    property('an escaped literal matches itself', () => parseGlob(escapeGlob(pattern)).matches(pattern));
    property('`*` matches anything', () => globMatches('*', pattern));
  },
});

const globMatchesTarget = defineTarget<readonly [pattern: string, path: string]>({
  name: 'glob.globMatches',
  parsers: 'globMatches',
  expected: [GlobSyntaxError],
  seeds: () =>
    [...CURATED_GLOB_VECTORS, ...RANDOM_GLOB_VECTORS].map(([pattern, path]) => [pattern, path] as const),
  mutate: ([pattern, path], { rng, seeds }) => {
    const which = rng.below(3);
    const patterns = seeds.map(([p]) => p);
    const paths = seeds.map(([, p]) => p);
    // Paths are resource paths (at most 2 KiB); patterns are keys of the user's own config.
    const newPattern =
      which !== 1
        ? mutateText(pattern, rng, { donors: patterns, tokens: GLOB_TOKENS, maxLength: 20_000 })
        : pattern;
    const newPath =
      which !== 0 ? mutateText(path, rng, { donors: paths, tokens: PATH_TOKENS, maxLength: 4096 }) : path;
    return [newPattern, newPath] as const;
  },
  check: ([pattern, path]) => {
    const matched = globMatches(pattern, path);
    property(
      'parseGlob(p).matches agrees with globMatches',
      () => parseGlob(pattern).matches(path) === matched,
    );
    if (!/[*?[]/.test(pattern))
      assertEqual('a pattern without wildcards matches only itself', matched, pattern === path);
  },
  format: ([pattern, path], max) => `pattern ${showText(pattern, max / 2)}, path ${showText(path, max / 2)}`,
});

const BASE36_LABELS = (): string[] => [
  '29gjzk8yjl1v7zm2etee1siyzaqfj9jaru5ufs6yyh1yqsgun2',
  '5d8t4gd5q8x4xcfyctpygyr5pnk85x54o7ndeq2j4pg9l7rmw',
  '0',
  '2',
  '00000000000000000000000000000000000000000000000000000000000000000000000000000000000000005d8t4gd5q8x4',
  objectIdToBase36(`0x${'f'.repeat(64)}`),
  objectIdToBase36(`0x${'f'.repeat(64)}`).toUpperCase(),
];

const base36Target = textTarget({
  name: 'base36.base36ToObjectId',
  parsers: 'base36ToObjectId',
  expected: [],
  seeds: BASE36_LABELS,
  tokens: ['0', 'z', 'Z', '9', 'a', '-', '.', 'xn--', '\u212a', '\u0130', '\u017f'],
  maxLength: 10_000,
  check: (label) => {
    const id = base36ToObjectId(label);
    if (id === null) return;
    property('the result is 0x + 64 lowercase hex digits', () => /^0x[0-9a-f]{64}$/.test(id));
    property('only labels of 0-9a-zA-Z decode (documented)', () => /^[0-9a-zA-Z]+$/.test(label));
    // Labels differ only in how many leading zeros they spell (site-builder's none, base-x's one per zero byte).
    const digits = (text: string) => text.toLowerCase().replace(/^0+(?=.)/, '');
    assertEqual('base36 round trip', digits(objectIdToBase36(id)), digits(label));
    assertEqual('id round trip', base36ToObjectId(objectIdToBase36(id)), id);
  },
});

// ---- core/walrus --------------------------------------------------------------------------------

/**
 * Known and reported, not fixed: two @mysten/bcs costs on hostile bytes.
 *  - `vector` reads do `new Array(length)` with the declared length before reading any element: 6
 *    bytes declaring ~30 million elements cost ~150 ms and ~150 MB before the read fails (from 2^25
 *    on, V8 makes a sparse array and it is instant again);
 *  - ULEB128 decoding (every length and enum tag) is quadratic in the number of bytes with the high
 *    bit set: 64 KiB of 0xff cost ~0.4 s, 128 KiB ~1.6 s.
 * Only targets whose input is trusted or whose parser is unused in production get this allowance
 * (and inputs of at most 128 KiB, so the worst case stays a few seconds, not a hang):
 * `parseStorageConfirmation` and `parseCertificate` (tests only) and the Site layouts (bytes from
 * the Sui RPC, which serves the site's data anyway). The quilt parsers read what a blob's uploader
 * wrote and got their own reader instead.
 */
const MYSTEN_BCS_KNOWN_SLOW_MS = 10_000;
const MYSTEN_BCS_MAX_INPUT = 128 * 1024;

interface WalrusSeeds {
  readonly slivers: Uint8Array[];
  readonly metadata: Uint8Array[];
  readonly metadataWithId: Uint8Array[];
  readonly confirmations: Uint8Array[];
  readonly certificates: Uint8Array[];
  readonly quiltIndexes: { columns: Uint8Array; columnSize: number }[];
  readonly quiltPatches: Uint8Array[];
  readonly patchIds: QuiltPatchId[];
}

let walrusSeeds: WalrusSeeds | undefined;

/** Real encodings from the WASM encoder (n = 10 shards) and quilts from @mysten/walrus. */
function getWalrusSeeds(): WalrusSeeds {
  if (walrusSeeds !== undefined) return walrusSeeds;
  const n = 10;
  const codec = new WalrusCodec(n);
  const blobs = [pseudoRandomBytes(1, 1), pseudoRandomBytes(300, 2), pseudoRandomBytes(3000, 3)].map((data) =>
    codec.encode(data),
  );
  const slivers: Uint8Array[] = blobs.flatMap((b) =>
    [b.primary[0]!, b.secondary[n - 1]!, b.primary[3]!].map((s) => s.slice()),
  );
  slivers.push(serializeSliverData({ data: Uint8Array.from([1, 2, 3, 4]), symbolSize: 2, index: 0xffff }));
  const metadata = blobs.map((b) => serializeBlobMetadata(b.metadata));
  const metadataWithId = blobs.map((b) =>
    serializeBlobMetadataWithId({ blobId: b.blobId, metadata: b.metadata }),
  );
  const blobId = blobs[1]!.blobId;
  const confirmations = [
    serializeStorageConfirmation({ epoch: 7, blobId, persistence: { kind: 'permanent' } }),
    serializeStorageConfirmation({
      epoch: 0xffff_ffff,
      blobId,
      persistence: { kind: 'deletable', objectId: pseudoRandomBytes(32, 9) },
    }),
  ];
  const certificates = [
    serializeCertificate({
      signers: [0, 3, 7, 9],
      serializedMessage: confirmations[0]!,
      signature: pseudoRandomBytes(96, 4),
    }),
    serializeCertificate({ signers: [], serializedMessage: new Uint8Array(0), signature: new Uint8Array(0) }),
  ];

  const quiltIndexes: { columns: Uint8Array; columnSize: number }[] = [];
  const quiltPatches: Uint8Array[] = [Uint8Array.from([1, 7, 0, 0, 0, 0, 3, 0, 2, 0x61, 0x62, 0xff, 0xfe])];
  const files: { identifier: string; contents: Uint8Array; tags?: Record<string, string> }[][] = [
    [
      {
        identifier: 'index.html',
        contents: utf8.encode('<!doctype html><p>hi</p>'),
        tags: { 'content-type': 'text/html', a: '1' },
      },
      { identifier: 'caf\u00e9/\ud83d\ude00.bin', contents: pseudoRandomBytes(700, 5) },
      { identifier: 'empty', contents: new Uint8Array(0), tags: {} },
    ],
    [{ identifier: 'x'.repeat(300), contents: pseudoRandomBytes(2000, 6), tags: { k: 'v'.repeat(100) } }],
  ];
  for (const blobsOfQuilt of files) {
    const { quilt, index } = encodeQuilt({ blobs: blobsOfQuilt, numShards: n, encodingType: 'RS2' });
    const encoded = codec.encode(quilt);
    const columnSize = secondarySliverSize(codec.geometry, encoded.symbolSize);
    const column = (c: number) => parseSliverData(encoded.secondary[n - 1 - c]!).data;
    const join = (start: number, end: number) => {
      const out = new Uint8Array((end - start) * columnSize);
      for (let c = start; c < end; c++) out.set(column(c), (c - start) * columnSize);
      return out;
    };
    quiltIndexes.push({ columns: join(0, index.patches[0]!.startIndex), columnSize });
    for (const patch of index.patches) quiltPatches.push(join(patch.startIndex, patch.endIndex));
  }
  const quiltId = blobs[2]!.blobId;
  const patchIds: QuiltPatchId[] = [
    { quiltId, start: 0, end: 1 },
    { quiltId, start: 12, end: 25 },
    { quiltId: new Uint8Array(32), start: 0xfffe, end: 0xffff },
  ];
  walrusSeeds = {
    slivers,
    metadata,
    metadataWithId,
    confirmations,
    certificates,
    quiltIndexes,
    quiltPatches,
    patchIds,
  };
  return walrusSeeds;
}

function canonical(what: string, reserialized: Uint8Array, input: Uint8Array): void {
  assertEqual(`${what}: re-serializing gives the input bytes (one encoding per value)`, reserialized, input);
}

const sliverTarget = bytesTarget({
  name: 'bcs.parseSliverData',
  parsers: 'parseSliverData',
  expected: [BcsDecodeError],
  seeds: () => getWalrusSeeds().slivers,
  check: (bytes) => {
    const sliver = parseSliverData(bytes);
    property('symbol size is positive', () => sliver.symbolSize > 0 && sliver.symbolSize <= 0xffff);
    property(
      'data lies inside the input',
      () => sliver.data.buffer === bytes.buffer && sliver.data.byteOffset >= bytes.byteOffset,
    );
    canonical('SliverData', serializeSliverData(sliver), bytes);
  },
});

const metadataTarget = bytesTarget({
  name: 'bcs.parseBlobMetadata',
  parsers: 'parseBlobMetadata',
  expected: [BcsDecodeError],
  seeds: () => getWalrusSeeds().metadata,
  check: (bytes) => {
    const metadata = parseBlobMetadata(bytes);
    property('unencoded length is a safe integer', () => Number.isSafeInteger(metadata.unencodedLength));
    canonical('BlobMetadata', serializeBlobMetadata(metadata), bytes);
  },
});

const metadataWithIdTarget = bytesTarget({
  name: 'bcs.parseBlobMetadataWithId',
  parsers: 'parseBlobMetadataWithId',
  expected: [BcsDecodeError],
  seeds: () => getWalrusSeeds().metadataWithId,
  check: (bytes) => {
    const value = parseBlobMetadataWithId(bytes);
    property('blob ID has 32 bytes', () => value.blobId.length === 32);
    canonical('BlobMetadataWithId', serializeBlobMetadataWithId(value), bytes);
  },
});

const confirmationTarget = bytesTarget({
  name: 'bcs.parseStorageConfirmation',
  knownSlowMs: MYSTEN_BCS_KNOWN_SLOW_MS,
  maxLength: MYSTEN_BCS_MAX_INPUT,
  parsers: 'parseStorageConfirmation',
  expected: [BcsDecodeError],
  seeds: () => getWalrusSeeds().confirmations,
  check: (bytes) => {
    const confirmation = parseStorageConfirmation(bytes);
    canonical('StorageConfirmation', serializeStorageConfirmation(confirmation), bytes);
  },
});

const certificateTarget = bytesTarget({
  name: 'bcs.parseCertificate',
  knownSlowMs: MYSTEN_BCS_KNOWN_SLOW_MS,
  maxLength: MYSTEN_BCS_MAX_INPUT,
  parsers: 'parseCertificate',
  expected: [BcsDecodeError],
  seeds: () => getWalrusSeeds().certificates,
  check: (bytes) => {
    const certificate = parseCertificate(bytes);
    canonical('ProtocolMessageCertificate', serializeCertificate(certificate), bytes);
  },
});

// ---- symbol endpoints (bodies a reader gets from untrusted nodes, queries a node gets) ----------

let symbolSeeds: { decoding: Uint8Array[]; recovery: Uint8Array[] } | undefined;

/** Real symbols of a WASM encoding (n = 10: p = 4, s = 7), cut as a node cuts them. */
function getSymbolSeeds(): { decoding: Uint8Array[]; recovery: Uint8Array[] } {
  if (symbolSeeds !== undefined) return symbolSeeds;
  const n = 10;
  const encoded = new WalrusCodec(n).encode(pseudoRandomBytes(2000, 11));
  const sym = encoded.symbolSize;
  const primary = (pair: number) => parseSliverData(encoded.primary[pair]!).data;
  const cut = (data: Uint8Array, k: number) => data.subarray(k * sym, (k + 1) * sym);
  // Secondary targets 0, 1 and 6 from the primary slivers of pairs 0, 3, 8.
  const decoding = new Map<number, DecodingSymbol[]>(
    [0, 1, 6].map((c) => [
      c,
      [0, 3, 8].map((i) => ({ axis: 'secondary' as const, index: i, data: cut(primary(i), c) })),
    ]),
  );
  // Primary target 9 (a repair sliver) from the expanded secondary slivers of pairs 0 and 3.
  const recovery: RecoverySymbol[] = [0, 3].map((pair) => {
    const sliver = parseSliverData(encoded.secondary[pair]!);
    const expanded = expandSymbols(sliver.data, 4, n, sym);
    return {
      symbol: { axis: 'primary', index: sliver.index, data: cut(expanded, 9) },
      targetIndex: 9,
      proof: merkleProofOfSymbols(expanded, sym, 9),
    };
  });
  symbolSeeds = {
    decoding: [
      serializeDecodingSymbols(decoding),
      serializeDecodingSymbols(
        new Map([
          [256, []],
          [1, [{ axis: 'primary', index: 0xffff, data: new Uint8Array(0) }]],
        ]),
      ),
      Uint8Array.of(0),
    ],
    recovery: [
      serializeRecoverySymbols(recovery),
      serializeRecoverySymbols(recovery.slice(0, 1)),
      Uint8Array.of(0),
    ],
  };
  return symbolSeeds;
}

const decodingSymbolsTarget = bytesTarget({
  name: 'symbols-bcs.parseDecodingSymbols',
  parsers: 'parseDecodingSymbols',
  expected: [BcsDecodeError],
  seeds: () => getSymbolSeeds().decoding,
  check: (bytes) => {
    const symbols = parseDecodingSymbols(bytes);
    for (const list of symbols.values()) {
      for (const s of list) {
        property('data lies inside the input', () => s.data.buffer === bytes.buffer);
        property('index is a u16', () => Number.isInteger(s.index) && s.index >= 0 && s.index <= 0xffff);
      }
    }
    canonical('decoding symbols', serializeDecodingSymbols(symbols), bytes);
  },
});

const recoverySymbolsTarget = bytesTarget({
  name: 'symbols-bcs.parseRecoverySymbols',
  parsers: 'parseRecoverySymbols',
  expected: [BcsDecodeError],
  seeds: () => getSymbolSeeds().recovery,
  check: (bytes) => {
    const symbols = parseRecoverySymbols(bytes);
    for (const s of symbols) {
      property('digests have 32 bytes', () => s.proof.every((node) => node === null || node.length === 32));
    }
    canonical('recovery symbols', serializeRecoverySymbols(symbols), bytes);
  },
});

const SYMBOL_QUERY_TOKENS: readonly string[] = [
  '&',
  '=',
  'targetSlivers=',
  'targetSliver=',
  'targetType=',
  'proofAxis=',
  'id=',
  'primary',
  'secondary',
  '-',
  '+',
  '%2B',
  ',',
  '0',
  '65535',
  '65536',
  '%',
  '%3D',
  '%26',
  '0000000000000000007',
];

const decodingSymbolsQueryTarget = textTarget({
  name: 'symbols-query.parseDecodingSymbolsQuery',
  parsers: 'parseDecodingSymbolsQuery',
  expected: [SymbolQueryError],
  seeds: () => [
    'targetSlivers=5&targetType=primary',
    'targetSlivers=72&targetSlivers=18&targetType=secondary',
    'targetType=secondary&x=1&targetSlivers=%2B007',
    'targetSlivers=1,2&targetType=primary',
  ],
  tokens: SYMBOL_QUERY_TOKENS,
  maxLength: 5000,
  check: (text) => {
    const query = parseDecodingSymbolsQuery(new URLSearchParams(text));
    property('at least one target', () => query.targets.length > 0);
    assertEqual(
      'the built query parses back',
      parseDecodingSymbolsQuery(new URLSearchParams(decodingSymbolsQuery(query.targets, query.type))),
      query,
    );
  },
});

const recoverySymbolsQueryTarget = textTarget({
  name: 'symbols-query.parseRecoverySymbolsQuery',
  parsers: 'parseRecoverySymbolsQuery',
  expected: [SymbolQueryError],
  seeds: () => [
    'proofAxis=secondary&id=1-2&id=3-4',
    'proofAxis=primary&targetSliver=18&targetType=secondary',
    'targetSliver=72&targetType=primary',
    'id=1&targetSliver=3&targetType=primary',
    'id=%2B1-02&id=1-2',
  ],
  tokens: SYMBOL_QUERY_TOKENS,
  maxLength: 5000,
  check: (text) => {
    const filter = parseRecoverySymbolsQuery(new URLSearchParams(text));
    if (filter.kind === 'ids') {
      property('IDs are sorted and unique', () =>
        filter.ids.every(
          (id, i) =>
            i === 0 ||
            id.primary > filter.ids[i - 1]!.primary ||
            (id.primary === filter.ids[i - 1]!.primary && id.secondary > filter.ids[i - 1]!.secondary),
        ),
      );
    }
    assertEqual(
      'the built query parses back',
      parseRecoverySymbolsQuery(new URLSearchParams(recoverySymbolsQuery(filter))),
      filter,
    );
  },
});

const BASE64_TOKENS: readonly string[] = [
  'A',
  '_',
  '-',
  '+',
  '/',
  '=',
  '==',
  'AAAA',
  '____',
  'B',
  'Q',
  'g',
  '0',
  '9',
];

function checkPatchId(id: QuiltPatchId): void {
  property(
    'patch columns are a non-empty u16 range',
    () => id.start >= 0 && id.start < id.end && id.end <= 0xffff,
  );
  property('quilt ID has 32 bytes', () => id.quiltId.length === 32);
}

const patchIdTarget = defineTarget<string | Uint8Array>({
  name: 'quilt.parseQuiltPatchId',
  parsers: 'parseQuiltPatchId',
  expected: [QuiltFormatError],
  seeds: () => {
    const ids = getWalrusSeeds().patchIds;
    return [
      ...ids.map(quiltPatchIdToText),
      ...ids.map(encodeQuiltPatchId),
      'Jqz2KSMu18pygjkC-WVEQqtUZRo18-cuf_566VZSxVoBDAAZAA',
    ];
  },
  mutate: (input, { rng, seeds }) =>
    typeof input === 'string'
      ? mutateText(input, rng, {
          donors: seeds.filter((s): s is string => typeof s === 'string'),
          tokens: BASE64_TOKENS,
          maxLength: 5000,
        })
      : mutateBytes(input, rng, {
          donors: seeds.filter((s): s is Uint8Array => typeof s !== 'string'),
          maxLength: 5000,
        }),
  check: (input) => {
    const id = parseQuiltPatchId(input);
    checkPatchId(id);
    if (typeof input !== 'string') canonical('patch ID', encodeQuiltPatchId(id), input);
    else assertEqual('patch ID bytes round trip', encodeQuiltPatchId(id), fromUrlSafeBase64(input));
  },
  format: (input, max) => (typeof input === 'string' ? showText(input, max) : showBytes(input, max / 2)),
});

const walrusIdTarget = textTarget({
  name: 'quilt.parseWalrusId',
  parsers: 'parseWalrusId',
  expected: [QuiltFormatError],
  seeds: () => {
    const { patchIds } = getWalrusSeeds();
    return [...patchIds.map(quiltPatchIdToText), ...patchIds.map((p) => blobIdToText(p.quiltId))];
  },
  tokens: BASE64_TOKENS,
  maxLength: 5000,
  check: (text) => {
    const id = parseWalrusId(text);
    if (id.kind === 'blob') {
      property('blob ID has 32 bytes', () => id.blobId.length === 32);
      assertEqual('blob ID bytes round trip', id.blobId, fromUrlSafeBase64(text));
    } else {
      checkPatchId(id.patch);
      assertEqual('patch ID bytes round trip', encodeQuiltPatchId(id.patch), fromUrlSafeBase64(text));
    }
  },
});

/**
 * QuiltV1's layouts as @mysten/bcs schemas, what quilt.ts read them with before it got its own
 * reader: the reference it must agree with on inputs small enough for @mysten/bcs's quadratic
 * ULEB128 decoding not to matter (and whose vector count cannot make it allocate millions of slots).
 */
const RefQuiltIndex = bcs.struct('QuiltIndexV1', {
  patches: bcs.vector(
    bcs.struct('QuiltPatchV1', {
      end_index: bcs.u16(),
      identifier: bcs.string(),
      tags: bcs.map(bcs.string(), bcs.string()),
    }),
  ),
});
const REFERENCE_MAX_BYTES = 4096;

function attempt<T>(parse: () => T): { ok: true; value: T } | { ok: false } {
  try {
    return { ok: true, value: parse() };
  } catch {
    return { ok: false };
  }
}

/** The BCS part of an index the reference can be asked about, or null. */
function referenceIndexBytes(columns: Uint8Array): Uint8Array | null {
  if (columns.length < QUILT_INDEX_PREFIX_SIZE || columns[0] !== 1) return null;
  const total = QUILT_INDEX_PREFIX_SIZE + new DataView(columns.buffer, columns.byteOffset).getUint32(1, true);
  if (total > columns.length || total > REFERENCE_MAX_BYTES) return null;
  // A copy: @mysten/bcs reads lengths and strings past the end of a subarray, from its buffer.
  const bytes = columns.slice(QUILT_INDEX_PREFIX_SIZE, total);
  const count = attempt(() => readUleb128(bytes, 0).value);
  return count.ok && count.value <= bytes.length ? bytes : null;
}

/** What @mysten/bcs makes of a patch's identifier or tags region. */
function referencePatchPart(bytes: Uint8Array, part: string): unknown {
  const idSize = bytes[6]! | (bytes[7]! << 8);
  // Copies: @mysten/bcs reads lengths and strings past the end of a subarray, from its buffer.
  if (part === 'identifier') return bcs.string().parse(bytes.slice(8, 8 + idSize));
  const at = 8 + idSize;
  const tagsSize = bytes[at]! | (bytes[at + 1]! << 8);
  return Object.fromEntries(
    bcs.map(bcs.string(), bcs.string()).parse(bytes.slice(at + 2, at + 2 + tagsSize)),
  );
}

interface QuiltIndexInput {
  readonly columns: Uint8Array;
  readonly columnSize: number;
}

const quiltIndexTarget = defineTarget<QuiltIndexInput>({
  name: 'quilt.parseQuiltIndex',
  parsers: 'parseQuiltIndex',
  expected: [QuiltFormatError],
  seeds: () => getWalrusSeeds().quiltIndexes,
  mutate: (input, { rng, seeds }) => {
    // The column size comes from the committee's geometry, not from the node: keep it sane.
    const columnSize = rng.chance(0.1) ? rng.pick([1, 2, 3, 7, 64, 1000, 65535]) : input.columnSize;
    return { columns: mutateBytes(input.columns, rng, { donors: seeds.map((s) => s.columns) }), columnSize };
  },
  check: ({ columns, columnSize }) => {
    const indexBytes = referenceIndexBytes(columns);
    let entries;
    try {
      entries = timed(() => parseQuiltIndex(columns, columnSize));
    } catch (error) {
      if (indexBytes !== null && error instanceof QuiltFormatError && error.message.startsWith('malformed')) {
        property(
          '@mysten/bcs rejects the index too',
          () => !attempt(() => RefQuiltIndex.parse(indexBytes)).ok,
        );
      }
      throw error;
    }
    if (indexBytes !== null) {
      const reference = attempt(() => RefQuiltIndex.parse(indexBytes));
      property('@mysten/bcs accepts the index too', () => reference.ok);
      if (reference.ok) {
        assertEqual(
          '@mysten/bcs reads the same patches',
          entries.map((e) => [e.identifier, e.end, e.tags]),
          reference.value.patches.map((p) => [p.identifier, p.end_index, Object.fromEntries(p.tags)]),
        );
      }
    }
    let start = -1;
    for (const [i, entry] of entries.entries()) {
      if (i === 0) {
        start = entry.start;
        property(
          'the first patch starts after the index columns',
          () => entry.start >= 1 && entry.start <= MAX_QUILT_INDEX_COLUMNS,
        );
        property('index fits its columns', () => entry.start * columnSize >= QUILT_INDEX_PREFIX_SIZE);
      }
      property('patches are contiguous', () => entry.start === start);
      property('patch ranges are non-empty u16 ranges', () => entry.start < entry.end && entry.end <= 0xffff);
      start = entry.end;
    }
  },
  format: (input, max) => `columnSize ${input.columnSize}, columns ${showBytes(input.columns, max / 2)}`,
});

const quiltPatchTarget = bytesTarget({
  name: 'quilt.parseQuiltPatch',
  parsers: 'parseQuiltPatch',
  expected: [QuiltFormatError],
  seeds: () => getWalrusSeeds().quiltPatches,
  check: (bytes) => {
    const small = bytes.length <= REFERENCE_MAX_BYTES;
    let patch;
    try {
      patch = timed(() => parseQuiltPatch(bytes));
    } catch (error) {
      const part =
        error instanceof QuiltFormatError && /^malformed quilt patch (identifier|tags)/.exec(error.message);
      if (small && part) {
        property(
          `@mysten/bcs rejects the ${part[1]} too`,
          () => !attempt(() => referencePatchPart(bytes, part[1]!)).ok,
        );
      }
      throw error;
    }
    if (small) {
      assertEqual(
        '@mysten/bcs reads the same identifier',
        patch.identifier,
        referencePatchPart(bytes, 'identifier'),
      );
      if (bytes[5]! & 1)
        assertEqual('@mysten/bcs reads the same tags', patch.tags, referencePatchPart(bytes, 'tags'));
    }
    const total = quiltPatchTotalLength(bytes);
    property(
      'data ends where the header says',
      () => patch.data.byteOffset + patch.data.length === bytes.byteOffset + total,
    );
    property(
      'data lies inside the input',
      () => patch.data.buffer === bytes.buffer && patch.data.byteOffset >= bytes.byteOffset + 8,
    );
  },
});

const BLOB_ID_SEEDS = (): string[] => [
  ...getWalrusSeeds().patchIds.map((p) => blobIdToText(p.quiltId)),
  'Jqz2KSMu18pygjkC-WVEQqtUZRo18-cuf_566VZSxVo',
  blobIdToText(new Uint8Array(32).fill(0xff)),
];

const blobIdFromTextTarget = textTarget({
  name: 'blob-id.blobIdFromText',
  parsers: 'blobIdFromText',
  expected: [InvalidBlobIdError],
  seeds: BLOB_ID_SEEDS,
  tokens: BASE64_TOKENS,
  maxLength: 5000,
  check: (text) => {
    const bytes = blobIdFromText(text);
    property('a blob ID has 32 bytes', () => bytes.length === 32);
    assertEqual('bytes round trip', blobIdFromText(blobIdToText(bytes)), bytes);
  },
});

const fromUrlSafeBase64Target = textTarget({
  name: 'blob-id.fromUrlSafeBase64',
  parsers: 'fromUrlSafeBase64',
  expected: [InvalidBlobIdError],
  seeds: () => [...BLOB_ID_SEEDS(), '', 'AA', 'AAA', 'AAAA', toUrlSafeBase64(pseudoRandomBytes(100, 8))],
  tokens: BASE64_TOKENS,
  maxLength: 100_000,
  check: (text) => {
    const bytes = fromUrlSafeBase64(text);
    property(
      'length is 3/4 of the text, rounded down',
      () => bytes.length === Math.floor((text.length * 3) / 4),
    );
    assertEqual('only the canonical text is accepted', toUrlSafeBase64(bytes), text);
  },
});

// ---- core/serve ---------------------------------------------------------------------------------

/** Request paths: Node's default 16 KiB header limit bounds what a portal server receives. */
const MAX_REQUEST_PATH = 16 * 1024;

const resolvePathTarget = textTarget({
  name: 'serve.resolvePath',
  parsers: 'resolvePath',
  expected: [RequestPathError],
  seeds: PATH_SEEDS,
  tokens: PATH_TOKENS,
  maxLength: MAX_REQUEST_PATH,
  check: (urlPath) => {
    const path = resolvePath(urlPath);
    if (!urlPath.includes('%'))
      assertEqual('without %, only the trailing / changes', path, expectedRequestPath(urlPath));
  },
});

const REDIRECT_PATTERNS: readonly string[] = [
  '/old/**',
  '/a*b',
  '/c',
  '/docs/**',
  '/*',
  '*',
  '/**',
  '/x/*/y',
  '/blog/*.html',
  '/a/**/z',
  '/index.html',
];
const ROUTE_PATTERNS: readonly string[] = [
  '/*',
  '/app/*',
  '/docs/*',
  '*',
  '/a/*/b',
  '/x.html',
  '/*/*',
  '/a*b*',
  '/path/*',
  '/**',
  '/*/*.html',
  '/docs/*/index.*',
];
const ROUTING_PATHS = (): string[] => [
  ...PATH_SEEDS().filter((p) => p.startsWith('/')),
  '/old/a/b',
  '/docs',
  '/app/x/y',
  '/a/q/b',
  '/blog/post.html',
];
const ROUTING_TOKENS: readonly string[] = [
  ...PATH_TOKENS,
  '*',
  '**',
  '/**',
  '/*',
  '.',
  '(',
  '[',
  '\\',
  '$',
  '^',
  '?',
  '+',
  '{',
  '|',
];

interface RedirectInput {
  readonly path: string;
  readonly redirects: readonly (readonly [string, Redirect])[];
}

function mutateEntries<V>(
  entries: readonly (readonly [string, V])[],
  rng: Rng,
  patterns: readonly string[],
  value: () => V,
): (readonly [string, V])[] {
  const out = [...entries];
  const i = rng.below(out.length + 1);
  const choice = rng.below(4);
  if (choice === 0 && out.length > 0) out.splice(rng.below(out.length), 1);
  else if (choice === 1 || out.length === 0) out.splice(i, 0, [rng.pick(patterns), value()]);
  else {
    const j = rng.below(out.length);
    out[j] = [
      mutateText(out[j]![0], rng, { donors: patterns, tokens: ROUTING_TOKENS, maxLength: 4096 }),
      out[j]![1],
    ];
  }
  return out;
}

const matchRedirectTarget = defineTarget<RedirectInput>({
  name: 'serve.matchRedirect',
  parsers: 'matchRedirect',
  // Paths over MAX_REQUEST_PATH_BYTES are refused before matching.
  expected: [RequestPathError],
  seeds: () =>
    ROUTING_PATHS().map((path, i) => ({
      path,
      redirects: REDIRECT_PATTERNS.slice(i % 4, (i % 4) + 6).map(
        (p, k) => [p, { location: `/to/${k}`, statusCode: REDIRECT_STATUSES[k % 5]! }] as const,
      ),
    })),
  mutate: (input, { rng, seeds }) => {
    if (rng.chance(0.5)) {
      return {
        ...input,
        path: mutateText(input.path, rng, {
          donors: seeds.map((s) => s.path),
          tokens: ROUTING_TOKENS,
          maxLength: MAX_REQUEST_PATH,
        }),
      };
    }
    let redirects = input.redirects;
    for (let k = 1 + rng.size(3); k > 0; k--) {
      redirects = mutateEntries(redirects, rng, REDIRECT_PATTERNS, () => ({
        location: `/to/${rng.below(100)}`,
        statusCode: rng.pick(REDIRECT_STATUSES),
      }));
    }
    return { ...input, redirects };
  },
  check: ({ path, redirects }) => {
    const match = matchRedirect(path, redirects);
    property(
      'only paths within the cap are matched',
      () => utf8.encode(path).length <= MAX_REQUEST_PATH_BYTES,
    );
    if (match === null) return;
    property('the winner is one of the redirects', () =>
      redirects.some(([p, r]) => p === match.pattern && r === match.redirect),
    );
    property('the winning pattern is valid', () => redirectPatternProblem(match.pattern) === null);
    property('the winning pattern matches the path', () => matchPortalGlob(match.pattern, path));
  },
  format: (input, max) =>
    `path ${showText(input.path, max / 2)}, redirects ${showText(JSON.stringify(input.redirects.map(([p]) => p)), max / 2)}`,
});

interface RouteInput {
  readonly path: string;
  readonly routes: readonly (readonly [string, string])[];
  readonly glob: boolean;
}

const matchRouteTarget = defineTarget<RouteInput>({
  name: 'serve.matchRoute',
  parsers: 'matchRoute (legacy regex and glob)',
  // The legacy matcher is the portal's regex (`*` → `.*`, at most two), quadratic by design: a
  // 16 KiB path took ~90 ms against `/*/*.html`, so paths over MAX_REQUEST_PATH_BYTES are refused.
  expected: [RequestPathError],
  seeds: () =>
    ROUTING_PATHS().flatMap((path, i) => {
      const routes = ROUTE_PATTERNS.slice(i % 4, (i % 4) + 6).map(
        (p, k) => [p, `/target-${k}.html`] as const,
      );
      return [
        { path, routes, glob: false },
        { path, routes, glob: true },
      ];
    }),
  mutate: (input, { rng, seeds }) => {
    if (rng.chance(0.05)) return { ...input, glob: !input.glob };
    if (rng.chance(0.5)) {
      return {
        ...input,
        path: mutateText(input.path, rng, {
          donors: seeds.map((s) => s.path),
          tokens: ROUTING_TOKENS,
          maxLength: MAX_REQUEST_PATH,
        }),
      };
    }
    let routes = input.routes;
    for (let k = 1 + rng.size(3); k > 0; k--)
      routes = mutateEntries(routes, rng, ROUTE_PATTERNS, () => `/t${rng.below(100)}.html`);
    return { ...input, routes };
  },
  check: ({ path, routes, glob }) => {
    const target = matchRoute(path, routes, { glob });
    property(
      'only paths within the cap are matched',
      () => utf8.encode(path).length <= MAX_REQUEST_PATH_BYTES,
    );
    if (target === null) return;
    property('the result is one of the route targets', () => routes.some(([, t]) => t === target));
  },
  format: (input, max) =>
    `glob ${input.glob}, path ${showText(input.path, max / 2)}, routes ${showText(JSON.stringify(input.routes.map(([p]) => p)), max / 2)}`,
});

interface RangeInput {
  readonly header: string | null;
  readonly size: number;
}

const RANGE_SIZES: readonly number[] = [0, 1, 2, 99, 100, 500, 1_000_000, 2 ** 31, Number.MAX_SAFE_INTEGER];

const parseRangeTarget = defineTarget<RangeInput>({
  name: 'serve.parseRange',
  parsers: 'parseRange',
  expected: [],
  seeds: () =>
    [
      'bytes=0-',
      'bytes=100-199',
      'bytes=-500',
      'bytes=0-1,5-9',
      ' BYTES=1-2 ',
      'bytes=5-1',
      'bytes=-0',
      'bytes= , 0-0 ,',
      'items=0-1',
      'bytes=99999999999999999999999999999-',
    ]
      .flatMap((header, i): RangeInput[] => [
        { header, size: RANGE_SIZES[i % RANGE_SIZES.length]! },
        { header, size: 1000 },
      ])
      .concat([{ header: null, size: 10 }]),
  mutate: (input, { rng, seeds }) => {
    if (rng.chance(0.2)) {
      const size = rng.chance(0.05)
        ? rng.pick([-1, 0.5, Number.NaN, Infinity, 2 ** 53])
        : rng.pick([...RANGE_SIZES, rng.below(5000)]);
      return { ...input, size };
    }
    const header = mutateText(input.header ?? 'bytes=', rng, {
      donors: seeds.map((s) => s.header ?? ''),
      tokens: [
        'bytes=',
        '-',
        ',',
        ' ',
        '\t',
        '0',
        '9'.repeat(20),
        String(Number.MAX_SAFE_INTEGER),
        '=',
        'Bytes',
      ],
      maxLength: 8192,
    });
    return { ...input, header: rng.chance(0.01) ? null : header };
  },
  check: ({ header, size }) => {
    if (!Number.isSafeInteger(size) || size < 0) {
      // Documented: the size is the caller's, an invalid one is a programming error (RangeError).
      try {
        parseRange(header, size);
      } catch (error) {
        if (error instanceof RangeError) return;
        throw error;
      }
      throw new PropertyViolation(`parseRange accepted the invalid size ${size}`);
    }
    const range: ByteRange = parseRange(header, size);
    if (range.kind === 'partial') {
      property(
        `partial range ${range.start}-${range.end} lies within ${size} bytes`,
        () =>
          Number.isSafeInteger(range.start) &&
          Number.isSafeInteger(range.end) &&
          range.start >= 0 &&
          range.start <= range.end &&
          range.end < size,
      );
    }
    if (range.kind === 'unsatisfiable')
      property('only a non-empty representation is unsatisfiable', () => size > 0);
    if (header === null) property('no header means full', () => range.kind === 'full');
  },
  format: (input, max) =>
    `size ${input.size}, header ${input.header === null ? 'null' : showText(input.header, max)}`,
});

// ---- core/sui -----------------------------------------------------------------------------------

const FIELD_ID = normalizeSuiAddress('0xf1e1d');
const SITE_ID = normalizeSuiAddress('0x5173');

function siteBytes(): Uint8Array[] {
  return [
    SiteBcs.serialize({ id: SITE_ID, name: 'My site', ...metadataToBcs(METADATA) }).toBytes(),
    SiteBcs.serialize({
      id: OBJECT_ID,
      name: 'caf\u00e9 \ud83d\ude00',
      link: null,
      image_url: null,
      description: null,
      project_url: null,
      creator: null,
    }).toBytes(),
  ];
}

function resourceFieldBytes(): Uint8Array[] {
  const resources = [
    resource('/index.html', 7),
    { ...resource('/r', 1, [['cache-control', 'max-age=0']]), range: { start: 5n, end: null } },
    { ...resource('/caf\u00e9.js', 2), range: { start: 0n, end: 18446744073709551615n } },
  ];
  return resources.map((r) =>
    ResourceFieldBcs.serialize({ id: FIELD_ID, name: { path: r.path }, value: resourceToBcs(r) }).toBytes(),
  );
}

function routesFieldBytes(): Uint8Array[] {
  return [
    [
      ['/*', '/index.html'],
      ['/app/*', '/app/index.html'],
    ],
    [],
  ].map((routes) =>
    RoutesFieldBcs.serialize({
      id: FIELD_ID,
      name: utf8.encode('routes'),
      value: { route_list: { contents: routes.map(([key, value]) => ({ key: key!, value: value! })) } },
    }).toBytes(),
  );
}

function redirectsFieldBytes(): Uint8Array[] {
  const lists: (readonly [string, string, RedirectStatus])[][] = [
    [
      ['/old/**', 'https://example.com/new', 308],
      ['/a', '/b', 301],
    ],
    [],
  ];
  return lists.map((list) =>
    RedirectsFieldBcs.serialize({
      id: FIELD_ID,
      name: utf8.encode('redirects'),
      value: {
        redirect_list: {
          contents: list.map(([key, location, status_code]) => ({ key, value: { location, status_code } })),
        },
      },
    }).toBytes(),
  );
}

function sameAfterRoundTrip<T>(what: string, parsed: T, reparse: () => T): void {
  let again: T | undefined;
  property(`${what}: re-serializing the parsed value parses back`, () => {
    again = reparse();
  });
  if (!isDeepStrictEqual(again, parsed)) assertEqual(`${what}: round trip`, again, parsed);
}

const parseSiteTarget = bytesTarget({
  name: 'site-bcs.parseSite',
  knownSlowMs: MYSTEN_BCS_KNOWN_SLOW_MS,
  maxLength: MYSTEN_BCS_MAX_INPUT,
  parsers: 'parseSite',
  expected: [SiteDecodeError],
  seeds: siteBytes,
  check: (bytes) => {
    const site = timed(() => parseSite(bytes));
    property('id is a normalized address', () => /^0x[0-9a-f]{64}$/.test(site.id));
    const m = site.metadata;
    sameAfterRoundTrip('Site', site, () =>
      parseSite(
        SiteBcs.serialize({
          id: site.id,
          name: site.name,
          link: m.link,
          image_url: m.imageUrl,
          description: m.description,
          project_url: m.projectUrl,
          creator: m.creator,
        }).toBytes(),
      ),
    );
  },
});

const parseResourceFieldTarget = bytesTarget({
  name: 'site-bcs.parseResourceField',
  knownSlowMs: MYSTEN_BCS_KNOWN_SLOW_MS,
  maxLength: MYSTEN_BCS_MAX_INPUT,
  parsers: 'parseResourceField',
  expected: [SiteDecodeError],
  seeds: resourceFieldBytes,
  check: (bytes) => {
    const r = timed(() => parseResourceField(bytes));
    property('blob hash has 32 bytes', () => r.blobHash.length === 32);
    property('blob ID text decodes', () => blobIdFromText(r.blobId).length === 32);
    sameAfterRoundTrip('Resource', r, () =>
      parseResourceField(
        ResourceFieldBcs.serialize({
          id: FIELD_ID,
          name: { path: r.path },
          value: resourceToBcs(r),
        }).toBytes(),
      ),
    );
  },
});

const parseRoutesFieldTarget = bytesTarget({
  name: 'site-bcs.parseRoutesField',
  knownSlowMs: MYSTEN_BCS_KNOWN_SLOW_MS,
  maxLength: MYSTEN_BCS_MAX_INPUT,
  parsers: 'parseRoutesField',
  expected: [SiteDecodeError],
  seeds: routesFieldBytes,
  check: (bytes) => {
    const routes = timed(() => parseRoutesField(bytes));
    sameAfterRoundTrip('Routes', routes, () =>
      parseRoutesField(
        RoutesFieldBcs.serialize({
          id: FIELD_ID,
          name: utf8.encode('routes'),
          value: { route_list: { contents: routes.map(([key, value]) => ({ key, value })) } },
        }).toBytes(),
      ),
    );
  },
});

const parseRedirectsFieldTarget = bytesTarget({
  name: 'site-bcs.parseRedirectsField',
  knownSlowMs: MYSTEN_BCS_KNOWN_SLOW_MS,
  maxLength: MYSTEN_BCS_MAX_INPUT,
  parsers: 'parseRedirectsField',
  expected: [SiteDecodeError],
  seeds: redirectsFieldBytes,
  check: (bytes) => {
    const redirects = timed(() => parseRedirectsField(bytes));
    property('statuses are redirect statuses', () =>
      redirects.every(([, r]) => REDIRECT_STATUSES.includes(r.statusCode)),
    );
    sameAfterRoundTrip('Redirects', redirects, () =>
      parseRedirectsField(
        RedirectsFieldBcs.serialize({
          id: FIELD_ID,
          name: utf8.encode('redirects'),
          value: {
            redirect_list: {
              contents: redirects.map(([key, r]) => ({
                key,
                value: { location: r.location, status_code: r.statusCode },
              })),
            },
          },
        }).toBytes(),
      ),
    );
  },
});

export const TARGETS: readonly FuzzTarget[] = [
  wsResourcesParse,
  wsResourcesUpdate,
  headersFile,
  redirectsFile,
  resourcePathTarget,
  validateResourcePathTarget,
  normalizeRequestPathTarget,
  parseGlobTarget,
  globMatchesTarget,
  base36Target,
  sliverTarget,
  metadataTarget,
  metadataWithIdTarget,
  confirmationTarget,
  certificateTarget,
  decodingSymbolsTarget,
  recoverySymbolsTarget,
  decodingSymbolsQueryTarget,
  recoverySymbolsQueryTarget,
  patchIdTarget,
  walrusIdTarget,
  quiltIndexTarget,
  quiltPatchTarget,
  blobIdFromTextTarget,
  fromUrlSafeBase64Target,
  resolvePathTarget,
  matchRedirectTarget,
  matchRouteTarget,
  parseRangeTarget,
  parseSiteTarget,
  parseResourceFieldTarget,
  parseRoutesFieldTarget,
  parseRedirectsFieldTarget,
  nodeApiTarget,
  nodeAdminTarget,
  chainRpcTarget,
  ...AGGREGATOR_TARGETS,
];
