// The WebAssembly half of the symbol decoder (built from wasm/rs-decoder/ by scripts/build-wasm.ts):
// instantiation, the SIMD-or-scalar choice, and the host's side of its memory.
//
// The module never allocates. Above its fixed tables the host lays out each call's scratch from
// `scratchBase`, growing memory when a call needs more; the next call reuses the same bytes, so
// nothing accumulates between calls (callers cap a call's size, see batch.ts).

import { SCALAR_WASM_BASE64, SIMD_WASM_BASE64 } from './decoder-wasm.generated.ts';

/** Scratch areas start on 64-byte boundaries, like the module's shards. */
export function align64(value: number): number {
  return Math.ceil(value / 64) * 64;
}

export type KernelVariant = 'simd' | 'scalar';

interface KernelExports {
  readonly memory: WebAssembly.Memory;
  simd(): number;
  init(): number;
  scratchBase(n: number): number;
  locator(n: number, erased: number, out: number, scratch: number): void;
  decode(
    n: number,
    stride: number,
    sym: number,
    count: number,
    work: number,
    logs: number,
    inputs: number,
    numInputs: number,
    outputs: number,
    numOutputs: number,
    live: number,
    temp: number,
  ): number;
  merkleRoot(symbols: number, count: number, symbolSize: number, level: number, out: number): void;
}

function fromBase64(text: string): Uint8Array<ArrayBuffer> {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

const binaries = new Map<KernelVariant, Uint8Array<ArrayBuffer>>();

function binary(variant: KernelVariant): Uint8Array<ArrayBuffer> {
  let bytes = binaries.get(variant);
  if (!bytes) {
    bytes = fromBase64(variant === 'simd' ? SIMD_WASM_BASE64 : SCALAR_WASM_BASE64);
    binaries.set(variant, bytes);
  }
  return bytes;
}

/**
 * Whether this engine accepts the SIMD build. Validating the real binary rather than a probe of one
 * v128 instruction also covers every SIMD opcode the decoder actually uses.
 */
export function simdSupported(): boolean {
  return WebAssembly.validate(binary('simd'));
}

export class DecoderKernel {
  readonly variant: KernelVariant;
  readonly #exports: KernelExports;

  private constructor(variant: KernelVariant, exports: KernelExports) {
    this.variant = variant;
    this.#exports = exports;
  }

  /** Compiles asynchronously: Chromium refuses synchronous compiles of large modules on the main thread. */
  static async instantiate(variant: KernelVariant): Promise<DecoderKernel> {
    const { instance } = await WebAssembly.instantiate(binary(variant), {});
    const exports = instance.exports as unknown as KernelExports;
    exports.init();
    return new DecoderKernel(variant, exports);
  }

  get calls(): KernelExports {
    return this.#exports;
  }

  /** Start of scratch for transforms of size ≤ n, with `bytes` of it addressable. */
  reserve(n: number, bytes: number): number {
    const base = this.#exports.scratchBase(n);
    const memory = this.#exports.memory;
    const needed = base + bytes - memory.buffer.byteLength;
    if (needed > 0) memory.grow(Math.ceil(needed / 65536));
    return base;
  }

  /** A view of the whole memory; take a new one after `reserve`, which may replace the buffer. */
  bytes(): Uint8Array {
    return new Uint8Array(this.#exports.memory.buffer);
  }
}
