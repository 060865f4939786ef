import { describe, expect, it } from 'vitest';
import {
  MAX_REPORT_BYTES,
  MAX_REPORT_COUNT,
  MAX_REPORT_NODES,
  parseReadReport,
  ReadReportError,
} from './read-report.ts';

const A = 'http://127.0.0.1:9001';

describe('parseReadReport', () => {
  it('reads a report, absent counts as 0', () => {
    const body = JSON.stringify({
      reads: { direct: 3, recovered: 1 },
      nodes: { [A]: { recovered: 1, failures: 2 }, 'https://node.example:9185': { failures: 1 } },
    });
    expect(parseReadReport(body)).toEqual({
      reads: { direct: 3, recovered: 1, fallback: 0 },
      nodes: {
        [A]: { recovered: 1, failures: 2 },
        'https://node.example:9185': { recovered: 0, failures: 1 },
      },
    });
    expect(parseReadReport('{}')).toEqual({ reads: { direct: 0, recovered: 0, fallback: 0 }, nodes: {} });
  });

  it.each([
    ['not JSON', 'reads=1'],
    ['an array', '[]'],
    ['null', 'null'],
    ['an unknown field', '{"reads":{},"nodes":{},"extra":1}'],
    ['an unknown path', '{"reads":{"cached":1}}'],
    ['an unknown node field', `{"nodes":{"${A}":{"recovered":1,"latency":3}}}`],
    ['a negative count', '{"reads":{"direct":-1}}'],
    ['a fractional count', '{"reads":{"direct":1.5}}'],
    ['a string count', '{"reads":{"direct":"1"}}'],
    ['a count over the cap', `{"reads":{"direct":${MAX_REPORT_COUNT + 1}}}`],
    ['an unsafe integer', '{"reads":{"direct":1e300}}'],
    ['a node that is not a URL', '{"nodes":{"direct read":{"failures":1}}}'],
    ['a node with another scheme', '{"nodes":{"javascript:alert(1)":{"failures":1}}}'],
    ['a node with a query', `{"nodes":{"${A}/?x=1":{"failures":1}}}`],
    ['a __proto__ node', '{"nodes":{"__proto__":{"failures":1}}}'],
    ['a node that is not an object', `{"nodes":{"${A}":3}}`],
  ])('refuses %s', (_what, body) => {
    expect(() => parseReadReport(body)).toThrow(ReadReportError);
  });

  it('refuses too many nodes and too long a body', () => {
    const nodes = Object.fromEntries(
      Array.from({ length: MAX_REPORT_NODES + 1 }, (_, i) => [`http://n${i}:1`, { failures: 1 }]),
    );
    expect(() => parseReadReport(JSON.stringify({ nodes }))).toThrow(/at most/);
    expect(() => parseReadReport(`{"reads":{}}${' '.repeat(MAX_REPORT_BYTES)}`)).toThrow(/at most/);
  });
});
