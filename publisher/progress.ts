// Renders the deploy event stream (core/deploy/events.ts) for a terminal:
// - TTY: finished phases and notes scroll up as permanent lines; below them one bar per active phase
//   (and a per-node line while uploading) is redrawn in place, at most 10 times a second.
// - not a TTY (CI logs, pipes): plain lines at a phase's start, every 10 % and its end, node
//   failures as they happen, notes as `warn:`/`info:`.
// - json: nothing; the caller prints the final result as one object.
import type { Writable } from 'node:stream';
import type { DeployEvent, DeployListener, DeployPhase } from '../core/deploy/events.ts';
import { Eta, formatEta } from '../core/deploy/eta.ts';
import { formatBytes, formatDuration } from './format.ts';

export interface ProgressRendererOptions {
  readonly stream: NodeJS.WriteStream | Writable;
  readonly tty: boolean;
  readonly json: boolean;
  /** @default Date.now */
  readonly now?: () => number;
  /** Minimum time between two redraws on a TTY. @default 100 */
  readonly redrawMs?: number;
}

export interface ProgressRenderer {
  readonly listener: DeployListener;
  /** Draws the final state and stops redrawing; call once the deploy ended (either way). */
  finish(): void;
}

type Unit = Extract<DeployEvent, { type: 'phase' }>['unit'];

interface PhaseState {
  readonly phase: DeployPhase;
  unit: Unit | null;
  total: number;
  done: number;
  startedAt: number;
  /** Set by `phase-done`. */
  ms: number | null;
  /** Last 10 % step printed (plain mode). */
  step: number;
  readonly eta: Eta;
  /** Latest estimate, from the last progress event. */
  left: number | undefined;
  rate: number | undefined;
}

/** An estimate is shown only once a phase has run this long: earlier ones swing too much. */
const ETA_AFTER_MS = 2000;

interface NodeState {
  done: number;
  total: number;
  error: string | null;
}

const BAR_WIDTH = 24;

export function createProgressRenderer(options: ProgressRendererOptions): ProgressRenderer {
  if (options.json) return { listener: () => {}, finish: () => {} };
  return options.tty ? ttyRenderer(options) : plainRenderer(options);
}

function plainRenderer(options: ProgressRendererOptions): ProgressRenderer {
  const now = options.now ?? Date.now;
  const phases = new Map<DeployPhase, PhaseState>();
  const nodes = new Map<string, NodeState>();
  const print = (line: string) => void options.stream.write(`${line}\n`);
  let finished = false;

  const listener: DeployListener = (event) => {
    if (finished) return;
    switch (event.type) {
      case 'phase': {
        const state = startPhase(phases, event.phase, event.total, event.unit, now());
        if (event.phase === 'upload') nodes.clear();
        print(`${event.phase}: ${state.total > 0 ? counts(state) : 'started'}`);
        return;
      }
      case 'progress': {
        const state = progress(phases, event, now());
        if (state.total <= 0 || state.done >= state.total) return;
        const step = Math.floor((state.done / state.total) * 10);
        if (step > state.step) {
          state.step = step;
          print(`${event.phase}: ${counts(state)}${outlook(state, now())}`);
        }
        return;
      }
      case 'node': {
        const before = nodes.get(event.node);
        nodes.set(event.node, { done: event.done, total: event.total, error: event.error ?? null });
        if (event.error && before?.error !== event.error)
          print(`upload: node ${event.node} failed: ${event.error}`);
        return;
      }
      case 'phase-done': {
        const state = phaseDone(phases, event, now());
        const what = state.total > 0 || state.done > 0 ? `${counts(state)}, ` : '';
        const nodeSummary = event.phase === 'upload' && nodes.size > 0 ? ` (${summariseNodes(nodes)})` : '';
        print(`${event.phase}: ${what}done in ${formatDuration(event.ms)}${nodeSummary}`);
        return;
      }
      case 'note':
        print(`${event.level}: ${event.message}`);
        return;
    }
  };
  return {
    listener,
    finish: () => {
      finished = true;
    },
  };
}

function ttyRenderer(options: ProgressRendererOptions): ProgressRenderer {
  const now = options.now ?? Date.now;
  const redrawMs = options.redrawMs ?? 100;
  const stream = options.stream;
  const phases = new Map<DeployPhase, PhaseState>();
  const nodes = new Map<string, NodeState>();
  /** Permanent lines not yet written above the live block. */
  const pending: string[] = [];
  let liveLines = 0;
  let lastDraw = -Infinity;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let finished = false;

  const columns = () => {
    const c = (stream as NodeJS.WriteStream).columns;
    return typeof c === 'number' && c > 20 ? c : 80;
  };
  // A line wider than the terminal wraps, and the cursor-up count would then be wrong.
  const fit = (line: string) => {
    const max = columns() - 1;
    return line.length > max ? `${line.slice(0, max - 1)}…` : line;
  };

  const live = (): string[] => {
    const lines: string[] = [];
    for (const state of phases.values()) {
      if (state.ms !== null) continue;
      lines.push(barLine(state, now()));
      if (state.phase === 'upload' && nodes.size > 0) lines.push(`  ${summariseNodes(nodes)}`);
    }
    return lines;
  };

  const draw = () => {
    if (timer) clearTimeout(timer);
    timer = null;
    lastDraw = now();
    // Up to the first live line, clear to the end of the screen, then permanent lines and bars.
    let out = liveLines > 0 ? `\x1b[${liveLines}A\r\x1b[J` : '';
    for (const line of pending.splice(0)) out += `${fit(line)}\n`;
    const lines = finished ? [] : live();
    for (const line of lines) out += `${fit(line)}\n`;
    liveLines = lines.length;
    if (out) stream.write(out);
  };

  /** Redraws now if the last redraw is old enough, else once the interval has passed. */
  const schedule = () => {
    if (finished || timer) return;
    const wait = lastDraw + redrawMs - now();
    if (wait <= 0) {
      draw();
      return;
    }
    timer = setTimeout(draw, wait);
    timer.unref?.();
  };

  const listener: DeployListener = (event) => {
    if (finished) return;
    switch (event.type) {
      case 'phase':
        startPhase(phases, event.phase, event.total, event.unit, now());
        if (event.phase === 'upload') nodes.clear();
        break;
      case 'progress':
        progress(phases, event, now());
        break;
      case 'node':
        nodes.set(event.node, { done: event.done, total: event.total, error: event.error ?? null });
        break;
      case 'phase-done': {
        const state = phaseDone(phases, event, now());
        const what = state.total > 0 || state.done > 0 ? `${counts(state)} · ` : '';
        pending.push(`✓ ${event.phase.padEnd(8)} ${what}${formatDuration(event.ms)}`);
        if (event.phase === 'upload' && nodes.size > 0) pending.push(`  ${summariseNodes(nodes)}`);
        break;
      }
      case 'note':
        pending.push(`${event.level}: ${event.message}`);
        break;
    }
    schedule();
  };

  return {
    listener,
    finish: () => {
      if (finished) return;
      // Phases still running (the deploy failed or stopped) stay on screen as they were.
      for (const state of phases.values()) {
        if (state.ms !== null) continue;
        pending.push(`✗ ${barLine(state, now()).slice(2)}`);
        if (state.phase === 'upload' && nodes.size > 0) pending.push(`  ${summariseNodes(nodes)}`);
      }
      finished = true;
      draw();
    },
  };
}

function startPhase(
  phases: Map<DeployPhase, PhaseState>,
  phase: DeployPhase,
  total: number,
  unit: Unit | null,
  at: number,
): PhaseState {
  // Delete first so a restarted phase moves to the end, in the order phases started.
  phases.delete(phase);
  const state: PhaseState = {
    phase,
    unit,
    total,
    done: 0,
    startedAt: at,
    ms: null,
    step: 0,
    eta: new Eta(),
    left: undefined,
    rate: undefined,
  };
  state.eta.update(0, total, at);
  phases.set(phase, state);
  return state;
}

function progress(
  phases: Map<DeployPhase, PhaseState>,
  event: Extract<DeployEvent, { type: 'progress' }>,
  at: number,
): PhaseState {
  const state = phases.get(event.phase) ?? startPhase(phases, event.phase, event.total, null, at);
  state.done = event.done;
  state.total = event.total;
  const estimate = state.eta.update(event.done, event.total, at);
  state.left = estimate.secondsLeft;
  state.rate = estimate.rate;
  return state;
}

function phaseDone(
  phases: Map<DeployPhase, PhaseState>,
  event: Extract<DeployEvent, { type: 'phase-done' }>,
  at: number,
): PhaseState {
  const state = phases.get(event.phase) ?? startPhase(phases, event.phase, 0, null, at);
  state.ms = event.ms;
  return state;
}

/** `3/7 quilts`, `1.2 MiB/4.0 MiB`. */
function counts(state: PhaseState): string {
  if (state.unit === 'bytes') return `${formatBytes(state.done)}/${formatBytes(state.total)}`;
  return `${state.done}/${state.total}${state.unit ? ` ${state.unit}` : ''}`;
}

/** ` · 12.0 MiB/s · 3 min 05 s left` for a running phase old enough to estimate, else nothing. */
function outlook(state: PhaseState, at: number): string {
  if (state.ms !== null || state.total <= 0 || state.done >= state.total) return '';
  if (at - state.startedAt < ETA_AFTER_MS || state.left === undefined) return '';
  const rate = state.unit === 'bytes' && state.rate !== undefined ? ` · ${formatBytes(state.rate)}/s` : '';
  return `${rate} · ${formatEta(state.left)} left`;
}

/** `  encode   [██████░░░░░░░░░░░░░░░░░░]  3/7 quilts  43% · 1.2 s` */
function barLine(state: PhaseState, at: number): string {
  const elapsed = formatDuration(Math.max(0, at - state.startedAt));
  if (state.total <= 0)
    return `  ${state.phase.padEnd(8)} ${state.done > 0 ? `${counts(state)} · ` : ''}${elapsed}`;
  const fraction = Math.min(1, Math.max(0, state.done / state.total));
  const filled = Math.round(fraction * BAR_WIDTH);
  const bar = `${'█'.repeat(filled)}${'░'.repeat(BAR_WIDTH - filled)}`;
  const percent = `${Math.floor(fraction * 100)}%`.padStart(4);
  return `  ${state.phase.padEnd(8)} [${bar}] ${counts(state)} ${percent} · ${elapsed}${outlook(state, at)}`;
}

/**
 * `nodes 7/10 ok · 2 slow · 1 failed: node-3 (connection refused)`. A node is slow when it is
 * still working although more than half of the nodes are done.
 */
function summariseNodes(nodes: ReadonlyMap<string, NodeState>): string {
  let ok = 0;
  const failed: [string, string][] = [];
  for (const [name, node] of nodes) {
    if (node.error !== null) failed.push([name, node.error]);
    else if (node.done >= node.total) ok++;
  }
  const working = nodes.size - ok - failed.length;
  const parts = [`nodes ${ok}/${nodes.size} ok`];
  if (working > 0 && ok > nodes.size / 2) parts.push(`${working} slow`);
  if (failed.length > 0) {
    const [first, ...rest] = failed;
    const names = [`${first![0]} (${first![1]})`, ...rest.map(([name]) => name)];
    parts.push(`${failed.length} failed: ${names.join(', ')}`);
  }
  return parts.join(' · ');
}
