// The deploy's pack and encode stages: the files to upload packed into quilts, each quilt encoded,
// and the decision per quilt to register it or reuse one the deployer holds. Nothing is spent yet:
// the cost is priced from this before anything is signed.
import type { EncodedQuilt } from '../walrus/quilt-encode.ts';
import { geometry, maxBlobSize } from '../walrus/geometry.ts';
import type { DeployContext, DeployRequest } from './deploy-types.ts';
import type { DeployListener } from './events.ts';
import { packQuilts } from './pack.ts';
import type { ChainPlan } from './plan-on-chain.ts';
import type { LocalFile } from './plan.ts';
import { encodeQuilts, planStore, type StorePlan } from './store.ts';

/** Room a lone file leaves in its quilt for the index and patch header (generous: 1 MiB). */
const QUILT_FILE_RESERVE = 1024 * 1024;

export interface PreparedQuilts {
  /** The files of each quilt, in quilt order. */
  readonly packed: readonly (readonly LocalFile[])[];
  readonly encoded: readonly EncodedQuilt[];
  readonly storePlan: StorePlan;
}

export async function prepareQuilts(
  ctx: Pick<DeployContext, 'encoder' | 'signal'>,
  request: Pick<DeployRequest, 'readFile' | 'maxQuiltBytes'>,
  chain: Pick<ChainPlan, 'plan' | 'nShards' | 'ownedBlobs' | 'currentEpoch' | 'epochs'>,
  onEvent: DeployListener,
): Promise<PreparedQuilts> {
  const { plan, nShards } = chain;
  const packed = packQuilts(plan.upload, {
    nShards,
    // A file must fit one blob with its patch header and the quilt index beside it.
    maxFileBytes: maxBlobSize(geometry(nShards)) - QUILT_FILE_RESERVE,
    ...(request.maxQuiltBytes ? { maxQuiltBytes: request.maxQuiltBytes } : {}),
  });
  const encoded = await encodeQuilts(
    {
      encoder: ctx.encoder,
      nShards,
      readFile: request.readFile,
      onEvent,
      ...(ctx.signal ? { signal: ctx.signal } : {}),
    },
    packed,
  );
  const storePlan = planStore(
    encoded,
    chain.ownedBlobs,
    chain.currentEpoch,
    chain.currentEpoch + chain.epochs,
    plan.extend.map((e) => ({ objectId: e.blob.objectId, epochs: e.epochs, size: e.blob.size })),
  );
  return { packed, encoded, storePlan };
}
