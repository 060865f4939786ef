// Rolling a site back to a past version with the connected wallet, as `floe rollback --to N`
// does: refused when a quilt of that version is gone (checked again now, not from the list the
// page loaded), otherwise one site update that points at the version's quilts, nothing uploaded.
import type { DAppKit } from '@mysten/dapp-kit-core';
import { useCallback, useState } from 'react';
import { commitSite } from '../../../core/deploy/commit.ts';
import type { SiteVersion } from '../../../core/deploy/history.ts';
import { checkOwner } from '../../../core/deploy/promote-site.ts';
import { missingQuilts, rollbackUpdate, VersionGoneError } from '../../../core/deploy/rollback.ts';
import type { OnChainSite } from '../../../core/sui/site-read.ts';
import type { PortalServices } from '../services/portal-services.ts';
import { asError } from '../ui/use-async.ts';
import { walletExecutor, WalletNotConnectedError } from '../wallet/dapp-kit.ts';

export interface RollbackCounts {
  readonly added: number;
  readonly changed: number;
  readonly removed: number;
  readonly unchanged: number;
}

export type RollbackState =
  | { readonly status: 'idle' }
  | { readonly status: 'running'; readonly version: number }
  | {
      readonly status: 'done';
      readonly version: number;
      readonly counts: RollbackCounts;
      /** 0 when the site already served that version. */
      readonly transactions: number;
    }
  | { readonly status: 'failed'; readonly version: number; readonly error: Error };

export async function rollBackSite(
  services: PortalServices,
  dAppKit: DAppKit,
  live: OnChainSite,
  target: SiteVersion,
): Promise<Extract<RollbackState, { status: 'done' }>> {
  const account = dAppKit.stores.$connection.get().account;
  if (!account) throw new WalletNotConnectedError("connect the site owner's wallet to roll back");
  checkOwner(live, account.address);
  const missing = await missingQuilts(services.walrus, services.sui, live.owner, target.quilts);
  if (missing.length > 0) throw new VersionGoneError(target.number, missing);
  const plan = rollbackUpdate(live, target);
  const pkg = services.network.walrusSite;
  const digests = plan.update
    ? (
        await commitSite(
          {
            sui: services.sui,
            execute: walletExecutor(dAppKit),
            sitePackage: { original: pkg.originalPackageId, published: pkg.packageId },
          },
          plan.update,
        )
      ).digests
    : [];
  const { added, changed, removed, unchanged } = plan;
  return {
    status: 'done',
    version: target.number,
    counts: { added, changed, removed, unchanged },
    transactions: digests.length,
  };
}

/** `onDone` runs after a rollback changed the site, to read it (and its history) again. */
export function useRollback(services: PortalServices, dAppKit: DAppKit, onDone: () => void) {
  const [state, setState] = useState<RollbackState>({ status: 'idle' });
  const rollBack = useCallback(
    (live: OnChainSite, target: SiteVersion) => {
      setState({ status: 'running', version: target.number });
      rollBackSite(services, dAppKit, live, target).then(
        (done) => {
          setState(done);
          if (done.transactions > 0) onDone();
        },
        (error: unknown) => setState({ status: 'failed', version: target.number, error: asError(error) }),
      );
    },
    [services, dAppKit, onDone],
  );
  return { state, rollBack };
}
