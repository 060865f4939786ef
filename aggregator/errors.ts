// Every way a request to the daemon can fail, in the shapes the Walrus daemon answers with
// (MystenLabs/walrus crates/walrus-service/src/client/daemon/routes.rs): AIP-193 JSON for the errors
// its handlers raise (`RestApiError`, domain `daemon.walrus.space`), plain text for what its HTTP
// framework (axum) rejects before a handler runs (bad path parameters, query strings, bodies, load),
// and empty bodies for unknown routes and methods. Clients match on these, so they are kept exact.

export const DAEMON_ERROR_DOMAIN = 'daemon.walrus.space';

/** AIP-193 status names the daemon uses, with their HTTP codes (walrus-storage-node-client `api/errors.rs`). */
export const STATUS_HTTP_CODES = {
  INVALID_ARGUMENT: 400,
  NOT_FOUND: 404,
  SIZE_EXCEEDED: 403,
  RANGE_NOT_SATISFIABLE: 416,
  UNAVAILABLE_FOR_LEGAL_REASONS: 451,
  INTERNAL: 500,
  UNAVAILABLE: 503,
  DEADLINE_EXCEEDED: 504,
} as const;

export type ApiStatus = keyof typeof STATUS_HTTP_CODES;

/** An error response as it goes on the wire. */
export interface ErrorAnswer {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  /** Empty for the bare 404/405 answers. */
  readonly body: string;
}

/** Base of every failure the daemon answers; `answer()` is the exact response. */
export abstract class AggregatorError extends Error {
  override name = 'AggregatorError';
  abstract answer(): ErrorAnswer;
}

/** An error a daemon handler raises: `{"error": {status, code, message, details: [ErrorInfo]}}`. */
export class DaemonApiError extends AggregatorError {
  override name = 'DaemonApiError';
  readonly status: ApiStatus;
  readonly reason: string;
  /** Internal errors carry a DebugInfo detail too, as the daemon's do. */
  readonly internal: boolean;

  constructor(status: ApiStatus, reason: string, message: string, internal = false) {
    super(message);
    this.status = status;
    this.reason = reason;
    this.internal = internal;
  }

  get httpCode(): number {
    return STATUS_HTTP_CODES[this.status];
  }

  answer(): ErrorAnswer {
    const details: object[] = [
      { '@type': 'ErrorInfo', reason: this.reason, domain: DAEMON_ERROR_DOMAIN, metadata: {} },
    ];
    if (this.internal) details.push({ '@type': 'DebugInfo', stackEntries: [], detail: 'TraceID: 0' });
    const body = {
      error: { status: this.status, code: this.httpCode, message: this.message, details },
    };
    return {
      status: this.httpCode,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    };
  }
}

/** What axum rejects before a handler runs, and the load shedder: a status and a line of text. */
export class RequestRejectedError extends AggregatorError {
  override name = 'RequestRejectedError';
  readonly status: number;

  constructor(status: number, message: string) {
    super(message);
    this.status = status;
  }

  answer(): ErrorAnswer {
    return {
      status: this.status,
      headers: { 'content-type': 'text/plain; charset=utf-8' },
      body: this.message,
    };
  }
}

/** No route has this path: the daemon's router answers 404 with no body. */
export class RouteNotFoundError extends AggregatorError {
  override name = 'RouteNotFoundError';

  answer(): ErrorAnswer {
    return { status: 404, headers: {}, body: '' };
  }
}

/** The path exists for other methods: 405 with `Allow` and no body. */
export class MethodNotAllowedError extends AggregatorError {
  override name = 'MethodNotAllowedError';
  readonly allow: readonly string[];

  constructor(method: string, allow: readonly string[]) {
    super(`method ${method} is not allowed here; allowed: ${allow.join(', ')}`);
    this.allow = allow;
  }

  answer(): ErrorAnswer {
    return { status: 405, headers: { allow: this.allow.join(',') }, body: '' };
  }
}

const BLOB_NOT_FOUND = 'the requested blob ID does not exist on Walrus, ensure that it was entered correctly';

/** The daemon's errors, with its reasons, statuses and messages. */
export const errors = {
  blobNotFound: () => new DaemonApiError('NOT_FOUND', 'BLOB_NOT_FOUND', BLOB_NOT_FOUND),
  blobUnavailable: () =>
    new DaemonApiError(
      'UNAVAILABLE',
      'BLOB_UNAVAILABLE',
      'the requested blob is currently not retrievable from Walrus; this may be transient — retry with backoff',
    ),
  quiltPatchNotFound: () =>
    new DaemonApiError(
      'NOT_FOUND',
      'QUILT_PATCH_NOT_FOUND',
      'the requested quilt patch does not exist on Walrus',
    ),
  blocked: () =>
    new DaemonApiError(
      'UNAVAILABLE_FOR_LEGAL_REASONS',
      'FORBIDDEN_BLOB',
      'the requested metadata is blocked',
    ),
  /** A `Range` header the daemon cannot serve (416). */
  invalidRange: (message: string) =>
    new DaemonApiError(
      'RANGE_NOT_SATISFIABLE',
      'INVALID_BYTE_RANGE',
      `invalid byte range parameters: ${message}`,
    ),
  /** Bad `start`/`length` of `/byte-range` (400, not 416: another error type in the daemon). */
  invalidByteRangeParameters: (message: string) =>
    new DaemonApiError('INVALID_ARGUMENT', 'INVALID_BYTE_RANGE', `invalid byte range parameters: ${message}`),
  invalidConsistencyCheck: () =>
    new DaemonApiError(
      'INVALID_ARGUMENT',
      'INVALID_CONSISTENCY_CHECK',
      'cannot set both strict and skip consistency check options',
    ),
  invalidBlobPersistence: () =>
    new DaemonApiError(
      'INVALID_ARGUMENT',
      'INVALID_BLOB_PERSISTENCE',
      'the blob cannot be defined as both deletable and permanent',
    ),
  malformedRequest: (message: string) =>
    new DaemonApiError('INVALID_ARGUMENT', 'MALFORMED_REQUEST', `the request is malformed: ${message}`),
  notEnoughConfirmations: () =>
    new DaemonApiError(
      'DEADLINE_EXCEEDED',
      'INSUFFICIENT_CONFIRMATIONS',
      'the service timed-out while waiting for confirmations, please try again',
    ),
  internal: (message: string) => new DaemonApiError('INTERNAL', 'INTERNAL_ERROR', message, true),
  /** axum's `Path` rejection: `Invalid URL: Cannot parse `key` with value `v`: why`. */
  pathParameter: (key: string, value: string, why: string) =>
    new RequestRejectedError(400, `Invalid URL: Cannot parse \`${key}\` with value \`${value}\`: ${why}`),
  pathNotUtf8: (key: string) => new RequestRejectedError(400, `Invalid URL: Invalid UTF-8 in \`${key}\``),
  /** axum's `Query` rejection. */
  queryString: (why: string) => new RequestRejectedError(400, `Failed to deserialize query string: ${why}`),
  /** axum's body limit (`DefaultBodyLimit`). */
  bodyTooLarge: () =>
    new RequestRejectedError(413, 'Failed to buffer the request body: length limit exceeded'),
  /** axum_extra's `Multipart` rejection for a missing or wrong content type. */
  notMultipart: () => new RequestRejectedError(400, 'Invalid `boundary` for `multipart/form-data` request'),
  /** The daemon's load shedding (`handle_service_error`). */
  overloaded: (service: 'aggregator' | 'publisher') =>
    new RequestRejectedError(429, `the ${service} is receiving too many requests; please try again later`),
  routeNotFound: (path: string) => new RouteNotFoundError(`no route for ${path}`),
};
