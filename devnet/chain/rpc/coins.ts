// Coin reads: suix_getCoins, suix_getAllCoins, suix_getBalance, suix_getAllBalances. A coin is an
// address-owned `0x2::coin::Coin<T>`, whose BCS is UID (32 bytes) ‖ balance u64; the devnet has no
// address balances, so `fundsInAddressBalance` is always "0" (a non-zero value would switch the
// SDK's gas selection to address-balance payments).
import type { ChainObject } from '../state/records.ts';
import type { ReadContext } from './context.ts';
import { RpcError, RpcErrorCode } from './errors.ts';
import { displayType, FRAMEWORK, normalizeType } from './move-types.ts';
import { pageAfter } from './paging.ts';
import { address, optionalAddress, optionalStructTag, pageLimit } from './params.ts';
import type { RpcMethods } from './types.ts';

const COIN_PREFIX = `${FRAMEWORK}::coin::Coin<`;
const SUI = `${FRAMEWORK}::sui::SUI`;
/** The only coin type that pays for gas, normalized like the store's records. */
export const SUI_COIN = `${COIN_PREFIX}${SUI}>`;

interface Coin {
  readonly object: ChainObject;
  /** Normalized coin type `T` of `Coin<T>`. */
  readonly coinType: string;
  readonly balance: bigint;
}

/** The coin view of an object, or undefined if it is not a `Coin<T>`. */
export function asCoin(object: ChainObject): Coin | undefined {
  if (!object.type.startsWith(COIN_PREFIX) || !object.type.endsWith('>')) return undefined;
  const coinType = normalizeType(object.type.slice(COIN_PREFIX.length, -1));
  if (coinType === undefined) return undefined;
  if (object.contents.length < 40)
    throw new RpcError(
      RpcErrorCode.InternalError,
      `Coin ${object.id} has ${object.contents.length} content bytes, expected 40`,
    );
  const view = new DataView(object.contents.buffer, object.contents.byteOffset, object.contents.byteLength);
  return { object, coinType, balance: view.getBigUint64(32, true) };
}

function coinsOf(ctx: ReadContext, owner: string): Coin[] {
  return ctx.store.ownedBy(owner).flatMap((o) => asCoin(o) ?? []);
}

function coinJson(coin: Coin) {
  return {
    coinType: displayType(coin.coinType),
    coinObjectId: coin.object.id,
    version: coin.object.version.toString(),
    digest: coin.object.digest,
    balance: coin.balance.toString(),
    previousTransaction: coin.object.previousTransaction,
  };
}

function balanceJson(coinType: string, coins: readonly Coin[]) {
  return {
    coinType: displayType(coinType),
    coinObjectCount: coins.length,
    totalBalance: coins.reduce((sum, c) => sum + c.balance, 0n).toString(),
    lockedBalance: {},
    fundsInAddressBalance: '0',
  };
}

function coinPage(coins: readonly Coin[], cursor: unknown, limit: unknown) {
  const page = pageAfter(coins, (c) => c.object.id, optionalAddress(cursor, 'cursor'), pageLimit(limit));
  return { data: page.items.map(coinJson), nextCursor: page.nextCursor, hasNextPage: page.hasNextPage };
}

export function coinMethods(ctx: ReadContext): RpcMethods {
  return {
    suix_getCoins([owner, coinType, cursor, limit]) {
      const type = optionalStructTag(coinType, 'coin type') ?? SUI;
      return coinPage(
        coinsOf(ctx, address(owner, 'owner')).filter((c) => c.coinType === type),
        cursor,
        limit,
      );
    },

    suix_getAllCoins([owner, cursor, limit]) {
      return coinPage(coinsOf(ctx, address(owner, 'owner')), cursor, limit);
    },

    suix_getBalance([owner, coinType]) {
      const type = optionalStructTag(coinType, 'coin type') ?? SUI;
      return balanceJson(
        type,
        coinsOf(ctx, address(owner, 'owner')).filter((c) => c.coinType === type),
      );
    },

    suix_getAllBalances([owner]) {
      const byType = new Map<string, Coin[]>();
      for (const coin of coinsOf(ctx, address(owner, 'owner'))) {
        const list = byType.get(coin.coinType);
        if (list) list.push(coin);
        else byType.set(coin.coinType, [coin]);
      }
      return [...byType]
        .sort(([a], [b]) => (a < b ? -1 : 1))
        .map(([type, coins]) => balanceJson(type, coins));
    },
  };
}
