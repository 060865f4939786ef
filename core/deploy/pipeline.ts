// A deploy from start to end: plan against the chain → route and pack (big files become blobs of
// their own, the rest quilts) → encode → store (register, upload, certify) → commit the site →
// clean up old quilts and blobs. Isomorphic: the CLI passes a keypair executor, a worker-thread
// encoder and file reads from disk; the browser passes a wallet, Web Workers and dropped files.
// Nothing on the site changes before every new quilt and blob is certified, so a deploy that
// fails (or is cancelled) leaves the previous version serving. Memory follows the runtime's budget
// plan (deploy-memory.ts): encoded slivers wait in memory or a spill and are released item by item
// as they are uploaded. Each stage lives in its own module; this one only runs them in order,
// decides when to stop, and releases what the encode left behind whatever happens.
import type { ExecuteTransaction } from '../sui/execute.ts';
import { cleanUpAfterDeploy } from './clean-up-after-deploy.ts';
import { commitSite, siteTransactionCount } from './commit.ts';
import { gasUsed, type DeployCost } from './cost.ts';
import { deployMemory } from './deploy-memory.ts';
import { deployResult, plannedItems, storedItems, type DeployFacts } from './deploy-result.ts';
import type { DeployContext, DeployRequest, DeployResult } from './deploy-types.ts';
import { checkFunds, estimateCost } from './estimate-cost.ts';
import { closeItems } from './encode-items.ts';
import { DeployCancelledError } from './errors.ts';
import type { DeployEvent, DeployListener } from './events.ts';
import { timedPhase, type PhaseTimes } from './phase.ts';
import { planOnChain } from './plan-on-chain.ts';
import { SliverKeeper } from './kept-slivers.ts';
import { ByteBudget } from './memory-budget.ts';
import { isEmptyPlan } from './plan.ts';
import { prepareQuilts, type EncodeMemory, type PreparedQuilts } from './prepare-quilts.ts';
import { DEFAULT_KEEP_VERSIONS } from './rollback.ts';
import { blobThreshold } from './route-files.ts';
import { siteUpdate, type SiteUpdate } from './site-update.ts';
import { memorySpillStore, type SpillStore } from './spill.ts';
import { storeQuilts } from './store.ts';

export type { DeployContext, DeployRequest, DeployResult } from './deploy-types.ts';

/** What a deploy that sends nothing costs. */
const NOTHING: DeployCost = { wal: 0n, sui: 0n, suiEstimated: false };

export async function deploySite(ctx: DeployContext, request: DeployRequest): Promise<DeployResult> {
  const started = performance.now();
  // A bad threshold is refused before anything is read from the chain.
  const threshold = blobThreshold(request.blobThreshold);
  const elapsed = () => Math.round(performance.now() - started);
  const phases: PhaseTimes = {};
  const onEvent = (event: DeployEvent) => {
    if (event.type === 'phase-done') phases[event.phase] = (phases[event.phase] ?? 0) + event.ms;
    ctx.onEvent?.(event);
  };
  // Every transaction goes through here, so the result can count them and sum their gas.
  const digests: string[] = [];
  const execute: ExecuteTransaction = async (tx) => {
    const result = await ctx.execute(tx);
    digests.push(result.digest);
    return result;
  };

  const chain = await planOnChain(ctx, request, execute, onEvent);
  const memory = deployMemory(ctx.memory);
  // A store of our own only if something must be spilled and the runtime gave none.
  let ownSpill: SpillStore | null = null;
  const spill = () => ctx.spill ?? (ownSpill ??= memorySpillStore());
  const encodeMemory: EncodeMemory = {
    memory,
    keeper: new SliverKeeper(memory.inMemorySlivers, spill),
    spill,
  };
  let quilts: PreparedQuilts | undefined;
  try {
    quilts = await prepareQuilts(
      { ...ctx, ...encodeMemory },
      { ...request, blobThreshold: threshold },
      chain,
      onEvent,
    );
    // Encoding is over: an encode thread's WASM memory stays grown to its largest job, and the
    // upload's share of the budget assumes it is gone.
    await ctx.encoder.releaseIdle?.();
    return await storeAndCommit(quilts);
  } finally {
    if (quilts) await closeItems(quilts.encoded);
    await (ownSpill as SpillStore | null)?.close();
  }

  // The rest of the deploy; the caller releases the encoded items whatever happens.
  async function storeAndCommit(quilts: PreparedQuilts): Promise<DeployResult> {
    const { remote, plan } = chain;
    const update = siteUpdate(remote, ctx.owner, request, plan, quilts);
    const estimate = await estimateCost(ctx, chain.writer, quilts, chain.epochs, update);

    const facts: DeployFacts = {
      newSite: remote === null,
      dryRun: request.dryRun ?? false,
      plan,
      files: request.files.length,
      endEpoch: chain.currentEpoch + chain.epochs,
      blobThreshold: threshold,
      phases,
    };
    // The result before anything is stored: what a dry run returns and `confirm` is shown.
    const beforeStoring = (cost: DeployCost) =>
      deployResult(facts, {
        siteId: remote?.id ?? null,
        ...plannedItems(quilts),
        bytesUploaded: 0,
        quiltsDeleted: [],
        transactions: 0,
        cost,
        durationMs: elapsed(),
      });
    if (request.dryRun || (remote && isEmptyPlan(plan))) {
      return beforeStoring(request.dryRun ? estimate : NOTHING);
    }
    if (ctx.confirm && !(await ctx.confirm(beforeStoring(estimate))))
      throw new DeployCancelledError('deploy cancelled; nothing was changed');
    await checkFunds(ctx, estimate);

    const stored = await storeQuilts(
      {
        writer: chain.writer,
        nShards: chain.nShards,
        epochs: chain.epochs,
        ...(memory.uploadInFlight ? { inFlight: new ByteBudget(memory.uploadInFlight) } : {}),
        onEvent,
        ...(ctx.signal ? { signal: ctx.signal } : {}),
      },
      quilts.packed,
      quilts.encoded,
      quilts.storePlan,
    );
    // Only now, with every new quilt and blob certified, does the site change.
    ctx.signal?.throwIfAborted();
    const committed = await commit(ctx, execute, onEvent, update);
    const quiltsDeleted =
      remote && !request.keepOldQuilts
        ? await cleanUpAfterDeploy(
            ctx,
            execute,
            onEvent,
            remote,
            update,
            chain.ownedBlobs,
            request.keepVersions ?? DEFAULT_KEEP_VERSIONS,
          )
        : [];
    const gas = await gasUsed(ctx.sui, digests);
    return deployResult(facts, {
      siteId: committed.siteId,
      ...storedItems(stored),
      bytesUploaded: stored.quilts.reduce((n, q) => n + q.bytesSent, 0),
      quiltsDeleted,
      transactions: digests.length,
      cost: { wal: estimate.wal, sui: gas, suiEstimated: false },
      durationMs: elapsed(),
    });
  }
}

/** The commit phase: the site transaction(s), with progress per transaction. */
function commit(
  ctx: Pick<DeployContext, 'sui' | 'sitePackage'>,
  execute: ExecuteTransaction,
  onEvent: DeployListener,
  update: SiteUpdate,
): Promise<{ siteId: string; digests: string[] }> {
  return timedPhase(
    onEvent,
    'commit',
    siteTransactionCount(update, ctx.sitePackage.published),
    'transactions',
    (progress) =>
      commitSite(
        { sui: ctx.sui, execute, sitePackage: ctx.sitePackage, onProgress: (done) => progress(done) },
        update,
      ),
  );
}
