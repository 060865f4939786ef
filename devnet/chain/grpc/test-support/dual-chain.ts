// Test support: a devnet chain, which serves both transports on one port (JSON-RPC with the
// faucet, and the gRPC-web services), with a client of each, so tests can run the same operation
// through the unmodified `SuiJsonRpcClient` and `SuiGrpcClient` against one state.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SuiGrpcClient } from '@mysten/sui/grpc';
import { SuiJsonRpcClient } from '@mysten/sui/jsonRpc';
import { startChain, type Chain } from '../../chain.ts';

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
  return {
    chain,
    url: chain.url,
    grpc: new SuiGrpcClient({ baseUrl: chain.url, network: 'localnet' }),
    jsonRpc: new SuiJsonRpcClient({ url: chain.url, network: 'localnet' }),
    close: async () => {
      await chain.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
