// Every failure a request can meet is an ApiError carrying the AIP-193 fields Walrus clients read
// (MystenLabs/walrus crates/walrus-service, AIP-193): the official SDK maps the HTTP status to its error classes
// and retries metadata uploads on `details[0].reason == NOT_REGISTERED`, so both must be exact.

/** Domain of storage-node reasons; limiter and internal errors use `global`, as Walrus does. */
export const STORAGE_DOMAIN = 'storage.walrus.space';
export const GLOBAL_DOMAIN = 'global';

/** AIP-193 status names with the HTTP code Walrus pairs with each (`api/errors.rs`). */
export const STATUS_HTTP_CODES = {
  INVALID_ARGUMENT: 400,
  FAILED_PRECONDITION: 400,
  NOT_FOUND: 404,
  PERMISSION_DENIED: 403,
  SIZE_EXCEEDED: 403,
  UNAVAILABLE_FOR_LEGAL_REASONS: 451,
  RESOURCE_EXHAUSTED: 429,
  INTERNAL: 500,
  UNAVAILABLE: 503,
  DEADLINE_EXCEEDED: 504,
  /** Not a Walrus status: axum answers a wrong method with a bare 405; we add a body. */
  METHOD_NOT_ALLOWED: 405,
} as const;

export type ApiStatus = keyof typeof STATUS_HTTP_CODES;

export interface ApiErrorOptions {
  readonly domain?: string;
  /** Machine-readable values of the message (e.g. `{shard, epoch}` for SHARD_NOT_ASSIGNED). */
  readonly metadata?: Readonly<Record<string, unknown>>;
  /** Extra response headers, e.g. `allow` on a 405. */
  readonly headers?: Readonly<Record<string, string>>;
}

export class ApiError extends Error {
  override name = 'ApiError';
  readonly status: ApiStatus;
  readonly reason: string;
  readonly domain: string;
  readonly metadata: Readonly<Record<string, unknown>>;
  readonly headers: Readonly<Record<string, string>>;

  constructor(status: ApiStatus, reason: string, message: string, options: ApiErrorOptions = {}) {
    super(message);
    this.status = status;
    this.reason = reason;
    this.domain = options.domain ?? STORAGE_DOMAIN;
    this.metadata = options.metadata ?? {};
    this.headers = options.headers ?? {};
  }

  get httpCode(): number {
    return STATUS_HTTP_CODES[this.status];
  }
}

/**
 * The node's errors by reason, with Walrus's statuses (`node/errors.rs`, `server/extract.rs`).
 * Reasons Walrus does not define (bad path parameters, unknown routes) are marked as ours.
 */
export const errors = {
  metadataNotFound: () =>
    new ApiError('NOT_FOUND', 'METADATA_NOT_FOUND', 'the requested metadata is unavailable'),
  /** Sliver upload before the metadata: FAILED_PRECONDITION, not 404, as in `StoreSliverError`. */
  metadataMissingForSliver: () =>
    new ApiError('FAILED_PRECONDITION', 'METADATA_NOT_FOUND', 'blob metadata is required but missing'),
  sliverNotFound: () => new ApiError('NOT_FOUND', 'SLIVER_NOT_FOUND', 'the requested sliver is unavailable'),
  forbiddenBlob: () =>
    new ApiError('UNAVAILABLE_FOR_LEGAL_REASONS', 'FORBIDDEN_BLOB', 'the requested blob is blocked'),
  indexOutOfRange: (index: number, max: number) =>
    new ApiError('INVALID_ARGUMENT', 'INDEX_OUT_OF_RANGE', `requires 0 <= index (${index}) < ${max}`, {
      metadata: { index, max },
    }),
  shardNotAssigned: (shard: number, epoch: number) =>
    new ApiError(
      'FAILED_PRECONDITION',
      'SHARD_NOT_ASSIGNED',
      `shard ${shard} is not assigned to this node in epoch ${epoch}`,
      { metadata: { shard, epoch } },
    ),
  notRegistered: () =>
    new ApiError(
      'FAILED_PRECONDITION',
      'NOT_REGISTERED',
      'the blob has not been registered or has already expired',
    ),
  invalidBlob: () =>
    new ApiError('FAILED_PRECONDITION', 'INVALID_BLOB', 'the blob for this metadata has been marked invalid'),
  invalidMetadata: (detail: string) =>
    new ApiError('INVALID_ARGUMENT', 'INVALID_METADATA', `the provided metadata failed to verify: ${detail}`),
  unsupportedEncodingType: (type: number) =>
    new ApiError(
      'INVALID_ARGUMENT',
      'UNSUPPORTED_ENCODING_TYPE',
      `unsupported encoding type ${type}, supported types are: [RS2]`,
    ),
  invalidSliver: (detail: string) =>
    new ApiError('INVALID_ARGUMENT', 'INVALID_SLIVER', `the provided sliver is invalid: ${detail}`),
  sliverIndexMismatch: (index: number, expected: number, pair: number) =>
    new ApiError(
      'INVALID_ARGUMENT',
      'SLIVER_INDEX_MISMATCH',
      `sliver index ${index} does not belong to sliver pair ${pair} (expected ${expected})`,
      { metadata: { index, expected, pair } },
    ),
  sliverTooLarge: (limit: number) =>
    new ApiError('INVALID_ARGUMENT', 'SLIVER_TOO_LARGE', `the sliver body exceeds ${limit} bytes`, {
      metadata: { limit },
    }),
  cacheSaturated: () =>
    new ApiError(
      'FAILED_PRECONDITION',
      'CACHE_SATURATED',
      'pending upload cache is saturated; retry once the blob is registered',
    ),
  missingSlivers: (missing: number) =>
    new ApiError('FAILED_PRECONDITION', 'MISSING_SLIVERS', 'the required slivers are not all stored', {
      metadata: { missing },
    }),
  // The symbol endpoints answer with `ListSymbolsError` (walrus-service `node/errors.rs`), whose
  // messages wrap the inner error's and whose domain is always the storage domain.
  symbolSliverUnavailable: () =>
    new ApiError(
      'NOT_FOUND',
      'SLIVER_NOT_FOUND',
      'the sliver from which to extract the recovery symbol could not be retrieved: the requested sliver is unavailable',
    ),
  symbolSliverForbidden: () =>
    new ApiError(
      'UNAVAILABLE_FOR_LEGAL_REASONS',
      'FORBIDDEN_BLOB',
      'the sliver from which to extract the recovery symbol could not be retrieved: the requested sliver is forbidden',
    ),
  /** A decoding-symbol target that is not a source sliver (Walrus reuses the recovery reason). */
  decodingSymbolOutOfRange: (detail: string) =>
    new ApiError(
      'INVALID_ARGUMENT',
      'RECOVERY_SYMBOL_OUT_OF_RANGE',
      `the requested recovery symbol is out of range: ${detail}`,
    ),
  recoverySymbolIndexOutOfRange: (index: number, max: number) =>
    new ApiError(
      'INVALID_ARGUMENT',
      'INDEX_OUT_OF_RANGE',
      `the requested recovery symbol is invalid for the system: requires 0 <= index (${index}) < ${max}`,
      { metadata: { index, max } },
    ),
  symbolNotPresentAtShards: () =>
    new ApiError(
      'FAILED_PRECONDITION',
      'SYMBOL_NOT_PRESENT_AT_SHARDS',
      "the requested recovery symbol is not the responsibility of this node's shards",
    ),
  noSymbolsSpecified: () =>
    new ApiError('FAILED_PRECONDITION', 'NO_SYMBOLS_SPECIFIED', 'at least one symbol ID must be specified'),
  noTargetSliversSpecified: () =>
    new ApiError(
      'FAILED_PRECONDITION',
      'NO_TARGET_SLIVERS_SPECIFIED',
      'at least one target sliver must be specified',
    ),
  /** The recovery-symbol limiter: Walrus wraps `Unavailable` in `ListSymbolsError`, so the domain is storage's. */
  recoverySymbolsUnavailable: () =>
    new ApiError('UNAVAILABLE', 'UNAVAILABLE', 'the service is currently unavailable'),
  /** Walrus answers every body it cannot take as BCS (wrong type, unreadable, undecodable) with this reason. */
  invalidContentType: (detail: string) => new ApiError('INVALID_ARGUMENT', 'INVALID_CONTENT_TYPE', detail),
  /** Ours: Walrus's path extractor answers with plain text; we keep the AIP-193 shape. */
  invalidBlobId: (text: string) =>
    new ApiError(
      'INVALID_ARGUMENT',
      'INVALID_BLOB_ID',
      `not a blob ID: ${JSON.stringify(text.slice(0, 64))}`,
    ),
  /** Ours, for malformed path or query parameters. */
  invalidParameter: (name: string, detail: string) =>
    new ApiError('INVALID_ARGUMENT', 'INVALID_PARAMETER', `invalid ${name}: ${detail}`, {
      metadata: { name },
    }),
  routeNotFound: (path: string) =>
    new ApiError('NOT_FOUND', 'ROUTE_NOT_FOUND', `no such endpoint: ${path.slice(0, 200)}`),
  methodNotAllowed: (method: string, allowed: readonly string[]) =>
    new ApiError('METHOD_NOT_ALLOWED', 'METHOD_NOT_ALLOWED', `${method.slice(0, 16)} is not allowed here`, {
      headers: { allow: [...allowed, 'OPTIONS'].join(', ') },
    }),
  /** The request body exceeds what the endpoint can ever accept. */
  bodyTooLarge: (limit: number) =>
    new ApiError('INVALID_ARGUMENT', 'INVALID_CONTENT_TYPE', `the request body exceeds ${limit} bytes`, {
      metadata: { limit },
    }),
  unavailable: (detail = 'the service is currently unavailable') =>
    new ApiError('UNAVAILABLE', 'UNAVAILABLE', detail, { domain: GLOBAL_DOMAIN }),
  internal: () =>
    new ApiError('INTERNAL', 'INTERNAL_ERROR', 'an internal error has occurred, please report it', {
      domain: GLOBAL_DOMAIN,
    }),
} as const;
