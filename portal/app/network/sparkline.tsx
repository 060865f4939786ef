// A node's recent latencies as a small inline SVG line, newest on the right. Failed checks break
// the line and show as marks on the baseline.
import { formatMs } from '../ui/format.ts';
import type { Probe } from './probe-node.ts';

export interface SparklineProps {
  readonly samples: readonly Probe[];
  /** How many samples the width is divided into (the newest is always at the right edge). */
  readonly capacity: number;
  readonly width?: number;
  readonly height?: number;
}

export function Sparkline({ samples, capacity, width = 120, height = 28 }: SparklineProps) {
  const pad = 3;
  const ok = samples.filter((s) => s.ok).map((s) => s.ms);
  const max = Math.max(1, ...ok);
  const step = (width - 2 * pad) / Math.max(1, capacity - 1);
  const x = (i: number) => width - pad - (samples.length - 1 - i) * step;
  const y = (ms: number) => height - pad - (ms / max) * (height - 2 * pad);

  const segments: (readonly [number, number])[][] = [];
  let current: (readonly [number, number])[] = [];
  const failures: number[] = [];
  samples.forEach((sample, i) => {
    if (sample.ok) {
      current.push([x(i), y(sample.ms)]);
    } else {
      failures.push(i);
      if (current.length > 0) segments.push(current);
      current = [];
    }
  });
  if (current.length > 0) segments.push(current);

  const last = samples.at(-1);
  const label =
    samples.length === 0
      ? 'No latency samples yet'
      : `Latency over the last ${samples.length} checks: ` +
        (ok.length > 0
          ? `min ${formatMs(Math.min(...ok))}, max ${formatMs(max)}, ${failures.length} failed`
          : 'all failed');

  return (
    <svg
      className="sparkline"
      width={width}
      height={height}
      viewBox={`0 0 ${width} ${height}`}
      role="img"
      aria-label={label}
      data-testid="node-sparkline"
      data-samples={samples.length}
    >
      <title>{label}</title>
      <line className="sparkline-base" x1={pad} x2={width - pad} y1={height - pad} y2={height - pad} />
      {segments.map((points, i) =>
        points.length === 1 ? (
          <circle key={i} className="sparkline-dot" cx={points[0]![0]} cy={points[0]![1]} r={1.5} />
        ) : (
          <polyline
            key={i}
            className="sparkline-line"
            points={points.map(([px, py]) => `${px.toFixed(1)},${py.toFixed(1)}`).join(' ')}
          />
        ),
      )}
      {failures.map((i) => (
        <rect
          key={`f${i}`}
          className="sparkline-fail"
          x={x(i) - 1.5}
          y={height - pad - 3}
          width={3}
          height={3}
        />
      ))}
      {last?.ok ? (
        <circle className="sparkline-last" cx={x(samples.length - 1)} cy={y(last.ms)} r={2.2} />
      ) : null}
    </svg>
  );
}
