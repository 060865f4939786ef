// The persisted BlobStateSource: blob state and committee live in the node's database next to the
// slivers, and a batch of events is applied in one transaction together with the cursor of the
// last event in it. After a crash the node resumes from that cursor, and since applying an event
// twice is a no-op (`applyBlobEvent`), a replayed batch is harmless. The chain follower
// (`chain-follower.ts`) feeds `apply`; on a node without a chain the devnet admin API does.
import { applyBlobEvent, UNKNOWN_BLOB, type BlobEvent, type BlobInfo } from './blob-info.ts';
import {
  Listeners,
  StateError,
  validateCommittee,
  type BlobStateSource,
  type CommitteeView,
  type StateChange,
} from './blob-state.ts';
import type { NodeStore } from './store.ts';

const COMMITTEE_KEY = 'committee';
const CURSOR_KEY = 'cursor';
const APPLIED_KEY = 'applied';

export class StoredBlobState implements BlobStateSource {
  readonly #store: NodeStore;
  readonly #listeners = new Listeners();
  #committee: CommitteeView;
  #owned: ReadonlySet<number>;
  #applied: number;

  private constructor(store: NodeStore, committee: CommitteeView) {
    this.#store = store;
    this.#committee = committee;
    this.#owned = new Set(committee.shards);
    this.#applied = (store.chain.get(APPLIED_KEY) as number | undefined) ?? 0;
  }

  /**
   * Loads the persisted state. `committee`, when given, replaces the stored one (and is required
   * on first start, before any chain state exists).
   */
  static async open(store: NodeStore, committee?: CommitteeView): Promise<StoredBlobState> {
    const stored = store.chain.get(COMMITTEE_KEY) as CommitteeView | undefined;
    const initial = committee ? validateCommittee(committee) : stored;
    if (!initial) throw new StateError('no committee known yet: give one on first start');
    if (stored && stored.nShards !== initial.nShards) {
      throw new StateError(`the store was created for ${stored.nShards} shards, not ${initial.nShards}`);
    }
    const state = new StoredBlobState(store, initial);
    if (committee) await store.transaction(() => store.chain.put(COMMITTEE_KEY, initial));
    return state;
  }

  get nShards(): number {
    return this.#committee.nShards;
  }

  currentEpoch(): number {
    return this.#committee.epoch;
  }

  ownedShards(): ReadonlySet<number> {
    return this.#owned;
  }

  committee(): CommitteeView {
    return this.#committee;
  }

  status(blobId: Uint8Array): BlobInfo {
    return (this.#store.blobs.get(blobId) as BlobInfo | undefined) ?? UNKNOWN_BLOB;
  }

  subscribe(listener: (change: StateChange) => void): () => void {
    return this.#listeners.add(listener);
  }

  eventProgress() {
    return { persisted: this.#applied, pending: 0 };
  }

  /** The cursor stored with the last applied batch (opaque to this class: the follower's format). */
  cursor(): string | undefined {
    return this.#store.chain.get(CURSOR_KEY) as string | undefined;
  }

  async setCommittee(committee: CommitteeView): Promise<void> {
    const next = validateCommittee(committee);
    if (next.nShards !== this.#committee.nShards) throw new StateError('the shard count never changes');
    await this.#store.transaction(() => this.#store.chain.put(COMMITTEE_KEY, next));
    this.#committee = next;
    this.#owned = new Set(next.shards);
    this.#listeners.emit({ kind: 'committee', epoch: next.epoch });
  }

  /** Applies `events` in order and stores `cursor` with them, atomically and durably. */
  async apply(events: readonly BlobEvent[], cursor?: string): Promise<void> {
    const { blobs, chain } = this.#store;
    // Reads inside the callback see earlier batches of the same commit, so concurrent calls compose.
    const applied = await this.#store.transaction(() => {
      for (const event of events) {
        const current = (blobs.get(event.blobId) as BlobInfo | undefined) ?? UNKNOWN_BLOB;
        const next = applyBlobEvent(current, event);
        if (next !== current) blobs.put(event.blobId, next);
      }
      if (cursor !== undefined) chain.put(CURSOR_KEY, cursor);
      const total = ((chain.get(APPLIED_KEY) as number | undefined) ?? 0) + events.length;
      chain.put(APPLIED_KEY, total);
      return total;
    });
    this.#applied = Math.max(this.#applied, applied);
    for (const event of events)
      this.#listeners.emit({ kind: 'blob', blobId: event.blobId, event: event.kind });
  }
}
