// Validation of request fields and page tokens, with Sui's INVALID_ARGUMENT messages
// (`missing owner`, `invalid object_id: …`, `invalid page_token`), and paging as Sui's list
// methods page: at most `page_size` items (default 50, at most 1000), and a token naming the first
// item of the next page, absent on the last page.
import { bcs } from '@mysten/sui/bcs';
import { isValidSuiAddress, normalizeStructTag, normalizeSuiAddress } from '@mysten/sui/utils';
import { invalidArgument } from './status.ts';

export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 1000;

/** A required 32-byte address or object ID, normalized to 0x + 64 hex. */
export function requiredAddress(value: string | undefined, field: string): string {
  if (value === undefined) throw invalidArgument(`missing ${field}`);
  return address(value, field);
}

export function address(value: string, field: string): string {
  const normalized = normalizeSuiAddress(value);
  if (/^(0x)?[0-9a-fA-F]{1,64}$/.test(value) && isValidSuiAddress(normalized)) return normalized;
  throw invalidArgument(`invalid ${field}: ${JSON.stringify(value)} is not a 32-byte hex address`);
}

/** A struct tag in canonical form (full addresses, `,` between type arguments). */
export function structTag(value: string, field: string): string {
  try {
    return normalizeStructTag(value);
  } catch {
    throw invalidArgument(`invalid ${field}: ${JSON.stringify(value)} is not a Move struct type`);
  }
}

/** `page_size` as Sui reads it: absent means 50, anything else is clamped to 1..1000. */
export function pageSize(value: number | undefined): number {
  if (value === undefined) return DEFAULT_PAGE_SIZE;
  return Math.min(Math.max(value, 1), MAX_PAGE_SIZE);
}

/** An opaque page token: BCS of `schema`, rejected when it does not decode or does not `match`. */
export function decodeToken<T>(
  token: Uint8Array | undefined,
  schema: { parse(bytes: Uint8Array): T },
  match: (decoded: T) => boolean,
): T | undefined {
  if (token === undefined) return undefined;
  let decoded: T;
  try {
    decoded = schema.parse(token);
  } catch {
    throw invalidArgument('invalid page_token');
  }
  if (!match(decoded)) throw invalidArgument('invalid page_token');
  return decoded;
}

/** Token schemas: the request's identifying fields plus the key of the next item. */
export const Tokens = {
  ownedObjects: bcs.struct('OwnedObjectsToken', {
    owner: bcs.Address,
    objectType: bcs.option(bcs.string()),
    next: bcs.Address,
  }),
  dynamicFields: bcs.struct('DynamicFieldsToken', { parent: bcs.Address, next: bcs.Address }),
  balances: bcs.struct('BalancesToken', { owner: bcs.Address, next: bcs.string() }),
};

/**
 * The page of `items` (sorted by `key`) starting at the item whose key is `start` or the next
 * one after it, and the key of the item after the page (undefined on the last page).
 */
export function pageFrom<T>(
  items: readonly T[],
  key: (item: T) => string,
  start: string | undefined,
  size: number,
): { items: T[]; next: string | undefined } {
  const from = start === undefined ? 0 : items.findIndex((item) => key(item) >= start);
  if (from < 0) return { items: [], next: undefined };
  const page = items.slice(from, from + size);
  const after = items[from + size];
  return { items: page, next: after === undefined ? undefined : key(after) };
}
