// Incremental SHA-256 for streamed reads: a whole file is checked against its on-chain hash without
// holding it. WebCrypto has no incremental digest, so this uses @noble/hashes; one-shot hashes of
// bytes already in memory stay on WebCrypto (sha256.ts), which is faster.
import { sha256 } from '@noble/hashes/sha2.js';
import { equalBytes } from './blob-id.ts';

export class Sha256Stream {
  readonly #hash = sha256.create();

  update(data: Uint8Array): this {
    this.#hash.update(data);
    return this;
  }

  /** The digest of everything passed to `update`; the stream cannot be updated afterwards. */
  digest(): Uint8Array {
    return this.#hash.digest();
  }

  /** Finishes the digest and compares it with `expected`. */
  matches(expected: Uint8Array): boolean {
    return equalBytes(this.digest(), expected);
  }
}
