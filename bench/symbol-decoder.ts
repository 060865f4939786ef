// `node bench/symbol-decoder.ts`: a micro-benchmark of the symbol decoder, not part of `npm run bench`
// (no anchor to compare with, and it needs no devnet). It recovers one column (k = p = 334) and one
// row (k = s = 667) at n = 1000 with 180-byte symbols, a tenth, three tenths and six tenths of the
// originals missing, from exactly k symbols and from every symbol left (the extras are verified),
// one codeword per call and 100 per batch call, in both builds. Times are medians per codeword.
import { expandSymbols } from '../core/walrus/rs/encoder.ts';
import { createSymbolDecoder, type SymbolDecoder } from '../core/walrus/symbol-decoder.ts';
import { prng, randomBytes } from '../core/walrus/test-support/fixtures.ts';
import { median } from './support/suite.ts';

const N = 1000;
const SYM = 180;
const BATCH = 100;

function time(runs: number, run: () => void): number {
  run(); // warm-up, and the erasure pattern's plan
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    run();
    samples.push(performance.now() - started);
  }
  return median(samples);
}

function measure(decoder: SymbolDecoder, k: number, fraction: number): string[] {
  const random = prng(k * 7 + Math.round(fraction * 10));
  const codeword = expandSymbols(randomBytes(k * SYM, k), k, N, SYM);
  const missing = new Set<number>();
  while (missing.size < Math.round(k * fraction)) missing.add(Math.floor(random() * k));
  const left = Array.from({ length: N }, (_, j) => j).filter((j) => !missing.has(j));
  const cells: string[] = [];
  for (const positions of [left.slice(0, k), left]) {
    const one = new Map(positions.map((j) => [j, codeword.slice(j * SYM, (j + 1) * SYM)]));
    const many = new Map(
      positions.map((j) => {
        const data = new Uint8Array(BATCH * SYM);
        for (let c = 0; c < BATCH; c++) data.set(one.get(j)!, c * SYM);
        return [j, data];
      }),
    );
    cells.push(time(30, () => decoder.recover({ k, n: N, symbolSize: SYM, known: one })).toFixed(3));
    const batch = time(5, () =>
      decoder.recoverBatch({ k, n: N, symbolSize: SYM, known: many, count: BATCH }),
    );
    cells.push((batch / BATCH).toFixed(3));
  }
  return cells;
}

console.log('variant | k | missing | exact k: 1/call, batch | all left: 1/call, batch  (ms per codeword)');
for (const variant of ['simd', 'scalar'] as const) {
  const decoder = await createSymbolDecoder(variant);
  for (const k of [334, 667]) {
    for (const fraction of [0.1, 0.3, 0.6]) {
      if (Math.round(k * fraction) > N - k) continue; // not decodable
      console.log([variant, k, `${fraction * 10}/10`, ...measure(decoder, k, fraction)].join(' | '));
    }
  }
}
