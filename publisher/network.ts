// Opening a network for a CLI command: the devnet from its devnet.json, testnet and mainnet from
// their presets; a Sui client, a WalrusClient and the WAL coin type. Unreachable networks fail
// here, once, with a message that says what to start or check.
import { readFile } from 'node:fs/promises';
import { trustCaInThisProcess } from '../devnet/tls/trust.ts';
import { resolve } from 'node:path';
import type { WalrusClient } from '@mysten/walrus';
import { createChainClients } from '../core/sui/chain-clients.ts';
import { resolveWalCoinType, type SuiClient } from '../core/sui/client.ts';
import {
  networkFromDevnetJson,
  networkPreset,
  withTransport,
  type NetworkConfig,
  type NetworkName,
  type SuiTransport,
} from '../core/sui/networks.ts';

export class NetworkUnavailableError extends Error {
  override name = 'NetworkUnavailableError';
}

/** Where `npm run devnet` keeps its state unless told otherwise. */
export const DEFAULT_DEVNET_DIR = '.floe/devnet';

export interface OpenNetworkOptions {
  readonly network: NetworkName;
  /** Devnet state folder (holding devnet.json); default `$FLOE_DEVNET_DIR` or `.floe/devnet`. */
  readonly devnetDir?: string;
  /** The chain transport instead of the network's default (gRPC). */
  readonly transport?: SuiTransport;
}

export interface NetworkContext {
  readonly network: NetworkConfig;
  readonly sui: SuiClient;
  readonly walrus: WalrusClient;
  readonly walCoinType: string;
}

export async function loadNetworkConfig(options: OpenNetworkOptions): Promise<NetworkConfig> {
  const network = await loadDefaultNetworkConfig(options);
  return options.transport ? withTransport(network, options.transport) : network;
}

async function loadDefaultNetworkConfig(options: OpenNetworkOptions): Promise<NetworkConfig> {
  if (options.network !== 'devnet') return networkPreset(options.network);
  const dir = resolve(options.devnetDir ?? process.env['FLOE_DEVNET_DIR'] ?? DEFAULT_DEVNET_DIR);
  const file = resolve(dir, 'devnet.json');
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    throw new NetworkUnavailableError(
      `no devnet found at ${file}: start one with \`npm run devnet\` (or \`floe devnet\`), ` +
        'or pass --devnet-dir, or use --network testnet|mainnet',
    );
  }
  const json: unknown = JSON.parse(text);
  const network = networkFromDevnetJson(json);
  // A devnet whose nodes serve HTTPS names its CA; this process trusts it for that devnet's nodes.
  const caPath = (json as { tls?: { caPath?: unknown } }).tls?.caPath;
  if (typeof caPath === 'string') trustCaInThisProcess(await readFile(caPath, 'utf8'));
  return network;
}

export async function openNetwork(options: OpenNetworkOptions): Promise<NetworkContext> {
  const network = await loadNetworkConfig(options);
  const { sui, walrus } = createChainClients(network);
  let walCoinType: string;
  try {
    walCoinType = await resolveWalCoinType(sui, network);
  } catch (error) {
    throw new NetworkUnavailableError(
      `cannot reach the ${network.name} chain at ${network.rpc.url}: ${(error as Error).message}` +
        (network.name === 'devnet' ? ' — is `npm run devnet` running?' : ''),
      { cause: error },
    );
  }
  return { network, sui, walrus, walCoinType };
}
