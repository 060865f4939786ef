// JSON bodies of the storage-node API (MystenLabs/walrus crates/walrus-service): successes are
// `{"success":{"code","data"}}` with `code` equal to the HTTP status, failures are AIP-193 errors
// with exactly one ErrorInfo detail.
import type { ApiError } from './api-error.ts';

export function successBody(code: number, data: unknown): string {
  return JSON.stringify({ success: { code, data } });
}

export function errorBody(error: ApiError): string {
  return JSON.stringify({
    error: {
      code: error.httpCode,
      status: error.status,
      message: error.message,
      details: [
        { '@type': 'ErrorInfo', reason: error.reason, domain: error.domain, metadata: error.metadata },
      ],
    },
  });
}
