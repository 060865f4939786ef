import { describe, expect, it } from 'vitest';
import type { SliverType } from './node-types.ts';
import { SymbolBatcher, type SymbolAnswer } from './symbol-batcher.ts';
import type { DecodingSymbol } from './symbols-bcs.ts';

const symbol = (target: number): DecodingSymbol => ({
  axis: 'primary',
  index: 900 + target,
  data: Uint8Array.of(target),
});

/** A batcher whose sends are recorded and answered with one symbol per target. */
function recorded(options: { windowMs?: number; maxTargets?: number } = {}) {
  const sent: { member: number; type: SliverType; targets: number[]; signal: AbortSignal }[] = [];
  const batcher = new SymbolBatcher(async (member, type, targets, signal) => {
    sent.push({ member, type, targets: [...targets], signal });
    await new Promise((resolve) => setTimeout(resolve, 5));
    return new Map(targets.map((t) => [t, [symbol(t)]]));
  }, options);
  return { batcher, sent };
}

const targetsOf = (answer: SymbolAnswer) => [...(answer?.keys() ?? [])];

describe('SymbolBatcher', () => {
  it('sends requests to one node made within its window as one, and gives each caller its own targets', async () => {
    const { batcher, sent } = recorded();
    const [a, b, c] = await Promise.all([
      batcher.request(3, 'primary', [7]),
      batcher.request(3, 'primary', [5, 6]),
      batcher.request(3, 'primary', [7]),
    ]);
    expect(sent.map((s) => [s.member, s.type, s.targets])).toEqual([[3, 'primary', [5, 6, 7]]]);
    expect(targetsOf(a)).toEqual([7]);
    expect(targetsOf(b)).toEqual([5, 6]);
    expect(targetsOf(c)).toEqual([7]);
  });

  it('keeps nodes, axes and requests past the window apart, and splits a batch at its target cap', async () => {
    const { batcher, sent } = recorded({ maxTargets: 3 });
    await Promise.all([
      batcher.request(1, 'primary', [1]),
      batcher.request(2, 'primary', [1]),
      batcher.request(1, 'secondary', [1]),
      batcher.request(4, 'primary', [1, 2]),
      batcher.request(4, 'primary', [3, 4]),
    ]);
    await batcher.request(1, 'primary', [2]);
    expect(sent.map((s) => `${s.member}/${s.type}:${s.targets.join(',')}`).sort()).toEqual([
      '1/primary:1',
      '1/primary:2',
      '1/secondary:1',
      '2/primary:1',
      '4/primary:1,2',
      '4/primary:3,4',
    ]);
  });

  it('lets a caller that aborts go at once, and stops the request when every caller has gone', async () => {
    const { batcher, sent } = recorded({ windowMs: 20 });
    const gone = new AbortController();
    const staying = batcher.request(2, 'primary', [1]);
    const leaving = batcher.request(2, 'primary', [2], gone.signal);
    gone.abort();
    expect(await leaving).toBeUndefined();
    expect(targetsOf(await staying)).toEqual([1]);

    const all = new AbortController();
    const one = batcher.request(5, 'primary', [1], all.signal);
    const two = batcher.request(5, 'primary', [2], all.signal);
    all.abort();
    expect([await one, await two]).toEqual([undefined, undefined]);
    await new Promise((resolve) => setTimeout(resolve, 40));
    // Node 5 was never asked: its batch was abandoned inside the window.
    expect(sent.map((s) => s.member)).toEqual([2]);
    expect(await batcher.request(6, 'primary', [1], AbortSignal.abort())).toBeUndefined();
  });

  it('answers every caller with nothing when the node gave nothing', async () => {
    const batcher = new SymbolBatcher(async () => undefined);
    expect(
      await Promise.all([batcher.request(0, 'primary', [1]), batcher.request(0, 'primary', [2])]),
    ).toEqual([undefined, undefined]);
  });
});
