// Typed error so callers can tell a programming/parameter mistake from a verification failure.

/** Thrown when encoder parameters fall outside what `reed-solomon-simd` 3.1.0 accepts. */
export class RsParameterError extends Error {
  override name = 'RsParameterError';
}
