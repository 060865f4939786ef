// Fuzz targets of the symbol endpoints' query strings, which a node parses from any client: an
// accepted query must come back the same when built again and parsed.
import {
  decodingSymbolsQuery,
  parseDecodingSymbolsQuery,
  parseRecoverySymbolsQuery,
  recoverySymbolsQuery,
  SymbolQueryError,
} from '../core/walrus/symbols-query.ts';
import { assertEqual, property } from './engine.ts';
import type { FuzzTarget } from './target.ts';
import { textTarget } from './target-rows.ts';

const SYMBOL_QUERY_TOKENS: readonly string[] = [
  '&',
  '=',
  'targetSlivers=',
  'targetSliver=',
  'targetType=',
  'proofAxis=',
  'id=',
  'primary',
  'secondary',
  '-',
  '+',
  '%2B',
  ',',
  '0',
  '65535',
  '65536',
  '%',
  '%3D',
  '%26',
  '0000000000000000007',
];

const decodingSymbolsQueryTarget = textTarget({
  name: 'symbols-query.parseDecodingSymbolsQuery',
  parsers: 'parseDecodingSymbolsQuery',
  expected: [SymbolQueryError],
  seeds: () => [
    'targetSlivers=5&targetType=primary',
    'targetSlivers=72&targetSlivers=18&targetType=secondary',
    'targetType=secondary&x=1&targetSlivers=%2B007',
    'targetSlivers=1,2&targetType=primary',
  ],
  tokens: SYMBOL_QUERY_TOKENS,
  maxLength: 5000,
  check: (text) => {
    const query = parseDecodingSymbolsQuery(new URLSearchParams(text));
    property('at least one target', () => query.targets.length > 0);
    assertEqual(
      'the built query parses back',
      parseDecodingSymbolsQuery(new URLSearchParams(decodingSymbolsQuery(query.targets, query.type))),
      query,
    );
  },
});

const recoverySymbolsQueryTarget = textTarget({
  name: 'symbols-query.parseRecoverySymbolsQuery',
  parsers: 'parseRecoverySymbolsQuery',
  expected: [SymbolQueryError],
  seeds: () => [
    'proofAxis=secondary&id=1-2&id=3-4',
    'proofAxis=primary&targetSliver=18&targetType=secondary',
    'targetSliver=72&targetType=primary',
    'id=1&targetSliver=3&targetType=primary',
    'id=%2B1-02&id=1-2',
  ],
  tokens: SYMBOL_QUERY_TOKENS,
  maxLength: 5000,
  check: (text) => {
    const filter = parseRecoverySymbolsQuery(new URLSearchParams(text));
    if (filter.kind === 'ids') {
      property('IDs are sorted and unique', () =>
        filter.ids.every(
          (id, i) =>
            i === 0 ||
            id.primary > filter.ids[i - 1]!.primary ||
            (id.primary === filter.ids[i - 1]!.primary && id.secondary > filter.ids[i - 1]!.secondary),
        ),
      );
    }
    assertEqual(
      'the built query parses back',
      parseRecoverySymbolsQuery(new URLSearchParams(recoverySymbolsQuery(filter))),
      filter,
    );
  },
});

export const SYMBOL_QUERY_TARGETS: readonly FuzzTarget[] = [
  decodingSymbolsQueryTarget,
  recoverySymbolsQueryTarget,
];
