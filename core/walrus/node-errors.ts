// Storage-node errors. Nodes answer failures with an AIP-193 body whose ErrorInfo `reason` says
// what went wrong (the storage node's AIP-193 error bodies, MystenLabs/walrus crates/walrus-service); callers react to the class (retry, skip
// the node, give up) and to the reason, so both are kept.

/** Reasons a Walrus node puts in `details[0].reason`; other strings pass through untouched. */
export type StorageNodeReason =
  | 'METADATA_NOT_FOUND'
  | 'SLIVER_NOT_FOUND'
  | 'FORBIDDEN_BLOB'
  | 'INDEX_OUT_OF_RANGE'
  | 'SHARD_NOT_ASSIGNED'
  | 'NOT_REGISTERED'
  | 'INVALID_METADATA'
  | 'INVALID_BLOB'
  | 'UNSUPPORTED_ENCODING_TYPE'
  | 'CACHE_SATURATED'
  | 'INVALID_SLIVER'
  | 'SLIVER_INDEX_MISMATCH'
  | 'SLIVER_TOO_LARGE'
  | 'MISSING_SLIVERS'
  | 'INVALID_CONTENT_TYPE'
  | 'RECOVERY_SYMBOL_OUT_OF_RANGE'
  | 'SYMBOL_NOT_PRESENT_AT_SHARDS'
  | 'NO_SYMBOLS_SPECIFIED'
  | 'NO_TARGET_SLIVERS_SPECIFIED'
  | 'UNAVAILABLE'
  | (string & {});

export interface ApiErrorBody {
  readonly code: number;
  readonly status: string;
  readonly message: string;
  readonly details: readonly {
    '@type'?: string;
    reason?: string;
    domain?: string;
    metadata?: Record<string, unknown>;
  }[];
}

/** Base of every failure talking to one storage node; `node` is its base URL. */
export class StorageNodeError extends Error {
  override name = 'StorageNodeError';
  readonly node: string;

  constructor(node: string, message: string, options?: ErrorOptions) {
    super(`${node}: ${message}`, options);
    this.node = node;
  }
}

/** The node could not be reached (refused, reset, DNS). */
export class NodeConnectionError extends StorageNodeError {
  override name = 'NodeConnectionError';
}

/** No complete answer within the timeout. */
export class NodeTimeoutError extends StorageNodeError {
  override name = 'NodeTimeoutError';
}

/** The caller aborted the request. */
export class NodeRequestAbortedError extends StorageNodeError {
  override name = 'NodeRequestAbortedError';
}

/** A 2xx answer that is not what the API promises (bad JSON, wrong envelope, bad BCS). */
export class NodeProtocolError extends StorageNodeError {
  override name = 'NodeProtocolError';
}

/** An HTTP error answer, with the AIP-193 body when the node sent one. */
export class StorageNodeApiError extends StorageNodeError {
  override name = 'StorageNodeApiError';
  readonly status: number;
  readonly reason: StorageNodeReason | undefined;
  readonly body: ApiErrorBody | undefined;

  constructor(node: string, status: number, body: ApiErrorBody | undefined, fallbackMessage: string) {
    const reason = body?.details.find((d) => typeof d.reason === 'string')?.reason;
    const text = body?.message ?? fallbackMessage;
    super(node, `HTTP ${status}${reason ? ` ${reason}` : ''}: ${text}`);
    this.status = status;
    this.reason = reason;
    this.body = body;
  }
}

export class BadRequestError extends StorageNodeApiError {
  override name = 'BadRequestError';
}
export class ForbiddenError extends StorageNodeApiError {
  override name = 'ForbiddenError';
}
export class NotFoundError extends StorageNodeApiError {
  override name = 'NotFoundError';
}
export class RangeNotSatisfiableError extends StorageNodeApiError {
  override name = 'RangeNotSatisfiableError';
}
export class RateLimitedError extends StorageNodeApiError {
  override name = 'RateLimitedError';
}
/** 451: the node's deny list blocks the blob. */
export class BlobBlockedError extends StorageNodeApiError {
  override name = 'BlobBlockedError';
}
export class NodeServerError extends StorageNodeApiError {
  override name = 'NodeServerError';
}

/** Maps an HTTP error answer to the class a caller reacts to. */
export function apiErrorFromResponse(node: string, status: number, bodyText: string): StorageNodeApiError {
  const body = parseErrorBody(bodyText);
  const fallback = bodyText.trim().slice(0, 200) || 'no error body';
  const Class =
    status === 400
      ? BadRequestError
      : status === 403
        ? ForbiddenError
        : status === 404
          ? NotFoundError
          : status === 416
            ? RangeNotSatisfiableError
            : status === 429
              ? RateLimitedError
              : status === 451
                ? BlobBlockedError
                : status >= 500
                  ? NodeServerError
                  : StorageNodeApiError;
  return new Class(node, status, body, fallback);
}

/** True when `error` is an API error with this reason (e.g. to retry NOT_REGISTERED). */
export function hasReason(error: unknown, reason: StorageNodeReason): boolean {
  return error instanceof StorageNodeApiError && error.reason === reason;
}

function parseErrorBody(text: string): ApiErrorBody | undefined {
  try {
    const json = JSON.parse(text) as { error?: Partial<ApiErrorBody> };
    const e = json.error;
    if (!e || typeof e !== 'object') return undefined;
    return {
      code: typeof e.code === 'number' ? e.code : 0,
      status: typeof e.status === 'string' ? e.status : '',
      message: typeof e.message === 'string' ? e.message : '',
      details: Array.isArray(e.details) ? e.details : [],
    };
  } catch {
    return undefined;
  }
}
