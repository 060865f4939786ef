import { describe, expect, it } from 'vitest';
import { MarkerError, markdownTable, renderPerformance, replaceBetweenMarkers } from './markdown.ts';
import { quantile, ratio } from './suite.ts';

describe('benchmark report helpers', () => {
  it('states ratios as anchor ÷ Floe, with "–" when either side is missing', () => {
    expect(ratio(300, 100)).toBe('3.0×');
    expect(ratio(100, 400)).toBe('0.3×');
    expect(ratio(5000, 4)).toBe('1250×');
    expect(ratio(10, 0)).toBe('–');
    expect(ratio(Number.NaN, 1)).toBe('–');
  });

  it('takes nearest-rank quantiles without reordering the samples', () => {
    const samples = [5, 1, 4, 2, 3];
    expect(quantile(samples, 0.5)).toBe(3);
    expect(quantile(samples, 0.99)).toBe(5);
    expect(quantile(samples, 0)).toBe(1);
    expect(samples).toEqual([5, 1, 4, 2, 3]);
    expect(quantile([], 0.5)).toBeNaN();
  });

  it('renders tables with numeric columns right-aligned and pipes escaped', () => {
    const table = markdownTable(
      ['case', 'ms', 'ratio'],
      [
        ['a|b', '12.5', '3.0×'],
        ['c', '7', '–'],
      ],
    );
    expect(table.split('\n')).toEqual([
      '| case | ms | ratio |',
      '| --- | ---: | ---: |',
      '| a\\|b | 12.5 | 3.0× |',
      '| c | 7 | – |',
    ]);
  });

  it('lists every headline and describes the machine under each benchmark', () => {
    const text = renderPerformance({
      benchmarks: [
        {
          name: 'reads',
          at: '2026-11-22T08:00:00.000Z',
          seconds: 61.2,
          machine: {
            cpu: 'Test CPU',
            cores: 2,
            memoryGiB: 24,
            os: 'Debian',
            node: 'v24.0.0',
            commit: 'abc1234',
          },
          tables: [
            {
              id: 'reads',
              title: 'Reads',
              setup: 'How it was measured.',
              columns: ['case', 'ms'],
              rows: [['1 KiB', '4.2']],
              headlines: ['1 KiB read: 9× faster'],
              data: {},
            },
          ],
        },
      ],
    });
    expect(text).toContain('- 1 KiB read: 9× faster');
    expect(text).toContain('## Reads\n\nHow it was measured.\n\n| case | ms |');
    expect(text).toContain('`reads` ran 2026-11-22 08:00 UTC at commit abc1234 in 61 s: Test CPU, 2 cores');
  });
});

describe('README markers', () => {
  it('replaces only what lies between the markers, and again on a second run', () => {
    const text = 'intro\n<!-- h -->\nold\n<!-- /h -->\noutro\n';
    const once = replaceBetweenMarkers(text, 'h', '- a\n- b');
    expect(once).toBe('intro\n<!-- h -->\n\n- a\n- b\n\n<!-- /h -->\noutro\n');
    expect(replaceBetweenMarkers(once, 'h', '- a\n- b')).toBe(once);
  });

  it('refuses a text without both markers', () => {
    expect(() => replaceBetweenMarkers('no markers', 'h', 'x')).toThrow(MarkerError);
    expect(() => replaceBetweenMarkers('<!-- /h --> <!-- h -->', 'h', 'x')).toThrow(MarkerError);
  });
});
