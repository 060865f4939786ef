// Facts about the chain a Sui full node reports in GetServiceInfo and, on every gRPC response, in
// `x-sui-*` headers (MystenLabs/sui crates/sui-rpc-api/src/types.rs). The chain identifier is the
// genesis checkpoint's digest in base58, as Sui's gRPC API and the SDK's `getChainIdentifier` give
// it (JSON-RPC's `sui_getChainIdentifier` prints only its first four bytes, in hex).
import type { ChainStore } from '../state/store.ts';

/** What `sui_protocol_config::Chain` calls any chain that is neither mainnet nor testnet. */
export const CHAIN_NAME = 'unknown';

/** `GetServiceInfoResponse.server`, Sui's `server` header equivalent. */
export const SERVER_NAME = 'floe-devnet';

export interface ChainInfo {
  readonly chainId: string;
  readonly epoch: bigint;
  readonly checkpointHeight: bigint;
  readonly timestampMs: number;
  /** The devnet never prunes: everything since genesis is available. */
  readonly lowestAvailableCheckpoint: bigint;
}

export function chainInfo(store: ChainStore): ChainInfo {
  const latest = store.latestCheckpoint();
  return {
    chainId: store.genesisDigest(),
    // The store's epoch, not the latest checkpoint's: the devnet ends an epoch without a
    // checkpoint, and every other API (JSON-RPC system state, GetEpoch) reports the new one.
    epoch: store.epoch().epoch,
    checkpointHeight: latest.sequenceNumber,
    timestampMs: latest.timestampMs,
    lowestAvailableCheckpoint: 0n,
  };
}

/** The `x-sui-*` response headers. */
export function chainMetadata(store: ChainStore): Record<string, string> {
  const info = chainInfo(store);
  return {
    'x-sui-chain-id': info.chainId,
    'x-sui-chain': CHAIN_NAME,
    'x-sui-epoch': String(info.epoch),
    'x-sui-checkpoint-height': String(info.checkpointHeight),
    'x-sui-timestamp-ms': String(info.timestampMs),
    'x-sui-lowest-available-checkpoint': String(info.lowestAvailableCheckpoint),
    'x-sui-lowest-available-checkpoint-objects': String(info.lowestAvailableCheckpoint),
  };
}
