// What a client sends to storage nodes, counted at its fetch: requests and request-body bytes
// (metadata, slivers), so Floe and the SDK are measured the same way whatever they report.

export interface Traffic {
  requests: number;
  bytesSent: number;
  /** Request bodies whose size could not be told (streams); should stay 0. */
  unknownBodies: number;
  /** Requests that failed: HTTP status or error message → count. */
  failures: Record<string, number>;
}

export function emptyTraffic(): Traffic {
  return { requests: 0, bytesSent: 0, unknownBodies: 0, failures: {} };
}

function countFailure(traffic: Traffic, what: string): void {
  traffic.failures[what] = (traffic.failures[what] ?? 0) + 1;
}

function bodyBytes(body: BodyInit | null | undefined): number | undefined {
  if (body === null || body === undefined) return 0;
  if (typeof body === 'string') return new TextEncoder().encode(body).length;
  if (body instanceof ArrayBuffer || ArrayBuffer.isView(body)) return body.byteLength;
  if (body instanceof Blob) return body.size;
  if (body instanceof URLSearchParams) return new TextEncoder().encode(body.toString()).length;
  return undefined;
}

/** A fetch that counts requests to URLs starting with one of `origins` into `traffic`. */
export function countingFetch(
  traffic: Traffic,
  origins: readonly string[],
  inner: typeof fetch = globalThis.fetch,
): typeof fetch {
  return (input, init) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    if (!origins.some((origin) => url.startsWith(origin))) return inner(input, init);
    traffic.requests++;
    const size = bodyBytes(init?.body);
    if (size === undefined) traffic.unknownBodies++;
    else traffic.bytesSent += size;
    return inner(input, init).then(
      (response) => {
        if (!response.ok) countFailure(traffic, `HTTP ${response.status}`);
        return response;
      },
      (error: unknown) => {
        const cause = (error as Error).cause as Error | undefined;
        countFailure(traffic, `${(error as Error).message}${cause?.message ? `: ${cause.message}` : ''}`);
        throw error;
      },
    );
  };
}

/**
 * Runs `fn` with `globalThis.fetch` counting requests to `origins`: for code that takes no fetch
 * option, such as the CLI run in-process. Nothing else may run fetches meanwhile.
 */
export async function withCountedGlobalFetch<T>(
  traffic: Traffic,
  origins: readonly string[],
  fn: () => Promise<T>,
): Promise<T> {
  const original = globalThis.fetch;
  globalThis.fetch = countingFetch(traffic, origins, original);
  try {
    return await fn();
  } finally {
    globalThis.fetch = original;
  }
}
