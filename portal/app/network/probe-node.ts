// One health check of a storage node (`GET /v1/health`), timed from this page: the latency is
// what this browser sees, request and JSON decoding included.
import { StorageNodeClient } from '../../../core/walrus/node-client.ts';
import type { ServiceHealthInfo } from '../../../core/walrus/node-types.ts';

export type Probe =
  | { readonly ok: true; readonly at: number; readonly ms: number; readonly health: ServiceHealthInfo }
  | { readonly ok: false; readonly at: number; readonly ms: number; readonly error: string };

export const PROBE_TIMEOUT_MS = 4000;

export async function probeNode(url: string, signal?: AbortSignal): Promise<Probe> {
  const client = new StorageNodeClient({ url, timeoutMs: PROBE_TIMEOUT_MS });
  const at = Date.now();
  const started = performance.now();
  try {
    const health = await client.getHealth(signal ? { signal } : {});
    return { ok: true, at, ms: performance.now() - started, health };
  } catch (error) {
    return {
      ok: false,
      at,
      ms: performance.now() - started,
      error: (error as Error).message ?? String(error),
    };
  }
}
