// Erasure decoding of Walrus RS2 codewords: any k of the n symbols of a `reed-solomon-simd` codeword
// give back its k originals (or any other positions). Used to rebuild one sliver from single symbols
// of the orthogonal slivers held by other nodes (see sliver-recovery.ts).
//
// Algorithm: the crate's own, erasure decoding with the additive FFT (Lin–Chung–Han, as in
// Leopard-RS), in WebAssembly (wasm/rs-decoder/). Per erasure pattern, an error locator Λ over the
// N = nextPow2(…) FFT points by a Walsh–Hadamard convolution, O(N log N), cached and reused for
// every codeword with the same known positions. Per element of a codeword: scale the inputs by Λ,
// one inverse FFT, a formal derivative, one forward FFT pruned to the wanted points, and a divide
// by Λ': O(N log N) whatever the number of erasures. At n = 1000 (N = 2048) that is at most
// 2·11·1024 multiplies per element. The alternative, solving only for the e missing originals with
// a dense inverse, costs e² per element after an O(e³) set-up, which is worse from e ≈ 150 on, and a
// node outage makes e ≈ k/3..2k/3 the common case. SIMD does 16 elements per 8 table lookups.
//
// Never returns wrong bytes for what it was given: with more than k symbols, the extra ones are
// decoded from the first k like missing ones and compared with what was given.

import { validateParameters } from './rs/rate.ts';
import { RsParameterError } from './rs/errors.ts';
import { runBatch } from './rs-wasm/batch.ts';
import { DecoderKernel, simdSupported, type KernelVariant } from './rs-wasm/kernel.ts';
import { kernelMerkleRoot } from './rs-wasm/merkle.ts';
import { planErasures, type ErasurePlan } from './rs-wasm/plan.ts';
import {
  InconsistentSymbolsError,
  NotEnoughSymbolsError,
  SymbolDecoderLoadError,
} from './symbol-decoder-errors.ts';

export * from './symbol-decoder-errors.ts';
export type { KernelVariant } from './rs-wasm/kernel.ts';

/** Symbols by codeword position: a map, or a list that may repeat a position with the same bytes. */
export type KnownSymbols =
  ReadonlyMap<number, Uint8Array> | readonly { readonly position: number; readonly data: Uint8Array }[];

export interface RecoverRequest {
  /** Originals per codeword: p for a column (secondary sliver), s for a row (primary sliver). */
  readonly k: number;
  /** Codeword length, the shard count. */
  readonly n: number;
  /** Bytes per symbol, even. */
  readonly symbolSize: number;
  /** At least k symbols at distinct positions in 0..n−1 (originals 0..k−1, then recovery). */
  readonly known: KnownSymbols;
  /** Positions to return. @default the k originals, concatenated */
  readonly want?: readonly number[];
}

export interface RecoverBatchRequest extends RecoverRequest {
  /** Codewords decoded together: every known entry holds `count` symbols back to back. */
  readonly count: number;
}

export interface SymbolDecoder {
  readonly variant: KernelVariant;
  /** The k originals, concatenated (k · symbolSize bytes). */
  recover(request: RecoverRequest & { readonly want?: undefined }): Uint8Array;
  /** The wanted positions' symbols. */
  recover(request: RecoverRequest & { readonly want: readonly number[] }): Map<number, Uint8Array>;
  /**
   * `count` codewords that share their known positions, decoded in one go: each wanted position
   * (default: the originals) maps to its `count` symbols back to back, codeword by codeword.
   */
  recoverBatch(request: RecoverBatchRequest): Map<number, Uint8Array>;
  /**
   * The Merkle root (merkle.ts) of `originals` (k symbols) expanded to the full codeword of n
   * symbols: what a sliver's hash in the blob's metadata commits to (sliver-verify.ts). The
   * expansion is a decode with the originals known, so it is the same WebAssembly transform.
   */
  expandedRoot(originals: Uint8Array, k: number, n: number, symbolSize: number): Uint8Array;
}

/** Erasure patterns kept; one node outage means one pattern for all of a read's recoveries. */
const PLAN_CACHE = 16;

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function checkPosition(value: number, n: number, what: string): void {
  if (!Number.isSafeInteger(value) || value < 0 || value >= n) {
    throw new RsParameterError(`${what} ${value} is not a codeword position in 0..${n - 1}`);
  }
}

/** Validated symbols by position; throws the typed errors for bad or too few symbols. */
function collect(request: RecoverRequest, count: number): Map<number, Uint8Array> {
  const { k, n, symbolSize } = request;
  if (!Number.isSafeInteger(symbolSize) || symbolSize < 2 || symbolSize % 2 !== 0) {
    throw new InconsistentSymbolsError(`symbol size must be a positive even number, got ${symbolSize}`);
  }
  validateParameters(k, n - k, symbolSize);
  if (!Number.isSafeInteger(count) || count < 1) {
    throw new RsParameterError(`codeword count must be a positive integer, got ${count}`);
  }
  const length = count * symbolSize;
  const entries: Iterable<readonly [number, Uint8Array]> = Array.isArray(request.known)
    ? (request.known as readonly { position: number; data: Uint8Array }[]).map(
        (e) => [e.position, e.data] as const,
      )
    : (request.known as ReadonlyMap<number, Uint8Array>).entries();
  const known = new Map<number, Uint8Array>();
  for (const [position, data] of entries) {
    if (!Number.isSafeInteger(position) || position < 0 || position >= n) {
      throw new InconsistentSymbolsError(`symbol position ${position} is outside 0..${n - 1}`, [position]);
    }
    if (!(data instanceof Uint8Array) || data.length !== length) {
      throw new InconsistentSymbolsError(
        `symbol at position ${position} has ${(data as Uint8Array | undefined)?.length} bytes, expected ${length}`,
        [position],
      );
    }
    const previous = known.get(position);
    if (previous && !sameBytes(previous, data)) {
      throw new InconsistentSymbolsError(`position ${position} was given twice with different bytes`, [
        position,
      ]);
    }
    known.set(position, data);
  }
  if (known.size < k) throw new NotEnoughSymbolsError(k, known.size);
  for (const position of request.want ?? []) checkPosition(position, n, 'wanted position');
  return known;
}

class WasmSymbolDecoder implements SymbolDecoder {
  readonly #kernel: DecoderKernel;
  readonly #plans = new Map<string, ErasurePlan>();

  constructor(kernel: DecoderKernel) {
    this.#kernel = kernel;
  }

  get variant(): KernelVariant {
    return this.#kernel.variant;
  }

  recover(request: RecoverRequest & { readonly want?: undefined }): Uint8Array;
  recover(request: RecoverRequest & { readonly want: readonly number[] }): Map<number, Uint8Array>;
  recover(request: RecoverRequest): Uint8Array | Map<number, Uint8Array> {
    if (request.want) return this.#run(request, 1, request.want, () => undefined);
    const { k, symbolSize } = request;
    const out = new Uint8Array(k * symbolSize);
    const originals = Array.from({ length: k }, (_, i) => i);
    this.#run(request, 1, originals, (position) =>
      out.subarray(position * symbolSize, (position + 1) * symbolSize),
    );
    return out;
  }

  recoverBatch(request: RecoverBatchRequest): Map<number, Uint8Array> {
    const want = request.want ?? Array.from({ length: request.k }, (_, i) => i);
    return this.#run(request, request.count, want, () => undefined);
  }

  /** Decodes `want`; each position's bytes go to `into(position)` or, if that is undefined, a new array. */
  #run(
    request: RecoverRequest,
    count: number,
    want: readonly number[],
    into: (position: number) => Uint8Array | undefined,
  ): Map<number, Uint8Array> {
    const known = collect(request, count);
    const { k, n, symbolSize } = request;
    const out = new Map<number, Uint8Array>();
    const target = (position: number) => {
      let bytes = out.get(position);
      if (!bytes) {
        bytes = into(position) ?? new Uint8Array(count * symbolSize);
        out.set(position, bytes);
      }
      return bytes;
    };
    const missing = [...new Set(want.filter((position) => !known.has(position)))];
    if (missing.length > 0 || known.size > k) {
      const plan = this.#plan(
        k,
        n,
        [...known.keys()].sort((a, b) => a - b),
      );
      const disagreeing = runBatch(this.#kernel, {
        plan,
        symbolSize,
        count,
        known: (position) => known.get(position)!,
        decode: missing,
        target,
      });
      if (disagreeing !== undefined) {
        throw new InconsistentSymbolsError(
          `the symbol at position ${disagreeing} disagrees with the codeword decoded from ${k} others`,
          [disagreeing],
        );
      }
    }
    for (const position of want) {
      const given = known.get(position);
      if (given) target(position).set(given);
    }
    return out;
  }

  expandedRoot(originals: Uint8Array, k: number, n: number, symbolSize: number): Uint8Array {
    validateParameters(k, n - k, symbolSize);
    if (originals.length !== k * symbolSize) {
      throw new RsParameterError(`originals must be ${k} × ${symbolSize} bytes, got ${originals.length}`);
    }
    const codeword = new Uint8Array(n * symbolSize);
    codeword.set(originals);
    const at = (position: number) => codeword.subarray(position * symbolSize, (position + 1) * symbolSize);
    runBatch(this.#kernel, {
      plan: this.#plan(k, n, range(0, k)),
      symbolSize,
      count: 1,
      known: at,
      decode: range(k, n),
      target: at,
    });
    return kernelMerkleRoot(this.#kernel, codeword, symbolSize);
  }

  #plan(k: number, n: number, positions: readonly number[]): ErasurePlan {
    const key = `${k}/${n}/${positions.join(',')}`;
    let plan = this.#plans.get(key);
    if (plan) this.#plans.delete(key);
    else plan = planErasures(this.#kernel, k, n, positions);
    this.#plans.set(key, plan);
    if (this.#plans.size > PLAN_CACHE) this.#plans.delete(this.#plans.keys().next().value!);
    return plan;
  }
}

/** A new decoder on its own WebAssembly instance; `variant` forces SIMD or scalar (tests, benchmarks). */
export async function createSymbolDecoder(variant?: KernelVariant): Promise<SymbolDecoder> {
  try {
    const simd = simdSupported();
    if (variant === 'simd' && !simd) throw new Error('this engine has no WebAssembly SIMD');
    const kernel = await DecoderKernel.instantiate(variant ?? (simd ? 'simd' : 'scalar'));
    return new WasmSymbolDecoder(kernel);
  } catch (cause) {
    throw new SymbolDecoderLoadError(
      `could not load the symbol decoder: ${(cause as Error)?.message ?? String(cause)}`,
      {
        cause,
      },
    );
  }
}

/** [from, to) */
function range(from: number, to: number): number[] {
  return Array.from({ length: to - from }, (_, i) => from + i);
}

let shared: Promise<SymbolDecoder> | undefined;
/** The realm's decoder once `shared` has loaded, for synchronous callers (sliver verification). */
let loaded: SymbolDecoder | undefined;

/** The realm's decoder (SIMD when the engine has it), loaded once; a failed load is retried next call. */
export function loadSymbolDecoder(): Promise<SymbolDecoder> {
  shared ??= createSymbolDecoder().then(
    (decoder) => (loaded = decoder),
    (error: unknown) => {
      shared = undefined;
      throw error;
    },
  );
  return shared;
}

/**
 * The realm's decoder if `loadSymbolDecoder` has already loaded it, else undefined (and nothing
 * is started): lets synchronous work use WebAssembly when it is there and JavaScript until then.
 */
export function loadedSymbolDecoder(): SymbolDecoder | undefined {
  return loaded;
}
