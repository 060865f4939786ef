// Query strings of the symbol endpoints, built by the client and parsed by the devnet node with the
// rules a Walrus node applies (walrus-service `node/server/routes.rs`: `ListDecodingSymbolsQuery`,
// `ListRecoverySymbolsQuery`, read by axum-extra's form decoder):
//   /decodingSymbols?targetSlivers=1&targetSlivers=2&targetType=primary
//   /recoverySymbols?proofAxis=secondary&id=1-2&id=3-4
//   /recoverySymbols?proofAxis=primary&targetSliver=18&targetType=secondary
// Lists repeat their key (a comma-separated value is one malformed number, not a list), a field
// that is not a list must appear once, numbers are Rust `u16::from_str` (digits, an optional `+`,
// leading zeros allowed), and unknown keys are ignored.
import type { SliverType } from './node-types.ts';

export class SymbolQueryError extends Error {
  override name = 'SymbolQueryError';
  /** The query key at fault. */
  readonly parameter: string;
  /** What is wrong with it, without the key. */
  readonly detail: string;

  constructor(parameter: string, detail: string) {
    super(`invalid ${parameter}: ${detail}`);
    this.parameter = parameter;
    this.detail = detail;
  }
}

/** Identifies the symbol at the crossing of primary sliver `primary` and secondary sliver `secondary`. */
export interface SymbolId {
  readonly primary: number;
  readonly secondary: number;
}

export interface DecodingSymbolsQuery {
  /** Source sliver indices to recover symbols for, in request order (duplicates kept). */
  readonly targets: readonly number[];
  readonly type: SliverType;
}

/** Which recovery symbols to return; `proofAxis` asks for proofs against slivers of that axis. */
export type RecoverySymbolsFilter =
  | { readonly kind: 'ids'; readonly ids: readonly SymbolId[]; readonly proofAxis?: SliverType }
  | {
      readonly kind: 'recovers';
      readonly targetSliver: number;
      readonly targetType: SliverType;
      readonly proofAxis?: SliverType;
    };

export function decodingSymbolsQuery(targets: readonly number[], type: SliverType): string {
  if (targets.length === 0) throw new SymbolQueryError('targetSlivers', 'at least one target is required');
  const query = new URLSearchParams();
  for (const target of targets) query.append('targetSlivers', String(checkU16('targetSlivers', target)));
  query.append('targetType', checkType('targetType', type));
  return query.toString();
}

export function parseDecodingSymbolsQuery(query: URLSearchParams): DecodingSymbolsQuery {
  const values = query.getAll('targetSlivers');
  if (values.length === 0) throw new SymbolQueryError('targetSlivers', 'missing');
  const targets = values.map((value) => parseU16('targetSlivers', value));
  return { targets, type: parseType('targetType', single(query, 'targetType')) };
}

export function recoverySymbolsQuery(filter: RecoverySymbolsFilter): string {
  const query = new URLSearchParams();
  if (filter.proofAxis !== undefined) query.append('proofAxis', checkType('proofAxis', filter.proofAxis));
  if (filter.kind === 'ids') {
    if (filter.ids.length === 0) throw new SymbolQueryError('id', 'at least one symbol ID is required');
    for (const id of filter.ids) query.append('id', symbolIdToText(id));
  } else {
    query.append('targetSliver', String(checkU16('targetSliver', filter.targetSliver)));
    query.append('targetType', checkType('targetType', filter.targetType));
  }
  return query.toString();
}

/**
 * The filter of a /recoverySymbols query. As in Walrus, `id` wins when every `id` parses; otherwise
 * `targetSliver` and `targetType` must. IDs come back sorted by (primary, secondary), without
 * duplicates, which is the order the node answers in.
 */
export function parseRecoverySymbolsQuery(query: URLSearchParams): RecoverySymbolsFilter {
  const axis = query.getAll('proofAxis');
  if (axis.length > 1) throw new SymbolQueryError('proofAxis', 'given more than once');
  const proofAxis = axis.length === 1 ? parseType('proofAxis', axis[0]!) : undefined;
  const withAxis = proofAxis === undefined ? {} : { proofAxis };

  const idTexts = query.getAll('id');
  const ids = idTexts.length > 0 ? tryParse(() => idTexts.map(parseSymbolIdText)) : undefined;
  if (ids !== undefined) return { kind: 'ids', ids: sortedUnique(ids), ...withAxis };

  const target = tryParse(() => parseU16('targetSliver', single(query, 'targetSliver')));
  const type = tryParse(() => parseType('targetType', single(query, 'targetType')));
  if (target !== undefined && type !== undefined) {
    return { kind: 'recovers', targetSliver: target, targetType: type, ...withAxis };
  }
  throw new SymbolQueryError(
    idTexts.length > 0 ? 'id' : 'targetSliver',
    'expected id=<primary>-<secondary> (repeatable) or one targetSliver=<u16> with targetType',
  );
}

/** `P-S`, as `SymbolId`'s Display writes it. */
export function symbolIdToText(id: SymbolId): string {
  return `${checkU16('id', id.primary)}-${checkU16('id', id.secondary)}`;
}

/** `SymbolId::from_str`: split at the first `-`, both halves u16. */
export function parseSymbolIdText(text: string): SymbolId {
  const dash = text.indexOf('-');
  if (dash < 0) throw new SymbolQueryError('id', `${JSON.stringify(text.slice(0, 40))} is not P-S`);
  return { primary: parseU16('id', text.slice(0, dash)), secondary: parseU16('id', text.slice(dash + 1)) };
}

/** Rust's `u16::from_str`: an optional `+`, then decimal digits (any number of leading zeros). */
export function parseU16(parameter: string, text: string): number {
  const digits = /^\+?([0-9]+)$/.exec(text)?.[1]?.replace(/^0+(?=.)/, '');
  if (digits === undefined || digits.length > 5 || Number(digits) > 0xffff) {
    throw new SymbolQueryError(parameter, `${JSON.stringify(text.slice(0, 40))} is not a u16`);
  }
  return Number(digits);
}

function parseType(parameter: string, text: string): SliverType {
  if (text === 'primary' || text === 'secondary') return text;
  throw new SymbolQueryError(
    parameter,
    `expected "primary" or "secondary", got ${JSON.stringify(text.slice(0, 40))}`,
  );
}

/** A field that is not a list: the form decoder refuses it when absent or repeated. */
function single(query: URLSearchParams, name: string): string {
  const values = query.getAll(name);
  if (values.length === 0) throw new SymbolQueryError(name, 'missing');
  if (values.length > 1) throw new SymbolQueryError(name, 'given more than once');
  return values[0]!;
}

function tryParse<T>(parse: () => T): T | undefined {
  try {
    return parse();
  } catch (error) {
    if (error instanceof SymbolQueryError) return undefined;
    throw error;
  }
}

function sortedUnique(ids: readonly SymbolId[]): SymbolId[] {
  const sorted = [...ids].sort((a, b) => a.primary - b.primary || a.secondary - b.secondary);
  return sorted.filter(
    (id, i) => i === 0 || id.primary !== sorted[i - 1]!.primary || id.secondary !== sorted[i - 1]!.secondary,
  );
}

function checkU16(parameter: string, value: number): number {
  if (!Number.isInteger(value) || value < 0 || value > 0xffff) {
    throw new SymbolQueryError(parameter, `${value} is not a u16`);
  }
  return value;
}

function checkType(parameter: string, type: SliverType): SliverType {
  return parseType(parameter, type);
}
