// Site subdomains: a Site's object ID as one big-endian base-36 number (`0-9a-z`), which fits a DNS
// label (≤ 50 of 63 characters). The walrus-sites portals decode labels with base-x, which reads
// each leading `0` as one zero byte and the rest as the number, and take only a 32-byte result;
// site-builder prints labels without leading zeros. The two disagree for IDs starting with `0x00`
// (about 1 in 256): site-builder's label decodes to 31 bytes and the portal gives up. Floe prints
// base-x's form, which both portals resolve, and reads a label as a plain number left-padded to 32
// bytes, which accepts both spellings.
import { ObjectIdError } from './errors.ts';
import { normalizeObjectId } from './object-id.ts';

const ALPHABET = '0123456789abcdefghijklmnopqrstuvwxyz';
const LIMIT = 1n << 256n;

/**
 * The base-36 subdomain label of an object ID (`0x` + hex, or its 32 bytes) as the walrus-sites
 * portals decode it: one `0` per leading zero byte, then the rest of the ID as a number.
 */
export function objectIdToBase36(id: string | Uint8Array): string {
  const value = idToBigInt(id);
  const zeroBytes = value === 0n ? 32 : 32 - Math.ceil(value.toString(16).length / 2);
  return '0'.repeat(zeroBytes) + (value === 0n ? '' : value.toString(36));
}

/**
 * The object ID (`0x` + 64 lowercase hex) a base-36 label names, or null when it is not one: empty,
 * a character outside `0-9a-zA-Z`, or a value of 2^256 or more. Case-insensitive, because browsers
 * lowercase host names anyway.
 */
export function base36ToObjectId(label: string): string | null {
  // Checked before lowercasing: `toLowerCase` maps some non-ASCII letters to ASCII (U+212A KELVIN SIGN → k).
  if (!/^[0-9a-z]+$/i.test(label)) return null;
  let value = 0n;
  for (const char of label.toLowerCase()) {
    const digit = ALPHABET.indexOf(char);
    if (digit === -1) return null;
    value = value * 36n + BigInt(digit);
    if (value >= LIMIT) return null;
  }
  return `0x${value.toString(16).padStart(64, '0')}`;
}

function idToBigInt(id: string | Uint8Array): bigint {
  if (typeof id !== 'string') {
    if (id.length !== 32) throw new ObjectIdError(`<${id.length} bytes>`);
    let value = 0n;
    for (const byte of id) value = (value << 8n) | BigInt(byte);
    return value;
  }
  const normalized = normalizeObjectId(id);
  if (normalized === null) throw new ObjectIdError(id);
  return BigInt(normalized);
}
