// The daemon for a network: the committee from chain (cached per epoch, as the portal's server
// keeps it), Floe's reader over it, and — given a key — the publisher with the deploy pipeline's
// quilt encoder. `floe aggregator` and the devnet launcher start it through here.
import type { Keypair } from '@mysten/sui/cryptography';
import { chainCommittee, CommitteeCache } from '../core/serve/committee-cache.ts';
import { keypairExecutor } from '../core/sui/execute.ts';
import type { NetworkContext } from '../publisher/network.ts';
import { EncodePool } from '../publisher/encode-pool.ts';
import { BlobReads } from './blob-reads.ts';
import { WalrusPublisher } from './publish.ts';
import { startAggregatorServer, type AggregatorServer, type AggregatorServerOptions } from './server.ts';

export interface DaemonOptions {
  readonly context: NetworkContext;
  /** Signs, pays for and owns what is stored; without one the daemon is an aggregator only. */
  readonly signer: { readonly keypair: Keypair; readonly address: string } | null;
  readonly port?: number;
  readonly host?: string;
  readonly limits?: AggregatorServerOptions['limits'];
}

export interface Daemon extends AggregatorServer {
  /** The address that publishes, or null for an aggregator only. */
  readonly publisherAddress: string | null;
}

export async function startDaemon(options: DaemonOptions): Promise<Daemon> {
  const { network, sui, walrus } = options.context;
  const committees = new CommitteeCache(chainCommittee(walrus, sui, network.walrus.storageNodeUrlScheme));
  const committee = () => committees.get();
  // Fail now, not on the first request, when the chain or its Walrus objects are not there.
  await committee();
  const reads = new BlobReads({ committee });
  const encoder = options.signer ? new EncodePool() : null;
  const publisher =
    options.signer && encoder
      ? new WalrusPublisher({
          sui,
          walrus,
          owner: options.signer.address,
          execute: keypairExecutor(sui, options.signer.keypair),
          committee,
          encoder,
        })
      : undefined;
  let server: AggregatorServer;
  try {
    server = await startAggregatorServer({
      reads,
      chain: { sui, walrus },
      ...(publisher ? { publisher } : {}),
      ...(options.port !== undefined ? { port: options.port } : {}),
      ...(options.host !== undefined ? { host: options.host } : {}),
      ...(options.limits ? { limits: options.limits } : {}),
    });
  } catch (error) {
    await encoder?.close();
    throw error;
  }
  return {
    url: server.url,
    port: server.port,
    publisherAddress: options.signer?.address ?? null,
    close: async () => {
      await server.close();
      await encoder?.close();
    },
  };
}
