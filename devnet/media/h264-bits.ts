// An MSB-first bit writer with the Exp-Golomb codes of H.264 (ITU-T H.264 §7.2, §9.1), enough to
// write parameter sets and slice headers by hand.

export class BitWriter {
  readonly #bytes: number[] = [];
  /** Bits of the byte being filled, from the most significant end. */
  #current = 0;
  #used = 0;

  /** `u(n)`: the low `count` bits of `value`, most significant first (count ≤ 32). */
  bits(value: number, count: number): this {
    for (let i = count - 1; i >= 0; i--) this.bit(Math.floor(value / 2 ** i) & 1);
    return this;
  }

  bit(value: number): this {
    this.#current = (this.#current << 1) | (value & 1);
    if (++this.#used === 8) {
      this.#bytes.push(this.#current);
      this.#current = 0;
      this.#used = 0;
    }
    return this;
  }

  /** `ue(v)`: unsigned Exp-Golomb. */
  ue(value: number): this {
    if (!Number.isInteger(value) || value < 0) throw new RangeError(`ue(v) of ${value}`);
    const code = value + 1;
    const length = Math.floor(Math.log2(code)) + 1;
    return this.bits(0, length - 1).bits(code, length);
  }

  /** `se(v)`: signed Exp-Golomb (positive k → 2k − 1, negative k → −2k). */
  se(value: number): this {
    return this.ue(value > 0 ? 2 * value - 1 : -2 * value);
  }

  get byteAligned(): boolean {
    return this.#used === 0;
  }

  /** Zero bits up to the next byte boundary (`pcm_alignment_zero_bit`, `alignment_zero_bit`). */
  alignZero(): this {
    while (this.#used !== 0) this.bit(0);
    return this;
  }

  /** `rbsp_trailing_bits()`: a stop bit, then zeros to the byte boundary. */
  trailingBits(): this {
    return this.bit(1).alignZero();
  }

  /** The bytes written so far; the writer must be byte aligned. */
  finish(): Uint8Array {
    if (!this.byteAligned) throw new Error('BitWriter.finish needs a byte-aligned position');
    return Uint8Array.from(this.#bytes);
  }
}
