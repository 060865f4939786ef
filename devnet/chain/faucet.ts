// The devnet faucet: a key funded at genesis that pays out SUI (and WAL, once that coin exists)
// through ordinary signed transactions, so funding exercises the same path as every other write,
// including Sui's rule that one owned coin version feeds one transaction.
import type { Ed25519Keypair } from '@mysten/sui/keypairs/ed25519';
import { Transaction } from '@mysten/sui/transactions';
import { normalizeSuiAddress } from '@mysten/sui/utils';
import { CoinLeases } from './coin-lease.ts';
import type { Executor } from './exec/executor.ts';
import type { ChainObject } from './state/records.ts';
import type { ChainStore } from './state/store.ts';

export const DEFAULT_SUI_GRANT = 100_000_000_000n; // 100 SUI
const FAUCET_GAS_BUDGET = 50_000_000n;

export class FaucetError extends Error {
  override name = 'FaucetError';
}

export interface FaucetGrant {
  readonly digest: string;
  readonly coins: readonly { readonly id: string; readonly amount: bigint; readonly coinType: string }[];
}

export class Faucet {
  readonly keypair: Ed25519Keypair;
  readonly #store: ChainStore;
  readonly #executor: Executor;
  readonly #coinTypes: { readonly sui: string; readonly wal?: string };
  readonly #leases = new CoinLeases<ChainObject>();

  constructor(args: {
    store: ChainStore;
    executor: Executor;
    keypair: Ed25519Keypair;
    walCoinType?: string;
  }) {
    this.keypair = args.keypair;
    this.#store = args.store;
    this.#executor = args.executor;
    this.#coinTypes = {
      sui: coinType('0x2::sui::SUI'),
      ...(args.walCoinType ? { wal: coinType(args.walCoinType) } : {}),
    };
  }

  get address(): string {
    return this.keypair.toSuiAddress();
  }

  /**
   * Sends `sui` MIST (and `wal` FROST when WAL exists) to `recipient` in one transaction. Grants
   * run concurrently: each takes its own gas (and WAL) coin until its transaction is committed,
   * as Sui's faucet does, since two transactions spending one coin version would conflict.
   */
  async fund(recipient: string, amounts: { sui?: bigint; wal?: bigint } = {}): Promise<FaucetGrant> {
    const to = normalizeSuiAddress(recipient);
    const sui = amounts.sui ?? DEFAULT_SUI_GRANT;
    const wal = amounts.wal ?? 0n;
    const walType = this.#coinTypes.wal;
    if (wal > 0n && !walType) throw new FaucetError('this devnet has no WAL coin');
    // Always SUI before WAL, so two grants never wait on each other's coin.
    const gas = await this.#leases.acquire(() => this.#coins(this.#coinTypes.sui, sui + FAUCET_GAS_BUDGET));
    if (!gas) throw new FaucetError('the faucet has no SUI coin large enough for this grant');
    try {
      const walCoin = wal > 0n ? await this.#leases.acquire(() => this.#coins(walType!, wal)) : undefined;
      if (walCoin === null) throw new FaucetError('the faucet has no WAL coin large enough for this grant');
      try {
        return await this.#send(to, gas.coin, sui, walCoin ? { coin: walCoin.coin, amount: wal } : undefined);
      } finally {
        walCoin?.release();
      }
    } finally {
      gas.release();
    }
  }

  async #send(
    to: string,
    gas: ChainObject,
    sui: bigint,
    wal: { coin: ChainObject; amount: bigint } | undefined,
  ): Promise<FaucetGrant> {
    const tx = new Transaction();
    tx.setSender(this.address);
    tx.setGasPrice(this.#store.epoch().referenceGasPrice);
    tx.setGasBudget(FAUCET_GAS_BUDGET);
    tx.setGasPayment([ref(gas)]);
    const [suiCoin] = tx.splitCoins(tx.gas, [sui]);
    const outputs = [suiCoin!];
    if (wal) {
      const [piece] = tx.splitCoins(tx.objectRef(ref(wal.coin)), [wal.amount]);
      outputs.push(piece!);
    }
    tx.transferObjects(outputs, to);
    const bytes = await tx.build();
    const { signature } = await this.keypair.signTransaction(bytes);
    const record = await this.#executor.execute(bytes, [signature]);
    if (!record.status.success) throw new FaucetError(`faucet transaction failed: ${record.status.error}`);
    const coins = record.changes
      .filter(
        (c) =>
          c.kind === 'created' &&
          c.after &&
          typeof c.after.owner === 'object' &&
          'AddressOwner' in c.after.owner,
      )
      .map((c) => {
        const object = this.#store.getObject(c.id)!;
        return {
          id: c.id,
          amount: coinBalance(object),
          coinType: object.type.replace(/^.*::coin::Coin<(.+)>$/, '$1'),
        };
      });
    return { digest: record.digest, coins };
  }

  /** The faucet's coins of `type` holding at least `atLeast`, largest first, as they are now. */
  #coins(type: string, atLeast: bigint): ChainObject[] {
    return this.#store
      .ownedBy(this.address)
      .filter((o) => o.type === type && coinBalance(o) >= atLeast)
      .sort((a, b) => (coinBalance(b) > coinBalance(a) ? 1 : -1));
  }
}

function coinType(inner: string): string {
  const [address, ...rest] = inner.split('::');
  return `${normalizeSuiAddress('0x2')}::coin::Coin<${normalizeSuiAddress(address!)}::${rest.join('::')}>`;
}

export function coinBalance(object: ChainObject): bigint {
  return new DataView(object.contents.buffer, object.contents.byteOffset + 32, 8).getBigUint64(0, true);
}

function ref(object: ChainObject) {
  return { objectId: object.id, version: String(object.version), digest: object.digest };
}
