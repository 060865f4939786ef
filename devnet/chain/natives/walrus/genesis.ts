// Walrus at genesis: the System and Staking objects with their inner state, one StakingPool per
// storage node (in the pools ObjectTable, as dynamic object fields keyed by node ID), the extended
// fields they point to, optional StorageNodeCaps and WAL coins — the state a real deployment
// reaches after its first epoch change, so `WalrusClient` finds a committee right away.
//
// `genesisBatch` cannot express this (it assigns fresh IDs and cannot derive dynamic-field IDs
// from a parent's), so this builds its own genesis transaction; pass its batch to
// `FileChainStore.open` next to the others.
import { blake2b } from '@noble/hashes/blake2.js';
import { normalizeSuiAddress } from '@mysten/sui/utils';
import { deriveObjectId, digestOf } from '../../exec/ids.ts';
import type { ModuleRegistry } from '../../move/registry.ts';
import type { MoveType } from '../../move/types.ts';
import type { ChainObject, CommitBatch, ObjectChange, Owner } from '../../state/records.ts';
import { sumG1, uncompressedG1 } from './bls.ts';
import {
  PKG,
  U64_TYPE,
  WAL_COIN_TYPE,
  WAL_PKG,
  WALRUS_VERSION,
  walrusType,
  type BlsCommitteeMemberValue,
  type CommitteeValue,
  type StakingInnerV1Value,
  type StakingPoolValue,
  type SystemStateInnerV1Value,
} from './constants.ts';
import { dynamicField, makeObject, systemTransaction } from './system-tx.ts';

export interface WalrusNodeSpec {
  readonly name: string;
  /** `host:port`, no scheme: the SDK prepends its `storageNodeUrlScheme`. */
  readonly networkAddress: string;
  /** The node's BLS12-381 protocol key (G1), 48 bytes compressed (96 uncompressed also accepted). */
  readonly blsPublicKey: Uint8Array;
  /** Shard indices this node holds in the genesis committee (may be empty: a pool outside the committee). */
  readonly shards: readonly number[];
  /** 33-byte network (TLS) key; unused by the TS SDK. Default: a placeholder derived from the name. */
  readonly networkPublicKey?: Uint8Array;
  /** WAL staked with the node, in FROST (informational: staking is not emulated). Default 0. */
  readonly stake?: bigint;
  /** Address that receives the node's StorageNodeCap and commission rights. Default: no cap, 0x0. */
  readonly operator?: string;
}

export interface WalrusGenesisOptions {
  readonly nShards: number;
  readonly nodes: readonly WalrusNodeSpec[];
  /** FROST per MiB (of encoded size) per epoch. */
  readonly storagePricePerUnit: bigint;
  /** FROST per MiB (of encoded size), once at registration. */
  readonly writePricePerUnit: bigint;
  readonly epochDurationMs: number;
  /** Start of the current epoch (chain time, ms). */
  readonly timestampMs: number;
  /** The Walrus epoch the chain starts in. Default 1: epoch 0 of a real network has no committee. */
  readonly epoch?: number;
  /** How many epochs ahead storage can be bought (`max_epochs_ahead`). Default 53, as on mainnet. */
  readonly maxEpochsAhead?: number;
  /** Capacity the system sells, in encoded bytes. Default 1 PiB. */
  readonly totalCapacitySize?: bigint;
  /** WAL coins to create, e.g. for the faucet. */
  readonly walCoins?: readonly { readonly owner: string; readonly amount: bigint }[];
}

export interface WalrusNode {
  readonly name: string;
  readonly nodeId: string;
  readonly networkAddress: string;
  readonly shards: readonly number[];
  /** Index into the BLS committee (signer bitmap position), or -1 outside the committee. */
  readonly committeeIndex: number;
  readonly capId: string | null;
}

/** What clients need to find Walrus on the devnet (e.g. for devnet.json and `WalrusClient`). */
export interface WalrusDeployment {
  readonly packageId: string;
  readonly walPackageId: string;
  readonly walCoinType: string;
  /** `packageConfig.systemObjectId` for `WalrusClient`. */
  readonly systemObjectId: string;
  /** `packageConfig.stakingPoolId` for `WalrusClient`. */
  readonly stakingObjectId: string;
  readonly nShards: number;
  readonly epoch: number;
  /** In the order given to `walrusGenesis`. */
  readonly nodes: readonly WalrusNode[];
  readonly walCoinIds: readonly string[];
}

const DEFAULT_MAX_EPOCHS_AHEAD = 53;
const DEFAULT_CAPACITY = 1n << 50n;
/** `staking_inner::TEMP_ACTIVE_SET_SIZE_LIMIT`. */
const ACTIVE_SET_SIZE_LIMIT = 150;
const SHARED: Owner = { Shared: { initial_shared_version: '1' } };
const EXTENDED_FIELD_KEY = { dummy_field: false };

export class WalrusGenesisError extends Error {
  override name = 'WalrusGenesisError';
}

export function walrusGenesis(
  registry: ModuleRegistry,
  options: WalrusGenesisOptions,
): { batch: CommitBatch; deployment: WalrusDeployment } {
  const epoch = options.epoch ?? 1;
  const nShards = options.nShards;
  const maxEpochsAhead = options.maxEpochsAhead ?? DEFAULT_MAX_EPOCHS_AHEAD;
  validate(options, maxEpochsAhead);

  const label = JSON.stringify(options, (_k, v: unknown) =>
    typeof v === 'bigint' ? v.toString() : v instanceof Uint8Array ? [...v] : v,
  );
  const digest = digestOf('floe-devnet-walrus-genesis', new TextEncoder().encode(label));
  let creations = 0;
  const freshId = () => normalizeSuiAddress(deriveObjectId(digest, creations++));
  const written: ChainObject[] = [];
  const put = (type: MoveType, value: { id: string }, owner: Owner) => {
    written.push(makeObject(registry, { type, value, owner, version: 1n, previousTransaction: digest }));
  };
  const addField = (
    parent: string,
    nameType: MoveType,
    name: unknown,
    valueType: MoveType,
    value: unknown,
  ) => {
    const field = dynamicField(registry, parent, nameType, name, valueType);
    put(field.type, { id: field.id, name, value } as { id: string }, { ObjectOwner: parent });
    return field.id;
  };
  const keyType = walrusType('ExtendedFieldKey');
  /** `extended_field::new`: an object whose only content is the value under `Key()`. */
  const extendedField = (valueType: MoveType, value: unknown) => {
    const id = freshId();
    addField(id, keyType, EXTENDED_FIELD_KEY, valueType, value);
    return { id };
  };

  const systemId = freshId();
  const stakingId = freshId();
  const poolsTableId = freshId();
  const nodes = options.nodes.map((spec) => ({
    spec,
    nodeId: freshId(),
    publicKey: publicKeyOf(spec),
  }));
  // Committees are VecMaps sorted by node ID, and the BLS committee lists members in that order.
  const members = nodes
    .filter((n) => n.spec.shards.length > 0)
    .sort((a, b) => (a.nodeId < b.nodeId ? -1 : 1));
  const committee: CommitteeValue = {
    pos0: { contents: members.map((n) => ({ key: n.nodeId, value: [...n.spec.shards] })) },
  };
  const blsMembers: BlsCommitteeMemberValue[] = members.map((n) => ({
    public_key: { bytes: n.publicKey },
    weight: n.spec.shards.length,
    node_id: n.nodeId,
  }));
  const totalCapacity = options.totalCapacitySize ?? DEFAULT_CAPACITY;

  // ---- System ----
  put(
    walrusType('System'),
    { id: systemId, version: WALRUS_VERSION, package_id: PKG, new_package_id: null } as { id: string },
    SHARED,
  );
  const systemInner: SystemStateInnerV1Value = {
    committee: {
      members: blsMembers,
      n_shards: nShards,
      epoch,
      total_aggregated_key: { bytes: sumG1(blsMembers.map((m) => m.public_key.bytes)) },
    },
    total_capacity_size: totalCapacity,
    used_capacity_size: 0n,
    storage_price_per_unit_size: options.storagePricePerUnit,
    write_price_per_unit_size: options.writePricePerUnit,
    // The ring holds the current epoch and the ones after it, as after `epoch` epoch changes.
    future_accounting: {
      current_index: 0,
      length: maxEpochsAhead,
      ring_buffer: Array.from({ length: maxEpochsAhead }, (_, i) => ({
        epoch: epoch + i,
        used_capacity: 0n,
        rewards_to_distribute: { value: 0n },
      })),
    },
    event_blob_certification_state: {
      latest_certified_blob: null,
      aggregate_weight_per_blob: { contents: [] },
    },
    deny_list_sizes: extendedField(walrusType('VecMap<ID, u64>'), { contents: [] }),
  };
  addField(systemId, U64_TYPE, WALRUS_VERSION, walrusType('SystemStateInnerV1'), systemInner);

  // ---- Staking ----
  put(
    walrusType('Staking'),
    { id: stakingId, version: WALRUS_VERSION, package_id: PKG, new_package_id: null } as { id: string },
    SHARED,
  );
  const totalStake = nodes.reduce((sum, n) => sum + (n.spec.stake ?? 0n), 0n);
  const stakingInner: StakingInnerV1Value = {
    n_shards: nShards,
    epoch_duration: BigInt(options.epochDurationMs),
    first_epoch_start: BigInt(options.timestampMs),
    pools: { id: poolsTableId, size: BigInt(nodes.length) },
    epoch,
    active_set: extendedField(walrusType('ActiveSet'), {
      max_size: ACTIVE_SET_SIZE_LIMIT,
      threshold_stake: 0n,
      nodes: nodes.map((n) => ({ node_id: n.nodeId, staked_amount: n.spec.stake ?? 0n })),
      total_stake: totalStake,
    }),
    next_committee: null,
    committee,
    previous_committee: { pos0: { contents: [] } },
    next_epoch_params: null,
    epoch_state: { EpochChangeDone: BigInt(options.timestampMs) },
    next_epoch_public_keys: extendedField(walrusType('VecMap<ID, Element<UncompressedG1>>'), {
      contents: [],
    }),
  };
  addField(stakingId, U64_TYPE, WALRUS_VERSION, walrusType('StakingInnerV1'), stakingInner);

  // ---- Pools (dynamic object fields of the pools table) and caps ----
  const poolType = walrusType('StakingPool');
  const deploymentNodes: WalrusNode[] = [];
  for (const { spec, nodeId, publicKey } of nodes) {
    const operator = normalizeSuiAddress(spec.operator ?? '0x0');
    const exchangeRates = freshId();
    // The flat rate from the pool's activation epoch, as `staking_pool::new` records it.
    addField(exchangeRates, walrusType('u32'), 0, walrusType('PoolExchangeRate'), { Flat: true });
    const stake = spec.stake ?? 0n;
    const pool: StakingPoolValue = {
      id: nodeId,
      state: { Active: true },
      voting_params: {
        storage_price: options.storagePricePerUnit,
        write_price: options.writePricePerUnit,
        node_capacity: totalCapacity,
      },
      node_info: {
        name: spec.name,
        node_id: nodeId,
        network_address: spec.networkAddress,
        public_key: { bytes: publicKey },
        next_epoch_public_key: null,
        network_public_key: spec.networkPublicKey ?? placeholderNetworkKey(spec.name),
        metadata: extendedField(walrusType('NodeMetadata'), {
          image_url: '',
          project_url: '',
          description: '',
          extra_fields: { contents: [] },
        }),
      },
      activation_epoch: 0,
      latest_epoch: epoch,
      wal_balance: stake,
      num_shares: stake,
      pending_shares_withdraw: { pos0: { contents: [] } },
      pre_active_withdrawals: { pos0: { contents: [] } },
      pending_commission_rate: { pos0: { contents: [] } },
      commission_rate: 0,
      exchange_rates: { id: exchangeRates, size: 1n },
      pending_stake: { pos0: { contents: [] } },
      rewards_pool: { value: 0n },
      commission: { value: 0n },
      commission_receiver: { Address: operator },
      governance_authorized: { Address: operator },
      extra_fields: { id: freshId(), size: 0n },
    };
    // `object_table::add` = a dynamic object field: Field<Wrapper<ID>, ID> under the table, and
    // the pool itself owned by that field object, keeping its own ID (the node ID).
    const wrapper = walrusType('0x2::dynamic_object_field::Wrapper<ID>');
    const fieldId = addField(poolsTableId, wrapper, { name: nodeId }, walrusType('ID'), nodeId);
    put(poolType, pool, { ObjectOwner: fieldId });
    let capId: string | null = null;
    if (spec.operator) {
      capId = freshId();
      put(
        walrusType('StorageNodeCap'),
        {
          id: capId,
          node_id: nodeId,
          last_epoch_sync_done: epoch,
          last_event_blob_attestation: null,
          deny_list_root: 0n,
          deny_list_sequence: 0n,
          deny_list_size: 0n,
        } as { id: string },
        { AddressOwner: operator },
      );
    }
    deploymentNodes.push({
      name: spec.name,
      nodeId,
      networkAddress: spec.networkAddress,
      shards: [...spec.shards],
      committeeIndex: members.findIndex((m) => m.nodeId === nodeId),
      capId,
    });
  }

  // ---- WAL coins ----
  const coinType = walrusType(`0x2::coin::Coin<${WAL_COIN_TYPE}>`);
  const walCoinIds = (options.walCoins ?? []).map(({ owner, amount }) => {
    const id = freshId();
    put(coinType, { id, balance: { value: amount } } as { id: string }, {
      AddressOwner: normalizeSuiAddress(owner),
    });
    return id;
  });

  const changes: ObjectChange[] = written.map((o) => ({
    id: o.id,
    kind: 'created',
    after: { version: o.version, digest: o.digest, owner: o.owner, type: o.type },
  }));
  const batch = systemTransaction(registry, {
    digest,
    written,
    changes,
    events: [],
    lamport: 1n,
    executedEpoch: 0n,
    timestampMs: options.timestampMs,
  });
  return {
    batch,
    deployment: {
      packageId: PKG,
      walPackageId: WAL_PKG,
      walCoinType: WAL_COIN_TYPE,
      systemObjectId: systemId,
      stakingObjectId: stakingId,
      nShards,
      epoch,
      nodes: deploymentNodes,
      walCoinIds,
    },
  };
}

function publicKeyOf(spec: WalrusNodeSpec): Uint8Array {
  try {
    // `storage_node::new` stores `g1_to_uncompressed_g1(g1_from_bytes(key))`; the SDK hands these
    // 96 bytes to its BLS verifier unchanged.
    return uncompressedG1(spec.blsPublicKey);
  } catch (cause) {
    throw new WalrusGenesisError(`node ${spec.name}: invalid BLS public key`, { cause });
  }
}

/** A 33-byte compressed-key-shaped value; Walrus checks only the length. */
function placeholderNetworkKey(name: string): Uint8Array {
  const key = new Uint8Array(33);
  key[0] = 0x02;
  key.set(blake2b(new TextEncoder().encode(`floe-devnet/network-key/${name}`), { dkLen: 32 }), 1);
  return key;
}

function validate(options: WalrusGenesisOptions, maxEpochsAhead: number): void {
  const n = options.nShards;
  if (!Number.isInteger(n) || n < 1 || n > 0xffff) throw new WalrusGenesisError(`invalid nShards ${n}`);
  if (options.nodes.length === 0) throw new WalrusGenesisError('Walrus needs at least one storage node');
  if (!Number.isInteger(maxEpochsAhead) || maxEpochsAhead < 1 || maxEpochsAhead > 1000)
    throw new WalrusGenesisError(
      `maxEpochsAhead must be in 1..1000 (MAX_MAX_EPOCHS_AHEAD), got ${maxEpochsAhead}`,
    );
  const owner = new Map<number, string>();
  for (const node of options.nodes) {
    if (node.networkAddress.includes('://'))
      throw new WalrusGenesisError(`node ${node.name}: networkAddress is host:port, without a scheme`);
    if (node.networkPublicKey && node.networkPublicKey.length !== 33)
      throw new WalrusGenesisError(`node ${node.name}: networkPublicKey must be 33 bytes`);
    for (const shard of node.shards) {
      if (!Number.isInteger(shard) || shard < 0 || shard >= n)
        throw new WalrusGenesisError(`node ${node.name}: shard ${shard} is not in 0..${n - 1}`);
      const previous = owner.get(shard);
      if (previous !== undefined)
        throw new WalrusGenesisError(`shard ${shard} is assigned to both ${previous} and ${node.name}`);
      owner.set(shard, node.name);
    }
  }
  if (owner.size !== n) throw new WalrusGenesisError(`only ${owner.size} of ${n} shards are assigned`);
}
