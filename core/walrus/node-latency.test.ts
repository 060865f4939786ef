import { describe, expect, it } from 'vitest';
import { MAX_SAMPLE_MS, NodeLatency } from './node-latency.ts';

const A = 'https://a.example';
const B = 'https://b.example';
const C = 'https://c.example';
const D = 'https://d.example';

function clock(start = 1_000_000) {
  let t = start;
  return {
    now: () => t,
    advance: (ms: number) => {
      t += ms;
    },
  };
}

describe('NodeLatency: RFC 6298 estimates', () => {
  it('starts at SRTT = R, RTTVAR = R/2 and smooths with alpha 1/8, beta 1/4', () => {
    const latency = new NodeLatency({ now: clock().now });
    latency.observe(A, 100);
    // 100 + 4·50
    expect(latency.score(A)).toBe(300);
    latency.observe(A, 200);
    // RTTVAR = 3/4·50 + 1/4·|100 − 200| = 62.5; SRTT = 7/8·100 + 1/8·200 = 112.5
    expect(latency.score(A)).toBe(112.5 + 4 * 62.5);
    expect(latency.snapshot().nodes[A]).toEqual({ srtt: 112.5, rttvar: 62.5, samples: 2, penalty: 0 });
  });

  it('converges on a steady node and ignores impossible samples', () => {
    const latency = new NodeLatency({ now: clock().now });
    for (let i = 0; i < 100; i++) latency.observe(A, 40);
    expect(latency.score(A)).toBeCloseTo(40, 3);
    latency.observe(A, Number.NaN);
    latency.observe(A, -5);
    latency.observe(A, Infinity);
    expect(latency.snapshot().nodes[A]!.samples).toBe(100);
    latency.observe(B, 10 * MAX_SAMPLE_MS);
    expect(latency.snapshot().nodes[B]!.srtt).toBe(MAX_SAMPLE_MS);
  });

  it('counts a cancelled request only when it was slower than the estimate', () => {
    const latency = new NodeLatency({ now: clock().now });
    latency.observe(A, 100);
    latency.observeAtLeast(A, 50);
    expect(latency.snapshot().nodes[A]!.samples).toBe(1);
    latency.observeAtLeast(A, 900);
    expect(latency.snapshot().nodes[A]).toMatchObject({ srtt: (7 / 8) * 100 + 900 / 8, samples: 2 });
    latency.observeAtLeast(B, 700);
    expect(latency.snapshot().nodes[B]).toMatchObject({ srtt: 700, samples: 1 });
  });
});

describe('NodeLatency: failures', () => {
  it('adds a penalty per failure that halves every half-life, and halves again on an answer', () => {
    const c = clock();
    const latency = new NodeLatency({ now: c.now, failurePenaltyMs: 1000, penaltyHalfLifeMs: 10_000 });
    latency.observe(A, 20);
    latency.fail(A);
    latency.fail(A);
    expect(latency.score(A)).toBe(60 + 2000);
    c.advance(10_000);
    expect(latency.score(A)).toBeCloseTo(60 + 1000, 6);
    c.advance(10_000);
    expect(latency.score(A)).toBeCloseTo(60 + 500, 6);
    latency.observe(A, 20);
    // RTTVAR = 3/4·10 = 7.5; penalty 500 → 250
    expect(latency.score(A)).toBeCloseTo(20 + 30 + 250, 6);
  });

  it('scores a node that only failed as an unknown node plus its penalty', () => {
    const latency = new NodeLatency({ now: clock().now, failurePenaltyMs: 1000 });
    latency.observe(A, 10); // 30
    latency.observe(B, 30); // 90
    latency.fail(C);
    // Median of 30 and 90.
    expect(latency.score(C)).toBe(60 + 1000);
    expect(latency.snapshot().nodes[C]).toEqual({ samples: 0, penalty: 1000 });
  });
});

describe('NodeLatency: order', () => {
  it('puts fast nodes first, unknown ones in the middle and failed ones last', () => {
    const latency = new NodeLatency({ now: clock().now });
    latency.observe(A, 400); // 1200
    latency.observe(B, 20); // 60
    latency.observe(C, 100); // 300
    latency.fail(D);
    const unknown = 'https://new.example';
    // Unknown scores as the median, 300: tied with C, so the given order decides.
    expect(latency.order([D, A, unknown, C, B])).toEqual([B, unknown, C, A, D]);
    expect(latency.score(unknown)).toBe(300);
  });

  it('keeps the given order among nodes of about the same speed', () => {
    const latency = new NodeLatency({ now: clock().now });
    // 30 and 33 ms (×3 for one sample: 90 and 99) share a half-octave; 8 ms and 3 ms are both "near".
    latency.observe(A, 33);
    latency.observe(B, 30);
    latency.observe(C, 8);
    latency.observe(D, 3);
    expect(latency.order([A, B, C, D])).toEqual([C, D, A, B]);
    expect(latency.order([B, A, D, C])).toEqual([D, C, B, A]);
  });

  it('with nothing learned keeps the given order', () => {
    const latency = new NodeLatency({ now: clock().now });
    expect(latency.order([C, A, D, B])).toEqual([C, A, D, B]);
  });
});

describe('NodeLatency: bounded memory', () => {
  it('forgets the least recently updated node beyond maxNodes', () => {
    const latency = new NodeLatency({ now: clock().now, maxNodes: 2 });
    latency.observe(A, 10);
    latency.observe(B, 10);
    latency.observe(A, 10);
    latency.observe(C, 10);
    expect(latency.size).toBe(2);
    expect(Object.keys(latency.snapshot().nodes).sort()).toEqual([A, C]);
  });
});

describe('NodeLatency: snapshot and restore', () => {
  it('round-trips, decaying penalties by the snapshot age', () => {
    const c = clock();
    const a = new NodeLatency({ now: c.now, failurePenaltyMs: 1000, penaltyHalfLifeMs: 10_000 });
    a.observe(A, 100);
    a.observe(A, 200);
    a.fail(B);
    const saved = JSON.parse(JSON.stringify(a.snapshot())) as unknown;
    c.advance(10_000);
    const b = new NodeLatency({ now: c.now, failurePenaltyMs: 1000, penaltyHalfLifeMs: 10_000 });
    b.restore(saved);
    expect(b.score(A)).toBe(a.score(A));
    expect(b.snapshot().nodes[B]).toEqual({ samples: 0, penalty: 500 });
  });

  it('keeps what it already knows over a restored record', () => {
    const latency = new NodeLatency({ now: clock().now });
    latency.observe(A, 10);
    latency.restore({
      version: 1,
      takenAt: 0,
      nodes: { [A]: { srtt: 999, rttvar: 0, samples: 9, penalty: 0 } },
    });
    expect(latency.score(A)).toBe(30);
  });

  it('ignores malformed input field by field and clamps values, never throwing', () => {
    const c = clock();
    const latency = new NodeLatency({ now: c.now, maxNodes: 4 });
    for (const junk of [undefined, null, 42, 'x', [], { version: 2, nodes: {} }, { version: 1, nodes: [] }])
      latency.restore(junk);
    expect(latency.size).toBe(0);
    latency.restore({
      version: 1,
      takenAt: 'yesterday',
      nodes: {
        [A]: { srtt: 50, rttvar: 'wide', samples: -3, penalty: Number.NaN },
        [B]: { srtt: 1e12, rttvar: 1e12, samples: 1e15, penalty: 1e12 },
        [C]: { srtt: -1, penalty: 400 },
        [D]: 'fast',
        '': { srtt: 10 },
      },
    });
    // A: RTTVAR missing → SRTT/2, samples at least 1, no penalty.
    expect(latency.snapshot().nodes[A]).toEqual({ srtt: 50, rttvar: 25, samples: 1, penalty: 0 });
    // B: clamped to two minutes per sample and ten minutes of penalty.
    expect(latency.snapshot().nodes[B]).toEqual({
      srtt: MAX_SAMPLE_MS,
      rttvar: MAX_SAMPLE_MS,
      samples: 1_000_000,
      penalty: 600_000,
    });
    // C: a bad SRTT drops the timing but keeps the penalty.
    expect(latency.snapshot().nodes[C]).toEqual({ samples: 0, penalty: 400 });
    expect(latency.size).toBe(3);
  });

  it('does not grow penalties from a snapshot dated in the future', () => {
    const c = clock();
    const latency = new NodeLatency({ now: c.now });
    latency.restore({
      version: 1,
      takenAt: c.now() + 3_600_000,
      nodes: { [A]: { samples: 0, penalty: 800 } },
    });
    expect(latency.snapshot().nodes[A]).toEqual({ samples: 0, penalty: 800 });
  });

  it('restores no more than maxNodes', () => {
    const latency = new NodeLatency({ now: clock().now, maxNodes: 2 });
    latency.restore({
      version: 1,
      takenAt: 0,
      nodes: Object.fromEntries(
        [A, B, C, D].map((url) => [url, { srtt: 10, rttvar: 5, samples: 3, penalty: 0 }]),
      ),
    });
    expect(latency.size).toBe(2);
  });
});
