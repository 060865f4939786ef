// The chain side of a schedule: a fresh funded account per schedule (so each schedule's sites and
// blobs are its own and listing them stays cheap), deploying the folder with Floe's pipeline
// (core/deploy/pipeline.ts, as `floe deploy` runs it), and reading back what the chain holds: the
// owner's sites and their resources, and the owner's Blob objects.
import { createHash } from 'node:crypto';
import { Ed25519Keypair } from '@mysten/sui/keypairs/ed25519';
import type { WalrusClient } from '@mysten/walrus';
import { chainCommittee, type CommitteeSource } from '../core/serve/committee-cache.ts';
import type { DeployListener } from '../core/deploy/events.ts';
import { deploySite, type DeployResult } from '../core/deploy/pipeline.ts';
import { assembleSite } from '../core/deploy/site-files.ts';
import type { QuiltEncoder } from '../core/deploy/store.ts';
import { WS_RESOURCES_FILE } from '../core/site/ws-resources.ts';
import { createChainClients } from '../core/sui/chain-clients.ts';
import type { SuiClient } from '../core/sui/client.ts';
import { keypairExecutor } from '../core/sui/execute.ts';
import type { NetworkConfig } from '../core/sui/networks.ts';
import { siteType } from '../core/sui/site-fields.ts';
import { readSite } from '../core/sui/site-read.ts';
import { listOwnedBlobs, type OwnedBlob } from '../core/walrus/writer.ts';
import { WS_RESOURCES_JSON, type Folder } from './site-model.ts';

export interface Chain {
  readonly network: NetworkConfig;
  readonly sui: SuiClient;
  readonly walrus: WalrusClient;
  /** The committee from the chain, as the portal server reads it. */
  readonly committee: CommitteeSource;
}

export function openChain(network: NetworkConfig): Chain {
  const { sui, walrus } = createChainClients(network);
  return {
    network,
    sui,
    walrus,
    committee: chainCommittee(walrus, sui, network.walrus.storageNodeUrlScheme),
  };
}

/** 100 SUI and 100 WAL: far more than a schedule's deploys cost on the devnet. */
const GRANT = String(100n * 1_000_000_000n);

export async function fundedAccount(chain: Chain): Promise<Ed25519Keypair> {
  const key = new Ed25519Keypair();
  const response = await fetch(`${chain.network.faucetUrl}/floe/fund`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ recipient: key.toSuiAddress(), sui: GRANT, wal: GRANT }),
  });
  if (!response.ok) throw new Error(`faucet: ${response.status} ${await response.text()}`);
  return key;
}

export interface DeployOptions {
  readonly siteId: string | null;
  readonly maxQuiltBytes: number | null;
  readonly onEvent?: DeployListener;
  /** Versions whose quilts stay stored (default the deploy's, 3). */
  readonly keepVersions?: number;
}

/** Deploys `folder` (with the suite's ws-resources.json) as `floe deploy` would. */
export async function deployFolder(
  chain: Chain,
  encoder: QuiltEncoder,
  signer: Ed25519Keypair,
  folder: Folder,
  options: DeployOptions,
): Promise<DeployResult> {
  const byRelative = new Map([...folder].map(([path, bytes]) => [path.slice(1), bytes]));
  const site = await assembleSite(
    [...byRelative].map(([relativePath, bytes]) => ({ relativePath, size: bytes.length })),
    {
      readText: async (relativePath) => (relativePath === WS_RESOURCES_FILE ? WS_RESOURCES_JSON : null),
      sha256: async (relativePath) =>
        new Uint8Array(createHash('sha256').update(byRelative.get(relativePath)!).digest()),
    },
  );
  const { network, sui, walrus } = chain;
  return deploySite(
    {
      sui,
      walrus,
      owner: signer.toSuiAddress(),
      execute: keypairExecutor(sui, signer),
      sitePackage: {
        original: network.walrusSite.originalPackageId,
        published: network.walrusSite.packageId,
      },
      walCoinType: network.walrus.walCoinType!,
      nodeScheme: network.walrus.storageNodeUrlScheme,
      encoder,
      ...(options.onEvent ? { onEvent: options.onEvent } : {}),
    },
    {
      files: site.files,
      readFile: async (path) => folder.get(path)!,
      config: site.config,
      siteId: options.siteId,
      siteName: 'fault suite',
      epochs: 1,
      ...(options.maxQuiltBytes ? { maxQuiltBytes: options.maxQuiltBytes } : {}),
      ...(options.keepVersions ? { keepVersions: options.keepVersions } : {}),
    },
  );
}

/** A site's resources as the invariants compare them: path → SHA-256 (hex) and blob ID. */
export type SiteResources = ReadonlyMap<string, { readonly sha256: string; readonly blobId: string }>;

export async function siteResources(chain: Chain, siteId: string): Promise<SiteResources> {
  const site = await readSite(chain.sui, siteId, {
    packageId: chain.network.walrusSite.originalPackageId,
  });
  return new Map(
    [...site.resources].map(([path, r]) => [path, { sha256: hex(r.blobHash), blobId: r.blobId }]),
  );
}

/** IDs of the Site objects `owner` holds. */
export async function ownedSites(chain: Chain, owner: string): Promise<string[]> {
  const { objects } = await chain.sui.core.listOwnedObjects({
    owner,
    type: siteType(chain.network.walrusSite.originalPackageId),
  });
  return objects.map((o) => o.objectId);
}

export async function ownedBlobs(chain: Chain, owner: string): Promise<OwnedBlob[]> {
  return [...(await listOwnedBlobs(chain.walrus, chain.sui, owner)).values()];
}

export function hex(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('hex');
}

export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}
