// SuiNS's `domain::new` rules, checked against the cases of suins-contracts' own Move tests.
import { describe, expect, it } from 'vitest';
import { domainToString, parseDomain } from './domain.ts';

describe('parseDomain', () => {
  it('stores labels TLD first and prints them back in reading order', () => {
    expect(parseDomain('pay.mysten.sui')).toEqual({ labels: ['sui', 'mysten', 'pay'] });
    expect(domainToString(parseDomain('pay.mysten.sui')!)).toBe('pay.mysten.sui');
    expect(parseDomain('a----b.sui')?.labels).toEqual(['sui', 'a----b']);
    expect(parseDomain('1.2.3.4.5.6.7.8.9.0.sui')?.labels).toHaveLength(11);
    expect(parseDomain(`${'a'.repeat(63)}.sui`)).toBeDefined();
  });

  it('rejects what domain::new aborts on', () => {
    for (const name of [
      '',
      '.',
      '..',
      'Floe.sui',
      '-a.sui',
      'a-.sui',
      'a_b.sui',
      'é.sui',
      `${'a'.repeat(64)}.sui`,
    ])
      expect(parseDomain(name), name).toBeUndefined();
    expect(parseDomain(`${'a.'.repeat(116)}sui`)).toBeDefined(); // 235 bytes
    expect(parseDomain(`${'a.'.repeat(116)}suix`)).toBeUndefined(); // 236 bytes
  });

  it('ignores one trailing dot but not a leading or doubled one, like split_by_dot', () => {
    expect(parseDomain('floe.sui.')?.labels).toEqual(['sui', 'floe']);
    expect(parseDomain('.floe.sui')).toBeUndefined();
    expect(parseDomain('floe..sui')).toBeUndefined();
  });
});
