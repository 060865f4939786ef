// Feeds a node's response times into the shared latency estimator. It wraps the `fetch` of one
// node's client, so what it times is the time to the response headers: round trip plus the node's
// own work, not the body's transfer, which depends on the sliver's size rather than the node.
import type { FetchLike } from './node-client.ts';
import type { NodeLatency } from './node-latency.ts';

export function timedFetch(
  fetch: FetchLike,
  url: string,
  latency: NodeLatency,
  now: () => number,
): FetchLike {
  return async (input, init) => {
    const started = now();
    try {
      const response = await fetch(input, init);
      latency.observe(url, now() - started);
      return response;
    } catch (error) {
      const signal = init?.signal;
      // Cancelled by the reader (another node was faster): the node was at least this slow.
      // A deadline (`AbortSignal.timeout`) or a transport error is a failure.
      if (signal?.aborted && !isTimeout(signal.reason)) latency.observeAtLeast(url, now() - started);
      else latency.fail(url);
      throw error;
    }
  };
}

function isTimeout(reason: unknown): boolean {
  return reason instanceof Error && reason.name === 'TimeoutError';
}
