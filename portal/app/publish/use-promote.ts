// Promote from the Publish page: the connected wallet makes a live site equal to one of its
// previews (core/deploy/promote-site.ts, the same step as `floe promote`): one site update with
// nothing uploaded, then quilts no kept version needs are deleted, as after a deploy.
import type { DAppKit } from '@mysten/dapp-kit-core';
import { useCallback, useState } from 'react';
import { promoteSite } from '../../../core/deploy/promote-site.ts';
import { normalizeObjectId } from '../../../core/site/object-id.ts';
import type { PortalServices } from '../services/portal-services.ts';
import { asError } from '../ui/use-async.ts';
import { walletExecutor, WalletNotConnectedError } from '../wallet/dapp-kit.ts';

export interface PromoteOutcome {
  readonly liveId: string;
  readonly previewId: string;
  readonly added: number;
  readonly changed: number;
  readonly removed: number;
  readonly unchanged: number;
  /** 0 when the live site already equalled the preview. */
  readonly transactions: number;
  readonly quiltsDeleted: number;
  readonly warnings: readonly string[];
}

export type PromoteState =
  | { readonly status: 'idle' }
  | { readonly status: 'running' }
  | { readonly status: 'done'; readonly outcome: PromoteOutcome }
  | { readonly status: 'failed'; readonly error: Error };

export class InvalidSiteIdError extends Error {
  override readonly name = 'InvalidSiteIdError';
}

export async function promoteWithWallet(
  services: PortalServices,
  dAppKit: DAppKit,
  previewInput: string,
  liveInput: string,
): Promise<PromoteOutcome> {
  const account = dAppKit.stores.$connection.get().account;
  if (!account) throw new WalletNotConnectedError('connect the wallet that owns both sites to promote');
  const previewId = normalizeObjectId(previewInput);
  const liveId = normalizeObjectId(liveInput);
  if (!previewId)
    throw new InvalidSiteIdError(`the preview must be a site's object ID (0x…), not "${previewInput}"`);
  if (!liveId)
    throw new InvalidSiteIdError(`the live site must be a site's object ID (0x…), not "${liveInput}"`);
  const pkg = services.network.walrusSite;
  const warnings: string[] = [];
  const { plan, digests, quiltsDeleted } = await promoteSite(
    {
      sui: services.sui,
      walrus: services.walrus,
      owner: account.address,
      execute: walletExecutor(dAppKit),
      sitePackage: { original: pkg.originalPackageId, published: pkg.packageId },
      warn: (message) => warnings.push(message),
    },
    previewId,
    liveId,
  );
  const { added, changed, removed, unchanged } = plan;
  return {
    liveId,
    previewId,
    added,
    changed,
    removed,
    unchanged,
    transactions: digests.length,
    quiltsDeleted: quiltsDeleted.length,
    warnings,
  };
}

export function usePromote(services: PortalServices, dAppKit: DAppKit) {
  const [state, setState] = useState<PromoteState>({ status: 'idle' });
  const promote = useCallback(
    (previewInput: string, liveInput: string) => {
      setState({ status: 'running' });
      promoteWithWallet(services, dAppKit, previewInput, liveInput).then(
        (outcome) => setState({ status: 'done', outcome }),
        (error: unknown) => setState({ status: 'failed', error: asError(error) }),
      );
    },
    [services, dAppKit],
  );
  return { state, promote };
}
