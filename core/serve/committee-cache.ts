// The storage committee, read once per epoch: every read needs it, and it only changes when the
// epoch does. Checked again after `ttlMs` (cheap: the staking object) and on demand after
// a read failed everywhere (a committee change is one reason nodes stop answering).
import type { ClientWithCoreApi } from '@mysten/sui/client';
import type { WalrusClient } from '@mysten/walrus';
import { loadChainCommittee } from '../walrus/chain-committee.ts';
import type { Committee } from '../walrus/committee.ts';

/** Where a fresh committee comes from: the chain (the portal server), or the portal (its worker). */
export type CommitteeSource = () => Promise<Committee>;

/** Reads the committee from the chain through the SDK's Walrus client (its caches reset first). */
export function chainCommittee(
  walrus: WalrusClient,
  sui: ClientWithCoreApi,
  scheme: 'http' | 'https',
): CommitteeSource {
  return () => {
    walrus.reset();
    return loadChainCommittee(walrus, sui, { scheme });
  };
}

export class CommitteeCache {
  readonly #load: CommitteeSource;
  readonly #ttlMs: number;
  #current: { at: number; committee: Promise<Committee> } | undefined;

  constructor(load: CommitteeSource, ttlMs = 60_000) {
    this.#load = load;
    this.#ttlMs = ttlMs;
  }

  get(): Promise<Committee> {
    const now = Date.now();
    if (this.#current && now - this.#current.at < this.#ttlMs) return this.#current.committee;
    const previous = this.#current;
    const committee = this.#load().then(
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
