// `sui.rpc.v2.StateService` over the devnet's store: owned objects, dynamic fields, coin info and
// balances, with the same data and order as the JSON-RPC reads (objects and fields by ID, balances
// by coin type) and Sui's paging, read-mask defaults and errors (MystenLabs/sui
// crates/sui-rpc-api/src/grpc/v2/state_service). The devnet has no address balances, so every
// balance is coin balance.
import { GrpcTypes } from '@mysten/sui/grpc';
import { parseStructTag } from '@mysten/sui/utils';
import { asCoin } from '../rpc/coins.ts';
import { FRAMEWORK } from '../rpc/move-types.ts';
import type { ChainObject } from '../state/records.ts';
import { ReadMask } from './read-mask.ts';
import {
  DYNAMIC_FIELD_READ_MASK_DEFAULT,
  isDynamicField,
  renderDynamicField,
} from './render-dynamic-field.ts';
import { canonicalObjectType, renderObject } from './render-object.ts';
import { decodeToken, pageFrom, pageSize, requiredAddress, structTag, Tokens } from './request-fields.ts';
import type { GrpcHandler, GrpcService, GrpcServiceContext } from './service.ts';
import { invalidArgument, notFound } from './status.ts';

/** Sui's default when ListOwnedObjects sends no mask. */
export const OWNED_OBJECT_READ_MASK_DEFAULT = 'object_id,version,object_type';

const SUI = `${FRAMEWORK}::sui::SUI`;
/** 10 billion SUI in MIST: SUI's fixed supply. */
const SUI_TOTAL_SUPPLY = 10_000_000_000n * 1_000_000_000n;

interface CoinBalance {
  readonly coinType: string;
  readonly balance: bigint;
}

export function stateService(ctx: GrpcServiceContext): GrpcService {
  const { store, registry } = ctx;

  /** Every coin type `owner` holds, with its summed balance, sorted by type. */
  const balancesOf = (owner: string): CoinBalance[] => {
    const sums = new Map<string, bigint>();
    for (const object of store.ownedBy(owner)) {
      const coin = asCoin(object);
      if (coin) sums.set(coin.coinType, (sums.get(coin.coinType) ?? 0n) + coin.balance);
    }
    return [...sums]
      .map(([coinType, balance]) => ({ coinType, balance }))
      .sort((a, b) => (a.coinType < b.coinType ? -1 : 1));
  };

  const handlers: Record<string, GrpcHandler> = {
    ListOwnedObjects: (request: GrpcTypes.ListOwnedObjectsRequest): GrpcTypes.ListOwnedObjectsResponse => {
      const owner = requiredAddress(request.owner, 'owner');
      const objectType =
        request.objectType === undefined ? undefined : structTag(request.objectType, 'object_type');
      const mask = ReadMask.from(request.readMask, OWNED_OBJECT_READ_MASK_DEFAULT, GrpcTypes.Object);
      const token = decodeToken(
        request.pageToken,
        Tokens.ownedObjects,
        (t) => t.owner === owner && (t.objectType ?? undefined) === objectType,
      );
      const matches = objectType === undefined ? () => true : typeMatcher(objectType);
      const page = pageFrom(
        store.ownedBy(owner).filter(matches),
        (o) => o.id,
        token?.next,
        pageSize(request.pageSize),
      );
      return {
        objects: page.items.map((o) => renderObject(o, mask, registry)),
        ...(page.next === undefined
          ? {}
          : {
              nextPageToken: Tokens.ownedObjects
                .serialize({ owner, objectType: objectType ?? null, next: page.next })
                .toBytes(),
            }),
      };
    },

    ListDynamicFields: (request: GrpcTypes.ListDynamicFieldsRequest): GrpcTypes.ListDynamicFieldsResponse => {
      const parent = requiredAddress(request.parent, 'parent');
      const mask = ReadMask.from(request.readMask, DYNAMIC_FIELD_READ_MASK_DEFAULT, GrpcTypes.DynamicField);
      const token = decodeToken(request.pageToken, Tokens.dynamicFields, (t) => t.parent === parent);
      const page = pageFrom(
        store.childrenOf(parent).filter(isDynamicField),
        (o) => o.id,
        token?.next,
        pageSize(request.pageSize),
      );
      return {
        dynamicFields: page.items.flatMap((field) => renderDynamicField(ctx, parent, field, mask) ?? []),
        ...(page.next === undefined
          ? {}
          : { nextPageToken: Tokens.dynamicFields.serialize({ parent, next: page.next }).toBytes() }),
      };
    },

    GetCoinInfo: (request: GrpcTypes.GetCoinInfoRequest): GrpcTypes.GetCoinInfoResponse => {
      const coinType = structTag(request.coinType ?? '', 'coin_type');
      // The devnet's framework publishes no CoinMetadata objects; SUI's is well known.
      if (coinType !== SUI) throw notFound(`Coin type ${request.coinType} not found`);
      return {
        coinType,
        metadata: { decimals: 9, name: 'Sui', symbol: 'SUI', description: '' },
        treasury: { totalSupply: SUI_TOTAL_SUPPLY, supplyState: GrpcTypes.CoinTreasury_SupplyState.FIXED },
        regulatedMetadata: {
          coinRegulatedState: GrpcTypes.RegulatedCoinMetadata_CoinRegulatedState.COIN_REGULATED_STATE_UNKNOWN,
        },
      };
    },

    GetBalance: (request: GrpcTypes.GetBalanceRequest): GrpcTypes.GetBalanceResponse => {
      const owner = requiredAddress(request.owner, 'owner');
      if (request.coinType === undefined) throw invalidArgument('missing coin_type');
      const coinType = structTag(request.coinType, 'coin_type');
      const found = balancesOf(owner).find((b) => b.coinType === coinType);
      return { balance: balanceProto({ coinType, balance: found?.balance ?? 0n }) };
    },

    ListBalances: (request: GrpcTypes.ListBalancesRequest): GrpcTypes.ListBalancesResponse => {
      const owner = requiredAddress(request.owner, 'owner');
      const token = decodeToken(request.pageToken, Tokens.balances, (t) => t.owner === owner);
      const page = pageFrom(balancesOf(owner), (b) => b.coinType, token?.next, pageSize(request.pageSize));
      return {
        balances: page.items.map(balanceProto),
        ...(page.next === undefined
          ? {}
          : { nextPageToken: Tokens.balances.serialize({ owner, next: page.next }).toBytes() }),
      };
    },
  };
  return { descriptor: GrpcTypes.StateService, handlers };
}

function balanceProto({ coinType, balance }: CoinBalance): GrpcTypes.Balance {
  return { coinType, balance, coinBalance: balance, addressBalance: 0n };
}

/**
 * The `object_type` filter: a type without type arguments matches every instantiation of it
 * (`0x2::coin::Coin` lists all coins), one with arguments only itself.
 */
function typeMatcher(type: string): (object: ChainObject) => boolean {
  const wanted = parseStructTag(type);
  if (wanted.typeParams.length > 0) return (o) => canonicalObjectType(o.type) === type;
  const prefix = `${wanted.address}::${wanted.module}::${wanted.name}`;
  return (o) => {
    const actual = canonicalObjectType(o.type);
    return actual === prefix || actual.startsWith(`${prefix}<`);
  };
}
