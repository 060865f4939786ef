// What a deploy reports (pure): the same shape for the preview `confirm` sees, a dry run, a deploy
// with nothing to change, and a finished deploy; only the quilts' outcomes and the costs differ.
import type { EncodedQuilt } from '../walrus/quilt-encode.ts';
import type { DeployResult, ResultQuilt } from './deploy-types.ts';
import type { PhaseTimes } from './phase.ts';
import type { DeployPlan } from './plan.ts';
import type { PreparedQuilts } from './prepare-quilts.ts';
import type { StorePlan, StoreResult } from './store.ts';

/** Known once the plan is made; the same in every result of one deploy. */
export interface DeployFacts {
  /** True when the deploy creates its site (there was none to update). */
  readonly newSite: boolean;
  readonly dryRun: boolean;
  readonly plan: DeployPlan;
  readonly files: number;
  readonly endEpoch: number;
  /** Filled in as phases end, so a later result shows the later phases too. */
  readonly phases: PhaseTimes;
}

/** How far the deploy got: what differs between the preview, a dry run and the end. */
export type DeployOutcome = Pick<
  DeployResult,
  'siteId' | 'quilts' | 'bytesUploaded' | 'quiltsDeleted' | 'transactions' | 'cost' | 'durationMs'
>;

export function deployResult(facts: DeployFacts, outcome: DeployOutcome): DeployResult {
  // Files in quilts sent (or to be sent) now; the others' bytes were stored already.
  const fresh = outcome.quilts
    .filter((q) => q.outcome === 'uploaded' || q.outcome === 'planned')
    .reduce((n, q) => n + q.files, 0);
  return {
    siteId: outcome.siteId,
    created: facts.newSite && outcome.siteId !== null,
    dryRun: facts.dryRun,
    plan: facts.plan,
    files: facts.files,
    uploaded: fresh,
    reused: facts.files - fresh,
    removed: facts.plan.remove.length,
    quilts: outcome.quilts,
    bytesUploaded: outcome.bytesUploaded,
    quiltsDeleted: outcome.quiltsDeleted,
    endEpoch: facts.endEpoch,
    phases: facts.phases,
    transactions: outcome.transactions,
    cost: outcome.cost,
    durationMs: outcome.durationMs,
  };
}

/** The quilts before storing: `planned`, or `reused-certified` when the deployer holds them. */
export function plannedQuilts(quilts: {
  readonly packed: PreparedQuilts['packed'];
  readonly encoded: readonly Pick<EncodedQuilt, 'size'>[];
  readonly storePlan: Pick<StorePlan, 'ids' | 'reuse'>;
}): ResultQuilt[] {
  return quilts.encoded.map((q, i) => ({
    blobId: quilts.storePlan.ids[i]!,
    files: quilts.packed[i]!.length,
    size: q.size,
    outcome: quilts.storePlan.reuse.get(i)?.certified ? 'reused-certified' : 'planned',
  }));
}

/** The quilts as the store phase left them. */
export function storedQuilts(stored: StoreResult): ResultQuilt[] {
  return stored.quilts.map((q) => ({
    blobId: q.blobId,
    files: q.files.length,
    size: q.size,
    outcome: q.outcome,
  }));
}
