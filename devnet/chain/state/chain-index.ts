// The chain's state held in memory: live objects with owner and parent indexes, transactions,
// events and checkpoints. Pure bookkeeping with no I/O, shared by replay and by live commits so
// both build exactly the same state.
import { EventIndex } from './event-index.ts';
import type {
  ChainObject,
  CheckpointRecord,
  CommitBatch,
  EpochInfo,
  EventRecord,
  Owner,
  TransactionRecord,
} from './records.ts';
import type { EventCursor, EventQuery } from './store.ts';

export class ChainIndex {
  readonly #objects = new Map<string, ChainObject>();
  readonly #byOwner = new Map<string, Set<string>>();
  readonly #byParent = new Map<string, Set<string>>();
  readonly #transactions = new Map<string, TransactionRecord>();
  readonly #checkpoints: CheckpointRecord[] = [];
  readonly #checkpointByDigest = new Map<string, bigint>();
  readonly #events = new EventIndex();
  #epoch: EpochInfo | undefined;

  // --- writes -------------------------------------------------------------------------------

  applyBatch(batch: CommitBatch): void {
    for (const id of batch.deleted) this.#remove(id);
    for (const object of batch.written) {
      this.#remove(object.id);
      this.#objects.set(object.id, object);
      const [index, key] = ownerKey(object.owner);
      if (index) addTo(index === 'address' ? this.#byOwner : this.#byParent, key, object.id);
    }
    this.#transactions.set(batch.transaction.digest, batch.transaction);
    this.#events.append(batch.transaction.digest, batch.transaction.events);
  }

  addCheckpoint(checkpoint: CheckpointRecord): void {
    this.#checkpoints.push(checkpoint);
    this.#checkpointByDigest.set(checkpoint.digest, checkpoint.sequenceNumber);
  }

  setEpoch(epoch: EpochInfo): void {
    this.#epoch = epoch;
  }

  #remove(id: string): void {
    const old = this.#objects.get(id);
    if (!old) return;
    this.#objects.delete(id);
    const [index, key] = ownerKey(old.owner);
    if (index) removeFrom(index === 'address' ? this.#byOwner : this.#byParent, key, id);
  }

  // --- reads --------------------------------------------------------------------------------

  getObject(id: string): ChainObject | undefined {
    return this.#objects.get(id);
  }

  ownedBy(address: string): ChainObject[] {
    return this.#sorted(this.#byOwner.get(address));
  }

  childrenOf(parentId: string): ChainObject[] {
    return this.#sorted(this.#byParent.get(parentId));
  }

  hasTransaction(digest: string): boolean {
    return this.#transactions.has(digest);
  }

  getTransaction(digest: string): TransactionRecord | undefined {
    return this.#transactions.get(digest);
  }

  queryEvents(
    query: EventQuery,
    cursor: EventCursor | null,
    limit: number,
    descending: boolean,
  ): EventRecord[] {
    return this.#events.query(query, cursor, limit, descending);
  }

  getCheckpoint(sequenceNumber: bigint): CheckpointRecord | undefined {
    if (sequenceNumber < 0n || sequenceNumber >= BigInt(this.#checkpoints.length)) return undefined;
    return this.#checkpoints[Number(sequenceNumber)];
  }

  getCheckpointByDigest(digest: string): CheckpointRecord | undefined {
    const seq = this.#checkpointByDigest.get(digest);
    return seq === undefined ? undefined : this.getCheckpoint(seq);
  }

  /** Undefined only before genesis has been applied. */
  latestCheckpoint(): CheckpointRecord | undefined {
    return this.#checkpoints.at(-1);
  }

  epoch(): EpochInfo | undefined {
    return this.#epoch;
  }

  #sorted(ids: Set<string> | undefined): ChainObject[] {
    if (!ids) return [];
    return [...ids].sort().map((id) => this.#objects.get(id)!);
  }
}

/** Which index an owner belongs to: address-owned objects, or children of a parent object. */
function ownerKey(owner: Owner): ['address' | 'parent', string] | [undefined, ''] {
  if (typeof owner === 'object' && 'AddressOwner' in owner) return ['address', owner.AddressOwner];
  if (typeof owner === 'object' && 'ObjectOwner' in owner) return ['parent', owner.ObjectOwner];
  return [undefined, ''];
}

function addTo(index: Map<string, Set<string>>, key: string, id: string): void {
  const set = index.get(key);
  if (set) set.add(id);
  else index.set(key, new Set([id]));
}

function removeFrom(index: Map<string, Set<string>>, key: string, id: string): void {
  const set = index.get(key);
  if (!set) return;
  set.delete(id);
  if (set.size === 0) index.delete(key);
}
