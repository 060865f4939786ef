// Names, constants and decoded value shapes shared by the native Walrus modules. Values are the JS
// forms the module registry's BCS schemas produce (u64/u128/u256 as bigint, smaller integers as
// numbers, IDs as 0x-hex strings, Option as value|null, VecMap as `{ contents }`).
import { normalizeSuiAddress } from '@mysten/sui/utils';
import { ExecutionFailure, MoveAbort } from '../../move/abort.ts';
import { COMMON_ALIASES } from '../../move/registry.ts';
import { parseType, type MoveType } from '../../move/types.ts';
import type { ObjectValue } from '../../exec/native-context.ts';
import { WAL_PACKAGE, WALRUS_PACKAGE } from '../packages.ts';
import type { VecMapValue } from '../vec-map.ts';

export const PKG = normalizeSuiAddress(WALRUS_PACKAGE);
export const WAL_PKG = normalizeSuiAddress(WAL_PACKAGE);
export const WAL_COIN_TYPE = `${WAL_PKG}::wal::WAL`;

/**
 * `VERSION` of the devnet's System and Staking objects: the key of their inner-state dynamic field.
 * The devnet publishes one package and never migrates, so it is its first version.
 */
export const WALRUS_VERSION = 1n;

/** `system_state_inner::BYTES_PER_UNIT_SIZE`: storage is priced per started MiB. */
export const BYTES_PER_UNIT_SIZE = 1024n * 1024n;

/** `blob::METADATA_DF`: the dynamic-field name under which a Blob keeps its attributes. */
export const METADATA_FIELD_NAME = new TextEncoder().encode('metadata');

/** The encoding types `encoding::encoded_blob_length` accepts (RS2 only). */
export const RS2 = 1;

/** Short names the Walrus modules use in their signatures and layouts. */
export const WALRUS_ALIASES: Readonly<Record<string, string>> = {
  WAL: WAL_COIN_TYPE,
  Element: '0x2::group_ops::Element',
  G1: '0x2::bls12381::G1',
  UncompressedG1: '0x2::bls12381::UncompressedG1',
  Bag: '0x2::bag::Bag',
  System: `${PKG}::system::System`,
  SystemStateInnerV1: `${PKG}::system_state_inner::SystemStateInnerV1`,
  BlsCommittee: `${PKG}::bls_aggregate::BlsCommittee`,
  BlsCommitteeMember: `${PKG}::bls_aggregate::BlsCommitteeMember`,
  FutureAccounting: `${PKG}::storage_accounting::FutureAccounting`,
  FutureAccountingRingBuffer: `${PKG}::storage_accounting::FutureAccountingRingBuffer`,
  EventBlob: `${PKG}::event_blob::EventBlob`,
  EventBlobAttestation: `${PKG}::event_blob::EventBlobAttestation`,
  EventBlobCertificationState: `${PKG}::event_blob::EventBlobCertificationState`,
  ExtendedField: `${PKG}::extended_field::ExtendedField`,
  ExtendedFieldKey: `${PKG}::extended_field::Key`,
  Blob: `${PKG}::blob::Blob`,
  BlobIdDerivation: `${PKG}::blob::BlobIdDerivation`,
  Storage: `${PKG}::storage_resource::Storage`,
  Metadata: `${PKG}::metadata::Metadata`,
  Staking: `${PKG}::staking::Staking`,
  StakingInnerV1: `${PKG}::staking_inner::StakingInnerV1`,
  EpochState: `${PKG}::staking_inner::EpochState`,
  StakingPool: `${PKG}::staking_pool::StakingPool`,
  PoolState: `${PKG}::staking_pool::PoolState`,
  VotingParams: `${PKG}::staking_pool::VotingParams`,
  StorageNodeInfo: `${PKG}::storage_node::StorageNodeInfo`,
  StorageNodeCap: `${PKG}::storage_node::StorageNodeCap`,
  Committee: `${PKG}::committee::Committee`,
  EpochParams: `${PKG}::epoch_parameters::EpochParams`,
  ActiveSet: `${PKG}::active_set::ActiveSet`,
  ActiveSetEntry: `${PKG}::active_set::ActiveSetEntry`,
  NodeMetadata: `${PKG}::node_metadata::NodeMetadata`,
  PendingValues: `${PKG}::pending_values::PendingValues`,
  Authorized: `${PKG}::auth::Authorized`,
  PoolExchangeRate: `${PKG}::exchange_rate::PoolExchangeRate`,
  StakedWal: `${PKG}::staked_wal::StakedWal`,
  StakedWalState: `${PKG}::staked_wal::StakedWalState`,
  BlobRegistered: `${PKG}::events::BlobRegistered`,
  BlobCertified: `${PKG}::events::BlobCertified`,
  BlobDeleted: `${PKG}::events::BlobDeleted`,
  InvalidBlobID: `${PKG}::events::InvalidBlobID`,
  EpochChangeStart: `${PKG}::events::EpochChangeStart`,
  EpochChangeDone: `${PKG}::events::EpochChangeDone`,
  EpochParametersSelected: `${PKG}::events::EpochParametersSelected`,
  ShardsReceived: `${PKG}::events::ShardsReceived`,
};

/** Parses a type text with the Walrus aliases (and the common ones). */
export function walrusType(text: string): MoveType {
  return parseType(text, { ...COMMON_ALIASES, ...WALRUS_ALIASES });
}

export const U64_TYPE = walrusType('u64');
export const BYTES_TYPE = walrusType('vector<u8>');

export function abort(module: string, fn: string, code: number, reason: string): MoveAbort {
  return new MoveAbort(PKG, module, fn, code, reason);
}

/**
 * Move aborts every arithmetic overflow and failed cast; Sui reports it as
 * `MovePrimitiveRuntimeError` at the failing location.
 */
export function checkedUint(value: bigint, bits: number, module: string, fn: string): bigint {
  if (value < 0n || value >> BigInt(bits) !== 0n) {
    throw new ExecutionFailure('MovePrimitiveRuntimeError', `arithmetic error in ${module}::${fn}`, {
      module: { address: PKG, name: module },
      function: 0,
      instruction: 0,
      functionName: fn,
    });
  }
  return value;
}

export function ceilDiv(a: bigint, b: bigint): bigint {
  return a === 0n ? 0n : (a - 1n) / b + 1n;
}

// ---- decoded values -----------------------------------------------------------------------

export interface ElementValue {
  bytes: Uint8Array;
}

export interface BalanceValue {
  value: bigint;
}

export interface BlsCommitteeMemberValue {
  /** 96-byte uncompressed G1 (`Element<UncompressedG1>`). */
  public_key: ElementValue;
  weight: number;
  node_id: string;
}

export interface BlsCommitteeValue {
  members: BlsCommitteeMemberValue[];
  n_shards: number;
  epoch: number;
  /** 48-byte compressed G1 (`Element<G1>`), the sum of all member keys. */
  total_aggregated_key: ElementValue;
}

export interface FutureAccountingValue {
  epoch: number;
  used_capacity: bigint;
  rewards_to_distribute: BalanceValue;
}

export interface FutureAccountingRingBufferValue {
  current_index: number;
  length: number;
  ring_buffer: FutureAccountingValue[];
}

export interface EventBlobValue {
  blob_id: bigint;
  ending_checkpoint_sequence_number: bigint;
}

export interface SystemStateInnerV1Value {
  committee: BlsCommitteeValue;
  total_capacity_size: bigint;
  used_capacity_size: bigint;
  storage_price_per_unit_size: bigint;
  write_price_per_unit_size: bigint;
  future_accounting: FutureAccountingRingBufferValue;
  event_blob_certification_state: {
    latest_certified_blob: EventBlobValue | null;
    aggregate_weight_per_blob: VecMapValue<EventBlobValue, number>;
  };
  deny_list_sizes: { id: string };
}

/** The System and Staking objects share this shape. */
export interface VersionedValue extends ObjectValue {
  version: bigint;
  package_id: string;
  new_package_id: string | null;
}

export interface StorageValue extends ObjectValue {
  start_epoch: number;
  end_epoch: number;
  storage_size: bigint;
}

export interface BlobValue extends ObjectValue {
  registered_epoch: number;
  blob_id: bigint;
  size: bigint;
  encoding_type: number;
  certified_epoch: number | null;
  storage: StorageValue;
  deletable: boolean;
}

export interface MetadataValue {
  metadata: VecMapValue<string, string>;
}

export type CommitteeValue = { pos0: VecMapValue<string, number[]> };

export type EpochStateValue =
  | { EpochChangeSync: number; $kind?: 'EpochChangeSync' }
  | { EpochChangeDone: bigint; $kind?: 'EpochChangeDone' }
  | { NextParamsSelected: bigint; $kind?: 'NextParamsSelected' };

export interface StakingInnerV1Value {
  n_shards: number;
  epoch_duration: bigint;
  first_epoch_start: bigint;
  pools: { id: string; size: bigint };
  epoch: number;
  active_set: { id: string };
  next_committee: CommitteeValue | null;
  committee: CommitteeValue;
  previous_committee: CommitteeValue;
  next_epoch_params: {
    total_capacity_size: bigint;
    storage_price_per_unit_size: bigint;
    write_price_per_unit_size: bigint;
  } | null;
  epoch_state: EpochStateValue;
  next_epoch_public_keys: { id: string };
}

export interface StorageNodeInfoValue {
  name: string;
  node_id: string;
  network_address: string;
  public_key: ElementValue;
  next_epoch_public_key: ElementValue | null;
  network_public_key: Uint8Array;
  metadata: { id: string };
}

export type AuthorizedValue = { Address: string } | { ObjectID: string };

export interface StakingPoolValue extends ObjectValue {
  state: { Active: true } | { Withdrawing: number } | { Withdrawn: true };
  voting_params: { storage_price: bigint; write_price: bigint; node_capacity: bigint };
  node_info: StorageNodeInfoValue;
  activation_epoch: number;
  latest_epoch: number;
  wal_balance: bigint;
  num_shares: bigint;
  pending_shares_withdraw: { pos0: VecMapValue<number, bigint> };
  pre_active_withdrawals: { pos0: VecMapValue<number, bigint> };
  pending_commission_rate: { pos0: VecMapValue<number, bigint> };
  commission_rate: number;
  exchange_rates: { id: string; size: bigint };
  pending_stake: { pos0: VecMapValue<number, bigint> };
  rewards_pool: BalanceValue;
  commission: BalanceValue;
  commission_receiver: AuthorizedValue;
  governance_authorized: AuthorizedValue;
  extra_fields: { id: string; size: bigint };
}
