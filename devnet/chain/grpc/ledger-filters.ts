// `TransactionFilter` / `EventFilter` (filter.proto) → a match function, validated with Sui's
// messages (MystenLabs/sui crates/sui-rpc-api/src/ledger_history/filter.rs). A filter is in
// disjunctive normal form: any term may match, a term matches when all its literals do (a term
// without literals matches everything), a literal may be negated. The predicates themselves are the
// ones JSON-RPC's transaction query also uses (../rpc/transaction-filter.ts).
import type { GrpcTypes } from '@mysten/sui/grpc';
import { isValidSuiAddress, normalizeStructTag, normalizeSuiAddress } from '@mysten/sui/utils';
import {
  matchesEvent,
  matchesTransaction,
  type EventPredicate,
  type TransactionPredicate,
} from '../rpc/transaction-filter.ts';
import type { EventRecord, TransactionRecord } from '../state/records.ts';
import { invalidArgument } from './status.ts';

/** Sui's cap on literals across a filter's terms (`max_bitmap_filter_literals`). */
const MAX_LITERALS = 10;

interface Literal<P> {
  readonly negated: boolean;
  readonly predicate: P;
}

type ProtoTransactionPredicate = GrpcTypes.TransactionLiteral['predicate'];
type ProtoEventPredicate = GrpcTypes.EventLiteral['predicate'];

/**
 * Whether a transaction matches `filter`; undefined when there is none (everything matches).
 * @throws GrpcStatusError INVALID_ARGUMENT for an empty or malformed filter
 */
export function transactionFilter(
  filter: GrpcTypes.TransactionFilter | undefined,
): ((tx: TransactionRecord) => boolean) | undefined {
  if (!filter) return undefined;
  const terms = parseTerms(filter.terms, transactionPredicate);
  return (tx) => matchesDnf(terms, (p) => matchesTransaction(tx, p));
}

/** As {@link transactionFilter}, for events. */
export function eventFilter(
  filter: GrpcTypes.EventFilter | undefined,
): ((event: EventRecord) => boolean) | undefined {
  if (!filter) return undefined;
  const terms = parseTerms(filter.terms, eventPredicate);
  return (event) => matchesDnf(terms, (p) => matchesEvent(event, p));
}

function matchesDnf<P>(terms: readonly (readonly Literal<P>[])[], matches: (p: P) => boolean): boolean {
  return terms.some((term) => term.every(({ negated, predicate }) => matches(predicate) !== negated));
}

function parseTerms<Proto, P>(
  terms: readonly { readonly literals: readonly { negated: boolean; predicate: Proto }[] }[],
  parse: (predicate: Proto) => P,
): Literal<P>[][] {
  if (terms.length === 0) throw invalidArgument('at least one filter term is required');
  const count = terms.reduce((sum, term) => sum + term.literals.length, 0);
  if (count > MAX_LITERALS)
    throw invalidArgument(`filter contains ${count} literals; at most ${MAX_LITERALS} are allowed`);
  return terms.map((term) =>
    term.literals.map((literal) => ({ negated: literal.negated, predicate: parse(literal.predicate) })),
  );
}

function transactionPredicate(predicate: ProtoTransactionPredicate): TransactionPredicate {
  switch (predicate.oneofKind) {
    case 'affectedAddress':
      return { kind: 'affectedAddress', address: address(predicate.affectedAddress.address) };
    case 'affectedObject': {
      const id = predicate.affectedObject.objectId;
      if (id === undefined) throw invalidArgument('object_id is required');
      return { kind: 'affectedObject', objectId: parseAddress(id, 'object_id') };
    }
    case 'moveCall':
      return moveCall(predicate.moveCall.function);
    case 'packageWrite':
      return { kind: 'packageWrite' };
    case 'sender':
    case 'emitModule':
    case 'eventType':
    case 'eventStreamHead':
      return eventPredicate(predicate);
    default:
      throw invalidArgument('predicate variant is required');
  }
}

function eventPredicate(predicate: ProtoEventPredicate): EventPredicate {
  switch (predicate.oneofKind) {
    case 'sender':
      return { kind: 'sender', address: address(predicate.sender.address) };
    case 'emitModule':
      return emitModule(predicate.emitModule.module);
    case 'eventType':
      return eventType(predicate.eventType.eventType);
    case 'eventStreamHead': {
      const id = predicate.eventStreamHead.streamId;
      if (id === undefined) throw invalidArgument('stream_id is required');
      return { kind: 'eventStreamHead', streamId: parseAddress(id, 'stream_id') };
    }
    default:
      throw invalidArgument('predicate variant is required');
  }
}

function address(value: string | undefined): string {
  if (value === undefined) throw invalidArgument('address is required');
  return parseAddress(value, 'address');
}

function parseAddress(value: string, what: string): string {
  const normalized = normalizeSuiAddress(value);
  if (/^(0x)?[0-9a-fA-F]{1,64}$/.test(value) && isValidSuiAddress(normalized)) return normalized;
  throw invalidArgument(`invalid ${what}: ${JSON.stringify(value)} is not a 32-byte hex address`);
}

/** `package[::module[::function]]`. */
function moveCall(path: string | undefined): TransactionPredicate {
  if (path === undefined) throw invalidArgument('function is required');
  const [pkg = '', module, fn, ...rest] = path.split('::');
  if (rest.length > 0) throw invalidArgument('expected `package[::module[::function]]`');
  return {
    kind: 'moveCall',
    package: parseAddress(pkg, 'address'),
    ...(module === undefined ? {} : { module }),
    ...(fn === undefined ? {} : { function: fn }),
  };
}

/** `package[::module]`. */
function emitModule(path: string | undefined): EventPredicate {
  if (path === undefined) throw invalidArgument('module is required');
  const [pkg = '', module, ...rest] = path.split('::');
  if (rest.length > 0) throw invalidArgument('expected `package[::module]`');
  return {
    kind: 'emitModule',
    package: parseAddress(pkg, 'address'),
    ...(module === undefined ? {} : { module }),
  };
}

/** `address[::module[::Name[<type_params>]]]`; type parameters pin one instantiation. */
function eventType(value: string | undefined): EventPredicate {
  if (value === undefined) throw invalidArgument('type is required');
  const generics = value.indexOf('<');
  const head = generics < 0 ? value : value.slice(0, generics);
  const [addr = '', module, name, ...rest] = head.split('::');
  if (rest.length > 0) throw invalidArgument('expected `address[::module[::Name[<type_params>]]]`');
  if (generics >= 0 && name === undefined)
    throw invalidArgument('generic instantiation requires a type name');
  let type: string | undefined;
  if (generics >= 0) {
    try {
      type = normalizeStructTag(value);
    } catch (error) {
      throw invalidArgument(`invalid type: ${(error as Error).message}`);
    }
  }
  return {
    kind: 'eventType',
    address: parseAddress(addr, 'address'),
    ...(module === undefined ? {} : { module }),
    ...(name === undefined ? {} : { name }),
    ...(type === undefined ? {} : { type }),
  };
}
