// Test harness: storage nodes in this process on loopback, each with its own temp data folder,
// an in-memory chain view and a fresh BLS key, plus upload helpers built on core's client.
// Everything started here is tracked and torn down by `stopAll`.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { EncodedBlob } from '../../../core/walrus/encoding.ts';
import { serializeBlobMetadata } from '../../../core/walrus/bcs.ts';
import { StorageNodeClient } from '../../../core/walrus/node-client.ts';
import type { BlobInfo } from '../blob-info.ts';
import type { BlobStateSource, StateChange } from '../blob-state.ts';
import { BlsSigner } from '../bls.ts';
import { MemoryBlobState } from '../memory-state.ts';
import { startStorageNode, type RunningStorageNode } from '../node.ts';
import type { NodeLimits } from '../limits.ts';
import { pairsOnShards } from '../shards.ts';

export interface TestNode {
  readonly running: RunningStorageNode;
  readonly state: MemoryBlobState;
  readonly signer: BlsSigner;
  readonly client: StorageNodeClient;
  readonly shards: readonly number[];
  readonly dir: string;
  readonly url: string;
  /** Unexpected failures the node reported (answered 500 or background work); tests expect none. */
  readonly failures: { readonly error: unknown; readonly context: string }[];
}

export interface TestNodeOptions {
  readonly n?: number;
  readonly shards: readonly number[];
  readonly epoch?: number;
  readonly devnet?: boolean;
  readonly limits?: Partial<NodeLimits>;
  /** Share one chain view between nodes, as a real network shares the chain. */
  readonly state?: MemoryBlobState;
}

const nodes = new Set<TestNode>();
const dirs = new Set<string>();

export async function tempDir(prefix = 'floe-node-'): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  dirs.add(dir);
  return dir;
}

export async function startTestNode(options: TestNodeOptions): Promise<TestNode> {
  const n = options.n ?? 10;
  const dir = await tempDir();
  // Each node has its own view of its shards but, in tests, the same blob registrations.
  const state = new MemoryBlobState({ epoch: options.epoch ?? 1, nShards: n, shards: options.shards });
  const source = options.state ? new NodeView(options.state, options.shards) : state;
  const signer = BlsSigner.generate();
  const failures: TestNode['failures'] = [];
  const running = await startStorageNode({
    dir,
    signer,
    state: source,
    devnet: options.devnet ?? true,
    onError: (error, context) => failures.push({ error, context }),
    ...(options.limits ? { limits: options.limits } : {}),
  });
  const node: TestNode = {
    running,
    state: options.state ?? state,
    signer,
    client: new StorageNodeClient({ url: running.url, timeoutMs: 10_000 }),
    shards: options.shards,
    dir,
    url: running.url,
    failures,
  };
  nodes.add(node);
  return node;
}

/** Another node's view of a shared chain: same blobs and epoch, its own shards. */
class NodeView implements BlobStateSource {
  readonly #shared: MemoryBlobState;
  readonly #owned: ReadonlySet<number>;

  constructor(shared: MemoryBlobState, shards: readonly number[]) {
    this.#shared = shared;
    this.#owned = new Set(shards);
  }

  get nShards(): number {
    return this.#shared.nShards;
  }

  currentEpoch(): number {
    return this.#shared.currentEpoch();
  }

  ownedShards(): ReadonlySet<number> {
    return this.#owned;
  }

  status(blobId: Uint8Array): BlobInfo {
    return this.#shared.status(blobId);
  }

  subscribe(listener: (change: StateChange) => void): () => void {
    return this.#shared.subscribe(listener);
  }

  eventProgress() {
    return this.#shared.eventProgress();
  }
}

export async function stopNode(node: TestNode): Promise<void> {
  nodes.delete(node);
  await node.running.close();
}

export async function stopAll(): Promise<void> {
  await Promise.all([...nodes].map(stopNode));
  await Promise.all([...dirs].map((dir) => rm(dir, { recursive: true, force: true })));
  dirs.clear();
}

/** The pairs of `encoded` whose shards `node` owns. */
export function pairsOf(encoded: EncodedBlob, shards: readonly number[], n = 10): number[] {
  return pairsOnShards(encoded.blobId, shards, n);
}

/** What a writer sends one node: metadata, then both slivers of every pair on its shards. */
export async function uploadTo(
  node: Pick<TestNode, 'client' | 'shards'>,
  encoded: EncodedBlob,
  n = 10,
): Promise<void> {
  await node.client.putMetadata(encoded.blobId, serializeBlobMetadata(encoded.metadata));
  await Promise.all(
    pairsOf(encoded, node.shards, n).flatMap((pair) => [
      node.client.putSliver(encoded.blobId, pair, 'primary', encoded.primary[pair]!),
      node.client.putSliver(encoded.blobId, pair, 'secondary', encoded.secondary[pair]!),
    ]),
  );
}

/** Contiguous near-equal shard runs for `count` nodes, like the launcher's genesis. */
export function splitShards(n: number, count: number): number[][] {
  return Array.from({ length: count }, (_, i) => {
    const from = Math.floor((i * n) / count);
    const to = Math.floor(((i + 1) * n) / count);
    return Array.from({ length: to - from }, (_, k) => from + k);
  });
}
