// The `staking` side of Walrus as the SDK reads it: the shared Staking object, its versioned
// `StakingInnerV1` (committee, epoch, epoch state, pools) and the StakingPool objects (one per
// storage node, holding its network address and BLS key) kept in an ObjectTable.
//
// Several of these layouts contain Move enums (EpochState, PoolState, Authorized, …), registered
// with the module registry as custom layouts (schema.ts). Staking itself
// (stake, withdraw, votes) is not emulated: `stake_with_pool` exists because the SDK reads its
// signature to learn the WAL coin type.
import { ExecutionFailure } from '../../move/abort.ts';
import type { NativeModule, StructDef } from '../../move/registry.ts';
import { PKG, WALRUS_ALIASES as aliases } from './constants.ts';

const struct = (
  abilities: StructDef['abilities'],
  fields: readonly (readonly [string, string])[],
): StructDef => ({ abilities, fields });

const staking: NativeModule = {
  address: PKG,
  name: 'staking',
  aliases,
  structs: {
    Staking: struct(
      ['key'],
      [
        ['id', 'UID'],
        ['version', 'u64'],
        ['package_id', 'ID'],
        ['new_package_id', 'Option<ID>'],
      ],
    ),
  },
  functions: {
    stake_with_pool: {
      parameters: ['&mut Staking', 'Coin<WAL>', 'ID', '&mut TxContext'],
      returns: ['StakedWal'],
      run: () => {
        throw new ExecutionFailure('FeatureNotYetSupported', 'staking is not emulated by the devnet');
      },
    },
  },
};

const stakingInner: NativeModule = {
  address: PKG,
  name: 'staking_inner',
  aliases,
  structs: {
    StakingInnerV1: struct(
      ['store'],
      [
        ['n_shards', 'u16'],
        ['epoch_duration', 'u64'],
        ['first_epoch_start', 'u64'],
        ['pools', 'ObjectTable<ID, StakingPool>'],
        ['epoch', 'u32'],
        ['active_set', 'ExtendedField<ActiveSet>'],
        ['next_committee', 'Option<Committee>'],
        ['committee', 'Committee'],
        ['previous_committee', 'Committee'],
        ['next_epoch_params', 'Option<EpochParams>'],
        ['epoch_state', 'EpochState'],
        ['next_epoch_public_keys', 'ExtendedField<VecMap<ID, Element<UncompressedG1>>>'],
      ],
    ),
  },
};

const stakingPool: NativeModule = {
  address: PKG,
  name: 'staking_pool',
  aliases,
  structs: {
    StakingPool: struct(
      ['key', 'store'],
      [
        ['id', 'UID'],
        ['state', 'PoolState'],
        ['voting_params', 'VotingParams'],
        ['node_info', 'StorageNodeInfo'],
        ['activation_epoch', 'u32'],
        ['latest_epoch', 'u32'],
        ['wal_balance', 'u64'],
        ['num_shares', 'u64'],
        ['pending_shares_withdraw', 'PendingValues'],
        ['pre_active_withdrawals', 'PendingValues'],
        ['pending_commission_rate', 'PendingValues'],
        ['commission_rate', 'u16'],
        ['exchange_rates', 'Table<u32, PoolExchangeRate>'],
        ['pending_stake', 'PendingValues'],
        ['rewards_pool', 'Balance<WAL>'],
        ['commission', 'Balance<WAL>'],
        ['commission_receiver', 'Authorized'],
        ['governance_authorized', 'Authorized'],
        ['extra_fields', 'Bag'],
      ],
    ),
    VotingParams: struct(
      ['copy', 'drop', 'store'],
      [
        ['storage_price', 'u64'],
        ['write_price', 'u64'],
        ['node_capacity', 'u64'],
      ],
    ),
  },
};

const storageNode: NativeModule = {
  address: PKG,
  name: 'storage_node',
  aliases,
  structs: {
    StorageNodeInfo: struct(
      ['store'],
      [
        ['name', 'String'],
        ['node_id', 'ID'],
        ['network_address', 'String'],
        ['public_key', 'Element<UncompressedG1>'],
        ['next_epoch_public_key', 'Option<Element<UncompressedG1>>'],
        ['network_public_key', 'vector<u8>'],
        ['metadata', 'ExtendedField<NodeMetadata>'],
      ],
    ),
    StorageNodeCap: struct(
      ['key', 'store'],
      [
        ['id', 'UID'],
        ['node_id', 'ID'],
        ['last_epoch_sync_done', 'u32'],
        ['last_event_blob_attestation', 'Option<EventBlobAttestation>'],
        ['deny_list_root', 'u256'],
        ['deny_list_sequence', 'u64'],
        ['deny_list_size', 'u64'],
      ],
    ),
  },
};

const small: NativeModule[] = [
  {
    address: PKG,
    name: 'committee',
    aliases,
    // `public struct Committee(VecMap<ID, vector<u16>>)`: positional fields are named pos0, … on Sui.
    structs: { Committee: struct(['copy', 'drop', 'store'], [['pos0', 'VecMap<ID, vector<u16>>']]) },
  },
  {
    address: PKG,
    name: 'epoch_parameters',
    aliases,
    structs: {
      EpochParams: struct(
        ['copy', 'drop', 'store'],
        [
          ['total_capacity_size', 'u64'],
          ['storage_price_per_unit_size', 'u64'],
          ['write_price_per_unit_size', 'u64'],
        ],
      ),
    },
  },
  {
    address: PKG,
    name: 'active_set',
    aliases,
    structs: {
      ActiveSetEntry: struct(
        ['copy', 'drop', 'store'],
        [
          ['node_id', 'ID'],
          ['staked_amount', 'u64'],
        ],
      ),
      ActiveSet: struct(
        ['copy', 'drop', 'store'],
        [
          ['max_size', 'u16'],
          ['threshold_stake', 'u64'],
          ['nodes', 'vector<ActiveSetEntry>'],
          ['total_stake', 'u64'],
        ],
      ),
    },
  },
  {
    address: PKG,
    name: 'node_metadata',
    aliases,
    structs: {
      NodeMetadata: struct(
        ['copy', 'drop', 'store'],
        [
          ['image_url', 'String'],
          ['project_url', 'String'],
          ['description', 'String'],
          ['extra_fields', 'VecMap<String, String>'],
        ],
      ),
    },
  },
  {
    address: PKG,
    name: 'pending_values',
    aliases,
    structs: { PendingValues: struct(['copy', 'drop', 'store'], [['pos0', 'VecMap<u32, u64>']]) },
  },
  {
    address: PKG,
    name: 'staked_wal',
    aliases,
    structs: {
      StakedWal: struct(
        ['key', 'store'],
        [
          ['id', 'UID'],
          ['state', 'StakedWalState'],
          ['node_id', 'ID'],
          ['principal', 'Balance<WAL>'],
          ['activation_epoch', 'u32'],
        ],
      ),
    },
  },
];

export const STAKING_MODULES: readonly NativeModule[] = [
  staking,
  stakingInner,
  stakingPool,
  storageNode,
  ...small,
];
