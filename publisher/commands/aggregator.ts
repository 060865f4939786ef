// `floe aggregator`: a Walrus aggregator and publisher daemon (the HTTP API of `walrus daemon`)
// built on Floe's verified reader and writer, for a network, until Ctrl-C.
import { readFile } from 'node:fs/promises';
import type { Keypair } from '@mysten/sui/cryptography';
import { startDaemon } from '../../aggregator/daemon.ts';
import { DEFAULT_PORT } from '../../aggregator/server.ts';
import { NETWORK_OPTIONS, UsageError, networkOptions, parse, type Command } from '../cli/command.ts';
import { keypairFromSuiPrivateKey, loadSigner } from '../keys.ts';
import { openNetwork } from '../network.ts';

const USAGE = `usage: floe aggregator [--network devnet|testnet|mainnet] [--port ${DEFAULT_PORT}] [--host 127.0.0.1]
                       [--no-publisher] [--key-file <file>] [--transport grpc|json-rpc] [--json]

Serves Walrus's aggregator and publisher HTTP API (GET /v1/blobs/{id}, /v1/blobs/by-quilt-patch-id/…,
/v1/quilts/{id}/patches, PUT /v1/blobs, PUT /v1/quilts, …) with the routes, headers and error
bodies of \`walrus daemon\`. Reads go through Floe's reader (every sliver verified); stores are
signed and paid by --key-file (a suiprivkey… file), else FLOE_PRIVATE_KEY, else the devnet's
development key, else the Sui CLI wallet. --no-publisher serves reads only. --json prints one JSON
line {"url", "network", "publisher"} once listening.`;

export const aggregatorCommand: Command = {
  name: 'aggregator',
  summary: 'serve the Walrus aggregator/publisher HTTP API',
  usage: USAGE,
  async run(argv, io) {
    const { values, positionals } = parse(
      argv,
      {
        ...NETWORK_OPTIONS,
        port: { type: 'string', default: String(DEFAULT_PORT) },
        host: { type: 'string', default: '127.0.0.1' },
        'no-publisher': { type: 'boolean', default: false },
        'key-file': { type: 'string' },
      },
      USAGE,
    );
    if (values.help) return (io.out(USAGE), 0);
    if (positionals.length) throw new UsageError('aggregator takes no arguments', USAGE);
    const port = Number(values.port);
    if (!Number.isInteger(port) || port < 0 || port > 65535)
      throw new UsageError('--port must be a port number', USAGE);
    if (values['no-publisher'] && values['key-file']) {
      throw new UsageError('--key-file signs stores; it makes no sense with --no-publisher', USAGE);
    }
    const context = await openNetwork(networkOptions(values, USAGE));
    let signer: { keypair: Keypair; address: string } | null = null;
    if (!values['no-publisher']) {
      const keyFile = values['key-file'];
      if (keyFile) {
        const keypair = keypairFromSuiPrivateKey((await readFile(keyFile, 'utf8')).trim(), keyFile);
        signer = { keypair, address: keypair.toSuiAddress() };
      } else {
        signer = await loadSigner({ network: context.network });
      }
    }
    const daemon = await startDaemon({ context, signer, port, host: values.host });
    const publisher = daemon.publisherAddress;
    if (values.json) {
      // One line: the devnet launcher reads it as the ready signal.
      io.out(JSON.stringify({ url: daemon.url, network: context.network.name, publisher }));
    } else {
      io.out(
        `Walrus ${publisher ? 'aggregator and publisher' : 'aggregator'} for ${context.network.name} at ${daemon.url}` +
          (publisher ? ` (stores paid by ${publisher})` : ''),
      );
    }
    await new Promise<void>((resolve) => {
      process.once('SIGINT', resolve);
      process.once('SIGTERM', resolve);
    });
    await daemon.close();
    return 0;
  },
};
