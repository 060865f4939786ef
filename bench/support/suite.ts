// What every benchmark hands back to `npm run bench`: one or more tables, each putting Floe next to
// its anchor measured in the same run, plus the raw numbers. bench/run.ts gathers them into
// bench/results.json and docs/PERFORMANCE.md; nothing here measures anything.

export interface BenchTable {
  /** Stable key in results.json, e.g. `reads`, `deploys`, `page-loads`. */
  readonly id: string;
  /** Section heading in docs/PERFORMANCE.md. */
  readonly title: string;
  /** How it was measured: network size, the anchor, what a row means (Markdown, one paragraph). */
  readonly setup: string;
  readonly columns: readonly string[];
  /** Formatted cells, one array per row, as wide as `columns`. */
  readonly rows: readonly (readonly string[])[];
  /** Zero to three short sentences with a ratio, quoted in the README (e.g. "1 MiB read: 3.1× faster"). */
  readonly headlines: readonly string[];
  /** Raw measurements for results.json (milliseconds, bytes, counts; no formatted strings needed). */
  readonly data: unknown;
  /** Longer Markdown printed under the table, e.g. how an environment is emulated. */
  readonly notes?: string;
}

export type Benchmark = () => Promise<BenchTable[]>;

/** `anchor ÷ floe` as "3.2×": above 1 means Floe needed less (time, bytes, requests). */
export function ratio(anchor: number, floe: number): string {
  if (!(floe > 0) || !(anchor >= 0)) return '–';
  const r = anchor / floe;
  return `${r >= 10 ? r.toFixed(0) : r.toFixed(1)}×`;
}

/** Value at quantile q (0..1) of unsorted samples, nearest-rank. */
export function quantile(samples: readonly number[], q: number): number {
  if (samples.length === 0) return Number.NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[rank]!;
}

export function median(samples: readonly number[]): number {
  return quantile(samples, 0.5);
}

export function ms(value: number): string {
  return value >= 100 ? value.toFixed(0) : value.toFixed(1);
}
