// What the storage nodes say about a blob (`GET /v1/blobs/{id}/status`), kept only when nodes
// holding more than a third of the shards agree, so at least one honest node said it. The daemon
// asks the same question: before calling a blob unknown (404 rather than 503), and before storing a
// permanent blob that may already be certified for long enough.
import type { Committee } from '../core/walrus/committee.ts';
import { isAboveValidity } from '../core/walrus/geometry.ts';
import { StorageNodeClient, type FetchLike } from '../core/walrus/node-client.ts';
import type { BlobStatus } from '../core/walrus/node-types.ts';

export interface BlobStatusOptions {
  readonly fetch?: FetchLike;
  /** Per-node deadline (default 5 s). */
  readonly timeoutMs?: number;
}

/** The status nodes holding more than n/3 shards report, or null when none is. */
export async function agreedBlobStatus(
  committee: Committee,
  blobId: Uint8Array,
  options: BlobStatusOptions = {},
): Promise<BlobStatus | null> {
  const answers = await Promise.all(
    committee.members.map(async (member) => {
      const client = new StorageNodeClient({
        url: member.url,
        timeoutMs: options.timeoutMs ?? 5000,
        ...(options.fetch ? { fetch: options.fetch } : {}),
      });
      try {
        return { status: await client.getBlobStatus(blobId), weight: member.shards.length };
      } catch {
        return null; // a node that cannot answer just does not count
      }
    }),
  );
  const weights = new Map<string, { status: BlobStatus; weight: number }>();
  for (const answer of answers) {
    if (!answer) continue;
    const key = statusKey(answer.status);
    if (key === null) continue;
    const entry = weights.get(key) ?? { status: answer.status, weight: 0 };
    entry.weight += answer.weight;
    weights.set(key, entry);
  }
  for (const { status, weight } of weights.values()) {
    if (isAboveValidity(weight, committee.n)) return status;
  }
  return null;
}

/** Whether a blob with this status can never be read (the daemon's `BlobIdDoesNotExist`). */
export function isNonexistent(status: BlobStatus | null): boolean {
  return status === 'nonexistent' || (typeof status === 'object' && status !== null && 'invalid' in status);
}

/**
 * What two honest nodes agree on: the kind and the fields that define the blob's state. Deletable
 * counts are left out (nodes may have seen different numbers of registrations); null for an
 * answer that is none of the known kinds.
 */
function statusKey(status: BlobStatus): string | null {
  if (status === 'nonexistent') return 'nonexistent';
  if (typeof status !== 'object' || status === null) return null;
  if ('invalid' in status) return `invalid:${eventKey(status.invalid?.event)}`;
  if ('permanent' in status) {
    const p = status.permanent;
    return `permanent:${p?.endEpoch}:${p?.isCertified}:${eventKey(p?.statusEvent)}`;
  }
  if ('deletable' in status) return `deletable:${status.deletable?.initialCertifiedEpoch ?? 'none'}`;
  return null;
}

function eventKey(event: { txDigest: string; eventSeq: string } | undefined): string {
  return event ? `${event.txDigest}#${event.eventSeq}` : 'none';
}
