// Lends owned coins to one transaction at a time. On Sui an owned object version can be spent by
// one transaction only: two concurrent transactions naming the same coin conflict and one is
// refused. Sui's faucet keeps a queue of gas coins and gives each request its own (MystenLabs/sui
// crates/sui-faucet); this is that queue, for any set of coins.

/** A coin handed out until `release()`: no other lease gets it meanwhile. */
export interface Lease<T> {
  readonly coin: T;
  release(): void;
}

export class CoinLeases<T extends { readonly id: string }> {
  readonly #busy = new Set<string>();
  #waiters: (() => void)[] = [];

  /**
   * The first of `candidates()` no lease holds, waiting while every candidate is lent out; null
   * when there is no candidate at all (none large enough, say), which waiting would not change.
   * `candidates` is called afresh each time so it sees coins as the last transaction left them.
   */
  async acquire(candidates: () => readonly T[]): Promise<Lease<T> | null> {
    for (;;) {
      const all = candidates();
      if (all.length === 0) return null;
      const coin = all.find((c) => !this.#busy.has(c.id));
      if (coin) {
        this.#busy.add(coin.id);
        let released = false;
        return {
          coin,
          release: () => {
            if (released) return;
            released = true;
            this.#busy.delete(coin.id);
            this.#wake();
          },
        };
      }
      await new Promise<void>((resolve) => this.#waiters.push(resolve));
    }
  }

  #wake(): void {
    const waiters = this.#waiters;
    this.#waiters = [];
    for (const wake of waiters) wake();
  }
}
