// ChainObject → `sui.rpc.v2.Object`, field by field as the read mask selects them, as a full node
// fills it (MystenLabs/sui crates/sui-types/src/rpc_proto_conversions.rs): IDs and types in
// canonical form (0x + 64 hex, no spaces), `bcs` the whole Sui `Object`, `contents` the Move
// struct's BCS named by its type, `json` Sui's gRPC JSON, `balance` for coins only. Like Sui, the
// object's ID and version are always set, whatever the mask.
import { bcs } from '@mysten/sui/bcs';
import { GrpcTypes } from '@mysten/sui/grpc';
import type { ModuleRegistry } from '../move/registry.ts';
import { asCoin, SUI_COIN } from '../rpc/coins.ts';
import { canonicalType, FRAMEWORK, isStruct, parseType } from '../rpc/move-types.ts';
import type { ChainObject, Owner } from '../state/records.ts';
import type { ReadMask } from './read-mask.ts';
import { moveJson } from './render-json.ts';

/** Every path of `GrpcTypes.Object` this devnet can fill (packages are not objects here). */
export const OBJECT_FIELDS =
  'object_id,version,digest,owner,object_type,has_public_transfer,contents,bcs,previous_transaction,storage_rebate,json,balance';

const STAKED_SUI = `0x${'0'.repeat(63)}3::staking_pool::StakedSui`;

/**
 * The object as Sui's gRPC API returns it under `mask`. `registry` supplies Move layouts for
 * `json`; without a known layout `json` stays unset.
 */
export function renderObject(
  object: ChainObject,
  mask: ReadMask,
  registry: ModuleRegistry,
): GrpcTypes.Object {
  const type = canonicalObjectType(object.type);
  const message: GrpcTypes.Object = { objectId: object.id, version: object.version };
  if (mask.has('digest')) message.digest = object.digest;
  if (mask.has('owner')) message.owner = ownerProto(object.owner);
  if (mask.has('object_type')) message.objectType = type;
  if (mask.has('has_public_transfer')) message.hasPublicTransfer = object.hasPublicTransfer;
  if (mask.has('contents')) message.contents = { name: type, value: object.contents };
  if (mask.has('bcs')) message.bcs = { name: 'Object', value: objectBcs(object, type) };
  if (mask.has('previous_transaction')) message.previousTransaction = object.previousTransaction;
  if (mask.has('storage_rebate')) message.storageRebate = object.storageRebate;
  if (mask.has('json')) {
    const json = moveJson(registry, object.type, object.contents);
    if (json) message.json = json;
  }
  if (mask.has('balance')) {
    const coin = asCoin(object);
    if (coin) message.balance = coin.balance;
  }
  return message;
}

/** The store's type string in Sui's canonical form (full addresses, `,` between type arguments). */
export function canonicalObjectType(type: string): string {
  try {
    return canonicalType(parseType(type));
  } catch {
    return type;
  }
}

/** Sui `Owner` as the `sui.rpc.v2.Owner` message. */
export function ownerProto(owner: Owner): GrpcTypes.Owner {
  const Kind = GrpcTypes.Owner_OwnerKind;
  if (owner === 'Immutable') return { kind: Kind.IMMUTABLE };
  if ('AddressOwner' in owner) return { kind: Kind.ADDRESS, address: owner.AddressOwner };
  if ('ObjectOwner' in owner) return { kind: Kind.OBJECT, address: owner.ObjectOwner };
  return { kind: Kind.SHARED, version: BigInt(owner.Shared.initial_shared_version) };
}

/** BCS of the whole Sui `Object` (data, owner, previous transaction, storage rebate). */
export function objectBcs(object: ChainObject, canonical = canonicalObjectType(object.type)): Uint8Array {
  return bcs.Object.serialize({
    data: {
      Move: {
        type: moveObjectType(canonical),
        hasPublicTransfer: object.hasPublicTransfer,
        version: object.version,
        contents: object.contents,
      },
    },
    owner: ownerBcs(object.owner),
    previousTransaction: object.previousTransaction,
    storageRebate: object.storageRebate,
  }).toBytes();
}

/** Sui's compact `MoveObjectType`: gas coins, staked SUI and coins get their own variants. */
function moveObjectType(type: string): Parameters<typeof bcs.MoveObjectType.serialize>[0] {
  if (type === SUI_COIN) return { GasCoin: true };
  if (type === STAKED_SUI) return { StakedSui: true };
  const tag = parseType(type);
  if (!('struct' in tag)) throw new Error(`object type ${type} is not a struct`);
  const [coinType] = tag.struct.typeParams;
  if (isStruct(tag, FRAMEWORK, 'coin', 'Coin') && coinType && tag.struct.typeParams.length === 1)
    return { Coin: coinType };
  return { Other: tag.struct };
}

function ownerBcs(owner: Owner): Parameters<typeof bcs.Owner.serialize>[0] {
  if (owner === 'Immutable') return { Immutable: true };
  if ('AddressOwner' in owner) return { AddressOwner: owner.AddressOwner };
  if ('ObjectOwner' in owner) return { ObjectOwner: owner.ObjectOwner };
  return { Shared: { initialSharedVersion: owner.Shared.initial_shared_version } };
}
