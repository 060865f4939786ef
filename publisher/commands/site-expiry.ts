// `floe site list`'s expiry wording and `floe site extend`: extending every quilt of a site the
// owner holds in one transaction. The lease itself is read by core/deploy/site-lease.ts.
import { Transaction } from '@mysten/sui/transactions';
import { extensionsTo } from '../../core/deploy/expiry.ts';
import { daysLeft, type SiteLease } from '../../core/deploy/site-lease.ts';
import { keypairExecutor } from '../../core/sui/execute.ts';
import type { NetworkContext } from '../network.ts';

/** "epoch 12 (2027-01-03, in 27 days)" */
export function describeEnd(lease: SiteLease, now = Date.now()): string {
  if (lease.expiry.endEpoch === null || lease.expiresAtMs === null)
    return 'expiry unknown (quilts owned by others)';
  const days = daysLeft(lease, now)!;
  const when = days < 0 ? 'ended' : days === 0 ? 'today' : `in ${days} day${days === 1 ? '' : 's'}`;
  return `epoch ${lease.expiry.endEpoch} (${new Date(lease.expiresAtMs).toISOString().slice(0, 10)}, ${when})`;
}

export interface Extension {
  readonly endEpoch: number;
  readonly quilts: number;
  /** FROST */
  readonly wal: bigint;
  readonly digest: string | null;
}

/**
 * Extends every quilt of `lease` the signer holds to `endEpoch` in one transaction (`dryRun`: only
 * prices it). Nothing is sent when every quilt already lives that long.
 */
export async function extendSite(
  context: NetworkContext,
  lease: SiteLease,
  endEpoch: number,
  signer: Parameters<typeof keypairExecutor>[1],
  dryRun: boolean,
): Promise<Extension> {
  const extensions = extensionsTo(lease.expiry, endEpoch);
  let wal = 0n;
  for (const e of extensions) wal += (await context.walrus.storageCost(e.size, e.epochs)).storageCost;
  if (dryRun || extensions.length === 0) return { endEpoch, quilts: extensions.length, wal, digest: null };
  const tx = new Transaction();
  tx.setSender(signer.toSuiAddress());
  for (const e of extensions)
    tx.add(context.walrus.extendBlob({ blobObjectId: e.objectId, epochs: e.epochs }));
  const { digest } = await keypairExecutor(context.sui, signer)(tx);
  const result = await context.sui.core.waitForTransaction({ digest, include: { effects: true } });
  const done = result.Transaction ?? result.FailedTransaction;
  if (!done.status.success) throw new Error(`transaction ${digest} failed: ${done.status.error.message}`);
  return { endEpoch, quilts: extensions.length, wal, digest };
}
