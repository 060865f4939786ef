// The strict BCS reader for what storage nodes send (blob metadata, symbol bodies): those arrive
// from nodes Floe does not trust and can be large (66 KB of metadata at n = 1000, hundreds of
// symbols per read), so they are read with bounds checks, canonical lengths, no trailing bytes,
// and without copying data the caller only views. @mysten/bcs allocates a slot per declared
// element before reading any (a few bytes can claim millions), and its ULEB128 decoding is
// quadratic in the length of the number, which is why this reader exists.

export class BcsDecodeError extends Error {
  override name = 'BcsDecodeError';
}

/** Canonical ULEB128 of `value` (≥ 0, < 2^53). */
export function uleb128(value: number): Uint8Array {
  const out: number[] = [];
  let rest = value;
  do {
    let byte = rest % 128;
    rest = Math.floor(rest / 128);
    if (rest > 0) byte |= 0x80;
    out.push(byte);
  } while (rest > 0);
  return Uint8Array.from(out);
}

export function readUleb128(bytes: Uint8Array, offset: number): { value: number; size: number } {
  let value = 0;
  let scale = 1;
  for (let i = offset; i < bytes.length && i < offset + 5; i++) {
    const byte = bytes[i]!;
    value += (byte & 0x7f) * scale;
    if ((byte & 0x80) === 0) {
      // BCS is canonical (Rust bcs and @mysten/bcs reject this too): a zero last byte is padding.
      if (byte === 0 && i > offset) throw new BcsDecodeError('non-canonical ULEB128 length');
      return { value, size: i - offset + 1 };
    }
    scale *= 128;
  }
  throw new BcsDecodeError('truncated or oversized ULEB128 length');
}

/** Rust's bcs caps sequence lengths at 2^31 − 1. */
const MAX_SEQUENCE_LENGTH = 0x7fff_ffff;
const DIGEST_BYTES = 32;

/** Reads one value's fields in order; every failure is a BcsDecodeError naming `what` and where. */
export class StrictBcsReader {
  #offset = 0;
  readonly #bytes: Uint8Array;
  readonly #what: string;

  constructor(bytes: Uint8Array, what: string) {
    this.#bytes = bytes;
    this.#what = what;
  }

  fail(reason: string): never {
    throw new BcsDecodeError(`malformed ${this.#what}: ${reason} (at byte ${this.#offset})`);
  }

  /** The next `length` bytes, as a view into the input. */
  bytes(length: number): Uint8Array {
    if (length > this.#bytes.length - this.#offset) this.fail('truncated');
    const out = this.#bytes.subarray(this.#offset, this.#offset + length);
    this.#offset += length;
    return out;
  }

  u8(): number {
    if (this.#offset >= this.#bytes.length) this.fail('truncated');
    return this.#bytes[this.#offset++]!;
  }

  u16(): number {
    return this.u8() | (this.u8() << 8);
  }

  u32(): number {
    const b = this.bytes(4);
    return (b[0]! | (b[1]! << 8) | (b[2]! << 16) | (b[3]! << 24)) >>> 0;
  }

  /** A ULEB128 length. */
  uleb(): number {
    let result: { value: number; size: number };
    try {
      result = readUleb128(this.#bytes, this.#offset);
    } catch (cause) {
      return this.fail(`bad ULEB128 length: ${(cause as Error).message}`);
    }
    if (result.value > MAX_SEQUENCE_LENGTH) this.fail(`length ${result.value} exceeds the BCS maximum`);
    this.#offset += result.size;
    return result.value;
  }

  /** A ULEB128 element count, refused at once when the rest cannot hold that many elements. */
  count(minElementBytes: number): number {
    const value = this.uleb();
    if (value * minElementBytes > this.#bytes.length - this.#offset) {
      this.fail(`${value} elements cannot fit in the remaining ${this.#bytes.length - this.#offset} bytes`);
    }
    return value;
  }

  /** `MerkleNode`: `Empty` (null) or `Digest` (a copy of its 32 bytes). */
  merkleNode(): Uint8Array | null {
    const tag = this.u8();
    if (tag === 0) return null;
    if (tag !== 1) this.fail(`unknown MerkleNode variant ${tag}`);
    return this.bytes(DIGEST_BYTES).slice();
  }

  finish(): void {
    if (this.#offset !== this.#bytes.length) this.fail(`${this.#bytes.length - this.#offset} trailing bytes`);
  }
}
