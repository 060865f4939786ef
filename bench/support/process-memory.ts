// Resident memory of this process and everything it started (the devnet's chain and storage
// nodes, Chromium and its helpers), read from /proc once a second on a worker thread. Processes are found by walking
// parent links down from this process, so nothing has to hand its pids over; each is put into a
// kind by its command line. Linux only.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { Worker } from 'node:worker_threads';

export type ProcessKind = 'bench' | 'chain' | 'node' | 'chromium' | 'other';

export interface ProcessSample {
  readonly pid: number;
  readonly kind: ProcessKind;
  /** The node's name for storage nodes (`node-3`), else the kind. */
  readonly name: string;
  readonly rssBytes: number;
  /**
   * The anonymous part of RSS (heaps, stacks): what a process allocated itself, without the shared
   * library and file pages that summing RSS over many processes counts again and again. (PSS would be
   * exact, but /proc/<pid>/smaps_rollup takes ~5 ms per Chromium process, too slow once a second.)
   */
  readonly anonBytes: number;
}

export interface MemorySample {
  /** Milliseconds since the sampler started. */
  readonly atMs: number;
  readonly processes: readonly ProcessSample[];
}

function read(path: string): string | null {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return null; // the process exited meanwhile
  }
}

/** Kinds by pid, read once per process (its command line does not change). */
const kinds = new Map<number, { kind: ProcessKind; name: string }>();

/** Parent pids read so far: a process's parent is read once (it only changes to init on orphaning). */
const parentOf = new Map<number, number>();

/** `pid → parent pid` for every process visible in /proc. */
function parents(): Map<number, number> {
  const live = new Set<number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const pid = Number(entry);
    live.add(pid);
    if (parentOf.has(pid)) continue;
    const stat = read(`/proc/${entry}/stat`);
    // Field 4 is the parent pid; the command name (field 2) may hold spaces and parentheses.
    const fields = stat?.slice(stat.lastIndexOf(')') + 2).split(' ');
    if (fields?.[1]) parentOf.set(pid, Number(fields[1]));
  }
  for (const pid of parentOf.keys()) {
    if (!live.has(pid)) {
      parentOf.delete(pid);
      kinds.delete(pid);
    }
  }
  return parentOf;
}

/** `root` and all its descendants. */
export function descendants(root: number): number[] {
  const children = new Map<number, number[]>();
  for (const [pid, ppid] of parents()) children.set(ppid, [...(children.get(ppid) ?? []), pid]);
  const found: number[] = [];
  const queue = [root];
  while (queue.length > 0) {
    const pid = queue.shift()!;
    found.push(pid);
    queue.push(...(children.get(pid) ?? []));
  }
  return found;
}

function classify(pid: number, root: number): { kind: ProcessKind; name: string } | null {
  let kind = kinds.get(pid);
  if (!kind) {
    const found = readKind(pid, root);
    if (!found) return null;
    kinds.set(pid, (kind = found));
  }
  return kind;
}

function readKind(pid: number, root: number): { kind: ProcessKind; name: string } | null {
  if (pid === root) return { kind: 'bench', name: 'bench' };
  const cmdline = read(`/proc/${pid}/cmdline`)?.split('\0');
  if (!cmdline) return null;
  const args = cmdline.join(' ');
  if (args.includes('/devnet/chain/main.ts')) return { kind: 'chain', name: 'chain' };
  if (args.includes('/devnet/node/main.ts')) {
    const dir = cmdline[cmdline.indexOf('--dir') + 1] ?? '';
    return { kind: 'node', name: /nodes\/([^/]+)\/data/.exec(dir)?.[1] ?? `node pid ${pid}` };
  }
  if (/chrom/i.test(cmdline[0] ?? '')) return { kind: 'chromium', name: 'chromium' };
  return { kind: 'other', name: cmdline[0] ?? String(pid) };
}

function kibField(text: string | null, field: string): number {
  const match = text && new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(text);
  return match ? Number(match[1]) * 1024 : 0;
}

export function sampleProcesses(root: number): ProcessSample[] {
  const samples: ProcessSample[] = [];
  for (const pid of descendants(root)) {
    const kind = classify(pid, root);
    const status = read(`/proc/${pid}/status`);
    if (!kind || !status) continue;
    samples.push({
      pid,
      ...kind,
      rssBytes: kibField(status, 'VmRSS'),
      anonBytes: kibField(status, 'RssAnon'),
    });
  }
  return samples;
}

export interface MemorySampler {
  readonly samples: readonly MemorySample[];
  /** Milliseconds the sampling thread spent per sample, on average. */
  readonly costMs: number;
  /** Takes one more sample now (e.g. at a phase boundary) and returns it. */
  sampleNow(): Promise<MemorySample>;
  stop(): Promise<void>;
}

/** Messages from the sampling thread. */
export type SamplerMessage = { readonly sample: MemorySample; readonly costMs: number; readonly id?: number };

/**
 * Samples every `intervalMs` until stopped, on a worker thread: reading /proc for a few hundred
 * processes takes tens of milliseconds (far more on a busy machine), which would otherwise stall
 * this process's event loop, and with it the portal and Playwright, once a second.
 */
export function startMemorySampler(intervalMs = 1000): MemorySampler {
  const worker = new Worker(new URL('./process-memory-worker.ts', import.meta.url), {
    workerData: { intervalMs, root: process.pid },
  });
  const samples: MemorySample[] = [];
  const waiting = new Map<number, (sample: MemorySample) => void>();
  let nextId = 0;
  let costMs = 0;
  worker.on('message', ({ sample, costMs: cost, id }: SamplerMessage) => {
    samples.push(sample);
    costMs += cost;
    if (id !== undefined) waiting.get(id)?.(sample);
    waiting.delete(id ?? -1);
  });
  return {
    samples,
    get costMs() {
      return samples.length > 0 ? costMs / samples.length : 0;
    },
    sampleNow: () =>
      new Promise<MemorySample>((resolve) => {
        const id = nextId++;
        waiting.set(id, resolve);
        worker.postMessage(id);
      }),
    stop: async () => {
      await worker.terminate();
    },
  };
}

/** Per kind: summed RSS and anonymous RSS, and the largest single process (for storage nodes). */
export interface KindTotals {
  readonly processes: number;
  readonly rssBytes: number;
  readonly anonBytes: number;
  readonly maxRssBytes: number;
}

export function totalsByKind(sample: MemorySample): Record<ProcessKind, KindTotals> {
  const totals = {} as Record<ProcessKind, KindTotals>;
  for (const kind of ['bench', 'chain', 'node', 'chromium', 'other'] as const) {
    const of = sample.processes.filter((p) => p.kind === kind);
    totals[kind] = {
      processes: of.length,
      rssBytes: of.reduce((n, p) => n + p.rssBytes, 0),
      anonBytes: of.reduce((n, p) => n + p.anonBytes, 0),
      maxRssBytes: of.reduce((n, p) => Math.max(n, p.rssBytes), 0),
    };
  }
  return totals;
}

/** Peak resident memory (`VmHWM`) of one process so far, in bytes; 0 when it is gone. */
export function peakRss(pid: number): number {
  return kibField(read(`/proc/${pid}/status`), 'VmHWM');
}

/**
 * Starts `pid`'s peak-RSS count afresh from its current RSS (writing 5 to `clear_refs`), so one
 * phase's peak is not an earlier phase's. False when the kernel or permissions refuse.
 */
export function resetPeakRss(pid: number): boolean {
  try {
    writeFileSync(`/proc/${pid}/clear_refs`, '5');
    return true;
  } catch {
    return false;
  }
}

/** Descendants of this process whose command line contains `marker` (e.g. `--type=renderer`). */
export function descendantsWith(marker: string): number[] {
  return descendants(process.pid).filter((pid) => read(`/proc/${pid}/cmdline`)?.includes(marker) ?? false);
}
