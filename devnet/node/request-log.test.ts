import { describe, expect, it } from 'vitest';
import { RequestLog } from './request-log.ts';

const A = 'A'.repeat(43);
const B = 'B'.repeat(43);
const C = 'C'.repeat(43);

describe('RequestLog', () => {
  it('counts served slivers by type and pair, and symbol requests, per blob', () => {
    const log = new RequestLog();
    log.sliverServed(A, 'primary', 7);
    log.sliverServed(A, 'primary', 7);
    log.sliverServed(A, 'primary', 2);
    log.sliverServed(A, 'secondary', 7);
    log.symbolsRequested(A);
    log.sliverServed(B, 'primary', 0);
    expect(log.counts(A)).toEqual({ primary: { 2: 1, 7: 2 }, secondary: { 7: 1 }, symbols: 1 });
    expect(Object.keys(log.counts(A).primary)).toEqual(['2', '7']);
    expect(log.counts(B)).toEqual({ primary: { 0: 1 }, secondary: {}, symbols: 0 });
    expect(log.counts(C)).toEqual({ primary: {}, secondary: {}, symbols: 0 });
  });

  it('forgets everything on reset', () => {
    const log = new RequestLog();
    log.sliverServed(A, 'secondary', 1);
    log.reset();
    expect(log.counts(A)).toEqual({ primary: {}, secondary: {}, symbols: 0 });
  });

  it('keeps only the most recently recorded blobs', () => {
    const log = new RequestLog(2);
    log.symbolsRequested(A);
    log.symbolsRequested(B);
    log.symbolsRequested(A); // A is now the most recent; B goes first
    log.symbolsRequested(C);
    expect([log.counts(A).symbols, log.counts(B).symbols, log.counts(C).symbols]).toEqual([2, 0, 1]);
    expect(() => new RequestLog(0)).toThrow(RangeError);
  });
});
