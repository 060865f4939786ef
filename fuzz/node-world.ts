// The storage node the public-API fuzz target talks to: one node in this process over a store in a
// scratch folder, with a handful of blobs in every state a request can meet (stored, partly
// stored, registered and empty, buffered before registration, unknown, invalid, blocked). Every
// store write is logged, so a check can tell what a request stored, and the world is put back to
// this baseline after any request that changed it.
import type { Server } from 'node:http';
import { blobIdToText, equalBytes } from '../core/walrus/blob-id.ts';
import { serializeBlobMetadata } from '../core/walrus/bcs.ts';
import type { EncodedBlob } from '../core/walrus/encoding.ts';
import type { SliverType } from '../core/walrus/node-types.ts';
import { encodedBlob } from '../core/walrus/test-support/fixtures.ts';
import { BlsSigner } from '../devnet/node/bls.ts';
import { createPublicServer } from '../devnet/node/http-server.ts';
import { MemoryBlobState, fakeObjectId } from '../devnet/node/memory-state.ts';
import { pairsOnShards } from '../devnet/node/shards.ts';
import { StorageNode } from '../devnet/node/storage-node.ts';
import { NodeStore, type SliverRecord } from '../devnet/node/store.ts';
import { removeDir, scratchDir } from './request-target.ts';

export const N = 10;
export const SHARDS: readonly number[] = [0, 1, 2, 3, 4];
const EPOCH = 1;
/** A fixed BLS key: signatures are the same in every run. */
const BLS_KEY = new Uint8Array(32).fill(0x11);

// ---- the blobs ----------------------------------------------------------------------------------

export type BlobRole = 'stored' | 'partial' | 'fresh' | 'pending' | 'unknown' | 'invalid' | 'blocked';

export interface Blob {
  readonly role: BlobRole;
  readonly encoded: EncodedBlob;
  readonly text: string;
  readonly metadata: Uint8Array;
  /** Pairs this node holds (its shards), then one it does not. */
  readonly owned: readonly number[];
  readonly foreign: number;
}

/**
 * stored: registered, metadata and every owned sliver stored. partial: registered, metadata only.
 * fresh: registered, nothing stored. pending: unregistered, metadata buffered (`?pending=true`).
 * unknown: never registered. invalid: registered then marked invalid. blocked: on the deny list.
 */
export const ROLES: readonly BlobRole[] = [
  'stored',
  'partial',
  'fresh',
  'pending',
  'unknown',
  'invalid',
  'blocked',
];

let blobCache: readonly Blob[] | undefined;

export function blobs(): readonly Blob[] {
  return (blobCache ??= ROLES.map((role, i) => {
    const encoded = encodedBlob(N, 700 + 450 * i, 7100 + i).encoded;
    const owned = pairsOnShards(encoded.blobId, SHARDS, N);
    const foreign = Array.from({ length: N }, (_, k) => k).find((k) => !owned.includes(k))!;
    return {
      role,
      encoded,
      text: blobIdToText(encoded.blobId),
      metadata: serializeBlobMetadata(encoded.metadata),
      owned,
      foreign,
    };
  }));
}

export const blob = (role: BlobRole) => blobs().find((b) => b.role === role)!;

export function honestSliver(b: Blob, pair: number, type: SliverType): Uint8Array {
  return type === 'primary' ? b.encoded.primary[pair]! : b.encoded.secondary[pair]!;
}

export function knownBlob(blobId: Uint8Array): Blob | undefined {
  return blobs().find((b) => equalBytes(b.encoded.blobId, blobId));
}

// ---- the world ----------------------------------------------------------------------------------

export interface Write {
  readonly kind: 'metadata' | 'sliver' | 'upload' | 'deletion';
  readonly blobId: Uint8Array;
  readonly metadata?: Uint8Array;
  readonly slivers: readonly SliverRecord[];
}

export interface NodeWorld {
  readonly dir: string;
  readonly store: NodeStore;
  readonly state: MemoryBlobState;
  /** Every store write since the last check began. */
  readonly writes: Write[];
  /** What the server and the node reported through onError (500s, failed background work). */
  readonly errors: string[];
  node: StorageNode;
  server: Server;
  /** The store's own write methods, for putting the baseline back. */
  readonly raw: Pick<NodeStore, 'putMetadata' | 'putSliver' | 'deleteBlob'>;
}

export async function openNodeWorld(): Promise<NodeWorld> {
  const dir = await scratchDir('floe-fuzz-node-');
  const store = await NodeStore.open(dir);
  const state = new MemoryBlobState({ epoch: EPOCH, nShards: N, shards: [...SHARDS] });
  for (const b of blobs()) {
    if (b.role === 'pending' || b.role === 'unknown') continue;
    state.register(b.encoded.blobId, { objectId: fakeObjectId(ROLES.indexOf(b.role) + 1) });
    if (b.role === 'invalid') state.invalidate(b.encoded.blobId);
  }
  const raw = {
    putMetadata: store.putMetadata.bind(store),
    putSliver: store.putSliver.bind(store),
    deleteBlob: store.deleteBlob.bind(store),
  };
  const writes: Write[] = [];
  const errors: string[] = [];
  // Every write the node makes is logged, so a check can tell what a request stored.
  store.putMetadata = (blobId, bcs) => {
    writes.push({ kind: 'metadata', blobId, metadata: bcs, slivers: [] });
    return raw.putMetadata(blobId, bcs);
  };
  store.putSliver = (blobId, record) => {
    writes.push({ kind: 'sliver', blobId, slivers: [record] });
    return raw.putSliver(blobId, record);
  };
  const putUpload = store.putUpload.bind(store);
  store.putUpload = (blobId, metadata, slivers) => {
    writes.push({ kind: 'upload', blobId, metadata, slivers });
    return putUpload(blobId, metadata, slivers);
  };
  store.deleteBlob = (blobId) => {
    writes.push({ kind: 'deletion', blobId, slivers: [] });
    return raw.deleteBlob(blobId);
  };
  const world = { dir, store, state, writes, errors, raw } as Omit<NodeWorld, 'node' | 'server'>;
  for (const b of blobs()) await putBaseline(world, b);
  const { node, server } = await startNode(world);
  return Object.assign(world, { node, server });
}

async function putBaseline(world: Pick<NodeWorld, 'raw'>, b: Blob): Promise<void> {
  if (b.role !== 'stored' && b.role !== 'partial' && b.role !== 'blocked') return;
  await world.raw.putMetadata(b.encoded.blobId, b.metadata);
  if (b.role !== 'stored') return;
  for (const pair of b.owned) {
    for (const type of ['primary', 'secondary'] as const) {
      await world.raw.putSliver(b.encoded.blobId, { pair, type, bytes: honestSliver(b, pair, type) });
    }
  }
}

async function startNode(
  world: Pick<NodeWorld, 'store' | 'state' | 'errors'>,
): Promise<{ node: StorageNode; server: Server }> {
  const onError = (error: unknown, context: string) =>
    world.errors.push(
      `${context}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
    );
  const blocked = blob('blocked').encoded.blobId;
  const node = new StorageNode({
    store: world.store,
    state: world.state,
    signer: new BlsSigner(BLS_KEY),
    // Registration waits are part of the API; a short cap keeps them from looking like hangs.
    limits: { maxRegistrationWaitMs: 5 },
    isBlocked: (blobId) => equalBytes(blobId, blocked),
    onError,
    now: () => 1_700_000_000_000,
  });
  const pending = blob('pending');
  await node.putMetadata(pending.encoded.blobId, pending.metadata, true);
  return { node, server: createPublicServer({ node, onError }) };
}

/** Puts the world back to its baseline: the blobs a request wrote, the node's in-memory buffers. */
export async function restoreNodeWorld(world: NodeWorld): Promise<void> {
  const touched = new Map<string, Uint8Array>();
  for (const w of world.writes) touched.set(blobIdToText(w.blobId), w.blobId);
  for (const blobId of touched.values()) {
    await world.raw.deleteBlob(blobId);
    const b = knownBlob(blobId);
    if (b) await putBaseline(world, b);
  }
  await world.node.close();
  Object.assign(world, await startNode(world));
  world.writes.length = 0;
}

/** What a request could change without writing to the store: the pending blob's buffers. */
export function pendingFingerprint(world: NodeWorld): string {
  const b = blob('pending');
  const parts = [world.node.metadataStatus(b.encoded.blobId)];
  for (let pair = 0; pair < N; pair++) {
    parts.push(world.node.sliverStatus(b.encoded.blobId, pair, 'primary'));
    parts.push(world.node.sliverStatus(b.encoded.blobId, pair, 'secondary'));
  }
  return parts.join(',');
}

export async function closeNodeWorld(world: NodeWorld): Promise<void> {
  await world.node.close();
  await world.store.close();
  await removeDir(world.dir);
}
