// The storage committee, read from chain once per epoch: every read needs it, and it only changes
// when the epoch does. Checked again after `ttlMs` (cheap: the staking object) and on demand after
// a read failed everywhere (a committee change is one reason nodes stop answering).
import type { ClientWithCoreApi } from '@mysten/sui/client';
import type { WalrusClient } from '@mysten/walrus';
import { loadChainCommittee } from '../walrus/chain-committee.ts';
import type { Committee } from '../walrus/committee.ts';

export class CommitteeCache {
  readonly #walrus: WalrusClient;
  readonly #sui: ClientWithCoreApi;
  readonly #scheme: 'http' | 'https';
  readonly #ttlMs: number;
  #current: { at: number; committee: Promise<Committee> } | undefined;

  constructor(walrus: WalrusClient, sui: ClientWithCoreApi, scheme: 'http' | 'https', ttlMs = 60_000) {
    this.#walrus = walrus;
    this.#sui = sui;
    this.#scheme = scheme;
    this.#ttlMs = ttlMs;
  }

  get(): Promise<Committee> {
    const now = Date.now();
    if (this.#current && now - this.#current.at < this.#ttlMs) return this.#current.committee;
    const previous = this.#current;
    this.#walrus.reset();
    const committee = loadChainCommittee(this.#walrus, this.#sui, { scheme: this.#scheme }).then(
      (fresh) => fresh,
      async (error: unknown) => {
        // Keep serving with the last committee when the chain blips.
        if (previous) return previous.committee;
        throw error;
      },
    );
    this.#current = { at: now, committee };
    committee.catch(() => {
      if (this.#current?.committee === committee) this.#current = undefined;
    });
    return committee;
  }

  /**
   * Takes `committee` as read from the chain just now (the portal's, handed to its worker), so the
   * first reads need no chain round trip for it; it is checked against the chain after `ttlMs`.
   * Ignored once a committee has been loaded.
   */
  seed(committee: Committee): void {
    this.#current ??= { at: Date.now(), committee: Promise.resolve(committee) };
  }

  /** Forget the committee so the next read loads it again. */
  invalidate(): void {
    this.#current = undefined;
  }
}
