// Runs one deploy phase with its start, progress and end events, and records how long it took.
import type { DeployListener, DeployPhase } from './events.ts';

type Unit = Extract<Parameters<DeployListener>[0], { type: 'phase' }>['unit'];

/** Durations of finished phases, in ms; a phase run twice adds up. */
export type PhaseTimes = Partial<Record<DeployPhase, number>>;

export async function timedPhase<T>(
  onEvent: DeployListener,
  phase: DeployPhase,
  total: number,
  unit: Unit,
  run: (progress: (done: number) => void) => Promise<T>,
  times?: PhaseTimes,
): Promise<T> {
  const started = performance.now();
  onEvent({ type: 'phase', phase, total, unit });
  const result = await run((done) => onEvent({ type: 'progress', phase, done, total }));
  const ms = Math.round(performance.now() - started);
  if (times) times[phase] = (times[phase] ?? 0) + ms;
  onEvent({ type: 'phase-done', phase, ms });
  return result;
}
