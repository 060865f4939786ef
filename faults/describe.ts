// One line per step, for progress output and for the step list printed with a violation.
import type { FaultSettings } from './node-state.ts';
import type { Schedule, Step } from './schedule.ts';

export function describeFaults(f: FaultSettings): string {
  const parts = [
    f.refuseAll ? 'refuse all' : '',
    f.dropRate > 0 ? `drop ${f.dropRate}` : '',
    f.corruptRate > 0 ? `corrupt ${f.corruptRate}` : '',
    f.latencyMs > 0 ? `latency ${f.latencyMs} ms` : '',
  ].filter(Boolean);
  return parts.length ? parts.join(', ') : 'none';
}

export function describeStep(step: Step): string {
  switch (step.op) {
    case 'kill':
      return `kill node-${step.node} (${step.signal})`;
    case 'restart':
      return `restart node-${step.node}`;
    case 'fault':
      return `fault node-${step.node}: ${describeFaults(step.faults)}`;
    case 'heal':
      return `heal node-${step.node}`;
    case 'deploy': {
      const c = step.change;
      const quilts = c.maxQuiltBytes ? `, quilts ≤ ${c.maxQuiltBytes} B` : '';
      return `deploy ~${c.modify} +${c.add} −${c.remove} (seed ${c.seed}${quilts})${step.background ? ' in the background' : ''}`;
    }
    case 'settle':
      return 'settle the background deploy';
    case 'browse': {
      const targets = step.targets.map((t) => `${t.kind}${t.range ? '+range' : ''}`).join(', ');
      const hostile = step.hostile ? ' after a hostile site script poisoned its caches' : '';
      return `browse via ${step.via}${step.fresh ? ' (fresh)' : ''}${hostile}: ${targets}`;
    }
    case 'wait':
      return `wait ${step.ms} ms`;
  }
}

export function describeSchedule(schedule: Schedule): string {
  return [
    `schedule ${schedule.index} (${schedule.profile}), run seed ${schedule.runSeed}:`,
    ...schedule.steps.map((step, i) => `  ${String(i).padStart(2)}. ${describeStep(step)}`),
  ].join('\n');
}
