// Blob IDs: 32 raw bytes, shown as URL-safe base64 without padding, stored on chain as the
// little-endian u256 of those bytes (MystenLabs/walrus crates/walrus-core BlobId).
import { fromBase64, toBase64 } from '@mysten/bcs';
import { DIGEST_LENGTH } from './geometry.ts';

export class InvalidBlobIdError extends Error {
  override name = 'InvalidBlobIdError';
}

const URL_SAFE = /^[A-Za-z0-9_-]*$/;
const URL_SAFE_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/** URL-safe base64 without padding, as Walrus prints IDs and routes them in `/v1/blobs/{id}`. */
export function toUrlSafeBase64(bytes: Uint8Array): string {
  return toBase64(bytes).replace(/=+$/, '').replaceAll('+', '-').replaceAll('/', '_');
}

/**
 * Decodes URL-safe base64 without padding. Only the canonical encoding is accepted: the unused low
 * bits of a last character that holds a partial byte must be zero, so every byte string has exactly
 * one text (`AA` is the only spelling of one zero byte; `AB`…`AP` are refused, not read as `AA`).
 */
export function fromUrlSafeBase64(text: string): Uint8Array {
  if (!URL_SAFE.test(text) || text.length % 4 === 1) {
    throw new InvalidBlobIdError(`not URL-safe base64: ${quote(text)}`);
  }
  const padded = text.replaceAll('-', '+').replaceAll('_', '/') + '='.repeat((4 - (text.length % 4)) % 4);
  // A last group of 2 (3) characters holds 1 (2) bytes: the last character's low 4 (2) bits are unused.
  const unused = text.length % 4 === 2 ? 0b1111 : text.length % 4 === 3 ? 0b11 : 0;
  if ((URL_SAFE_ALPHABET.indexOf(text.at(-1) ?? 'A') & unused) !== 0) {
    throw new InvalidBlobIdError(
      `not canonical base64 (its last character has unused bits set): ${quote(text)}`,
    );
  }
  return fromBase64(padded);
}

function quote(text: string): string {
  return JSON.stringify(text.length > 100 ? `${text.slice(0, 100)}…` : text);
}

export function blobIdToText(bytes: Uint8Array): string {
  assertBlobIdBytes(bytes);
  return toUrlSafeBase64(bytes);
}

export function blobIdFromText(text: string): Uint8Array {
  if (text.length !== 43) {
    throw new InvalidBlobIdError(`a blob ID is 43 URL-safe base64 characters, got ${text.length}`);
  }
  const bytes = fromUrlSafeBase64(text);
  assertBlobIdBytes(bytes);
  return bytes;
}

/** The on-chain u256: the 32 bytes read little-endian. */
export function blobIdToU256(bytes: Uint8Array): bigint {
  assertBlobIdBytes(bytes);
  let value = 0n;
  for (let i = DIGEST_LENGTH - 1; i >= 0; i--) value = (value << 8n) | BigInt(bytes[i]!);
  return value;
}

export function blobIdFromU256(value: bigint): Uint8Array {
  if (value < 0n || value >> 256n !== 0n) throw new InvalidBlobIdError(`not a u256: ${value}`);
  const bytes = new Uint8Array(DIGEST_LENGTH);
  let rest = value;
  for (let i = 0; i < DIGEST_LENGTH; i++) {
    bytes[i] = Number(rest & 0xffn);
    rest >>= 8n;
  }
  return bytes;
}

export function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function assertBlobIdBytes(bytes: Uint8Array): void {
  if (bytes.length !== DIGEST_LENGTH) {
    throw new InvalidBlobIdError(`a blob ID has ${DIGEST_LENGTH} bytes, got ${bytes.length}`);
  }
}
