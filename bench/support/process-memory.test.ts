import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { memoryOverRun } from './load-memory.ts';
import {
  descendants,
  sampleProcesses,
  totalsByKind,
  type MemorySample,
  type ProcessSample,
} from './process-memory.ts';

const proc = (kind: ProcessSample['kind'], rss: number, anon = rss / 2): ProcessSample => ({
  pid: Math.floor(Math.random() * 1e6),
  kind,
  name: kind,
  rssBytes: rss,
  anonBytes: anon,
});

describe('process memory sampling', () => {
  it('finds a child process of this one and reads its resident memory', async () => {
    const child = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 10_000)'], { stdio: 'ignore' });
    try {
      await new Promise((resolve) => child.once('spawn', resolve));
      expect(descendants(process.pid)).toContain(child.pid);
      const samples = sampleProcesses(process.pid);
      const self = samples.find((s) => s.pid === process.pid);
      expect(self?.kind).toBe('bench');
      expect(self!.rssBytes).toBeGreaterThan(10 * 2 ** 20);
      expect(samples.find((s) => s.pid === child.pid)?.kind).toBe('other');
    } finally {
      child.kill();
    }
  });

  it('sums by kind, keeps the largest storage node, and takes peaks over a run only', () => {
    const sample = (atMs: number, nodeRss: number): MemorySample => ({
      atMs,
      processes: [
        proc('bench', 100),
        proc('chain', 50),
        proc('node', nodeRss),
        proc('node', 10),
        proc('chromium', 7),
      ],
    });
    const totals = totalsByKind(sample(0, 30));
    expect(totals.node).toEqual({ processes: 2, rssBytes: 40, anonBytes: 20, maxRssBytes: 30 });
    expect(totals.chromium.processes).toBe(1);

    const samples = [sample(0, 999), sample(1000, 20), sample(2000, 60), sample(3000, 25), sample(4000, 999)];
    const { series, peak } = memoryOverRun(samples, samples[1]!, samples[3]!);
    expect(series.map((s) => s.atMs)).toEqual([0, 1000, 2000]);
    expect(peak['node max']).toBe(60);
    expect(peak['nodes total']).toBe(70);
    expect(peak.chain).toBe(50);
  });
});
