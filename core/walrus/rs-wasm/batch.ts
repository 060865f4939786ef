// Runs one decode (any number of codewords with the same erasure pattern) through the module, in
// passes small enough that a call never needs more than a few MiB of scratch: whole codewords side
// by side while they fit, otherwise slices of one codeword's symbols. Slicing at 64-byte boundaries
// is exact because a symbol's layout restarts every 64 bytes (see rs/layout.ts): bytes [64a, 64b)
// of a symbol form a valid shorter symbol of the same codeword position.

import { align64, type DecoderKernel } from './kernel.ts';
import type { ErasurePlan } from './plan.ts';

/** Work-area bytes per pass (N shards × stride); the other scratch is about twice that at most. */
const WORK_BUDGET = 4 << 20;

export interface BatchJob {
  readonly plan: ErasurePlan;
  readonly symbolSize: number;
  readonly count: number;
  /** count · symbolSize bytes per known position. */
  readonly known: (position: number) => Uint8Array;
  /** Erased positions to decode. */
  readonly decode: readonly number[];
  /** Where each decoded position's count · symbolSize bytes go. */
  readonly target: (position: number) => Uint8Array;
}

interface Pass {
  /** Byte offset of the pass in every position's data. */
  readonly offset: number;
  /** Symbol size the module sees, and how many such symbols lie side by side. */
  readonly sym: number;
  readonly count: number;
}

function* passes(size: number, symbolSize: number, count: number): Generator<Pass> {
  const perPass = Math.floor(WORK_BUDGET / (size * align64(symbolSize)));
  if (perPass >= 1) {
    for (let first = 0; first < count; first += perPass) {
      yield { offset: first * symbolSize, sym: symbolSize, count: Math.min(perPass, count - first) };
    }
    return;
  }
  const slice = Math.max(64, Math.floor(WORK_BUDGET / size / 64) * 64);
  for (let c = 0; c < count; c++) {
    for (let from = 0; from < symbolSize; from += slice) {
      yield { offset: c * symbolSize + from, sym: Math.min(slice, symbolSize - from), count: 1 };
    }
  }
}

/** Decodes `job.decode` into `job.target`; returns the first extra position that disagrees, if any. */
export function runBatch(kernel: DecoderKernel, job: BatchJob): number | undefined {
  const { plan } = job;
  const n = plan.size;
  const inputs = plan.basis;
  const outputs = [...job.decode, ...plan.extras];
  for (const pass of passes(n, job.symbolSize, job.count)) {
    const bytes = pass.sym * pass.count;
    const stride = align64(bytes);
    // Scratch layout, every area on a 64-byte boundary.
    let end = 0;
    const take = (length: number) => {
      const at = end;
      end += align64(length);
      return at;
    };
    const logs = take(2 * n);
    const inTable = take(8 * inputs.length);
    const outTable = take(12 * outputs.length);
    const live = take(4 * (n + 1));
    const temp = take(stride);
    const inData = take(inputs.length * bytes);
    const outData = take(outputs.length * bytes);
    const work = take(n * stride);
    const base = kernel.reserve(n, end);
    const memory = kernel.bytes();
    const words = new Uint32Array(memory.buffer);

    memory.set(new Uint8Array(plan.logs.buffer, plan.logs.byteOffset, 2 * n), base + logs);
    inputs.forEach((position, i) => {
      const at = base + inData + i * bytes;
      memory.set(job.known(position).subarray(pass.offset, pass.offset + bytes), at);
      words[(base + inTable) / 4 + 2 * i] = plan.points[position]!;
      words[(base + inTable) / 4 + 2 * i + 1] = at;
    });
    outputs.forEach((position, i) => {
      const at = base + outData + i * bytes;
      const check = i >= job.decode.length;
      if (check) memory.set(job.known(position).subarray(pass.offset, pass.offset + bytes), at);
      const entry = (base + outTable) / 4 + 3 * i;
      words[entry] = plan.points[position]!;
      words[entry + 1] = at;
      words[entry + 2] = check ? 1 : 0;
    });

    const failed = kernel.calls.decode(
      n,
      stride,
      pass.sym,
      pass.count,
      base + work,
      base + logs,
      base + inTable,
      inputs.length,
      base + outTable,
      outputs.length,
      base + live,
      base + temp,
    );
    if (failed >= 0) return outputs[failed];
    job.decode.forEach((position, i) => {
      const at = base + outData + i * bytes;
      job.target(position).set(memory.subarray(at, at + bytes), pass.offset);
    });
  }
  return undefined;
}
