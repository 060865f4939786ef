// Reading a site's history from the chain: every transaction that changed the Site object, oldest
// first, each with the site's state after it (site-replay.ts).
//
// The walk goes backwards. The site object names the transaction that last changed it; that
// transaction's effects give the version of the site it started from, and the transaction that
// wrote that version is among its dependencies (Sui lists, for every input object, the
// transaction that last wrote it). One round trip per transaction, with its dependencies fetched
// at once. Only transactions are read, never old object versions, which full nodes prune early.
import type { ClientWithCoreApi, SuiClientTypes } from '@mysten/sui/client';
import { normalizeSuiAddress } from '@mysten/sui/utils';
import { SuiSiteError } from './errors.ts';
import { replaySiteTransaction, type SiteSnapshot } from './site-replay.ts';
import { readStepMarker, type UpdateStep } from './site-steps.ts';

/** One transaction that changed the site, and the site after it. */
export interface SiteTransaction {
  readonly digest: string;
  readonly sender: string;
  /** Checkpoint time, or null before the transaction is checkpointed. */
  readonly timestampMs: number | null;
  /** The Site object's version after this transaction. */
  readonly version: string;
  readonly step: UpdateStep | null;
  readonly after: SiteSnapshot;
}

export class SiteHistoryError extends SuiSiteError {
  override readonly name = 'SiteHistoryError';
}

export interface ReadHistoryOptions {
  /** Every ID the walrus_site package was published at (original and upgrades). */
  readonly packageIds: ReadonlySet<string>;
  /** Stops with an error past this many transactions. @default 10 000 */
  readonly maxTransactions?: number;
  readonly signal?: AbortSignal;
}

type Tx = SuiClientTypes.Transaction<{ effects: true; transaction: true }>;

/** Every transaction that changed `siteId`, oldest first, replayed. */
export async function readSiteTransactions(
  client: ClientWithCoreApi,
  siteId: string,
  options: ReadHistoryOptions,
): Promise<SiteTransaction[]> {
  const id = normalizeSuiAddress(siteId);
  const max = options.maxTransactions ?? 10_000;
  const signal = options.signal;
  const { object } = await client.core.getObject({
    objectId: id,
    include: { previousTransaction: true },
    ...(signal ? { signal } : {}),
  });
  if (!object.previousTransaction) throw new SiteHistoryError(`site ${id} names no previous transaction`);

  const newestFirst: { tx: Tx; change: SuiClientTypes.ChangedObject }[] = [];
  let tx = await fetchTx(client, object.previousTransaction, signal);
  for (;;) {
    const change = siteChange(tx, id);
    if (!change) throw new SiteHistoryError(`transaction ${tx.digest} does not change site ${id}`);
    newestFirst.push({ tx, change });
    if (change.idOperation === 'Created' || change.inputState === 'DoesNotExist') break;
    if (newestFirst.length >= max) {
      throw new SiteHistoryError(`site ${id} has more than ${max} transactions; history stops there`);
    }
    const wanted = change.inputVersion;
    const candidates = await Promise.all(
      (tx.effects.dependencies ?? []).map((digest) => fetchTx(client, digest, signal)),
    );
    const previous = candidates.find((c) => siteChange(c, id)?.outputVersion === wanted);
    if (!previous) {
      throw new SiteHistoryError(
        `transaction ${tx.digest} changed site ${id} at version ${wanted}, but none of its dependencies wrote that version`,
      );
    }
    tx = previous;
  }

  const history: SiteTransaction[] = [];
  let state: SiteSnapshot | null = null;
  for (const { tx: t, change } of newestFirst.reverse()) {
    // A failed transaction still bumps the site's version (gas and locks) but changes nothing.
    if (t.status.success) {
      state = replaySiteTransaction(state, t.transaction, t.digest, {
        siteId: id,
        packageIds: options.packageIds,
      });
    } else if (!state) {
      throw new SiteHistoryError(`the transaction that created site ${id} (${t.digest}) failed`);
    }
    if (!t.status.success) continue;
    history.push({
      digest: t.digest,
      sender: normalizeSuiAddress(t.transaction.sender ?? '0x0'),
      timestampMs: t.timestampMs,
      version: change.outputVersion ?? '0',
      step: readStepMarker(t.transaction),
      after: state,
    });
  }
  return history;
}

async function fetchTx(
  client: ClientWithCoreApi,
  digest: string,
  signal: AbortSignal | undefined,
): Promise<Tx> {
  const result = await client.core.getTransaction({
    digest,
    include: { effects: true, transaction: true },
    ...(signal ? { signal } : {}),
  });
  return result.Transaction ?? result.FailedTransaction;
}

function siteChange(tx: Tx, id: string): SuiClientTypes.ChangedObject | undefined {
  return tx.effects.changedObjects.find((c) => normalizeSuiAddress(c.objectId) === id);
}
