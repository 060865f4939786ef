// Test fixture: a fresh devnet store with Walrus at genesis (real BLS keys per node), SUI and WAL
// coins for two users, an Executor, and helpers to run signed PTBs and to sign storage
// confirmations the way storage nodes do.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { blake2b } from '@noble/hashes/blake2.js';
import { bls12_381 } from '@noble/curves/bls12-381.js';
import { Ed25519Keypair } from '@mysten/sui/keypairs/ed25519';
import { Transaction } from '@mysten/sui/transactions';
import { normalizeSuiAddress } from '@mysten/sui/utils';
import { serializeStorageConfirmation, type BlobPersistence } from '../../../../../core/walrus/bcs.ts';
import { Executor } from '../../../exec/executor.ts';
import { genesisBatch } from '../../../genesis.ts';
import { parseType, typeToString } from '../../../move/types.ts';
import { devnetRegistry } from '../../../registry.ts';
import { FileChainStore } from '../../../state/file-store.ts';
import type { ChainObject } from '../../../state/records.ts';
import { BLS_DST } from '../bls.ts';
import { WAL_COIN_TYPE } from '../constants.ts';
import { walrusGenesis, type WalrusGenesisOptions } from '../genesis.ts';
import { walrusSchema } from '../schema.ts';

const MIN_PK = bls12_381.longSignatures;
export const SUI_COIN = '0x2::coin::Coin<0x2::sui::SUI>';
export const WAL_COIN = `0x2::coin::Coin<${WAL_COIN_TYPE}>`;
export const STORAGE_PRICE = 1_000n;
export const WRITE_PRICE = 2_000n;

export interface FixtureOptions {
  /** Shards of each node; default 4 nodes over 10 shards. */
  readonly shards?: readonly (readonly number[])[];
  readonly genesis?: Partial<WalrusGenesisOptions>;
}

export async function walrusFixture(options: FixtureOptions = {}) {
  const dir = await mkdtemp(join(tmpdir(), 'floe-walrus-'));
  const registry = devnetRegistry();
  const alice = new Ed25519Keypair();
  const bob = new Ed25519Keypair();
  const shards = options.shards ?? [
    [0, 1, 2],
    [3, 4, 5],
    [6, 7],
    [8, 9],
  ];
  const nodeKeys = shards.map((_, i) =>
    MIN_PK.keygen(blake2b(new TextEncoder().encode(`walrus-test-node-${i}`), { dkLen: 48 })),
  );
  const timestampMs = 1_700_000_000_000;
  const walrus = walrusGenesis(registry, {
    nShards: shards.reduce((n, s) => n + s.length, 0),
    nodes: shards.map((list, i) => ({
      name: `node-${i}`,
      networkAddress: `127.0.0.1:${9100 + i}`,
      blsPublicKey: nodeKeys[i]!.publicKey.toBytes(true),
      shards: list,
      operator: alice.toSuiAddress(),
    })),
    storagePricePerUnit: STORAGE_PRICE,
    writePricePerUnit: WRITE_PRICE,
    epochDurationMs: 3_600_000,
    timestampMs,
    walCoins: [
      { owner: alice.toSuiAddress(), amount: 1_000_000_000_000n },
      { owner: bob.toSuiAddress(), amount: 1_000n },
    ],
    ...options.genesis,
  });
  const coins = [alice, alice, bob].map((k) => ({
    type: SUI_COIN,
    owner: { AddressOwner: k.toSuiAddress() },
    fields: { balance: { value: 100_000_000_000n } },
  }));
  const store = await FileChainStore.open(
    dir,
    () => [genesisBatch(registry, coins, timestampMs), walrus.batch],
    { now: () => timestampMs },
  );
  const executor = new Executor({ store, registry, now: () => timestampMs });
  const deployment = walrus.deployment;

  const object = (id: string): ChainObject => {
    const found = store.getObject(normalizeSuiAddress(id));
    if (!found) throw new Error(`no object ${id}`);
    return found;
  };
  const parse = <T>(id: string): T =>
    walrusSchema(registry, parseType(object(id).type)).parse(object(id).contents) as T;
  const ref = (o: ChainObject) => ({ objectId: o.id, version: String(o.version), digest: o.digest });
  const coinsOf = (address: string, type: string) =>
    store.ownedBy(address).filter((o) => o.type === typeToString(parseType(type)));
  const balanceOf = (address: string, type: string) =>
    coinsOf(address, type).reduce(
      (sum, c) => sum + parse<{ balance: { value: bigint } }>(c.id).balance.value,
      0n,
    );

  async function sign(signer: Ed25519Keypair, build: (tx: Transaction) => void | Promise<void>) {
    const tx = new Transaction();
    tx.setSender(signer.toSuiAddress());
    tx.setGasPrice(1000);
    tx.setGasBudget(1_000_000_000);
    tx.setGasPayment([ref(coinsOf(signer.toSuiAddress(), SUI_COIN)[0]!)]);
    await build(tx);
    return tx;
  }
  /** Builds offline (all inputs given as refs), signs and executes. */
  async function run(signer: Ed25519Keypair, build: (tx: Transaction) => void) {
    const tx = await sign(signer, build);
    const bytes = await tx.build();
    return executor.execute(bytes, [(await signer.signTransaction(bytes)).signature]);
  }
  const system = (tx: Transaction, mutable: boolean) =>
    tx.sharedObjectRef({ objectId: deployment.systemObjectId, initialSharedVersion: 1, mutable });

  /**
   * Storage confirmations from the given nodes (indices into `shards`), aggregated: signature,
   * signer bitmap over the BLS committee, and the signed message.
   */
  function certificate(
    signers: readonly number[],
    message: { epoch: number; blobId: Uint8Array; persistence: BlobPersistence },
  ) {
    const bytes = serializeStorageConfirmation(message);
    const signatures = signers.map((i) => confirmation(i, bytes));
    const bitmap = new Uint8Array(
      Math.ceil(deployment.nodes.filter((n) => n.committeeIndex >= 0).length / 8),
    );
    for (const i of signers) {
      const index = deployment.nodes[i]!.committeeIndex;
      bitmap[index >> 3]! |= 1 << (index & 7);
    }
    return { signature: MIN_PK.aggregateSignatures(signatures).toBytes(), bitmap, message: bytes };
  }
  /** One node's BLS signature over a serialized confirmation, as its `/confirmation` endpoint returns it. */
  function confirmation(node: number, message: Uint8Array): Uint8Array {
    return MIN_PK.sign(MIN_PK.hash(message, BLS_DST), nodeKeys[node]!.secretKey).toBytes();
  }

  return {
    dir,
    registry,
    store,
    executor,
    deployment,
    alice,
    bob,
    nodeKeys,
    object,
    parse,
    ref,
    coinsOf,
    balanceOf,
    sign,
    run,
    system,
    certificate,
    confirmation,
    async cleanup() {
      await store.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

export type WalrusFixture = Awaited<ReturnType<typeof walrusFixture>>;
