// Expected query strings are the ones walrus-storage-node-client's own tests pin for
// `DecodingSymbolsFilter` and `RecoverySymbolsFilter` (reqwest's query encoding of the filters);
// the parse rules follow walrus-service `ListDecodingSymbolsQuery` / `ListRecoverySymbolsQuery`.
import { describe, expect, it } from 'vitest';
import {
  decodingSymbolsQuery,
  parseDecodingSymbolsQuery,
  parseRecoverySymbolsQuery,
  parseSymbolIdText,
  parseU16,
  recoverySymbolsQuery,
  SymbolQueryError,
} from './symbols-query.ts';

const q = (text: string) => new URLSearchParams(text);

function queryError(parse: () => unknown): SymbolQueryError {
  try {
    parse();
  } catch (error) {
    if (error instanceof SymbolQueryError) return error;
    throw error;
  }
  throw new Error('parsed');
}

describe('decodingSymbols query', () => {
  it('repeats targetSlivers, then targetType', () => {
    expect(decodingSymbolsQuery([5], 'primary')).toBe('targetSlivers=5&targetType=primary');
    expect(decodingSymbolsQuery([72, 18], 'secondary')).toBe(
      'targetSlivers=72&targetSlivers=18&targetType=secondary',
    );
    expect(() => decodingSymbolsQuery([], 'primary')).toThrow(SymbolQueryError);
    expect(() => decodingSymbolsQuery([1.5], 'primary')).toThrow(SymbolQueryError);
  });

  it('parses one or many targets in any key order', () => {
    expect(parseDecodingSymbolsQuery(q('targetSlivers=5&targetType=primary'))).toEqual({
      targets: [5],
      type: 'primary',
    });
    expect(parseDecodingSymbolsQuery(q('targetType=secondary&targetSlivers=2&x=1&targetSlivers=2'))).toEqual({
      targets: [2, 2],
      type: 'secondary',
    });
    // u16::from_str: a `+` sign (sent as %2B; a bare `+` is a space) and leading zeros are fine.
    expect(parseDecodingSymbolsQuery(q('targetSlivers=%2B007&targetType=primary')).targets).toEqual([7]);
  });

  it('names the parameter at fault', () => {
    const cases: [string, string][] = [
      ['targetType=primary', 'targetSlivers'],
      ['targetSlivers=1,2&targetType=primary', 'targetSlivers'],
      ['targetSlivers=65536&targetType=primary', 'targetSlivers'],
      ['targetSlivers=+1&targetType=primary', 'targetSlivers'],
      ['targetSlivers=-1&targetType=primary', 'targetSlivers'],
      ['targetSlivers=&targetType=primary', 'targetSlivers'],
      ['targetSlivers=1', 'targetType'],
      ['targetSlivers=1&targetType=Primary', 'targetType'],
      ['targetSlivers=1&targetType=primary&targetType=primary', 'targetType'],
    ];
    for (const [text, parameter] of cases) {
      expect(queryError(() => parseDecodingSymbolsQuery(q(text))).parameter, text).toBe(parameter);
    }
  });
});

describe('recoverySymbols query', () => {
  it('writes the proof axis first, then IDs or the target', () => {
    const ids = [
      { primary: 1, secondary: 2 },
      { primary: 3, secondary: 4 },
    ];
    expect(recoverySymbolsQuery({ kind: 'ids', ids: ids.slice(0, 1), proofAxis: 'primary' })).toBe(
      'proofAxis=primary&id=1-2',
    );
    expect(recoverySymbolsQuery({ kind: 'ids', ids, proofAxis: 'secondary' })).toBe(
      'proofAxis=secondary&id=1-2&id=3-4',
    );
    expect(recoverySymbolsQuery({ kind: 'recovers', targetSliver: 72, targetType: 'primary' })).toBe(
      'targetSliver=72&targetType=primary',
    );
    expect(
      recoverySymbolsQuery({
        kind: 'recovers',
        targetSliver: 18,
        targetType: 'secondary',
        proofAxis: 'primary',
      }),
    ).toBe('proofAxis=primary&targetSliver=18&targetType=secondary');
    expect(() => recoverySymbolsQuery({ kind: 'ids', ids: [] })).toThrow(SymbolQueryError);
  });

  it('sorts and deduplicates IDs, as the node does before answering', () => {
    expect(parseRecoverySymbolsQuery(q('id=3-4&id=1-2&id=3-4&proofAxis=secondary'))).toEqual({
      kind: 'ids',
      ids: [
        { primary: 1, secondary: 2 },
        { primary: 3, secondary: 4 },
      ],
      proofAxis: 'secondary',
    });
    expect(parseRecoverySymbolsQuery(q('targetSliver=18&targetType=secondary'))).toEqual({
      kind: 'recovers',
      targetSliver: 18,
      targetType: 'secondary',
    });
  });

  it('prefers valid IDs and falls back to the target when an ID is malformed', () => {
    expect(parseRecoverySymbolsQuery(q('id=1-2&targetSliver=3&targetType=primary'))).toMatchObject({
      kind: 'ids',
    });
    expect(parseRecoverySymbolsQuery(q('id=1&targetSliver=3&targetType=primary'))).toMatchObject({
      kind: 'recovers',
      targetSliver: 3,
    });
  });

  it('refuses queries matching neither form and bad proof axes', () => {
    for (const text of [
      '',
      'id=1',
      'id=1-2-3',
      'id=',
      'targetSliver=3',
      'targetSliver=3&targetSliver=4&targetType=primary',
      'targetSliver=70000&targetType=primary',
    ]) {
      expect(() => parseRecoverySymbolsQuery(q(text)), text).toThrow(SymbolQueryError);
    }
    expect(queryError(() => parseRecoverySymbolsQuery(q('id=1-2&proofAxis=both'))).parameter).toBe(
      'proofAxis',
    );
    expect(
      queryError(() => parseRecoverySymbolsQuery(q('id=1-2&proofAxis=primary&proofAxis=primary'))).parameter,
    ).toBe('proofAxis');
  });
});

describe('u16 and symbol ID text', () => {
  it('follows u16::from_str and SymbolId::from_str', () => {
    expect(parseU16('x', '0')).toBe(0);
    expect(parseU16('x', '65535')).toBe(65535);
    expect(parseU16('x', '0000000000065535')).toBe(65535);
    for (const text of ['', '+', '65536', '1e3', '0x1', ' 1', '1 ', '١']) {
      expect(() => parseU16('x', text), text).toThrow(SymbolQueryError);
    }
    expect(parseSymbolIdText('+1-02')).toEqual({ primary: 1, secondary: 2 });
    expect(() => parseSymbolIdText('1-')).toThrow(SymbolQueryError);
  });
});
