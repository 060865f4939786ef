// A running devnet chain: durable store, native modules, executor, faucet and the RPC server
// (Sui JSON-RPC and the Sui gRPC API over gRPC-web, on one port), started and stopped together. The launcher and tests use this one entry point.
import { readFile, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Ed25519Keypair } from '@mysten/sui/keypairs/ed25519';
import { writeMethods } from './api/write.ts';
import { nameServiceMethods } from './api/names.ts';
import { Executor } from './exec/executor.ts';
import { Faucet } from './faucet.ts';
import { faucetRoutes } from './faucet-routes.ts';
import { genesisBatch, type GenesisObject } from './genesis.ts';
import { chainMetadata } from './grpc/chain-metadata.ts';
import { createGrpcWebHandler } from './grpc/server.ts';
import { suiGrpcServices } from './grpc/services.ts';
import { ContentRenderer } from './move/render.ts';
import type { ModuleRegistry } from './move/registry.ts';
import { devnetRegistry } from './registry.ts';
import { namesGenesisObjects } from './natives/names/registry-object.ts';
import { readMethods } from './rpc/read-methods.ts';
import { startRpcServer, type RpcServer } from './rpc/server.ts';
import { FileChainStore } from './state/file-store.ts';
import type { CommitBatch } from './state/records.ts';

const FAUCET_KEY_FILE = 'faucet.key';
const SUI_COIN = '0x2::coin::Coin<0x2::sui::SUI>';
/** The faucet starts with many coins so concurrent grants rarely contend for one gas object. */
const FAUCET_COINS = 50;
const FAUCET_COIN_VALUE = 1_000_000_000_000_000n; // 1M SUI each

export interface ChainOptions {
  /** Directory holding the chain's log and keys; reused across restarts. */
  readonly dir: string;
  readonly port?: number;
  readonly host?: string;
  readonly epochDurationMs?: number;
  readonly referenceGasPrice?: bigint;
  /** Extra genesis objects (e.g. Walrus system objects), used only for a new directory. */
  readonly genesisObjects?: (registry: ModuleRegistry) => GenesisObject[];
  /**
   * Further genesis transactions (e.g. `walrusGenesis(...).batch`), committed with the first one
   * in checkpoint 0; used only for a new directory.
   */
  readonly genesisBatches?: (registry: ModuleRegistry) => CommitBatch[];
  /** Coin type the faucet also hands out (WAL), when genesis gave it such coins. */
  readonly walCoinType?: string;
  readonly now?: () => number;
}

export interface Chain {
  readonly url: string;
  readonly store: FileChainStore;
  readonly executor: Executor;
  readonly faucet: Faucet;
  readonly registry: ModuleRegistry;
  /** Ends the current epoch now (tests, and the launcher's `--advance-epoch`); returns the new one. */
  advanceEpoch(): bigint;
  close(): Promise<void>;
}

export async function startChain(options: ChainOptions): Promise<Chain> {
  const registry = devnetRegistry();
  const faucetKey = await loadOrCreateFaucetKey(options.dir);
  const now = options.now ?? Date.now;
  const store = await FileChainStore.open(
    options.dir,
    () => {
      const faucetCoins = Array.from({ length: FAUCET_COINS }, () => ({
        type: SUI_COIN,
        owner: { AddressOwner: faucetKey.toSuiAddress() },
        fields: { balance: { value: FAUCET_COIN_VALUE } },
      }));
      // The name registry goes last so adding it did not shift the IDs of earlier genesis objects.
      const objects = [
        ...faucetCoins,
        ...(options.genesisObjects?.(registry) ?? []),
        ...namesGenesisObjects(),
      ];
      return [genesisBatch(registry, objects, now()), ...(options.genesisBatches?.(registry) ?? [])];
    },
    {
      ...(options.epochDurationMs !== undefined ? { epochDurationMs: options.epochDurationMs } : {}),
      ...(options.referenceGasPrice !== undefined ? { referenceGasPrice: options.referenceGasPrice } : {}),
      now,
    },
  );
  const executor = new Executor({ store, registry, now });
  const faucet = new Faucet({
    store,
    executor,
    keypair: faucetKey,
    ...(options.walCoinType ? { walCoinType: options.walCoinType } : {}),
  });
  const render = new ContentRenderer(registry);
  let server: RpcServer;
  try {
    server = await startRpcServer({
      ...(options.port !== undefined ? { port: options.port } : {}),
      ...(options.host !== undefined ? { host: options.host } : {}),
      methods: {
        ...readMethods(store, render),
        ...writeMethods({ store, executor, registry, render }),
        ...nameServiceMethods({ store, registry }),
      },
      routes: faucetRoutes(faucet),
      grpc: createGrpcWebHandler(suiGrpcServices({ store, executor, registry, render }), {
        metadata: () => chainMetadata(store),
      }),
    });
  } catch (error) {
    await store.close();
    throw error;
  }
  const epochHooks: ((epoch: bigint) => void)[] = [];
  const advanceEpoch = (): bigint => {
    const current = store.epoch();
    const next = current.epoch + 1n;
    store.setEpoch({ ...current, epoch: next, startTimestampMs: now() });
    for (const hook of epochHooks) hook(next);
    return next;
  };
  // Epochs also end on their own once their configured length has passed.
  const clock = setInterval(() => {
    const current = store.epoch();
    if (now() >= current.startTimestampMs + current.durationMs) advanceEpoch();
  }, 1000);
  clock.unref();
  return {
    url: server.url,
    store,
    executor,
    faucet,
    registry,
    advanceEpoch,
    close: async () => {
      clearInterval(clock);
      await server.close();
      await store.close();
    },
  };
}

/** The faucet key of a chain directory, created on first use (the launcher needs it before genesis). */
export async function loadOrCreateFaucetKey(dir: string): Promise<Ed25519Keypair> {
  const file = join(dir, FAUCET_KEY_FILE);
  if (existsSync(file)) return Ed25519Keypair.fromSecretKey((await readFile(file, 'utf8')).trim());
  const { mkdir } = await import('node:fs/promises');
  await mkdir(dir, { recursive: true });
  const key = new Ed25519Keypair();
  await writeFile(file, `${key.getSecretKey()}\n`, { mode: 0o600 });
  return key;
}
