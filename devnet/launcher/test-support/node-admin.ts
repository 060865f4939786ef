// A storage node's admin API (devnet/node/admin-server.ts) as tests drive it: set and clear
// faults, read and reset the per-blob request counts. Takes the node's `adminUrl` from
// devnet.json (`config.nodes[i].adminUrl`), so it works for in-process and child-process nodes.
import type { FaultConfig } from '../../node/faults.ts';
import type { BlobRequestCounts } from '../../node/request-log.ts';

export type { BlobRequestCounts };

export class NodeAdminError extends Error {
  override name = 'NodeAdminError';
  readonly status: number | undefined;

  constructor(message: string, status?: number, options?: ErrorOptions) {
    super(message, options);
    this.status = status;
  }
}

/** Merges `patch` into the node's fault settings; answers the settings now in force. */
export function setNodeFaults(adminUrl: string, patch: Partial<FaultConfig>): Promise<FaultConfig> {
  return call<FaultConfig>(adminUrl, 'PUT', '/faults', patch);
}

export function resetNodeFaults(adminUrl: string): Promise<FaultConfig> {
  return call<FaultConfig>(adminUrl, 'POST', '/faults/reset');
}

/** Sliver GETs served and symbol requests received for `blobId` since start or the last reset. */
export function nodeRequests(adminUrl: string, blobId: string): Promise<BlobRequestCounts> {
  return call<BlobRequestCounts>(adminUrl, 'GET', `/requests?blob=${encodeURIComponent(blobId)}`);
}

export async function resetNodeRequests(adminUrl: string): Promise<void> {
  await call(adminUrl, 'POST', '/requests/reset');
}

async function call<T>(adminUrl: string, method: string, path: string, body?: unknown): Promise<T> {
  const what = `${method} ${adminUrl}${path}`;
  let response: Response;
  try {
    response = await fetch(`${adminUrl}${path}`, {
      method,
      signal: AbortSignal.timeout(10_000),
      ...(body === undefined
        ? {}
        : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }),
    });
  } catch (error) {
    throw new NodeAdminError(`${what}: ${(error as Error).message}`, undefined, { cause: error });
  }
  const text = await response.text();
  if (!response.ok) throw new NodeAdminError(`${what}: ${response.status} ${text}`, response.status);
  return JSON.parse(text) as T;
}
