// The `system` side of Walrus: the shared System object, its versioned inner state
// (`SystemStateInnerV1`, a dynamic field keyed by the u64 version) and the public functions the
// SDK calls to buy storage, register, certify, extend and delete blobs. Semantics, order of checks
// and abort codes follow `system.move` and `system/system_state_inner.move`.
import { MoveAbort } from '../../move/abort.ts';
import type { NativeModule } from '../../move/registry.ts';
import type { NativeContext } from '../../exec/native-context.ts';
import { FRAMEWORK, type CoinValue } from '../framework.ts';
import {
  createStorage,
  certifyWithMessage,
  deleteBlob,
  extendWithResource,
  newBlob,
  assertCertifiedNotExpired,
  emitCertified,
} from './blob.ts';
import { verifyCertificateAndWeight, type RequiredWeight } from './bls.ts';
import {
  abort,
  checkedUint,
  PKG,
  U64_TYPE,
  WAL_PKG,
  WALRUS_ALIASES as aliases,
  WALRUS_VERSION,
  walrusType,
  type BlobValue,
  type FutureAccountingRingBufferValue,
  type FutureAccountingValue,
  type StorageValue,
  type SystemStateInnerV1Value,
  type VersionedValue,
} from './constants.ts';
import { encodedBlobLength, storageUnits } from './encoding.ts';
import {
  certifyBlobMessage,
  invalidBlobIdMessage,
  newCertifiedMessage,
  type CertifiedMessage,
} from './messages.ts';

const SYSTEM_INNER_TYPE = walrusType('SystemStateInnerV1');
const INVALID_BLOB_ID_EVENT = walrusType('InvalidBlobID');

/** `system::inner` / `inner_mut`: the version must match the package's, then borrow the field. */
export function systemInner(
  ctx: NativeContext,
  system: VersionedValue,
  fn: 'inner' | 'inner_mut',
): SystemStateInnerV1Value {
  if (system.version !== WALRUS_VERSION) throw abort('system', fn, 1, 'EWrongVersion');
  // `inner` is Move's `df::borrow`: reading through it must not rewrite the state.
  const access = fn === 'inner' ? ctx.dynamicField.read : ctx.dynamicField.borrow;
  return access<SystemStateInnerV1Value>(system.id, U64_TYPE, system.version, SYSTEM_INNER_TYPE);
}

/** The system's epoch is its committee's. */
const epochOf = (inner: SystemStateInnerV1Value) => inner.committee.epoch;
const nShardsOf = (inner: SystemStateInnerV1Value) => inner.committee.n_shards;

export function ringLookup(ring: FutureAccountingRingBufferValue, offset: number): FutureAccountingValue {
  if (offset >= ring.length) throw abort('storage_accounting', 'ring_lookup_mut', 0, 'ETooFarInFuture');
  return ring.ring_buffer[(offset + ring.current_index) % ring.length]!;
}

/** `balance::split` on a coin's balance (`Coin::balance_mut().split`). */
function splitPayment(coin: CoinValue, amount: bigint): bigint {
  if (coin.balance.value < amount) throw new MoveAbort(FRAMEWORK, 'balance', 'split', 2, 'ENotEnough');
  coin.balance.value -= amount;
  return amount;
}

function addRewards(account: FutureAccountingValue, amount: bigint): void {
  account.rewards_to_distribute.value = checkedUint(
    account.rewards_to_distribute.value + amount,
    64,
    'balance',
    'join',
  );
}

/** Pays the storage price for every epoch in [start, end) into that epoch's future accounting. */
function processStoragePayments(
  inner: SystemStateInnerV1Value,
  storageSize: bigint,
  startOffset: number,
  endOffset: number,
  payment: CoinValue,
): void {
  const due = checkedUint(
    inner.storage_price_per_unit_size * storageUnits(storageSize),
    64,
    'system_state_inner',
    'process_storage_payments',
  );
  for (let i = startOffset; i < endOffset; i++) {
    const paid = splitPayment(payment, due);
    addRewards(ringLookup(inner.future_accounting, i), paid);
  }
}

function reserveSpaceWithoutPayment(
  ctx: NativeContext,
  inner: SystemStateInnerV1Value,
  amount: bigint,
  startOffset: number,
  endOffset: number,
  checkCapacity: boolean,
): StorageValue {
  const fn = 'reserve_space_without_payment';
  if (endOffset - startOffset <= 0) throw abort('system_state_inner', fn, 2, 'EInvalidEpochsAhead');
  if (endOffset > inner.future_accounting.length)
    throw abort('system_state_inner', fn, 2, 'EInvalidEpochsAhead');
  if (amount <= 0n) throw abort('system_state_inner', fn, 11, 'EInvalidResourceSize');
  for (let i = startOffset; i < endOffset; i++) {
    const account = ringLookup(inner.future_accounting, i);
    account.used_capacity = checkedUint(
      account.used_capacity + amount,
      64,
      'storage_accounting',
      'increase_used_capacity',
    );
    if (i === 0) inner.used_capacity_size = account.used_capacity;
    if (checkCapacity && account.used_capacity > inner.total_capacity_size)
      throw abort('system_state_inner', fn, 1, 'EStorageExceeded');
  }
  const epoch = epochOf(inner);
  return createStorage(ctx, epoch + startOffset, epoch + endOffset, amount);
}

function reserveSpaceForEpochs(
  ctx: NativeContext,
  inner: SystemStateInnerV1Value,
  amount: bigint,
  startEpoch: number,
  endEpoch: number,
  payment: CoinValue,
): StorageValue {
  const fn = 'reserve_space_for_epochs';
  const current = epochOf(inner);
  // A start in the past reserves from now.
  const start = Math.max(startEpoch, current);
  const startOffset = start - current;
  if (endEpoch <= start) throw abort('system_state_inner', fn, 2, 'EInvalidEpochsAhead');
  const endOffset = endEpoch - current;
  if (endOffset > inner.future_accounting.length)
    throw abort('system_state_inner', fn, 2, 'EInvalidEpochsAhead');
  processStoragePayments(inner, amount, startOffset, endOffset, payment);
  return reserveSpaceWithoutPayment(ctx, inner, amount, startOffset, endOffset, true);
}

/** Verifies a certificate with the current committee, then parses its header (`verify_*_in_epoch`). */
function verifyInEpoch(
  inner: SystemStateInnerV1Value,
  signature: Uint8Array,
  bitmap: Uint8Array,
  message: Uint8Array,
  required: RequiredWeight,
): CertifiedMessage {
  const stake = verifyCertificateAndWeight(inner.committee, signature, bitmap, message, required);
  return newCertifiedMessage(message, inner.committee.epoch, stake);
}

const system: NativeModule = {
  address: PKG,
  name: 'system',
  aliases,
  structs: {
    System: {
      abilities: ['key'],
      fields: [
        ['id', 'UID'],
        ['version', 'u64'],
        ['package_id', 'ID'],
        ['new_package_id', 'Option<ID>'],
      ],
    },
  },
  functions: {
    reserve_space: {
      parameters: ['&mut System', 'u64', 'u32', '&mut Coin<WAL>', '&mut TxContext'],
      returns: ['Storage'],
      run: (ctx, [s, amount, epochsAhead, payment]) => {
        const inner = systemInner(ctx, s as VersionedValue, 'inner_mut');
        const ahead = epochsAhead as number;
        if (ahead <= 0 || ahead > inner.future_accounting.length)
          throw abort('system_state_inner', 'reserve_space', 2, 'EInvalidEpochsAhead');
        const start = epochOf(inner);
        const end = Number(checkedUint(BigInt(start + ahead), 32, 'system_state_inner', 'reserve_space'));
        return [reserveSpaceForEpochs(ctx, inner, amount as bigint, start, end, payment as CoinValue)];
      },
    },
    reserve_space_for_epochs: {
      parameters: ['&mut System', 'u64', 'u32', 'u32', '&mut Coin<WAL>', '&mut TxContext'],
      returns: ['Storage'],
      run: (ctx, [s, amount, start, end, payment]) => {
        const inner = systemInner(ctx, s as VersionedValue, 'inner_mut');
        return [
          reserveSpaceForEpochs(
            ctx,
            inner,
            amount as bigint,
            start as number,
            end as number,
            payment as CoinValue,
          ),
        ];
      },
    },
    register_blob: {
      parameters: [
        '&mut System',
        'Storage',
        'u256',
        'u256',
        'u64',
        'u8',
        'bool',
        '&mut Coin<WAL>',
        '&mut TxContext',
      ],
      returns: ['Blob'],
      run: (ctx, [s, storage, blobId, rootHash, size, encodingType, deletable, payment]) => {
        const inner = systemInner(ctx, s as VersionedValue, 'inner_mut');
        const blob = newBlob(ctx, {
          storage: storage as StorageValue,
          blobId: blobId as bigint,
          rootHash: rootHash as bigint,
          size: size as bigint,
          encodingType: encodingType as number,
          deletable: deletable as boolean,
          registeredEpoch: epochOf(inner),
          nShards: nShardsOf(inner),
        });
        // The write price is charged once, on the encoded size, into the current epoch's rewards.
        const encoded = encodedBlobLength(blob.size, blob.encoding_type, nShardsOf(inner));
        const price = checkedUint(
          inner.write_price_per_unit_size * storageUnits(encoded),
          64,
          'system_state_inner',
          'write_price',
        );
        addRewards(ringLookup(inner.future_accounting, 0), splitPayment(payment as CoinValue, price));
        return [blob];
      },
    },
    certify_blob: {
      parameters: ['&System', '&mut Blob', 'vector<u8>', 'vector<u8>', 'vector<u8>'],
      returns: [],
      run: (ctx, [s, b, signature, bitmap, message]) => {
        const inner = systemInner(ctx, s as VersionedValue, 'inner');
        const certified = verifyInEpoch(
          inner,
          signature as Uint8Array,
          bitmap as Uint8Array,
          message as Uint8Array,
          'quorum',
        );
        if (certified.certEpoch !== epochOf(inner))
          throw abort('system_state_inner', 'certify_blob', 3, 'EInvalidIdEpoch');
        certifyWithMessage(ctx, b as BlobValue, epochOf(inner), certifyBlobMessage(certified));
        return [];
      },
    },
    invalidate_blob_id: {
      parameters: ['&System', 'vector<u8>', 'vector<u8>', 'vector<u8>'],
      returns: ['u256'],
      run: (ctx, [s, signature, bitmap, message]) => {
        const inner = systemInner(ctx, s as VersionedValue, 'inner');
        const certified = verifyInEpoch(
          inner,
          signature as Uint8Array,
          bitmap as Uint8Array,
          message as Uint8Array,
          'one-correct-node',
        );
        const blobId = invalidBlobIdMessage(certified);
        if (certified.certEpoch !== epochOf(inner))
          throw abort('system_state_inner', 'invalidate_blob_id', 3, 'EInvalidIdEpoch');
        ctx.emit(INVALID_BLOB_ID_EVENT, { epoch: certified.certEpoch, blob_id: blobId });
        return [blobId];
      },
    },
    delete_blob: {
      parameters: ['&System', 'Blob'],
      returns: ['Storage'],
      run: (ctx, [s, b]) => {
        const inner = systemInner(ctx, s as VersionedValue, 'inner');
        return [deleteBlob(ctx, b as BlobValue, epochOf(inner))];
      },
    },
    extend_blob_with_resource: {
      parameters: ['&System', '&mut Blob', 'Storage'],
      returns: [],
      run: (ctx, [s, b, extension]) => {
        const inner = systemInner(ctx, s as VersionedValue, 'inner');
        extendWithResource(ctx, b as BlobValue, extension as StorageValue, epochOf(inner));
        return [];
      },
    },
    extend_blob: {
      parameters: ['&mut System', '&mut Blob', 'u32', '&mut Coin<WAL>'],
      returns: [],
      run: (ctx, [s, b, extendedEpochs, payment]) => {
        const fn = 'extend_blob';
        const inner = systemInner(ctx, s as VersionedValue, 'inner_mut');
        const blob = b as BlobValue;
        const extension = extendedEpochs as number;
        const epoch = epochOf(inner);
        assertCertifiedNotExpired(blob, epoch);
        const startOffset = blob.storage.end_epoch - epoch;
        const endOffset = Number(checkedUint(BigInt(startOffset + extension), 32, 'system_state_inner', fn));
        if (extension <= 0) throw abort('system_state_inner', fn, 2, 'EInvalidEpochsAhead');
        if (endOffset > inner.future_accounting.length)
          throw abort('system_state_inner', fn, 2, 'EInvalidEpochsAhead');
        const size = blob.storage.storage_size;
        processStoragePayments(inner, size, startOffset, endOffset, payment as CoinValue);
        for (let i = startOffset; i < endOffset; i++) {
          const account = ringLookup(inner.future_accounting, i);
          account.used_capacity = checkedUint(
            account.used_capacity + size,
            64,
            'storage_accounting',
            'increase_used_capacity',
          );
          if (account.used_capacity > inner.total_capacity_size)
            throw abort('system_state_inner', fn, 1, 'EStorageExceeded');
        }
        blob.storage.end_epoch = Number(
          checkedUint(BigInt(blob.storage.end_epoch + extension), 32, 'storage_resource', 'extend_end_epoch'),
        );
        emitCertified(ctx, blob, true);
        return [];
      },
    },
    add_subsidy: {
      parameters: ['&mut System', 'Coin<WAL>', 'u32'],
      returns: [],
      run: (ctx, [s, c, epochsAhead]) => {
        const fn = 'add_subsidy';
        const inner = systemInner(ctx, s as VersionedValue, 'inner_mut');
        const ahead = epochsAhead as number;
        if (ahead <= 0 || ahead > inner.future_accounting.length)
          throw abort('system_state_inner', fn, 2, 'EInvalidEpochsAhead');
        const coin = c as CoinValue;
        ctx.deleteId(coin.id);
        const total = coin.balance.value;
        const perEpoch = total / BigInt(ahead);
        for (let i = 0; i < ahead; i++) addRewards(ringLookup(inner.future_accounting, i), perEpoch);
        // The remainder goes to the current epoch.
        addRewards(ringLookup(inner.future_accounting, 0), total - perEpoch * BigInt(ahead));
        return [];
      },
    },
    epoch: {
      parameters: ['&System'],
      returns: ['u32'],
      run: (ctx, [s]) => [epochOf(systemInner(ctx, s as VersionedValue, 'inner'))],
    },
    n_shards: {
      parameters: ['&System'],
      returns: ['u16'],
      run: (ctx, [s]) => [nShardsOf(systemInner(ctx, s as VersionedValue, 'inner'))],
    },
    total_capacity_size: {
      parameters: ['&System'],
      returns: ['u64'],
      run: (ctx, [s]) => [systemInner(ctx, s as VersionedValue, 'inner').total_capacity_size],
    },
    used_capacity_size: {
      parameters: ['&System'],
      returns: ['u64'],
      run: (ctx, [s]) => [systemInner(ctx, s as VersionedValue, 'inner').used_capacity_size],
    },
    version: {
      parameters: ['&System'],
      returns: ['u64'],
      run: (_ctx, [s]) => [(s as VersionedValue).version],
    },
  },
};

const systemStateInner: NativeModule = {
  address: PKG,
  name: 'system_state_inner',
  aliases,
  structs: {
    SystemStateInnerV1: {
      abilities: ['store'],
      fields: [
        ['committee', 'BlsCommittee'],
        ['total_capacity_size', 'u64'],
        ['used_capacity_size', 'u64'],
        ['storage_price_per_unit_size', 'u64'],
        ['write_price_per_unit_size', 'u64'],
        ['future_accounting', 'FutureAccountingRingBuffer'],
        ['event_blob_certification_state', 'EventBlobCertificationState'],
        ['deny_list_sizes', 'ExtendedField<VecMap<ID, u64>>'],
      ],
    },
  },
};

const blsAggregate: NativeModule = {
  address: PKG,
  name: 'bls_aggregate',
  aliases,
  structs: {
    BlsCommitteeMember: {
      abilities: ['copy', 'drop', 'store'],
      fields: [
        ['public_key', 'Element<UncompressedG1>'],
        ['weight', 'u16'],
        ['node_id', 'ID'],
      ],
    },
    BlsCommittee: {
      abilities: ['copy', 'drop', 'store'],
      fields: [
        ['members', 'vector<BlsCommitteeMember>'],
        ['n_shards', 'u16'],
        ['epoch', 'u32'],
        ['total_aggregated_key', 'Element<G1>'],
      ],
    },
  },
};

const storageAccounting: NativeModule = {
  address: PKG,
  name: 'storage_accounting',
  aliases,
  structs: {
    FutureAccounting: {
      abilities: ['store'],
      fields: [
        ['epoch', 'u32'],
        ['used_capacity', 'u64'],
        ['rewards_to_distribute', 'Balance<WAL>'],
      ],
    },
    FutureAccountingRingBuffer: {
      abilities: ['store'],
      fields: [
        ['current_index', 'u32'],
        ['length', 'u32'],
        ['ring_buffer', 'vector<FutureAccounting>'],
      ],
    },
  },
};

const eventBlob: NativeModule = {
  address: PKG,
  name: 'event_blob',
  aliases,
  structs: {
    EventBlobAttestation: {
      abilities: ['copy', 'drop', 'store'],
      fields: [
        ['checkpoint_sequence_num', 'u64'],
        ['epoch', 'u32'],
      ],
    },
    EventBlob: {
      abilities: ['copy', 'drop', 'store'],
      fields: [
        ['blob_id', 'u256'],
        ['ending_checkpoint_sequence_number', 'u64'],
      ],
    },
    EventBlobCertificationState: {
      abilities: ['store'],
      fields: [
        ['latest_certified_blob', 'Option<EventBlob>'],
        ['aggregate_weight_per_blob', 'VecMap<EventBlob, u16>'],
      ],
    },
  },
};

const extendedField: NativeModule = {
  address: PKG,
  name: 'extended_field',
  aliases,
  structs: {
    ExtendedField: {
      abilities: ['key', 'store'],
      typeParameters: [{ abilities: ['store'], phantom: true }],
      fields: [['id', 'UID']],
    },
    // `public struct Key() has copy, drop, store;` — Move gives empty structs a dummy bool.
    Key: { abilities: ['copy', 'drop', 'store'], fields: [['dummy_field', 'bool']] },
  },
};

const encoding: NativeModule = {
  address: PKG,
  name: 'encoding',
  aliases,
  functions: {
    encoded_blob_length: {
      parameters: ['u64', 'u8', 'u16'],
      returns: ['u64'],
      run: (_ctx, [size, encodingType, nShards]) => [
        encodedBlobLength(size as bigint, encodingType as number, nShards as number),
      ],
    },
  },
};

/** The WAL package: only the coin type (the treasury is not needed on the devnet). */
const wal: NativeModule = {
  address: WAL_PKG,
  name: 'wal',
  structs: { WAL: { abilities: ['drop'], fields: [['dummy_field', 'bool']] } },
};

export const SYSTEM_MODULES: readonly NativeModule[] = [
  system,
  systemStateInner,
  blsAggregate,
  storageAccounting,
  eventBlob,
  extendedField,
  encoding,
  wal,
];
