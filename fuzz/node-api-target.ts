// Fuzz target over the storage node's public `/v1` API, driven in-process (fuzz/http-driver.ts):
// methods, paths (blob IDs, sliver pairs and types, percent-encoding, very long paths), queries,
// content types and BCS bodies. The answer must be a well-formed HTTP response, never a 5xx (no
// overload or fault is configured, so a 5xx is a bug), with one AIP-193 error that says what was
// wrong. Around every request: nothing a refused request sent is stored or buffered, whatever is
// stored at all is byte for byte what an honest writer uploads, and whatever is served too
// (symbols: decoding symbols are crossings of honest slivers, recovery symbols prove against the
// metadata).
import { parseSliverData } from '../core/walrus/bcs.ts';
import { blobIdToText, equalBytes } from '../core/walrus/blob-id.ts';
import { verifyMerkleProof } from '../core/walrus/merkle-proof.ts';
import { parseDecodingSymbols, parseRecoverySymbols, recoverySymbolId } from '../core/walrus/symbols-bcs.ts';
import { fakeObjectId } from '../devnet/node/memory-state.ts';
import { parseRoute, type Route } from '../devnet/node/routes.ts';
import { shardOfPair } from '../devnet/node/shards.ts';
import type { Rng } from './engine.ts';
import { mutateBytes, mutateText, showBytes, showText, type MutateContext } from './engine.ts';
import {
  closedForConnect,
  encodeRequest,
  exchange,
  HTTP_METHODS,
  isParserRejection,
  type RawResponse,
} from './http-driver.ts';
import {
  blob,
  blobs,
  closeNodeWorld,
  honestSliver,
  knownBlob,
  N,
  openNodeWorld,
  pendingFingerprint,
  restoreNodeWorld,
  ROLES,
  SHARDS,
  type Blob,
  type NodeWorld,
} from './node-world.ts';
import { clientEncode, defineRequestTarget, RequestRejected, violation } from './request-target.ts';

// ---- public API inputs --------------------------------------------------------------------------

interface NodeRequest {
  readonly method: string;
  /** Sent as is on the request line. */
  readonly target: string;
  readonly contentType: string | null;
  readonly body: Uint8Array;
  /** How many pieces the request bytes arrive in. */
  readonly chunks: number;
}

const EMPTY = new Uint8Array(0);

function nodeSeeds(): NodeRequest[] {
  const seeds: NodeRequest[] = [];
  const get = (target: string) =>
    seeds.push({ method: 'GET', target, contentType: null, body: EMPTY, chunks: 1 });
  const put = (target: string, body: Uint8Array, contentType: string | null = 'application/octet-stream') =>
    seeds.push({ method: 'PUT', target, contentType, body, chunks: 1 });
  get('/v1/health');
  get('/v1/health?detailed=true');
  const stored = blob('stored');
  for (const b of blobs()) {
    const base = `/v1/blobs/${b.text}`;
    get(`${base}/metadata`);
    get(`${base}/metadata/status`);
    get(`${base}/status`);
    put(`${base}/metadata`, b.metadata);
    put(`${base}/metadata?pending=true`, b.metadata, null);
    get(`${base}/confirmation/permanent`);
    get(`${base}/confirmation/permanent?wait_for_registration=true&wait_millis=2`);
    get(`${base}/confirmation/deletable/${fakeObjectId(ROLES.indexOf(b.role) + 1)}`);
    get(`${base}/decodingSymbols?targetSlivers=0&targetSlivers=3&targetType=primary`);
    get(`${base}/decodingSymbols?targetSlivers=6&targetType=secondary`);
    get(`${base}/recoverySymbols?targetSliver=9&targetType=primary`);
    get(`${base}/recoverySymbols?proofAxis=primary&id=${b.owned[0]}-4&id=0-0`);
    for (const pair of [b.owned[0]!, b.owned[3]!, b.foreign]) {
      for (const type of ['primary', 'secondary'] as const) {
        get(`${base}/slivers/${pair}/${type}`);
        get(`${base}/slivers/${pair}/${type}/status`);
        put(`${base}/slivers/${pair}/${type}`, honestSliver(b, pair, type));
        if (b.role === 'pending')
          put(`${base}/slivers/${pair}/${type}?pending=true`, honestSliver(b, pair, type));
      }
    }
  }
  // Honest bytes in the wrong place: another blob's metadata, another pair's or type's sliver.
  const partial = blob('partial');
  put(`/v1/blobs/${partial.text}/metadata`, stored.metadata);
  put(
    `/v1/blobs/${partial.text}/slivers/${partial.owned[0]}/primary`,
    honestSliver(partial, partial.owned[1]!, 'primary'),
  );
  put(
    `/v1/blobs/${partial.text}/slivers/${partial.owned[0]}/secondary`,
    honestSliver(partial, partial.owned[0]!, 'primary'),
  );
  put(
    `/v1/blobs/${partial.text}/slivers/${partial.owned[0]}/primary`,
    honestSliver(stored, partial.owned[0]!, 'primary'),
  );
  for (const method of ['OPTIONS', 'POST', 'DELETE', 'HEAD', 'PATCH']) {
    seeds.push({
      method,
      target: `/v1/blobs/${stored.text}/metadata`,
      contentType: null,
      body: EMPTY,
      chunks: 1,
    });
  }
  get('/');
  get('/v1/blobs');
  return seeds;
}

const CONTENT_TYPES: readonly (string | null)[] = [
  null,
  'application/octet-stream',
  'application/octet-stream; charset=binary',
  'APPLICATION/OCTET-STREAM',
  ' application/octet-stream ;x',
  'application/json',
  'text/plain',
  'multipart/form-data; boundary=x',
  '',
  ';',
];
const PAIR_TEXTS: readonly string[] = [
  '0',
  '4',
  '9',
  '10',
  '11',
  '65535',
  '65536',
  '4294967296',
  '-1',
  '+1',
  '1.0',
  '1e1',
  '0x1',
  '007',
  ' 1',
  '',
  '%31',
  '9'.repeat(30),
];
const TYPE_TEXTS: readonly string[] = [
  'primary',
  'secondary',
  'Primary',
  'SECONDARY',
  'primary ',
  '',
  'tertiary',
  '%70rimary',
  'primary%00',
];
const QUERIES: readonly string[] = [
  '',
  '?pending=true',
  '?pending=false',
  '?pending=1',
  '?pending=TRUE',
  '?pending',
  '?pending=true&pending=false',
  '?detailed=true',
  '?detailed=yes',
  '?wait_for_registration=true&wait_millis=3',
  '?wait_for_registration=1',
  '?wait_millis=999999999999999',
  '?wait_millis=9999999999999999',
  '?wait_millis=-1',
  '?wait_millis=1e3',
  '?wait_millis=',
  '?%70ending=true',
  '?targetSlivers=1&targetSlivers=65535&targetType=secondary',
  '?targetSlivers=1,2&targetType=primary',
  '?targetSlivers=%2B3&targetType=primary&targetType=primary',
  '?id=1-2&id=9-9&proofAxis=secondary',
  '?id=10-0',
  '?targetSliver=4&targetType=secondary&proofAxis=primary',
  '?targetSliver=&targetType=primary',
  '#fragment',
  '?a=%',
  `?${'a'.repeat(5000)}`,
];
const PREFIXES: readonly string[] = [
  '/v1',
  '/v2',
  '//v1',
  '/v1/',
  '/./v1',
  '/v1/..',
  '/V1',
  'http://node.invalid/v1',
  '*',
  '',
];
const BASE64_CHARS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const PATH_TOKENS: readonly string[] = [
  '/',
  '%2F',
  '%2f',
  '..',
  '.',
  '%',
  '%25',
  '%00',
  '?',
  '#',
  '=',
  '&',
  '+',
  '/status',
  '/metadata',
  '/slivers/',
  '/primary',
  '/confirmation/',
  'deletable/0x1',
  '/decodingSymbols',
  '/recoverySymbols',
  'targetSlivers=',
  'id=',
];

/** A blob ID text that is almost right: one character off, its unused bits set, wrong length or alphabet. */
function tweakBlobId(text: string, rng: Rng): string {
  switch (rng.below(7)) {
    case 0:
      // The last character carries two unused bits: every sibling decodes to the same bytes.
      return text.slice(0, -1) + BASE64_CHARS[(BASE64_CHARS.indexOf(text.at(-1)!) & ~3) | rng.between(1, 3)]!;
    case 1: {
      const at = rng.below(text.length);
      return text.slice(0, at) + rng.pick([...BASE64_CHARS, '+', '/', '=', '.', '%2B']) + text.slice(at + 1);
    }
    case 2:
      return text.slice(0, rng.below(text.length));
    case 3:
      return `${text}${rng.pick(['A', '=', 'AAAA', '%3D'])}`;
    case 4:
      return text.replaceAll('-', '+').replaceAll('_', '/');
    case 5:
      // An escaped letter: the router decodes path segments before reading the ID.
      return text.replace(/[A-Za-z]/, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
    default:
      return rng.pick(blobs()).text;
  }
}

function mutateTarget(target: string, rng: Rng, seeds: readonly NodeRequest[]): string {
  const [pathPart = '', query = ''] = splitQuery(target);
  const segments = pathPart.split('/');
  const blobAt = segments.indexOf('blobs') + 1;
  switch (rng.below(8)) {
    case 0:
      if (blobAt > 0 && blobAt < segments.length) segments[blobAt] = tweakBlobId(segments[blobAt]!, rng);
      return segments.join('/') + query;
    case 1: {
      const at = segments.indexOf('slivers');
      if (at > 0 && at + 1 < segments.length) segments[at + 1] = rng.pick(PAIR_TEXTS);
      if (at > 0 && at + 2 < segments.length && rng.chance(0.3)) segments[at + 2] = rng.pick(TYPE_TEXTS);
      return segments.join('/') + query;
    }
    case 2:
      return pathPart + rng.pick(QUERIES);
    case 3:
      return rng.pick(PREFIXES) + pathPart.replace(/^\/v1/, '') + query;
    case 4:
      // A path from another seed with this one's query: a right shape for another endpoint.
      return splitQuery(rng.pick(seeds).target)[0] + query;
    default:
      return mutateText(target, rng, {
        donors: seeds.map((s) => s.target),
        tokens: PATH_TOKENS,
        maxLength: 20_000,
      });
  }
}

function splitQuery(target: string): [string, string] {
  const at = target.search(/[?#]/);
  return at === -1 ? [target, ''] : [target.slice(0, at), target.slice(at)];
}

function mutateNodeRequest(input: NodeRequest, { rng, seeds }: MutateContext<NodeRequest>): NodeRequest {
  let { method, target, contentType, body, chunks } = input;
  if (input.method === 'PUT' && rng.chance(0.3)) {
    // An honest upload with a byte or two changed: still BCS, so it reaches verification, which
    // must refuse it (the sliver no longer matches the metadata's Merkle roots, the metadata no
    // longer hashes to the blob ID).
    const changed = Uint8Array.from(body);
    for (let k = 1 + rng.size(2); k > 0 && changed.length > 0; k--) {
      changed[rng.below(changed.length)]! ^= 1 << rng.below(8);
    }
    return { ...input, body: changed };
  }
  for (let k = 1 + rng.size(3); k > 0; k--) {
    const choice = rng.below(12);
    if (choice === 0)
      method = rng.chance(0.8) ? rng.pick(HTTP_METHODS) : mutateText(method, rng, { maxLength: 40 });
    else if (choice <= 4) target = mutateTarget(target, rng, seeds);
    else if (choice <= 8)
      body = mutateBytes(body, rng, { donors: seeds.map((s) => s.body), maxLength: 500_000 });
    else if (choice === 9) contentType = rng.pick(CONTENT_TYPES);
    else if (choice === 10) body = rng.pick(seeds).body;
    else chunks = rng.pick([1, 2, 3, 7]);
  }
  // Mostly what a client sends (encoded); sometimes the raw text, for the HTTP parser.
  return { method, target: rng.chance(0.9) ? clientEncode(target) : target, contentType, body, chunks };
}

function formatNodeRequest(input: NodeRequest, max: number): string {
  return `${showText(input.method, 40)} ${showText(input.target, max / 2)} content-type ${input.contentType === null ? 'none' : showText(input.contentType, 60)}, ${input.chunks} chunk(s), body ${showBytes(input.body, Math.max(32, max / 4))}`;
}

function requestBytes(input: NodeRequest): Uint8Array {
  const headers: [string, string][] = [['connection', 'close']];
  if (input.contentType !== null) headers.push(['content-type', input.contentType]);
  return encodeRequest({ method: input.method, target: input.target, headers, body: input.body });
}

const REASON = /^[A-Z][A-Z_]*$/;

function checkApiError(response: RawResponse): string {
  let body: unknown;
  try {
    body = JSON.parse(new TextDecoder().decode(response.body));
  } catch {
    violation(`a ${response.status} answer whose body is not JSON: ${showBytes(response.body, 80)}`);
  }
  const error = (body as { error?: Record<string, unknown> }).error;
  const detail = (error?.details as Record<string, unknown>[] | undefined)?.[0];
  if (
    error === undefined ||
    error.code !== response.status ||
    typeof error.status !== 'string' ||
    typeof error.message !== 'string' ||
    error.message.trim() === '' ||
    !Array.isArray(error.details) ||
    error.details.length !== 1 ||
    detail?.['@type'] !== 'ErrorInfo' ||
    typeof detail.reason !== 'string' ||
    !REASON.test(detail.reason) ||
    typeof detail.domain !== 'string'
  ) {
    violation(`a ${response.status} answer that is not one AIP-193 error: ${showBytes(response.body, 200)}`);
  }
  if (response.headers.get('content-type') !== 'application/json')
    violation('an error body without content-type application/json');
  return `${response.status} ${detail.reason}: ${error.message}`;
}

/** The method the server reads: llhttp skips line breaks before the request line (RFC 9112 §2.2). */
function methodOf(input: NodeRequest): string {
  return input.method.replace(/^[\r\n]+/, '');
}

function routeOf(input: NodeRequest): Route | undefined {
  try {
    return parseRoute(methodOf(input), input.target);
  } catch {
    return undefined;
  }
}

function checkSuccess(input: NodeRequest, response: RawResponse): void {
  if (response.status === 204) {
    if (methodOf(input) !== 'OPTIONS') violation(`204 for ${input.method}`);
    return;
  }
  const route = routeOf(input);
  if (route === undefined) violation(`${response.status} for a request the router refuses`);
  const type = response.headers.get('content-type');
  if (route.kind === 'get-metadata' || route.kind === 'get-sliver') {
    // Whatever is served is what an honest writer uploaded.
    const b = knownBlob(route.blobId);
    if (b === undefined || type !== 'application/octet-stream')
      violation(`served bytes of an unknown blob or type ${type}`);
    const expected =
      route.kind === 'get-metadata'
        ? Uint8Array.from([...b.encoded.blobId, ...b.metadata])
        : honestSliver(b, route.pair, route.type);
    if (!equalBytes(response.body, expected))
      violation(`served ${route.kind} bytes that are not the honest ones`);
    return;
  }
  if (route.kind === 'decoding-symbols' || route.kind === 'recovery-symbols') {
    const b = knownBlob(route.blobId);
    if (b === undefined || type !== 'application/octet-stream')
      violation(`served symbols of an unknown blob or type ${type}`);
    if (route.kind === 'decoding-symbols') checkDecodingSymbols(b, route, response.body);
    else checkRecoverySymbols(b, route, response.body);
    return;
  }
  let body: { success?: { code?: unknown } };
  try {
    body = JSON.parse(new TextDecoder().decode(response.body)) as typeof body;
  } catch {
    violation(`a ${response.status} answer whose body is not JSON`);
  }
  if (body.success?.code !== response.status)
    violation(`a ${response.status} answer without the success envelope`);
  if (route.kind === 'put-metadata' || route.kind === 'put-sliver') {
    if (knownBlob(route.blobId) === undefined) violation('an upload of an unknown blob was accepted');
  }
}

/** Every symbol served is the crossing of the slivers it names, in honest bytes. */
function checkDecodingSymbols(
  b: Blob,
  route: Extract<Route, { kind: 'decoding-symbols' }>,
  body: Uint8Array,
): void {
  const sym = b.encoded.symbolSize;
  for (const [target, list] of parseDecodingSymbols(body)) {
    if (!route.targets.includes(target)) violation(`symbols for target ${target}, which was not asked for`);
    for (const symbol of list) {
      if (symbol.axis !== route.type) violation(`a ${symbol.axis} symbol for a ${route.type} target`);
      // Target c of a secondary sliver comes from primary sliver i (pair i); target r of a
      // primary sliver from secondary sliver j (pair n − 1 − j).
      const pair = route.type === 'secondary' ? symbol.index : N - 1 - symbol.index;
      const source = honestSliver(b, pair, route.type === 'secondary' ? 'primary' : 'secondary');
      const expected = parseSliverData(source).data.subarray(target * sym, (target + 1) * sym);
      if (!equalBytes(symbol.data, expected))
        violation(`symbol ${symbol.index} of target ${target} is not honest`);
    }
  }
}

/** Every recovery symbol served proves against the blob's metadata and is one that was asked for. */
function checkRecoverySymbols(
  b: Blob,
  route: Extract<Route, { kind: 'recovery-symbols' }>,
  body: Uint8Array,
): void {
  const { filter } = route;
  for (const symbol of parseRecoverySymbols(body)) {
    const id = recoverySymbolId(symbol);
    const wanted =
      filter.kind === 'ids'
        ? filter.ids.some((w) => w.primary === id.primary && w.secondary === id.secondary)
        : (filter.targetType === 'primary' ? id.primary : id.secondary) === filter.targetSliver;
    if (!wanted) violation(`served symbol ${id.primary}-${id.secondary}, which was not asked for`);
    const sourceType = symbol.symbol.axis === 'primary' ? 'secondary' : 'primary';
    if (filter.proofAxis !== undefined && sourceType !== filter.proofAxis)
      violation(`a proof against a ${sourceType} sliver when ${filter.proofAxis} was asked for`);
    const pair = sourceType === 'primary' ? symbol.symbol.index : N - 1 - symbol.symbol.index;
    const root = b.encoded.metadata.hashes[pair]?.[sourceType];
    if (!root || !verifyMerkleProof(root, N, symbol.symbol.data, symbol.targetIndex, symbol.proof))
      violation(`recovery symbol ${id.primary}-${id.secondary} does not prove against the metadata`);
  }
}

/** Every write is of honest bytes: the blob's own metadata, its own slivers on this node's shards. */
function checkWrites(world: NodeWorld, refused: boolean): void {
  for (const w of world.writes) {
    const b = knownBlob(w.blobId);
    const what = `${w.kind} of ${blobIdToText(w.blobId)}`;
    if (refused) violation(`a refused request wrote: ${what}`);
    if (w.kind === 'deletion') violation(`a request deleted data: ${what}`);
    if (b === undefined) violation(`stored data of a blob nobody encoded: ${what}`);
    if (w.metadata !== undefined && !equalBytes(w.metadata, b.metadata))
      violation(`stored metadata that is not the blob's: ${what}`);
    for (const s of w.slivers) {
      if (!equalBytes(s.bytes, honestSliver(b, s.pair, s.type)))
        violation(`stored a ${s.type} sliver of pair ${s.pair} that is not the honest one`);
      if (!SHARDS.includes(shardOfPair(w.blobId, s.pair, N)))
        violation(`stored pair ${s.pair} of a shard this node does not own`);
    }
  }
}

async function checkNodeRequest(world: NodeWorld, input: NodeRequest): Promise<void> {
  const before = pendingFingerprint(world);
  world.writes.length = 0;
  world.errors.length = 0;
  const outcome = await exchange(world.server, requestBytes(input), {
    chunks: input.chunks,
    head: methodOf(input) === 'HEAD',
  });
  const after = pendingFingerprint(world);
  try {
    if (world.errors.length > 0)
      violation(
        `the node reported an internal error: ${world.errors[0]!.split('\n').slice(0, 3).join(' | ')}`,
      );
    if (outcome.kind === 'closed') {
      checkWrites(world, true);
      if (after !== before) violation('a request without an answer changed what the node buffers');
      if (closedForConnect({ method: methodOf(input) }, outcome.written))
        throw new RequestRejected('CONNECT: closed by node:http');
      violation(`the connection closed without an answer (${outcome.written.length} bytes written)`);
    }
    const { response } = outcome;
    if (response.status >= 500)
      violation(`answered ${response.status}: ${new TextDecoder().decode(response.body).slice(0, 300)}`);
    const refused = response.status >= 400;
    checkWrites(world, refused);
    if (refused && after !== before)
      violation('a refused request changed what the node buffers for an unregistered blob');
    if (!refused) {
      // A HEAD answer has the headers of the GET answer and no body.
      if (methodOf(input) !== 'HEAD') checkSuccess(input, response);
      return;
    }
    if (response.status === 405 && response.headers.get('allow') === undefined)
      violation('405 without allow');
    if (isParserRejection(response))
      throw new RequestRejected(`${response.status} from the HTTP parser (malformed request)`);
    if (methodOf(input) === 'HEAD') throw new RequestRejected(`${response.status} to HEAD`);
    throw new RequestRejected(checkApiError(response));
  } finally {
    if (world.writes.length > 0 || after !== before) await restoreNodeWorld(world);
  }
}

export const nodeApiTarget = defineRequestTarget<NodeRequest, NodeWorld>({
  name: 'node.publicApi',
  parsers: 'storage node /v1: routing, query, content type, BCS bodies, verification, store',
  perInputMs: 250,
  open: openNodeWorld,
  seeds: nodeSeeds,
  mutate: mutateNodeRequest,
  check: checkNodeRequest,
  format: formatNodeRequest,
  close: closeNodeWorld,
});
