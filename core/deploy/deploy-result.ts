// What a deploy reports (pure): the same shape for the preview `confirm` sees, a dry run, a deploy
// with nothing to change, and a finished deploy; only the items' outcomes and the costs differ.
import type { DeployResult, ResultBlob, ResultQuilt } from './deploy-types.ts';
import type { PhaseTimes } from './phase.ts';
import type { DeployPlan, LocalFile } from './plan.ts';
import type { PreparedQuilts } from './prepare-quilts.ts';
import type { EncodedItem, StorePlan, StoreResult } from './store.ts';

/** Known once the plan is made; the same in every result of one deploy. */
export interface DeployFacts {
  /** True when the deploy creates its site (there was none to update). */
  readonly newSite: boolean;
  readonly dryRun: boolean;
  readonly plan: DeployPlan;
  readonly files: number;
  readonly endEpoch: number;
  readonly blobThreshold: number;
  /** Filled in as phases end, so a later result shows the later phases too. */
  readonly phases: PhaseTimes;
}

/** How far the deploy got: what differs between the preview, a dry run and the end. */
export type DeployOutcome = Pick<
  DeployResult,
  'siteId' | 'quilts' | 'blobs' | 'bytesUploaded' | 'quiltsDeleted' | 'transactions' | 'cost' | 'durationMs'
>;

export function deployResult(facts: DeployFacts, outcome: DeployOutcome): DeployResult {
  // Files in quilts and blobs sent (or to be sent) now; the others' bytes were stored already.
  const sent = (item: { outcome: string }) => item.outcome === 'uploaded' || item.outcome === 'planned';
  const fresh =
    outcome.quilts.filter(sent).reduce((n, q) => n + q.files, 0) + outcome.blobs.filter(sent).length;
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
    blobs: outcome.blobs,
    blobThreshold: facts.blobThreshold,
    bytesUploaded: outcome.bytesUploaded,
    quiltsDeleted: outcome.quiltsDeleted,
    endEpoch: facts.endEpoch,
    phases: facts.phases,
    transactions: outcome.transactions,
    cost: outcome.cost,
    durationMs: outcome.durationMs,
  };
}

/** The items before storing: `planned`, or `reused-certified` when the deployer holds them. */
export function plannedItems(quilts: {
  readonly packed: PreparedQuilts['packed'];
  readonly encoded: readonly Pick<EncodedItem, 'kind' | 'size'>[];
  readonly storePlan: Pick<StorePlan, 'ids' | 'reuse'>;
}): Pick<DeployOutcome, 'quilts' | 'blobs'> {
  return byKind(
    quilts.encoded.map((item, i) => ({
      kind: item.kind,
      blobId: quilts.storePlan.ids[i]!,
      files: quilts.packed[i]!,
      size: item.size,
      outcome: quilts.storePlan.reuse.get(i)?.certified ? 'reused-certified' : 'planned',
    })),
  );
}

/** The items as the store phase left them. */
export function storedItems(stored: StoreResult): Pick<DeployOutcome, 'quilts' | 'blobs'> {
  return byKind(stored.quilts);
}

/** Items split into the result's quilts (counting their files) and blobs (naming their file). */
function byKind(
  items: readonly {
    kind: EncodedItem['kind'];
    blobId: string;
    files: readonly LocalFile[];
    size: number;
    outcome: string;
  }[],
): { quilts: ResultQuilt[]; blobs: ResultBlob[] } {
  const quilts: ResultQuilt[] = [];
  const blobs: ResultBlob[] = [];
  for (const { kind, blobId, files, size, outcome } of items) {
    if (kind === 'quilt') quilts.push({ blobId, files: files.length, size, outcome });
    else blobs.push({ blobId, path: files[0]!.path, size, outcome });
  }
  return { quilts, blobs };
}
