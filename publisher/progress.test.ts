import { Writable } from 'node:stream';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { DeployEvent } from '../core/deploy/events.ts';
import { createProgressRenderer } from './progress.ts';

const ANSI_OR_CR = new RegExp(`${String.fromCharCode(27)}\\[[0-9]*[A-Za-z]|\\r`, 'g');

class Capture extends Writable {
  text = '';
  columns = 100;
  override _write(chunk: Buffer, _encoding: string, callback: () => void): void {
    this.text += chunk.toString('utf8');
    callback();
  }
}

function plain(events: DeployEvent[]): string[] {
  const stream = new Capture();
  let t = 0;
  const renderer = createProgressRenderer({ stream, tty: false, json: false, now: () => (t += 10) });
  for (const event of events) renderer.listener(event);
  renderer.finish();
  return stream.text.split('\n').slice(0, -1);
}

const progressEvents = (phase: 'encode' | 'upload', total: number): DeployEvent[] =>
  Array.from({ length: total }, (_, i) => ({ type: 'progress', phase, done: i + 1, total }) as const);

describe('plain (non-TTY) output', () => {
  it('prints a phase at its start, at every 10 % and at its end', () => {
    const lines = plain([
      { type: 'phase', phase: 'encode', total: 7, unit: 'quilts' },
      ...progressEvents('encode', 7),
      { type: 'phase-done', phase: 'encode', ms: 1234 },
    ]);
    expect(lines).toEqual([
      'encode: 0/7 quilts',
      'encode: 1/7 quilts',
      'encode: 2/7 quilts',
      'encode: 3/7 quilts',
      'encode: 4/7 quilts',
      'encode: 5/7 quilts',
      'encode: 6/7 quilts',
      'encode: 7/7 quilts, done in 1.2 s',
    ]);
  });

  it('throttles many small steps to about ten lines, with bytes humanised', () => {
    const total = 4 * 1024 * 1024;
    const steps = Array.from(
      { length: 1000 },
      (_, i) =>
        ({ type: 'progress', phase: 'upload', done: Math.round(((i + 1) * total) / 1000), total }) as const,
    );
    const lines = plain([
      { type: 'phase', phase: 'upload', total, unit: 'bytes' },
      ...steps,
      { type: 'phase-done', phase: 'upload', ms: 61_000 },
    ]);
    expect(lines).toHaveLength(11);
    expect(lines[0]).toBe('upload: 0 B/4.0 MiB');
    expect(lines[1]).toBe('upload: 414 KiB/4.0 MiB');
    // Past 2 s a byte phase also shows its rate and the time left at that rate.
    expect(lines[9]).toBe('upload: 3.6 MiB/4.0 MiB · 407 KiB/s · 1 s left');
    expect(lines[10]).toBe('upload: 4.0 MiB/4.0 MiB, done in 1m 01s');
  });

  it('reports node failures once, summarises nodes at the end of the upload, and prints notes', () => {
    const lines = plain([
      { type: 'phase', phase: 'upload', total: 30, unit: 'slivers' },
      { type: 'node', node: 'node-0', done: 10, total: 10 },
      { type: 'node', node: 'node-1', done: 0, total: 10, error: 'connection refused' },
      { type: 'node', node: 'node-1', done: 0, total: 10, error: 'connection refused' },
      { type: 'node', node: 'node-2', done: 10, total: 10 },
      { type: 'note', level: 'warn', message: 'node-1 is down; 2 of 3 nodes hold a quorum' },
      { type: 'progress', phase: 'upload', done: 20, total: 30 },
      { type: 'phase-done', phase: 'upload', ms: 800 },
      { type: 'note', level: 'info', message: 'no files changed in /docs' },
    ]);
    expect(lines).toEqual([
      'upload: 0/30 slivers',
      'upload: node node-1 failed: connection refused',
      'warn: node-1 is down; 2 of 3 nodes hold a quorum',
      'upload: 20/30 slivers',
      'upload: 20/30 slivers, done in 800 ms (nodes 2/3 ok · 1 failed: node-1 (connection refused))',
      'info: no files changed in /docs',
    ]);
  });

  it('handles phases of unknown size and events without a phase start', () => {
    const lines = plain([
      { type: 'phase', phase: 'scan', total: 0, unit: 'files' },
      { type: 'phase-done', phase: 'scan', ms: 12 },
      { type: 'progress', phase: 'commit', done: 1, total: 2 },
      { type: 'phase-done', phase: 'commit', ms: 2500 },
    ]);
    expect(lines).toEqual([
      'scan: started',
      'scan: done in 12 ms',
      'commit: 1/2',
      'commit: 1/2, done in 2.5 s',
    ]);
  });

  it('prints nothing after finish()', () => {
    const stream = new Capture();
    const renderer = createProgressRenderer({ stream, tty: false, json: false });
    renderer.finish();
    renderer.listener({ type: 'note', level: 'warn', message: 'late' });
    expect(stream.text).toBe('');
  });
});

describe('json mode', () => {
  it('prints nothing at all', () => {
    const stream = new Capture();
    const renderer = createProgressRenderer({ stream, tty: true, json: true });
    renderer.listener({ type: 'phase', phase: 'encode', total: 1, unit: 'quilts' });
    renderer.listener({ type: 'note', level: 'warn', message: 'x' });
    renderer.finish();
    expect(stream.text).toBe('');
  });
});

describe('TTY output', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('redraws bars in place at most every 100 ms and keeps finished phases above them', () => {
    vi.useFakeTimers();
    const stream = new Capture();
    const renderer = createProgressRenderer({ stream, tty: true, json: false, now: () => Date.now() });
    renderer.listener({ type: 'phase', phase: 'encode', total: 4, unit: 'quilts' });
    const first = stream.text;
    expect(first).toContain('encode');
    expect(first).toContain('0/4 quilts');

    // Three quick updates: nothing drawn until the interval passes, then the latest state once.
    renderer.listener({ type: 'progress', phase: 'encode', done: 1, total: 4 });
    renderer.listener({ type: 'progress', phase: 'encode', done: 2, total: 4 });
    renderer.listener({ type: 'phase', phase: 'upload', total: 10, unit: 'slivers' });
    renderer.listener({ type: 'node', node: 'node-0', done: 5, total: 5 });
    renderer.listener({ type: 'node', node: 'node-1', done: 5, total: 5 });
    renderer.listener({ type: 'node', node: 'node-2', done: 1, total: 5 });
    expect(stream.text).toBe(first);
    vi.advanceTimersByTime(100);
    const second = stream.text.slice(first.length);
    expect(second.startsWith('\x1b[1A\r\x1b[J')).toBe(true);
    expect(second).toContain('2/4 quilts  50%');
    expect(second).toContain('nodes 2/3 ok · 1 slow');

    vi.advanceTimersByTime(500);
    renderer.listener({ type: 'phase-done', phase: 'encode', ms: 700 });
    const third = stream.text.slice(first.length + second.length);
    // Three live lines (encode, upload, nodes) are erased; encode is now a permanent line.
    expect(third.startsWith('\x1b[3A\r\x1b[J✓ encode   2/4 quilts · 700 ms\n')).toBe(true);

    renderer.listener({ type: 'note', level: 'warn', message: 'x'.repeat(300) });
    renderer.finish();
    const visible = (line: string) => line.replace(ANSI_OR_CR, '').length;
    expect(Math.max(...stream.text.split('\n').map(visible))).toBeLessThan(100);
    // The unfinished upload stays on screen, marked, with its node line.
    expect(stream.text).toContain('✗ upload');
    expect(stream.text.trimEnd().endsWith('nodes 2/3 ok · 1 slow')).toBe(true);
    const before = stream.text;
    renderer.listener({ type: 'note', level: 'info', message: 'after' });
    vi.advanceTimersByTime(1000);
    expect(stream.text).toBe(before);
  });
});
