// The memory table of bench/load.ts: per kind of process (chain, storage nodes, the benchmark
// process, Chromium), the resident memory at the start, partway and at the end of a run, and the
// peak, from the samples of process-memory.ts.
import { totalsByKind, type MemorySample } from './process-memory.ts';
import type { BenchTable } from './suite.ts';

export type MemoryRow = 'chain' | 'node max' | 'nodes total' | 'bench' | 'chromium rss' | 'chromium anon';
export type MemoryFigures = Record<MemoryRow, number> & { readonly chromiumProcesses: number };

export function memoryFigures(sample: MemorySample): MemoryFigures {
  const t = totalsByKind(sample);
  return {
    chain: t.chain.rssBytes,
    'node max': t.node.maxRssBytes,
    'nodes total': t.node.rssBytes,
    bench: t.bench.rssBytes,
    'chromium rss': t.chromium.rssBytes,
    'chromium anon': t.chromium.anonBytes,
    chromiumProcesses: t.chromium.processes,
  };
}

/** What a run's memory table needs from it. */
export interface RunMemory {
  readonly target: 'static' | 'floe';
  /** Memory before the run, partway into it, and at its end. */
  readonly memory: {
    readonly start: MemoryFigures;
    readonly settled: MemoryFigures;
    readonly end: MemoryFigures;
  };
  readonly peak: MemoryFigures;
  /** One entry per sample of the run, `atMs` since its start. */
  readonly series: readonly (MemoryFigures & { readonly atMs: number })[];
}

/** The samples from `start` to `end` (inclusive), and the largest value of each row among them. */
export function memoryOverRun(
  samples: readonly MemorySample[],
  start: MemorySample,
  end: MemorySample,
): Pick<RunMemory, 'series' | 'peak'> {
  const series = samples
    .filter((s) => s.atMs >= start.atMs && s.atMs <= end.atMs)
    .map((s) => ({ atMs: Math.round(s.atMs - start.atMs), ...memoryFigures(s) }));
  const peak = memoryFigures(start);
  for (const point of series) {
    for (const key of Object.keys(MEMORY_LABELS) as MemoryRow[]) peak[key] = Math.max(peak[key], point[key]);
  }
  return { series, peak };
}

const MEMORY_LABELS: Record<MemoryRow, string> = {
  chain: 'chain',
  'node max': 'storage node (largest of 10)',
  'nodes total': 'storage nodes (sum of 10)',
  bench: 'bench process (portal, static server, Playwright)',
  'chromium rss': 'Chromium, RSS summed over its processes',
  'chromium anon': 'Chromium, anonymous RSS summed over its processes',
};

export function memoryTable(
  runs: readonly RunMemory[],
  { contexts, settledMs }: { readonly contexts: number; readonly settledMs: number },
): BenchTable {
  const floe = runs.find((r) => r.target === 'floe')!;
  const plain = runs.find((r) => r.target === 'static')!;
  const { start, settled, end } = floe.memory;
  const mib = (bytes: number) => `${(bytes / 2 ** 20).toFixed(0)} MiB`;
  const rows = (Object.keys(MEMORY_LABELS) as MemoryRow[]).map((key) => [
    MEMORY_LABELS[key],
    mib(start[key]),
    mib(settled[key]),
    mib(end[key]),
    mib(floe.peak[key]),
    mib(plain.peak[key]),
  ]);
  const growth = (key: MemoryRow) => (end[key] - settled[key]) / settled[key];
  const worst = (Object.keys(MEMORY_LABELS) as MemoryRow[]).reduce((a, b) => (growth(b) > growth(a) ? b : a));
  return {
    id: 'load-memory',
    title: `Load: memory of every process (${contexts} contexts)`,
    setup:
      'Resident memory (VmRSS in /proc/<pid>/status) sampled every second for the benchmark process and everything ' +
      'it started, found by walking parent links: the chain, the 10 storage nodes, and Chromium with all its helper ' +
      `processes (${end.chromiumProcesses} at the end of Floe's run). The portal and the static server run inside the ` +
      "benchmark process, so its figure (what `process.memoryUsage().rss` reports) also holds Playwright's driver and " +
      "the deploy's leftovers. Summing RSS over Chromium's processes counts shared library pages once per process, so " +
      'the anonymous part (RssAnon: heaps and stacks) is given too. Columns: with the contexts open, before Floe’s run; ' +
      `${settledMs / 1000} s into Floe's browsing phase (after all first visits); at its end; the peak during the run; ` +
      "and the peak during the static server's run (the devnet idle; Chromium then also holds each context's Floe " +
      'worker and its process until the worker idles out). ' +
      `Largest growth from ${settledMs / 1000} s into browsing to the end of Floe's run: ${MEMORY_LABELS[worst]}, ` +
      `${(growth(worst) * 100).toFixed(0)}%.`,
    columns: [
      'process',
      'start',
      `browsing ${settledMs / 1000} s`,
      'end',
      'peak (Floe run)',
      'peak (static run)',
    ],
    rows,
    headlines: [
      `Peak memory under ${contexts}-context load: chain ${mib(floe.peak.chain)}, largest storage node ${mib(floe.peak['node max'])}, ` +
        `portal process ${mib(floe.peak.bench)}, Chromium ${mib(floe.peak['chromium anon'])} (anonymous RSS summed over its processes)`,
    ],
    data: {
      runs: runs.map((r) => ({ target: r.target, ...r.memory, peak: r.peak, perSecond: r.series })),
    },
  };
}
