// The commit phase: the site transaction(s) with the new resources, routes and redirects. Runs
// only after every new quilt is certified, so the site never points at bytes nobody can read. A
// transaction that loses a race for the site object's version is rebuilt and retried.
import type { ClientWithCoreApi } from '@mysten/sui/client';
import type { Transaction } from '@mysten/sui/transactions';
import type { ExecuteTransaction } from '../sui/execute.ts';
import { buildSiteTransactions, createdSiteId, type SiteTransactionsOptions } from '../sui/site-tx.ts';
import { TransactionFailedError } from '../walrus/writer.ts';

export interface CommitContext {
  readonly sui: ClientWithCoreApi;
  readonly execute: ExecuteTransaction;
  /** walrus_site package IDs: `published` for calls, `original` for types. */
  readonly sitePackage: { readonly original: string; readonly published: string };
  readonly onProgress?: (done: number, total: number) => void;
}

const CONFLICT = /version|locked|conflict|equivocat|not available for consumption/i;
const ATTEMPTS = 4;

/** Number of transactions `commitSite` will send. */
export function siteTransactionCount(
  options: Omit<SiteTransactionsOptions, 'packageId'>,
  pkg: string,
): number {
  return buildSiteTransactions({ ...options, packageId: pkg }).count;
}

/** Applies the update; returns the site ID (new or existing) and the transaction digests. */
export async function commitSite(
  ctx: CommitContext,
  options: Omit<SiteTransactionsOptions, 'packageId'>,
): Promise<{ siteId: string; digests: string[] }> {
  // Planned once; each transaction is built only when it is sent (and again for a retry, which
  // needs fresh object versions), so a site of thousands of files never holds them all at once.
  const plan = buildSiteTransactions({ ...options, packageId: ctx.sitePackage.published });
  const total = plan.count;
  const digests: string[] = [];
  let siteId = options.target.kind === 'existing' ? options.target.siteId : null;
  for (let i = 0; i < total; i++) {
    const build = (): Transaction => (i === 0 ? plan.first()! : plan.after(i, siteId ?? undefined));
    const result = await executeWithRetry(ctx, build, `site transaction ${i + 1} of ${total}`);
    digests.push(result.digest);
    if (i === 0 && siteId === null) {
      siteId = createdSiteId(result, ctx.sitePackage.original);
      if (!siteId)
        throw new TransactionFailedError(`site transaction ${result.digest} created no Site object`);
    }
    ctx.onProgress?.(i + 1, total);
  }
  if (siteId === null) throw new TransactionFailedError('no site transaction was needed to create the site');
  return { siteId, digests };
}

async function executeWithRetry(ctx: CommitContext, build: () => Transaction, what: string) {
  for (let attempt = 1; ; attempt++) {
    try {
      const { digest } = await ctx.execute(build());
      const result = await ctx.sui.core.waitForTransaction({
        digest,
        include: { effects: true, objectTypes: true },
      });
      const tx = result.Transaction ?? result.FailedTransaction;
      if (!tx.status.success) {
        throw new TransactionFailedError(`${what} failed (${digest}): ${tx.status.error.message}`);
      }
      return tx;
    } catch (error) {
      const message = (error as Error)?.message ?? String(error);
      if (attempt >= ATTEMPTS || !CONFLICT.test(message)) throw error;
      await new Promise((r) => setTimeout(r, 200 * 2 ** attempt));
    }
  }
}
