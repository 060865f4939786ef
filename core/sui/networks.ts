// Where each network's chain, Walrus system and walrus_site package are. Testnet and mainnet are
// fixed presets; the devnet is whatever `devnet.json` says (its IDs change with every genesis), so
// its config is parsed from that file's JSON. Everything downstream takes a `NetworkConfig`.
import { isValidStructTag, normalizeStructTag, normalizeSuiObjectId } from '@mysten/sui/utils';
import {
  MAINNET_WALRUS_PACKAGE_CONFIG,
  TESTNET_WALRUS_PACKAGE_CONFIG,
  type WalrusPackageConfig,
} from '@mysten/walrus';

export type NetworkName = 'devnet' | 'testnet' | 'mainnet';

/** The wire protocol of the chain's RPC. */
export type SuiTransport = 'grpc' | 'json-rpc';

export const SUI_TRANSPORTS: readonly SuiTransport[] = ['grpc', 'json-rpc'];

export const NETWORK_NAMES: readonly NetworkName[] = ['devnet', 'testnet', 'mainnet'];

export interface NetworkConfig {
  readonly name: NetworkName;
  /**
   * The network name given to the Sui SDK and wallets (chain `sui:<suiNetwork>`). The devnet is a
   * local chain, so `localnet`, not Sui's public `devnet`.
   */
  readonly suiNetwork: 'localnet' | 'testnet' | 'mainnet';
  /**
   * How Floe reaches the chain: gRPC-web by default everywhere, as public full nodes serve only
   * gRPC now; JSON-RPC where the network still offers it and it was asked for (`--transport`).
   */
  readonly rpc: { readonly transport: SuiTransport; readonly url: string };
  /** Every endpoint the network offers, by transport; null where it has none. */
  readonly rpcEndpoints: { readonly grpc: string | null; readonly jsonRpc: string | null };
  readonly walrusSite: {
    /** The package's original ID: type tags (`<id>::site::Site`) and dynamic-field IDs. */
    readonly originalPackageId: string;
    /** The current published-at ID: Move calls. */
    readonly packageId: string;
  };
  readonly walrus: {
    readonly systemObjectId: string;
    readonly stakingObjectId: string;
    /**
     * `<package>::wal::WAL`, or null where it is not pinned here: read it from chain with
     * `resolveWalCoinType` (core/sui/client.ts), as `WalrusClient` does.
     */
    readonly walCoinType: string | null;
    /** Scheme of the storage-node addresses in the committee; devnet nodes serve plain HTTP. */
    readonly storageNodeUrlScheme: 'http' | 'https';
  };
  /**
   * The portal to print in hints: sites are at `<label>.<host>`. `base36` says whether the portal
   * resolves base36 object-ID labels too, or only SuiNS names (wal.app).
   */
  readonly portal: { readonly origin: string; readonly base36: boolean };
  /**
   * A Walrus aggregator of the network (HTTP API `/v1/blobs/…`) for tools and apps that read that
   * way; null if none is known. Floe's own reads never go through it: they verify slivers from the
   * storage nodes themselves.
   */
  readonly aggregatorUrl: string | null;
  /** The devnet's faucet (`POST /v2/gas`); null elsewhere. */
  readonly faucetUrl: string | null;
  /** The devnet's funded development key (a file holding `suiprivkey…`); null elsewhere. */
  readonly devKey: { readonly path: string; readonly address: string } | null;
  /** The devnet's name-registry package; null where names are SuiNS (`@mysten/suins` knows those). */
  readonly namesPackageId: string | null;
  /**
   * The devnet's shared name `Registry` (first argument of register/controller calls). Its ID comes
   * from genesis, so it differs per devnet; null elsewhere (SuiNS IDs live in core/sui/names.ts).
   */
  readonly namesRegistryId: string | null;
}

/** A devnet.json (or network name) that cannot be used, with what is wrong in it. */
export class NetworkConfigError extends Error {
  override name = 'NetworkConfigError';
}

/** Floe's own portal on this machine (`npm start`), which serves every network. */
const LOCAL_PORTAL = { origin: 'http://localhost:3000', base36: true } as const;

// walrus_site v2 IDs from MystenLabs/walrus-sites (move/walrus_site/Published.toml, sites-config.yaml).
export const TESTNET: NetworkConfig = {
  name: 'testnet',
  suiNetwork: 'testnet',
  rpc: { transport: 'grpc', url: 'https://fullnode.testnet.sui.io:443' },
  // Public full nodes retired JSON-RPC; a provider that still serves it can be given as --rpc-url.
  rpcEndpoints: { grpc: 'https://fullnode.testnet.sui.io:443', jsonRpc: null },
  walrusSite: {
    originalPackageId: '0xf99aee9f21493e1590e7e5a9aea6f343a1f381031a04a732724871fc294be799',
    packageId: '0x22b8c1496650eb45fbcca0f8f37fae77ed33b7d4eaab4da5f0bb9b62a8708dcb',
  },
  walrus: {
    systemObjectId: TESTNET_WALRUS_PACKAGE_CONFIG.systemObjectId,
    stakingObjectId: TESTNET_WALRUS_PACKAGE_CONFIG.stakingPoolId,
    walCoinType: null,
    storageNodeUrlScheme: 'https',
  },
  // Mysten hosts no testnet portal; Floe's local portal can serve testnet sites.
  portal: LOCAL_PORTAL,
  aggregatorUrl: 'https://aggregator.walrus-testnet.walrus.space',
  faucetUrl: null,
  devKey: null,
  namesPackageId: null,
  namesRegistryId: null,
};

export const MAINNET: NetworkConfig = {
  name: 'mainnet',
  suiNetwork: 'mainnet',
  rpc: { transport: 'grpc', url: 'https://fullnode.mainnet.sui.io:443' },
  // Public full nodes retired JSON-RPC; a provider that still serves it can be given as --rpc-url.
  rpcEndpoints: { grpc: 'https://fullnode.mainnet.sui.io:443', jsonRpc: null },
  walrusSite: {
    originalPackageId: '0x26eb7ee8688da02c5f671679524e379f0b837a12f1d1d799f255b7eea260ad27',
    packageId: '0x5a0c509a659ba982f91ff1189872b8d528f8c02b5f6285a3931fc4c2869ccc9c',
  },
  walrus: {
    systemObjectId: MAINNET_WALRUS_PACKAGE_CONFIG.systemObjectId,
    stakingObjectId: MAINNET_WALRUS_PACKAGE_CONFIG.stakingPoolId,
    walCoinType: null,
    storageNodeUrlScheme: 'https',
  },
  // wal.app serves mainnet sites by SuiNS name only (MystenLabs/walrus-sites portal).
  portal: { origin: 'https://wal.app', base36: false },
  aggregatorUrl: 'https://aggregator.walrus-mainnet.walrus.space',
  faucetUrl: null,
  devKey: null,
  namesPackageId: null,
  namesRegistryId: null,
};

/** Parses a `--transport` value. */
export function parseTransport(text: string): SuiTransport {
  const name = text.trim().toLowerCase();
  if ((SUI_TRANSPORTS as readonly string[]).includes(name)) return name as SuiTransport;
  throw new NetworkConfigError(`unknown transport "${text}": expected one of ${SUI_TRANSPORTS.join(', ')}`);
}

/**
 * The network reached over `transport` instead of its default. Fails, naming what the network
 * offers, when it has no endpoint for that transport (public full nodes serve only gRPC).
 */
export function withTransport(network: NetworkConfig, transport: SuiTransport): NetworkConfig {
  if (network.rpc.transport === transport) return network;
  const url = transport === 'grpc' ? network.rpcEndpoints.grpc : network.rpcEndpoints.jsonRpc;
  if (!url) {
    const offered = SUI_TRANSPORTS.filter((t) =>
      t === 'grpc' ? network.rpcEndpoints.grpc : network.rpcEndpoints.jsonRpc,
    );
    throw new NetworkConfigError(
      `${network.name} has no ${transport === 'grpc' ? 'gRPC' : 'JSON-RPC'} endpoint; it offers ${offered.join(', ') || 'none'}`,
    );
  }
  return { ...network, rpc: { transport, url } };
}

/** Parses a `--network` value. */
export function parseNetworkName(text: string): NetworkName {
  const name = text.trim().toLowerCase();
  if ((NETWORK_NAMES as readonly string[]).includes(name)) return name as NetworkName;
  throw new NetworkConfigError(`unknown network "${text}": expected one of ${NETWORK_NAMES.join(', ')}`);
}

/** The fixed preset of a public network. The devnet has none: use `networkFromDevnetJson`. */
export function networkPreset(name: 'testnet' | 'mainnet'): NetworkConfig {
  return name === 'testnet' ? TESTNET : MAINNET;
}

/**
 * The devnet's config from the parsed contents of `devnet.json` (written by the launcher). Checks
 * every field it uses and names the first one that is missing or malformed.
 */
export function networkFromDevnetJson(json: unknown): NetworkConfig {
  const root = record(json, 'devnet.json');
  if (root.network !== undefined && root.network !== 'devnet') {
    throw new NetworkConfigError(
      `devnet.json: "network" must be "devnet", got ${JSON.stringify(root.network)}`,
    );
  }
  const packages = record(root.packages, 'packages');
  const walrus = record(root.walrus, 'walrus');
  const walrusSite = objectId(packages.walrusSite, 'packages.walrusSite');
  const devKey =
    root.devKey === undefined || root.devKey === null
      ? null
      : (() => {
          const key = record(root.devKey, 'devKey');
          return {
            path: nonEmpty(key.path, 'devKey.path'),
            address: objectId(key.address, 'devKey.address'),
          };
        })();
  const jsonRpc = httpUrl(root.rpcUrl, 'rpcUrl');
  // Devnets from before the chain served gRPC have no grpcUrl: they keep working over JSON-RPC.
  const grpc = root.grpcUrl === undefined ? null : httpUrl(root.grpcUrl, 'grpcUrl');
  return {
    name: 'devnet',
    suiNetwork: 'localnet',
    rpc: grpc ? { transport: 'grpc', url: grpc } : { transport: 'json-rpc', url: jsonRpc },
    rpcEndpoints: { grpc, jsonRpc },
    walrusSite: { originalPackageId: walrusSite, packageId: walrusSite },
    walrus: {
      systemObjectId: objectId(walrus.systemObjectId, 'walrus.systemObjectId'),
      stakingObjectId: objectId(walrus.stakingObjectId, 'walrus.stakingObjectId'),
      walCoinType: coinType(walrus.walCoinType, 'walrus.walCoinType'),
      // Devnets whose nodes serve HTTPS say so with their CA (`tls`); the others speak plain HTTP.
      storageNodeUrlScheme: root.tls === undefined ? 'http' : 'https',
    },
    portal: LOCAL_PORTAL,
    aggregatorUrl: root.aggregatorUrl === undefined ? null : httpUrl(root.aggregatorUrl, 'aggregatorUrl'),
    faucetUrl: root.faucetUrl === undefined ? null : httpUrl(root.faucetUrl, 'faucetUrl'),
    devKey,
    namesPackageId: packages.names === undefined ? null : objectId(packages.names, 'packages.names'),
    namesRegistryId:
      root.names === undefined ? null : objectId(record(root.names, 'names').registryId, 'names.registryId'),
  };
}

/** The `packageConfig` option of `@mysten/walrus`'s `WalrusClient` for this network. */
export function walrusPackageConfig(network: NetworkConfig): WalrusPackageConfig {
  // The SDK's own presets also carry testnet's WAL exchange objects.
  if (network.name === 'testnet') return { ...TESTNET_WALRUS_PACKAGE_CONFIG };
  if (network.name === 'mainnet') return { ...MAINNET_WALRUS_PACKAGE_CONFIG };
  return { systemObjectId: network.walrus.systemObjectId, stakingPoolId: network.walrus.stakingObjectId };
}

/** The URL of a site on the network's portal, for a base36 object-ID label or a SuiNS name label. */
export function portalSiteUrl(network: NetworkConfig, label: string): string {
  const url = new URL(network.portal.origin);
  url.hostname = `${label}.${url.hostname}`;
  return url.toString();
}

function record(value: unknown, field: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new NetworkConfigError(
      field === 'devnet.json'
        ? `devnet.json must hold a JSON object, got ${describe(value)}`
        : `devnet.json: "${field}" must be an object, got ${describe(value)}`,
    );
  }
  return value as Record<string, unknown>;
}

function nonEmpty(value: unknown, field: string): string {
  if (typeof value !== 'string' || value.trim() === '') {
    throw new NetworkConfigError(
      `devnet.json: "${field}" must be a non-empty string, got ${describe(value)}`,
    );
  }
  return value;
}

function objectId(value: unknown, field: string): string {
  const text = nonEmpty(value, field);
  if (!/^0x[0-9a-fA-F]{1,64}$/.test(text)) {
    throw new NetworkConfigError(`devnet.json: "${field}" must be a Sui object ID (0x + hex), got "${text}"`);
  }
  return normalizeSuiObjectId(text);
}

function coinType(value: unknown, field: string): string {
  const text = nonEmpty(value, field);
  if (!isValidStructTag(text)) {
    throw new NetworkConfigError(
      `devnet.json: "${field}" must be a Move type like 0x…::wal::WAL, got "${text}"`,
    );
  }
  return normalizeStructTag(text);
}

function httpUrl(value: unknown, field: string): string {
  const text = nonEmpty(value, field);
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new NetworkConfigError(`devnet.json: "${field}" must be an http(s) URL, got "${text}"`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new NetworkConfigError(`devnet.json: "${field}" must be an http(s) URL, got "${text}"`);
  }
  return text.replace(/\/+$/, '');
}

function describe(value: unknown): string {
  if (value === undefined) return 'nothing (the field is missing)';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'string' ? JSON.stringify(value) : `${typeof value} ${JSON.stringify(value)}`;
}

/**
 * A `NetworkConfig` that travelled as JSON (the portal hands its config to the service worker and
 * the app): checks the fields readers depend on, so a broken portal fails with a clear message.
 */
export function networkFromConfigJson(json: unknown): NetworkConfig {
  const root = json as Partial<NetworkConfig> | null;
  const missing = (field: string) =>
    new NetworkConfigError(`portal config: "${field}" is missing or malformed`);
  if (typeof root !== 'object' || root === null) throw missing('network');
  if (!root.name || !(NETWORK_NAMES as readonly string[]).includes(root.name)) throw missing('name');
  if (
    typeof root.rpc?.url !== 'string' ||
    (root.rpc.transport !== 'json-rpc' && root.rpc.transport !== 'grpc')
  )
    throw missing('rpc');
  const aggregatorUrl = typeof root.aggregatorUrl === 'string' ? root.aggregatorUrl : null;
  // A portal from before rpcEndpoints existed sends only the endpoint it chose.
  if (typeof root.rpcEndpoints !== 'object' || root.rpcEndpoints === null) {
    const only = root.rpc.url;
    const rpcEndpoints =
      root.rpc.transport === 'grpc' ? { grpc: only, jsonRpc: null } : { grpc: null, jsonRpc: only };
    return { ...(root as NetworkConfig), rpcEndpoints, aggregatorUrl };
  }
  if (typeof root.walrusSite?.originalPackageId !== 'string' || typeof root.walrusSite.packageId !== 'string')
    throw missing('walrusSite');
  if (typeof root.walrus?.systemObjectId !== 'string' || typeof root.walrus.stakingObjectId !== 'string')
    throw missing('walrus');
  return { ...(root as NetworkConfig), aggregatorUrl };
}
