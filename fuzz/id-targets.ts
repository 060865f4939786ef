// Fuzz targets of IDs written as text: a site's base36 subdomain label and a blob ID's URL-safe
// base64. An accepted text must round-trip through the encoder.
import { base36ToObjectId, objectIdToBase36 } from '../core/site/base36.ts';
import {
  blobIdFromText,
  blobIdToText,
  fromUrlSafeBase64,
  InvalidBlobIdError,
  toUrlSafeBase64,
} from '../core/walrus/blob-id.ts';
import { assertEqual, property } from './engine.ts';
import type { FuzzTarget } from './target.ts';
import { textTarget } from './target-rows.ts';
import { BASE64_TOKENS, getWalrusSeeds, pseudoRandomBytes } from './walrus-seeds.ts';

const BASE36_LABELS = (): string[] => [
  '29gjzk8yjl1v7zm2etee1siyzaqfj9jaru5ufs6yyh1yqsgun2',
  '5d8t4gd5q8x4xcfyctpygyr5pnk85x54o7ndeq2j4pg9l7rmw',
  '0',
  '2',
  '00000000000000000000000000000000000000000000000000000000000000000000000000000000000000005d8t4gd5q8x4',
  objectIdToBase36(`0x${'f'.repeat(64)}`),
  objectIdToBase36(`0x${'f'.repeat(64)}`).toUpperCase(),
];

const base36Target = textTarget({
  name: 'base36.base36ToObjectId',
  parsers: 'base36ToObjectId',
  expected: [],
  seeds: BASE36_LABELS,
  tokens: ['0', 'z', 'Z', '9', 'a', '-', '.', 'xn--', '\u212a', '\u0130', '\u017f'],
  maxLength: 10_000,
  check: (label) => {
    const id = base36ToObjectId(label);
    if (id === null) return;
    property('the result is 0x + 64 lowercase hex digits', () => /^0x[0-9a-f]{64}$/.test(id));
    property('only labels of 0-9a-zA-Z decode (documented)', () => /^[0-9a-zA-Z]+$/.test(label));
    // Labels differ only in how many leading zeros they spell (site-builder's none, base-x's one per zero byte).
    const digits = (text: string) => text.toLowerCase().replace(/^0+(?=.)/, '');
    assertEqual('base36 round trip', digits(objectIdToBase36(id)), digits(label));
    assertEqual('id round trip', base36ToObjectId(objectIdToBase36(id)), id);
  },
});

const BLOB_ID_SEEDS = (): string[] => [
  ...getWalrusSeeds().patchIds.map((p) => blobIdToText(p.quiltId)),
  'Jqz2KSMu18pygjkC-WVEQqtUZRo18-cuf_566VZSxVo',
  blobIdToText(new Uint8Array(32).fill(0xff)),
];

const blobIdFromTextTarget = textTarget({
  name: 'blob-id.blobIdFromText',
  parsers: 'blobIdFromText',
  expected: [InvalidBlobIdError],
  seeds: BLOB_ID_SEEDS,
  tokens: BASE64_TOKENS,
  maxLength: 5000,
  check: (text) => {
    const bytes = blobIdFromText(text);
    property('a blob ID has 32 bytes', () => bytes.length === 32);
    assertEqual('bytes round trip', blobIdFromText(blobIdToText(bytes)), bytes);
  },
});

const fromUrlSafeBase64Target = textTarget({
  name: 'blob-id.fromUrlSafeBase64',
  parsers: 'fromUrlSafeBase64',
  expected: [InvalidBlobIdError],
  seeds: () => [...BLOB_ID_SEEDS(), '', 'AA', 'AAA', 'AAAA', toUrlSafeBase64(pseudoRandomBytes(100, 8))],
  tokens: BASE64_TOKENS,
  maxLength: 100_000,
  check: (text) => {
    const bytes = fromUrlSafeBase64(text);
    property(
      'length is 3/4 of the text, rounded down',
      () => bytes.length === Math.floor((text.length * 3) / 4),
    );
    assertEqual('only the canonical text is accepted', toUrlSafeBase64(bytes), text);
  },
});

export const BASE36_TARGETS: readonly FuzzTarget[] = [base36Target];
export const BLOB_ID_TARGETS: readonly FuzzTarget[] = [blobIdFromTextTarget, fromUrlSafeBase64Target];
