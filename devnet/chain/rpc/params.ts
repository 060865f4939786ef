// Validation of positional JSON-RPC parameters. Every handler reads its params through these, so
// IDs and types reach the store normalized and bad input is a -32602 that names the parameter.
import {
  isValidSuiAddress,
  isValidTransactionDigest,
  normalizeStructTag,
  normalizeSuiAddress,
} from '@mysten/sui/utils';
import { InvalidParamsError } from './errors.ts';

/** Sui fullnodes cap every page at 50 items (QUERY_MAX_RESULT_LIMIT). */
export const MAX_PAGE = 50;

/** Whether a parameter was left out (JSON has no `undefined`, so the SDK sends null). */
export const isAbsent = (value: unknown): value is null | undefined => value === null || value === undefined;

/** A 32-byte object ID or address, normalized to 0x + 64 lowercase hex. */
export function address(value: unknown, name: string): string {
  if (typeof value === 'string') {
    const normalized = normalizeSuiAddress(value);
    if (isValidSuiAddress(normalized)) return normalized;
  }
  throw new InvalidParamsError(`Invalid ${name}: expected a Sui address or object ID, got ${show(value)}`);
}

export function optionalAddress(value: unknown, name: string): string | null {
  return isAbsent(value) ? null : address(value, name);
}

/** A base58 transaction digest (32 bytes). */
export function txDigest(value: unknown, name: string): string {
  if (typeof value === 'string' && isValidTransactionDigest(value)) return value;
  throw new InvalidParamsError(`Invalid ${name}: expected a base58 transaction digest, got ${show(value)}`);
}

/** A struct tag, normalized like the store's records (`0x…2::coin::Coin<0x…2::sui::SUI>`). */
export function structTag(value: unknown, name: string): string {
  if (typeof value === 'string') {
    try {
      return normalizeStructTag(value);
    } catch {
      // Falls through to the error below.
    }
  }
  throw new InvalidParamsError(`Invalid ${name}: expected a Move struct type, got ${show(value)}`);
}

export function optionalStructTag(value: unknown, name: string): string | null {
  return isAbsent(value) ? null : structTag(value, name);
}

/** A Move identifier (module or function name). */
export function identifier(value: unknown, name: string): string {
  if (typeof value === 'string' && /^[A-Za-z_][A-Za-z0-9_]*$/.test(value)) return value;
  throw new InvalidParamsError(`Invalid ${name}: expected a Move identifier, got ${show(value)}`);
}

/** Page size: absent, 0 or above the cap means the cap, as on Sui. */
export function pageLimit(value: unknown): number {
  if (isAbsent(value)) return MAX_PAGE;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0)
    throw new InvalidParamsError(`Invalid limit: expected a non-negative integer, got ${show(value)}`);
  return value === 0 || value > MAX_PAGE ? MAX_PAGE : value;
}

export function optionalBoolean(value: unknown, name: string): boolean {
  if (isAbsent(value)) return false;
  if (typeof value === 'boolean') return value;
  throw new InvalidParamsError(`Invalid ${name}: expected a boolean, got ${show(value)}`);
}

/** An options object whose keys are all optional booleans (`showType`, `showEffects`, …). */
export function flags<K extends string>(
  value: unknown,
  name: string,
  keys: readonly K[],
): Record<K, boolean> {
  if (!isAbsent(value) && (typeof value !== 'object' || Array.isArray(value)))
    throw new InvalidParamsError(`Invalid ${name}: expected an object, got ${show(value)}`);
  const raw = (value ?? {}) as Record<string, unknown>;
  const out = {} as Record<K, boolean>;
  for (const key of keys) out[key] = optionalBoolean(raw[key], `${name}.${key}`);
  return out;
}

/** A plain JSON object. */
export function record(value: unknown, name: string): Record<string, unknown> {
  if (typeof value === 'object' && value !== null && !Array.isArray(value))
    return value as Record<string, unknown>;
  throw new InvalidParamsError(`Invalid ${name}: expected an object, got ${show(value)}`);
}

export function array(value: unknown, name: string): unknown[] {
  if (Array.isArray(value)) return value;
  throw new InvalidParamsError(`Invalid ${name}: expected an array, got ${show(value)}`);
}

/**
 * A short rendering of a bad value for error messages: `(missing)` for a parameter left out, and
 * a description for a value too deeply nested for JSON.stringify (which would overflow the stack).
 */
export function show(value: unknown): string {
  if (value === undefined) return '(missing)';
  let text: string;
  try {
    text = JSON.stringify(value);
  } catch {
    text = `(${Array.isArray(value) ? 'an array' : 'a value'} nested too deeply to show)`;
  }
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}
