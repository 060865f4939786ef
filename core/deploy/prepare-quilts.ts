// The deploy's pack and encode stages: the files to upload routed by size (route-files.ts) — small
// ones packed into quilts no larger than the memory plan allows, big ones each a blob of its own —,
// every item encoded (encode-items.ts: identities kept, slivers in memory or spilled), and the
// decision per item to register it or reuse one the deployer holds. Nothing is spent yet: the cost
// is priced from this before anything is signed.
import { geometry, maxBlobSize } from '../walrus/geometry.ts';
import type { DeployMemory } from './deploy-memory.ts';
import type { DeployContext, DeployRequest } from './deploy-types.ts';
import { closeItems, encodeItems } from './encode-items.ts';
import type { DeployListener } from './events.ts';
import type { SliverKeeper } from './kept-slivers.ts';
import { packQuilts } from './pack.ts';
import type { ChainPlan } from './plan-on-chain.ts';
import type { LocalFile } from './plan.ts';
import { routeFiles } from './route-files.ts';
import type { SpillStore } from './spill.ts';
import { planStore, type DeployItem, type EncodedItem, type StorePlan } from './store.ts';

/** Room a lone file leaves in its quilt for the index and patch header (generous: 1 MiB). */
const QUILT_FILE_RESERVE = 1024 * 1024;

export interface PreparedQuilts {
  /** The files of each item, in item order: the quilts', then each blob's one file. */
  readonly packed: readonly (readonly LocalFile[])[];
  readonly encoded: readonly EncodedItem[];
  readonly storePlan: StorePlan;
}

/** How the encode step may use memory: the plan's knobs, the keeper of slivers and the spill. */
export interface EncodeMemory {
  readonly memory: DeployMemory;
  readonly keeper: SliverKeeper;
  readonly spill: () => SpillStore;
}

export async function prepareQuilts(
  ctx: Pick<DeployContext, 'encoder' | 'signal'> & EncodeMemory,
  request: Pick<DeployRequest, 'readFile' | 'openFile' | 'maxQuiltBytes' | 'blobThreshold'>,
  chain: Pick<ChainPlan, 'plan' | 'nShards' | 'ownedBlobs' | 'currentEpoch' | 'epochs'>,
  onEvent: DeployListener,
): Promise<PreparedQuilts> {
  const { plan, nShards } = chain;
  const maxBlobBytes = maxBlobSize(geometry(nShards));
  const { quiltFiles, blobFiles } = routeFiles(plan.upload, {
    ...(request.blobThreshold !== undefined ? { threshold: request.blobThreshold } : {}),
    maxBlobBytes,
  });
  const quilts = packQuilts(quiltFiles, {
    nShards,
    // A file must fit one blob with its patch header and the quilt index beside it.
    maxFileBytes: maxBlobBytes - QUILT_FILE_RESERVE,
    ...quiltCap(request.maxQuiltBytes, ctx.memory.quiltCap),
  });
  const items: DeployItem[] = [
    ...quilts.map((files) => ({ kind: 'quilt' as const, files })),
    ...blobFiles.map((file) => ({ kind: 'blob' as const, files: [file] })),
  ];
  const encoded = await encodeItems(
    {
      encoder: ctx.encoder,
      nShards,
      readFile: request.readFile,
      ...(request.openFile ? { openFile: request.openFile } : {}),
      memory: ctx.memory,
      keeper: ctx.keeper,
      spill: ctx.spill,
      onEvent,
      ...(ctx.signal ? { signal: ctx.signal } : {}),
    },
    items,
  );
  const storePlan = planStore(
    encoded,
    chain.ownedBlobs,
    chain.currentEpoch,
    chain.currentEpoch + chain.epochs,
    plan.extend.map((e) => ({ objectId: e.blob.objectId, epochs: e.epochs, size: e.blob.size })),
  );
  // Held and long-lived already: nothing of theirs is uploaded, so their slivers go now.
  await closeItems(encoded.filter((_, i) => storePlan.reuse.get(i)?.certified));
  return { packed: items.map((item) => item.files), encoded, storePlan };
}

/** The smaller of the request's quilt size and the memory plan's cap, if either is set. */
function quiltCap(requested: number | undefined, planned: number | undefined): { maxQuiltBytes?: number } {
  const caps = [requested, planned].filter((cap): cap is number => cap !== undefined && cap > 0);
  return caps.length ? { maxQuiltBytes: Math.min(...caps) } : {};
}
