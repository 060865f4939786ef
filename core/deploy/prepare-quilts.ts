// The deploy's pack and encode stages: the files to upload routed by size (route-files.ts) — small
// ones packed into quilts, big ones each a blob of its own —, every item encoded, and the decision
// per item to register it or reuse one the deployer holds. Nothing is spent yet: the cost is
// priced from this before anything is signed.
import { geometry, maxBlobSize } from '../walrus/geometry.ts';
import type { DeployContext, DeployRequest } from './deploy-types.ts';
import type { DeployListener } from './events.ts';
import { packQuilts } from './pack.ts';
import type { ChainPlan } from './plan-on-chain.ts';
import type { LocalFile } from './plan.ts';
import { routeFiles } from './route-files.ts';
import { encodeItems, planStore, type DeployItem, type EncodedItem, type StorePlan } from './store.ts';

/** Room a lone file leaves in its quilt for the index and patch header (generous: 1 MiB). */
const QUILT_FILE_RESERVE = 1024 * 1024;

export interface PreparedQuilts {
  /** The files of each item, in item order: the quilts', then each blob's one file. */
  readonly packed: readonly (readonly LocalFile[])[];
  readonly encoded: readonly EncodedItem[];
  readonly storePlan: StorePlan;
}

export async function prepareQuilts(
  ctx: Pick<DeployContext, 'encoder' | 'signal'>,
  request: Pick<DeployRequest, 'readFile' | 'maxQuiltBytes' | 'blobThreshold'>,
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
    ...(request.maxQuiltBytes ? { maxQuiltBytes: request.maxQuiltBytes } : {}),
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
  return { packed: items.map((item) => item.files), encoded, storePlan };
}
