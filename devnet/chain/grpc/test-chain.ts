// Test support: a devnet chain served over both transports on one port, JSON-RPC (with the
// faucet) and the gRPC-web services, so tests can run the same operation through the unmodified
// `SuiJsonRpcClient` and `SuiGrpcClient` against one state.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SuiGrpcClient } from '@mysten/sui/grpc';
import { SuiJsonRpcClient } from '@mysten/sui/jsonRpc';
import { nameServiceMethods } from '../api/names.ts';
import { writeMethods } from '../api/write.ts';
import { startChain, type Chain } from '../chain.ts';
import { faucetRoutes } from '../faucet-routes.ts';
import { ContentRenderer } from '../move/render.ts';
import { readMethods } from '../rpc/read-methods.ts';
import { startRpcServer } from '../rpc/server.ts';
import { executionService } from './execution-service.ts';
import { movePackageService } from './move-package-service.ts';
import { createGrpcWebHandler } from './server.ts';
import type { GrpcServiceContext } from './service.ts';
import { readServices } from './services.ts';
import { transactionHandlers } from './transactions.ts';

export interface DualTransportChain {
  readonly chain: Chain;
  readonly url: string;
  readonly grpc: SuiGrpcClient;
  readonly jsonRpc: SuiJsonRpcClient;
  close(): Promise<void>;
}

export async function startDualTransportChain(): Promise<DualTransportChain> {
  const dir = await mkdtemp(join(tmpdir(), 'floe-grpc-chain-'));
  const chain = await startChain({ dir });
  const render = new ContentRenderer(chain.registry);
  const ctx: GrpcServiceContext = {
    store: chain.store,
    executor: chain.executor,
    registry: chain.registry,
    render,
  };
  const server = await startRpcServer({
    methods: {
      ...readMethods(chain.store, render),
      ...writeMethods(ctx),
      ...nameServiceMethods({ store: chain.store, registry: chain.registry }),
    },
    routes: faucetRoutes(chain.faucet),
    grpc: createGrpcWebHandler([
      ...readServices(ctx, transactionHandlers(ctx)),
      executionService(ctx),
      movePackageService(ctx),
    ]),
  });
  return {
    chain,
    url: server.url,
    grpc: new SuiGrpcClient({ baseUrl: server.url, network: 'localnet' }),
    jsonRpc: new SuiJsonRpcClient({ url: server.url, network: 'localnet' }),
    close: async () => {
      await server.close();
      await chain.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
