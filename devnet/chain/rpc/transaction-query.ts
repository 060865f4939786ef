// suix_queryTransactionBlocks: transactions in ledger order (oldest first unless descending), after
// a cursor digest, filtered by one of Sui's TransactionFilter kinds. The devnet supports the ones
// the SDK's `core.listTransactions` sends (FromAddress, MoveFunction) and AffectedObject.
import type { TransactionRecord } from '../state/records.ts';
import type { ReadContext } from './context.ts';
import { InvalidParamsError } from './errors.ts';
import { ledgerPosition, transactionCount, transactionsBetween } from './ledger-order.ts';
import {
  address,
  identifier,
  isAbsent,
  optionalBoolean,
  pageLimit,
  record,
  show,
  txDigest,
} from './params.ts';
import { matchesTransaction, type TransactionPredicate } from './transaction-filter.ts';
import { transactionNotFound, transactionOptions, transactionResponse } from './transactions.ts';
import type { RpcMethods } from './types.ts';

/** @throws InvalidParamsError for a malformed or unsupported filter. */
export function transactionFilterJson(value: unknown, name = 'query.filter'): TransactionPredicate {
  const filter = record(value, name);
  const keys = Object.keys(filter);
  const [kind] = keys;
  if (keys.length !== 1 || kind === undefined)
    throw new InvalidParamsError(`Invalid ${name}: expected exactly one filter kind, got ${show(value)}`);
  const arg = filter[kind];
  const at = `${name}.${kind}`;
  switch (kind) {
    case 'FromAddress':
      return { kind: 'sender', address: address(arg, at) };
    case 'AffectedObject':
      return { kind: 'affectedObject', objectId: address(arg, at) };
    case 'MoveFunction': {
      const call = record(arg, at);
      const module = isAbsent(call.module) ? undefined : identifier(call.module, `${at}.module`);
      const fn = isAbsent(call.function) ? undefined : identifier(call.function, `${at}.function`);
      if (fn !== undefined && module === undefined)
        throw new InvalidParamsError(`Invalid ${at}: a function needs its module`);
      return {
        kind: 'moveCall',
        package: address(call.package, `${at}.package`),
        ...(module === undefined ? {} : { module }),
        ...(fn === undefined ? {} : { function: fn }),
      };
    }
    default:
      throw new InvalidParamsError(`Unsupported transaction filter ${show(kind)} in ${name}`);
  }
}

export function transactionQueryMethods({ store, render }: ReadContext): RpcMethods {
  return {
    suix_queryTransactionBlocks([query, cursor, limit, descending]) {
      const q = isAbsent(query) ? {} : record(query, 'query');
      const predicate = isAbsent(q.filter) ? undefined : transactionFilterJson(q.filter);
      const options = transactionOptions(q.options);
      const max = pageLimit(limit);
      const down = optionalBoolean(descending, 'descending');
      let from = 0n;
      let to = transactionCount(store);
      if (!isAbsent(cursor)) {
        const digest = txDigest(cursor, 'cursor');
        const at = ledgerPosition(store, digest);
        if (!at) throw transactionNotFound(digest);
        if (down) to = at.seq;
        else from = at.seq + 1n;
      }
      const page: TransactionRecord[] = [];
      for (const { digest } of transactionsBetween(store, from, to, down)) {
        const tx = store.getTransaction(digest)!;
        if (predicate && !matchesTransaction(tx, predicate)) continue;
        page.push(tx);
        if (page.length > max) break;
      }
      const data = page.slice(0, max);
      return {
        data: data.map((tx) => transactionResponse(tx, options, render)),
        nextCursor: data.at(-1)?.digest ?? (isAbsent(cursor) ? null : cursor),
        hasNextPage: page.length > max,
      };
    },
  };
}
