// Which parts of a blob the storage nodes served, from their request logs (devnet admin API
// `GET /requests?blob=`): bench/media.ts resets the logs before a read and collects them after,
// to show that a ranged read or a seek fetched only the rows covering it.
import {
  NodeAdminError,
  nodeRequests,
  resetNodeRequests,
  type BlobRequestCounts,
} from '../../devnet/launcher/test-support/node-admin.ts';

export interface NodeTraffic {
  /** Distinct rows (primary sliver pairs) served at least once, ascending. */
  readonly rows: readonly number[];
  /** Primary sliver GETs, repeats included. */
  readonly primaryRequests: number;
  /** Secondary sliver GETs (columns). */
  readonly secondaryRequests: number;
  /** Decoding-symbol requests (recovery). */
  readonly symbolRequests: number;
}

export async function resetNodeTraffic(adminUrls: readonly string[]): Promise<void> {
  await Promise.all(adminUrls.map(resetNodeRequests));
}

/** A node still busy serving a read's tail can miss the admin call's 10 s timeout: ask again. */
async function requestsOf(url: string, blobId: string): Promise<BlobRequestCounts> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await nodeRequests(url, blobId);
    } catch (error) {
      if (!(error instanceof NodeAdminError) || error.status !== undefined || attempt === 3) throw error;
    }
  }
}

export async function nodeTraffic(adminUrls: readonly string[], blobId: string): Promise<NodeTraffic> {
  const rows = new Set<number>();
  let primaryRequests = 0;
  let secondaryRequests = 0;
  let symbolRequests = 0;
  for (const counts of await Promise.all(adminUrls.map((url) => requestsOf(url, blobId)))) {
    for (const [pair, count] of Object.entries(counts.primary)) {
      if (count > 0) rows.add(Number(pair));
      primaryRequests += count;
    }
    for (const count of Object.values(counts.secondary)) secondaryRequests += count;
    symbolRequests += counts.symbols;
  }
  return { rows: [...rows].sort((a, b) => a - b), primaryRequests, secondaryRequests, symbolRequests };
}

/** How many of `rows` lie in `[from, to)`. */
export function rowsWithin(rows: readonly number[], from: number, to: number): number {
  return rows.filter((row) => row >= from && row < to).length;
}
