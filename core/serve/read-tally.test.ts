import { describe, expect, it } from 'vitest';
import type { ReadStats } from '../walrus/reader.ts';
import {
  combineTallies,
  emptyTally,
  isEmptyTally,
  memberKeys,
  ReadTally,
  tallyDelta,
  type ReadTallySnapshot,
} from './read-tally.ts';

const A = 'http://127.0.0.1:9001';
const B = 'http://127.0.0.1:9002';
const C = 'http://127.0.0.1:9003';
const members = memberKeys([{ url: A }, { url: `${B}/` }, { url: C }]);

type Tallied = Pick<ReadStats, 'path' | 'recoveredFrom' | 'failures'>;
const read = (path: ReadStats['path'], more: Partial<Tallied> = {}): Tallied => ({
  path,
  recoveredFrom: {},
  failures: [],
  ...more,
});
const failure = (node: string) => ({ node, what: 'sliver 3', reason: 'timed out' });

describe('ReadTally', () => {
  it('counts reads by path, recovered slivers and failures by node', () => {
    const tally = new ReadTally();
    tally.record(read('direct'), members);
    tally.record(
      read('recovered', { recoveredFrom: { [A]: 2 }, failures: [failure(A), failure(A)] }),
      members,
    );
    tally.record(read('recovered', { recoveredFrom: { [A]: 1, [B]: 1 }, failures: [failure(B)] }), members);
    tally.record(read('fallback', { failures: [failure(C)] }), members);
    expect(tally.snapshot()).toEqual({
      reads: { direct: 1, recovered: 2, fallback: 1 },
      nodes: {
        [A]: { recovered: 3, failures: 2 },
        [B]: { recovered: 1, failures: 1 },
        [C]: { recovered: 0, failures: 1 },
      },
    });
  });

  it('ignores pseudo-nodes and URLs outside the committee, and matches URLs without trailing slashes', () => {
    const tally = new ReadTally();
    tally.record(
      read('recovered', {
        recoveredFrom: { 'http://elsewhere:1': 5, [`${A}/`]: 1 },
        failures: [failure('direct read'), failure('recovery'), failure('http://elsewhere:1')],
      }),
      members,
    );
    expect(tally.snapshot()).toEqual({
      reads: { direct: 0, recovered: 1, fallback: 0 },
      nodes: { [A]: { recovered: 1, failures: 0 } },
    });
  });

  it('keeps at most maxNodes nodes', () => {
    const urls = Array.from({ length: 10 }, (_, i) => `http://10.0.0.${i}:9000`);
    const tally = new ReadTally(4);
    for (const url of urls)
      tally.record(read('direct', { failures: [failure(url)] }), memberKeys(urls.map((url) => ({ url }))));
    expect(Object.keys(tally.snapshot().nodes)).toEqual(urls.slice(0, 4));
    expect(tally.snapshot().reads.direct).toBe(10);
  });

  it('merges reports, dropping nodes outside the committee, and saturates at safe integers', () => {
    const tally = new ReadTally();
    const report: ReadTallySnapshot = {
      reads: { direct: 4, recovered: 1, fallback: 0 },
      nodes: { [A]: { recovered: 1, failures: 2 }, 'http://made-up:1': { recovered: 9, failures: 9 } },
    };
    expect(tally.merge(report, members)).toBe(1);
    expect(tally.merge(report, members)).toBe(1);
    expect(tally.snapshot()).toEqual({
      reads: { direct: 8, recovered: 2, fallback: 0 },
      nodes: { [A]: { recovered: 2, failures: 4 } },
    });
    tally.merge(
      { reads: { direct: Number.MAX_SAFE_INTEGER, recovered: 0, fallback: 0 }, nodes: {} },
      members,
    );
    expect(tally.snapshot().reads.direct).toBe(Number.MAX_SAFE_INTEGER);
  });

  it('snapshots are copies', () => {
    const tally = new ReadTally();
    tally.record(read('recovered', { recoveredFrom: { [A]: 1 } }), members);
    const before = tally.snapshot();
    tally.record(read('recovered', { recoveredFrom: { [A]: 1 } }), members);
    expect(before.nodes[A]).toEqual({ recovered: 1, failures: 0 });
    expect(before.reads.recovered).toBe(1);
  });
});

describe('tallyDelta, combineTallies', () => {
  const before: ReadTallySnapshot = {
    reads: { direct: 3, recovered: 1, fallback: 0 },
    nodes: { [A]: { recovered: 1, failures: 1 }, [B]: { recovered: 0, failures: 2 } },
  };
  const now: ReadTallySnapshot = {
    reads: { direct: 5, recovered: 1, fallback: 1 },
    nodes: {
      [A]: { recovered: 2, failures: 1 },
      [B]: { recovered: 0, failures: 2 },
      [C]: { recovered: 0, failures: 1 },
    },
  };

  it('reports what was counted since the last report, leaving out unchanged nodes', () => {
    expect(tallyDelta(now, before)).toEqual({
      reads: { direct: 2, recovered: 0, fallback: 1 },
      nodes: { [A]: { recovered: 1, failures: 0 }, [C]: { recovered: 0, failures: 1 } },
    });
    expect(isEmptyTally(tallyDelta(now, now))).toBe(true);
    expect(isEmptyTally(emptyTally())).toBe(true);
    expect(tallyDelta(now, emptyTally())).toEqual(now);
  });

  it('reports a tally that started over from zero', () => {
    expect(tallyDelta(before, now).reads).toEqual({ direct: 3, recovered: 0, fallback: 0 });
  });

  it('adds two tallies node by node', () => {
    expect(combineTallies(before, now)).toEqual({
      reads: { direct: 8, recovered: 2, fallback: 1 },
      nodes: {
        [A]: { recovered: 3, failures: 2 },
        [B]: { recovered: 0, failures: 4 },
        [C]: { recovered: 0, failures: 1 },
      },
    });
  });
});
