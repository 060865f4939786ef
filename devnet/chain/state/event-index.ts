// Events in commit order with secondary indexes, so filtered, cursor-paged queries touch only the
// matching events. A position is the event's index in the global order; every index lists
// positions in ascending order because events are only ever appended.
import { ChainStoreError } from './errors.ts';
import type { EventRecord } from './records.ts';
import type { EventCursor, EventQuery } from './store.ts';

/** An ascending list of positions; `all` queries use 0..n-1 without materialising it. */
interface Positions {
  readonly length: number;
  at(index: number): number;
}

export class EventIndex {
  readonly #events: EventRecord[] = [];
  /** First position of each transaction's events and how many it emitted. */
  readonly #byTx = new Map<string, { start: number; count: number }>();
  readonly #byType = new Map<string, number[]>();
  readonly #bySender = new Map<string, number[]>();
  readonly #byModule = new Map<string, number[]>();
  readonly #byTypeModule = new Map<string, number[]>();

  /** Appends one transaction's events (in `eventSeq` order). */
  append(txDigest: string, events: readonly EventRecord[]): void {
    this.#byTx.set(txDigest, { start: this.#events.length, count: events.length });
    for (const event of events) {
      const pos = this.#events.length;
      this.#events.push(event);
      push(this.#byType, event.type, pos);
      push(this.#bySender, event.sender, pos);
      push(this.#byModule, `${event.packageId}::${event.module}`, pos);
      push(this.#byTypeModule, typeModule(event.type), pos);
    }
  }

  /** @throws ChainStoreError if `cursor` names an event this chain never emitted. */
  query(query: EventQuery, cursor: EventCursor | null, limit: number, descending: boolean): EventRecord[] {
    const candidates = this.#candidates(query);
    const matches = predicate(query);
    let i = 0;
    if (cursor) {
      const at = this.#position(cursor);
      i = descending ? lastBelow(candidates, at) : firstAbove(candidates, at);
    } else if (descending) {
      i = candidates.length - 1;
    }
    const out: EventRecord[] = [];
    for (; out.length < limit && i >= 0 && i < candidates.length; i += descending ? -1 : 1) {
      const event = this.#events[candidates.at(i)]!;
      if (matches(event)) out.push(event);
    }
    return out;
  }

  #position(cursor: EventCursor): number {
    const tx = this.#byTx.get(cursor.txDigest);
    if (!tx || !Number.isInteger(cursor.eventSeq) || cursor.eventSeq < 0 || cursor.eventSeq >= tx.count)
      throw new ChainStoreError(`unknown event cursor ${cursor.txDigest}:${cursor.eventSeq}`);
    return tx.start + cursor.eventSeq;
  }

  /** The narrowest position list that covers the query; `predicate` applies the other filters. */
  #candidates(query: EventQuery): Positions {
    if (query.transaction !== undefined) {
      const tx = this.#byTx.get(query.transaction);
      return tx ? range(tx.start, tx.count) : range(0, 0);
    }
    if (query.moveEventType !== undefined) return list(this.#byType.get(query.moveEventType));
    if (query.sender !== undefined) return list(this.#bySender.get(query.sender));
    if (query.moveModule !== undefined)
      return list(this.#byModule.get(`${query.moveModule.package}::${query.moveModule.module}`));
    if (query.moveEventModule !== undefined)
      return list(
        this.#byTypeModule.get(`${query.moveEventModule.package}::${query.moveEventModule.module}`),
      );
    return range(0, this.#events.length);
  }
}

/** Filters set in a query are ANDed together. */
function predicate(query: EventQuery): (event: EventRecord) => boolean {
  return (e) =>
    (query.transaction === undefined || e.txDigest === query.transaction) &&
    (query.moveEventType === undefined || e.type === query.moveEventType) &&
    (query.sender === undefined || e.sender === query.sender) &&
    (query.moveModule === undefined ||
      (e.packageId === query.moveModule.package && e.module === query.moveModule.module)) &&
    (query.moveEventModule === undefined ||
      typeModule(e.type) === `${query.moveEventModule.package}::${query.moveEventModule.module}`);
}

/** `package::module` of a struct tag. */
function typeModule(type: string): string {
  const [pkg = '', module = ''] = type.split('::', 2);
  return `${pkg}::${module}`;
}

function push(index: Map<string, number[]>, key: string, pos: number): void {
  const positions = index.get(key);
  if (positions) positions.push(pos);
  else index.set(key, [pos]);
}

/** Index of the first element > `value` in an ascending list. */
function firstAbove(positions: Positions, value: number): number {
  let lo = 0;
  let hi = positions.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (positions.at(mid) <= value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Index of the last element < `value` in an ascending list (-1 if none). */
function lastBelow(positions: Positions, value: number): number {
  let lo = 0;
  let hi = positions.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (positions.at(mid) < value) lo = mid + 1;
    else hi = mid;
  }
  return lo - 1;
}

function range(start: number, length: number): Positions {
  return { length, at: (index) => start + index };
}

function list(positions: readonly number[] | undefined): Positions {
  const items = positions ?? [];
  return { length: items.length, at: (index) => items[index]! };
}
