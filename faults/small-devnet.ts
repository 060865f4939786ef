// A small devnet (4 nodes, 40 shards) with the chain clients and an encoder, for the fault suite's
// tests that need real nodes but not many: started once per test file, stopped after it.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { networkFromDevnetJson } from '../core/sui/networks.ts';
import { startDevnet, type Devnet } from '../devnet/launcher/launcher.ts';
import { EncodePool } from '../publisher/encode-pool.ts';
import { openChain, type Chain } from './chain.ts';

export interface SmallDevnet {
  readonly devnet: Devnet;
  readonly chain: Chain;
  readonly pool: EncodePool;
  stop(): Promise<void>;
}

export async function startSmallDevnet(name: string): Promise<SmallDevnet> {
  const dir = await mkdtemp(join(tmpdir(), `floe-${name}-`));
  let devnet: Devnet | undefined;
  try {
    devnet = await startDevnet({ dir: join(dir, 'devnet'), nodes: 4, shards: 40, port: 0 });
    const chain = openChain(
      networkFromDevnetJson(JSON.parse(await readFile(join(devnet.config.dir, 'devnet.json'), 'utf8'))),
    );
    const pool = new EncodePool(1);
    const running = devnet;
    return {
      devnet: running,
      chain,
      pool,
      stop: async () => {
        await pool.close();
        await running.stop();
        await rm(dir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await devnet?.stop();
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
}
