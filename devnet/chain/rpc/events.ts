// suix_queryEvents. Sui's EventFilter JSON becomes the store's EventQuery; `All` takes a list of
// filters that must all hold (an empty list matches everything).
import type { EventCursor, EventQuery } from '../state/store.ts';
import type { ReadContext } from './context.ts';
import { InvalidParamsError } from './errors.ts';
import {
  address,
  array,
  identifier,
  isAbsent,
  optionalBoolean,
  pageLimit,
  record,
  show,
  structTag,
  txDigest,
} from './params.ts';
import { eventJson } from './render-event.ts';
import type { RpcMethods } from './types.ts';

type MutableQuery = { -readonly [K in keyof EventQuery]: EventQuery[K] };

/** @throws InvalidParamsError for malformed or unsupported filters. */
export function eventQuery(value: unknown, name = 'query'): EventQuery {
  const query: MutableQuery = {};
  addFilter(query, value, name);
  return Object.keys(query).length === 0 ? { all: true } : query;
}

function addFilter(query: MutableQuery, value: unknown, name: string): void {
  const filter = record(value, name);
  const keys = Object.keys(filter);
  const [kind] = keys;
  if (keys.length !== 1 || kind === undefined)
    throw new InvalidParamsError(`Invalid ${name}: expected exactly one filter kind, got ${show(value)}`);
  const arg = filter[kind];
  const at = `${name}.${kind}`;
  const set = <K extends keyof MutableQuery>(key: K, v: MutableQuery[K]) => {
    if (query[key] !== undefined)
      throw new InvalidParamsError(`Invalid ${name}: ${kind} given twice in one query`);
    query[key] = v;
  };
  switch (kind) {
    case 'All':
      array(arg, at).forEach((f, i) => addFilter(query, f, `${at}[${i}]`));
      return;
    case 'Transaction':
      return set('transaction', txDigest(arg, at));
    case 'MoveEventType':
      return set('moveEventType', structTag(arg, at));
    case 'Sender':
      return set('sender', address(arg, at));
    case 'MoveModule':
    case 'MoveEventModule': {
      const m = record(arg, at);
      const module = {
        package: address(m.package, `${at}.package`),
        module: identifier(m.module, `${at}.module`),
      };
      return set(kind === 'MoveModule' ? 'moveModule' : 'moveEventModule', module);
    }
    default:
      throw new InvalidParamsError(`Unsupported event filter ${show(kind)} in ${name}`);
  }
}

export function eventMethods({ store, render }: ReadContext): RpcMethods {
  const eventCursor = (value: unknown): EventCursor | null => {
    if (isAbsent(value)) return null;
    const c = record(value, 'cursor');
    const digest = txDigest(c.txDigest, 'cursor.txDigest');
    const seq = typeof c.eventSeq === 'string' && /^\d+$/.test(c.eventSeq) ? Number(c.eventSeq) : c.eventSeq;
    const tx = store.getTransaction(digest);
    if (typeof seq !== 'number' || !Number.isInteger(seq) || !tx || seq < 0 || seq >= tx.events.length)
      throw new InvalidParamsError(`Could not find the referenced event ${show(value)}`);
    return { txDigest: digest, eventSeq: seq };
  };

  return {
    suix_queryEvents([query, cursor, limit, descending]) {
      const start = eventCursor(cursor);
      const max = pageLimit(limit);
      const events = store.queryEvents(
        eventQuery(query),
        start,
        max + 1,
        optionalBoolean(descending, 'descending'),
      );
      const page = events.slice(0, max);
      const last = page.at(-1);
      return {
        data: page.map((e) => eventJson(e, render)),
        nextCursor: last ? { txDigest: last.txDigest, eventSeq: last.eventSeq.toString() } : (cursor ?? null),
        hasNextPage: events.length > max,
      };
    },
  };
}
