// Typed failures of the erasure decoder, split by what the caller should do: ask for more symbols,
// distrust the symbols it has, or retry loading the decoder.

/** Base class: every failure of `SymbolDecoder` and its loader. */
export class SymbolDecoderError extends Error {
  override name = 'SymbolDecoderError';
}

/** Fewer than k distinct codeword positions were given; more symbols would fix it. */
export class NotEnoughSymbolsError extends SymbolDecoderError {
  override name = 'NotEnoughSymbolsError';
  readonly needed: number;
  readonly got: number;

  constructor(needed: number, got: number) {
    super(`decoding needs symbols at ${needed} distinct positions, got ${got}`);
    this.needed = needed;
    this.got = got;
  }
}

/**
 * The symbols cannot all belong to one codeword: malformed (odd symbol size, wrong length, position
 * out of range), a position given twice with different bytes, or more than k symbols that disagree
 * with the codeword decoded from the others. `positions` names the offending positions when known;
 * without proofs it cannot say which side lied.
 */
export class InconsistentSymbolsError extends SymbolDecoderError {
  override name = 'InconsistentSymbolsError';
  readonly positions: readonly number[];

  constructor(message: string, positions: readonly number[] = []) {
    super(message);
    this.positions = positions;
  }
}

/** The WebAssembly decoder could not be compiled or instantiated here; a later load may succeed. */
export class SymbolDecoderLoadError extends SymbolDecoderError {
  override name = 'SymbolDecoderLoadError';
}
