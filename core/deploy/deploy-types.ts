// What a deploy takes and gives back: the runtime's clients and signer (DeployContext), the files
// and choices of this deploy (DeployRequest), and what happened (DeployResult).
import type { ClientWithCoreApi } from '@mysten/sui/client';
import type { WalrusClient } from '@mysten/walrus';
import type { SiteConfig } from '../site/types.ts';
import type { ExecuteTransaction } from '../sui/execute.ts';
import type { FetchLike } from '../walrus/node-client.ts';
import type { DeployCost } from './cost.ts';
import type { DeployListener, DeployPhase } from './events.ts';
import type { FileSource } from './file-source.ts';
import type { BudgetPlan } from './memory-budget.ts';
import type { DeployPlan, LocalFile } from './plan.ts';
import type { SpillStore } from './spill.ts';
import type { QuiltEncoder } from './store.ts';

/** A file of the deploy opened for piecewise reads; closed once its blob is uploaded. */
export type OpenFile = (path: string) => Promise<FileSource & { close?(): Promise<void> }>;

export interface DeployContext {
  readonly sui: ClientWithCoreApi;
  readonly walrus: WalrusClient;
  /** The deploying address (signs every transaction). */
  readonly owner: string;
  readonly execute: ExecuteTransaction;
  readonly sitePackage: { readonly original: string; readonly published: string };
  readonly walCoinType: string;
  /** `http` on the devnet; node addresses on chain carry no scheme. */
  readonly nodeScheme: 'http' | 'https';
  readonly encoder: QuiltEncoder;
  /**
   * How the deploy divides its memory budget (budgetPlan, from the runtime's budget, baseline and
   * cores). Without it nothing is bounded: every sliver stays in memory until uploaded.
   */
  readonly memory?: BudgetPlan;
  /**
   * Where slivers go that the plan does not let stay in memory (CLI: temp files). The caller
   * closes it. @default an in-memory store made for the deploy
   */
  readonly spill?: SpillStore;
  readonly fetch?: FetchLike;
  readonly signal?: AbortSignal;
  readonly onEvent?: DeployListener;
  /**
   * Asked once the plan and cost are known, before anything is spent; resolving false cancels
   * the deploy (DeployCancelledError) with nothing changed.
   */
  readonly confirm?: (preview: DeployResult) => Promise<boolean>;
}

export interface DeployRequest {
  /** Hashed files with their headers (config applied, patch header not yet). */
  readonly files: readonly LocalFile[];
  /** The bytes to store of a file (resource path), read whole: quilts' files and small blobs. */
  readonly readFile: (path: string) => Promise<Uint8Array>;
  /**
   * Opens a file (resource path) for piecewise reads: blobs too big to encode whole within the
   * memory plan are stream-encoded from it and re-read while uploaded. Only asked for files stored
   * as they are (blobs are never compressed). @default reads the file whole with `readFile`
   */
  readonly openFile?: OpenFile;
  readonly config: SiteConfig;
  /** Existing site to update, or null to create one. */
  readonly siteId: string | null;
  readonly siteName: string;
  readonly epochs: number | 'max';
  readonly dryRun?: boolean;
  readonly maxQuiltBytes?: number;
  /**
   * Files of this many stored bytes or more are stored as blobs of their own, not in quilts
   * (route-files.ts); at least MIN_BLOB_THRESHOLD (1 MiB). @default DEFAULT_BLOB_THRESHOLD (32 MiB)
   */
  readonly blobThreshold?: number;
  /**
   * Keep quilts that only replaced or removed files used (default: delete them after the site
   * transaction and get their storage refunded, as site-builder does).
   */
  readonly keepOldQuilts?: boolean;
  /**
   * How many versions (the new one included) stay restorable by `rollback`: quilts they point at
   * are kept, older versions' quilts are deleted. 1 deletes what the new version stopped using at
   * once, as site-builder does. @default DEFAULT_KEEP_VERSIONS (3)
   */
  readonly keepVersions?: number;
}

/** One quilt of the deploy and what became of it (`planned` before anything is stored). */
export interface ResultQuilt {
  readonly blobId: string;
  readonly files: number;
  readonly size: number;
  readonly outcome: string;
}

/** One file stored as a blob of its own, and what became of it (as for quilts). */
export interface ResultBlob {
  readonly blobId: string;
  /** The file's resource path. */
  readonly path: string;
  readonly size: number;
  readonly outcome: string;
}

export interface DeployResult {
  readonly siteId: string | null;
  readonly created: boolean;
  readonly dryRun: boolean;
  readonly plan: DeployPlan;
  readonly files: number;
  /** Files sent to storage nodes in new quilts and blobs. */
  readonly uploaded: number;
  /** Files whose bytes were already stored (unchanged, or in a blob reused from a failed run). */
  readonly reused: number;
  readonly removed: number;
  readonly quilts: readonly ResultQuilt[];
  /** Files of the deploy stored as blobs of their own (at or above the blob threshold). */
  readonly blobs: readonly ResultBlob[];
  /** The blob threshold this deploy routed files by, in bytes. */
  readonly blobThreshold: number;
  readonly bytesUploaded: number;
  /** Blob IDs of old quilts deleted after the update (nothing else of yours used them). */
  readonly quiltsDeleted: readonly string[];
  readonly transactions: number;
  readonly cost: DeployCost;
  readonly endEpoch: number;
  readonly phases: Partial<Record<DeployPhase, number>>;
  readonly durationMs: number;
}
