// The deploy's `plan` phase: read what the chain holds (Walrus system, committee, the Site and the
// deployer's blobs), refuse a site the deployer does not own, and diff the folder against it.
// Nothing is signed here.
import { normalizeSuiAddress } from '@mysten/sui/utils';
import type { ExecuteTransaction } from '../sui/execute.ts';
import { readSite, type OnChainSite } from '../sui/site-read.ts';
import { loadChainCommittee } from '../walrus/chain-committee.ts';
import { WalrusWriter, type OwnedBlob } from '../walrus/writer.ts';
import type { DeployContext, DeployRequest } from './deploy-types.ts';
import { resolveEpochs } from './epochs.ts';
import { NotSiteOwnerError } from './errors.ts';
import type { DeployListener } from './events.ts';
import { timedPhase } from './phase.ts';
import { planDeploy, type DeployPlan, type RemoteSite } from './plan.ts';

/** What the later stages build on. */
export interface ChainPlan {
  /** The site to update, or null for a new one. */
  readonly remote: OnChainSite | null;
  /** Signs through the deploy's `execute`, so its transactions are counted with the rest. */
  readonly writer: WalrusWriter;
  readonly currentEpoch: number;
  /** Epochs new quilts are stored for; they end at `currentEpoch + epochs`. */
  readonly epochs: number;
  readonly ownedBlobs: ReadonlyMap<string, OwnedBlob>;
  readonly plan: DeployPlan;
  readonly nShards: number;
}

export function planOnChain(
  ctx: DeployContext,
  request: DeployRequest,
  execute: ExecuteTransaction,
  onEvent: DeployListener,
): Promise<ChainPlan> {
  return timedPhase(onEvent, 'plan', 1, 'files', async (progress) => {
    const [system, committee, remote] = await Promise.all([
      ctx.walrus.systemState(),
      loadChainCommittee(ctx.walrus, ctx.sui, { scheme: ctx.nodeScheme }),
      request.siteId ? readSite(ctx.sui, request.siteId, { packageId: ctx.sitePackage.original }) : null,
    ]);
    if (remote && remote.owner !== normalizeSuiAddress(ctx.owner))
      throw new NotSiteOwnerError(remote.id, remote.owner, ctx.owner);
    const writer = new WalrusWriter({
      walrus: ctx.walrus,
      sui: ctx.sui,
      owner: ctx.owner,
      execute,
      committee,
      ...(ctx.fetch ? { fetch: ctx.fetch } : {}),
      ...(ctx.signal ? { signal: ctx.signal } : {}),
    });
    const currentEpoch = system.committee.epoch;
    const epochs = resolveEpochs(request.epochs, system.future_accounting.length);
    const ownedBlobs = await writer.ownedBlobs();
    const plan = planDeploy({
      desired: {
        files: request.files,
        routes: request.config.routes,
        redirects: request.config.redirects,
        name: request.siteName,
        metadata: request.config.metadata,
      },
      remote: remote && toRemote(remote),
      ownedBlobs,
      currentEpoch,
      endEpoch: currentEpoch + epochs,
    });
    for (const [path, reason] of plan.reuploadReasons) {
      onEvent({ type: 'note', level: 'warn', message: `${path} is uploaded again: ${reason}` });
    }
    progress(1);
    return { remote, writer, currentEpoch, epochs, ownedBlobs, plan, nShards: committee.n };
  });
}

function toRemote(site: OnChainSite): RemoteSite {
  return {
    resources: site.resources,
    routes: site.routes,
    redirects: site.redirects,
    name: site.name,
    metadata: site.metadata,
  };
}
