// Query strings as the daemon reads them: `application/x-www-form-urlencoded` pairs deserialized into
// a struct with unknown and repeated fields refused (serde `deny_unknown_fields`), booleans spelled
// `true`/`false`, integers in decimal. Pure; a bad query throws the 400 axum's `Query` answers.
import { errors } from './errors.ts';

/** `strict_consistency_check` / `skip_consistency_check` of the read routes. */
export interface ReadOptions {
  readonly strictConsistencyCheck: boolean;
  readonly skipConsistencyCheck: boolean;
}

export type BlobPersistence = 'deletable' | 'permanent';

/** What happens to the new Blob object: kept by the publisher, sent to an address, or shared. */
export type PostStoreAction =
  | { readonly kind: 'keep' }
  | { readonly kind: 'send'; readonly address: string }
  | { readonly kind: 'share' };

/** The publisher's query parameters (`PublisherQuery`), with its defaults applied. */
export interface PublisherQuery {
  /** Epochs ahead of the current one to store for (default 1). */
  readonly epochs: number;
  readonly persistence: BlobPersistence;
  /** Store even when the blob is already certified for long enough. */
  readonly force: boolean;
  readonly reuseResources: boolean;
  readonly postStore: PostStoreAction;
}

/** `start`/`length` of `/v1/blobs/{id}/byte-range` (u64 in the daemon). */
export interface ByteRangeQuery {
  readonly start: bigint;
  readonly length: bigint;
}

const READ_FIELDS = ['strict_consistency_check', 'skip_consistency_check'] as const;
const BYTE_RANGE_FIELDS = ['start', 'length'] as const;
const PUBLISHER_FIELDS = [
  'encoding_type',
  'epochs',
  'deletable',
  'permanent',
  'force',
  'quilt_version',
  'reuse_resources',
  'send_object_to',
  'share',
] as const;

const U32_MAX = 0xffff_ffffn;
const U64_MAX = 0xffff_ffff_ffff_ffffn;

/** Both flags at once is the daemon's INVALID_CONSISTENCY_CHECK (400, JSON). */
export function parseReadOptions(query: string): ReadOptions {
  const fields = formFields(query, READ_FIELDS);
  const options = {
    strictConsistencyCheck: bool(fields, 'strict_consistency_check'),
    skipConsistencyCheck: bool(fields, 'skip_consistency_check'),
  };
  if (options.strictConsistencyCheck && options.skipConsistencyCheck) throw errors.invalidConsistencyCheck();
  return options;
}

export function parseByteRangeQuery(query: string): ByteRangeQuery {
  const fields = formFields(query, BYTE_RANGE_FIELDS);
  return { start: required(fields, 'start', U64_MAX), length: required(fields, 'length', U64_MAX) };
}

export function parsePublisherQuery(query: string): PublisherQuery {
  const fields = formFields(query, PUBLISHER_FIELDS);
  const encoding = fields.get('encoding_type');
  if (encoding !== undefined && encoding !== 'RS2') {
    throw errors.queryString(`unknown variant \`${encoding}\`, expected \`RS2\``);
  }
  // Every spelling selects QuiltV1, the only version there is (`QuiltVersionEnum::from`).
  const epochs = fields.has('epochs') ? Number(integer(fields.get('epochs')!, U32_MAX)) : 1;
  const deletable = bool(fields, 'deletable');
  const permanent = bool(fields, 'permanent');
  if (deletable && permanent) throw errors.invalidBlobPersistence();
  const sendTo = fields.get('send_object_to');
  const share = fields.has('share') ? bool(fields, 'share') : undefined;
  if (sendTo !== undefined && share !== undefined) {
    throw errors.queryString('`send_object_to` and `share` cannot be used together');
  }
  let postStore: PostStoreAction = { kind: 'keep' };
  if (sendTo !== undefined) postStore = { kind: 'send', address: suiAddress(sendTo) };
  else if (share) postStore = { kind: 'share' };
  return {
    epochs,
    persistence: permanent ? 'permanent' : 'deletable',
    force: bool(fields, 'force'),
    reuseResources: bool(fields, 'reuse_resources'),
    postStore,
  };
}

/** The pairs of a query string by field; unknown or repeated fields are refused as serde does. */
function formFields(query: string, known: readonly string[]): Map<string, string> {
  const fields = new Map<string, string>();
  for (const [key, value] of new URLSearchParams(query)) {
    if (!known.includes(key)) throw errors.queryString(`unknown field \`${key}\`, ${expected(known)}`);
    if (fields.has(key)) throw errors.queryString(`duplicate field \`${key}\``);
    fields.set(key, value);
  }
  return fields;
}

function expected(known: readonly string[]): string {
  const names = known.map((k) => `\`${k}\``);
  if (names.length === 1) return `expected ${names[0]}`;
  if (names.length === 2) return `expected ${names[0]} or ${names[1]}`;
  return `expected one of ${names.join(', ')}`;
}

function bool(fields: ReadonlyMap<string, string>, key: string): boolean {
  const value = fields.get(key);
  if (value === undefined || value === 'false') return false;
  if (value === 'true') return true;
  throw errors.queryString('provided string was not `true` or `false`');
}

function required(fields: ReadonlyMap<string, string>, key: string, max: bigint): bigint {
  const value = fields.get(key);
  if (value === undefined) throw errors.queryString(`missing field \`${key}\``);
  return integer(value, max);
}

/** Rust's unsigned `FromStr`: an optional `+`, then decimal digits. */
function integer(text: string, max: bigint): bigint {
  if (text === '') throw errors.queryString('cannot parse integer from empty string');
  const digits = text.startsWith('+') ? text.slice(1) : text;
  if (!/^[0-9]+$/.test(digits)) throw errors.queryString('invalid digit found in string');
  const value = BigInt(digits);
  if (value > max) throw errors.queryString('number too large to fit in target type');
  return value;
}

/** A Sui address in hex (`0x` and up to 64 digits), normalized to 64 digits. */
function suiAddress(text: string): string {
  const match = /^0x([0-9a-fA-F]{1,64})$/.exec(text);
  if (!match) throw errors.queryString(`invalid Sui address \`${text}\``);
  return `0x${match[1]!.toLowerCase().padStart(64, '0')}`;
}
