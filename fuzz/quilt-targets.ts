// Fuzz targets of quilts: patch IDs (text and bytes), Walrus IDs, and the index and patch headers
// an uploader wrote, which the reader parses with its own reader and checks against @mysten/bcs.
import {
  encodeQuiltPatchId,
  MAX_QUILT_INDEX_COLUMNS,
  parseQuiltIndex,
  parseQuiltPatch,
  parseQuiltPatchId,
  parseWalrusId,
  QUILT_INDEX_PREFIX_SIZE,
  QuiltFormatError,
  quiltPatchIdToText,
  quiltPatchTotalLength,
  type QuiltPatchId,
} from '../core/walrus/quilt.ts';
import { blobIdToText, fromUrlSafeBase64 } from '../core/walrus/blob-id.ts';
import { canonical } from './bcs-rows.ts';
import { assertEqual, mutateBytes, mutateText, property, showBytes, showText, timed } from './engine.ts';
import {
  attempt,
  referenceIndexBytes,
  referencePatchPart,
  RefQuiltIndex,
  REFERENCE_MAX_BYTES,
} from './quilt-reference.ts';
import { defineTarget, type FuzzTarget } from './target.ts';
import { bytesTarget, textTarget } from './target-rows.ts';
import { BASE64_TOKENS, getWalrusSeeds } from './walrus-seeds.ts';

function checkPatchId(id: QuiltPatchId): void {
  property(
    'patch columns are a non-empty u16 range',
    () => id.start >= 0 && id.start < id.end && id.end <= 0xffff,
  );
  property('quilt ID has 32 bytes', () => id.quiltId.length === 32);
}

const patchIdTarget = defineTarget<string | Uint8Array>({
  name: 'quilt.parseQuiltPatchId',
  parsers: 'parseQuiltPatchId',
  expected: [QuiltFormatError],
  seeds: () => {
    const ids = getWalrusSeeds().patchIds;
    return [
      ...ids.map(quiltPatchIdToText),
      ...ids.map(encodeQuiltPatchId),
      'Jqz2KSMu18pygjkC-WVEQqtUZRo18-cuf_566VZSxVoBDAAZAA',
    ];
  },
  mutate: (input, { rng, seeds }) =>
    typeof input === 'string'
      ? mutateText(input, rng, {
          donors: seeds.filter((s): s is string => typeof s === 'string'),
          tokens: BASE64_TOKENS,
          maxLength: 5000,
        })
      : mutateBytes(input, rng, {
          donors: seeds.filter((s): s is Uint8Array => typeof s !== 'string'),
          maxLength: 5000,
        }),
  check: (input) => {
    const id = parseQuiltPatchId(input);
    checkPatchId(id);
    if (typeof input !== 'string') canonical('patch ID', encodeQuiltPatchId(id), input);
    else assertEqual('patch ID bytes round trip', encodeQuiltPatchId(id), fromUrlSafeBase64(input));
  },
  format: (input, max) => (typeof input === 'string' ? showText(input, max) : showBytes(input, max / 2)),
});

const walrusIdTarget = textTarget({
  name: 'quilt.parseWalrusId',
  parsers: 'parseWalrusId',
  expected: [QuiltFormatError],
  seeds: () => {
    const { patchIds } = getWalrusSeeds();
    return [...patchIds.map(quiltPatchIdToText), ...patchIds.map((p) => blobIdToText(p.quiltId))];
  },
  tokens: BASE64_TOKENS,
  maxLength: 5000,
  check: (text) => {
    const id = parseWalrusId(text);
    if (id.kind === 'blob') {
      property('blob ID has 32 bytes', () => id.blobId.length === 32);
      assertEqual('blob ID bytes round trip', id.blobId, fromUrlSafeBase64(text));
    } else {
      checkPatchId(id.patch);
      assertEqual('patch ID bytes round trip', encodeQuiltPatchId(id.patch), fromUrlSafeBase64(text));
    }
  },
});

interface QuiltIndexInput {
  readonly columns: Uint8Array;
  readonly columnSize: number;
}

const quiltIndexTarget = defineTarget<QuiltIndexInput>({
  name: 'quilt.parseQuiltIndex',
  parsers: 'parseQuiltIndex',
  expected: [QuiltFormatError],
  seeds: () => getWalrusSeeds().quiltIndexes,
  mutate: (input, { rng, seeds }) => {
    // The column size comes from the committee's geometry, not from the node: keep it sane.
    const columnSize = rng.chance(0.1) ? rng.pick([1, 2, 3, 7, 64, 1000, 65535]) : input.columnSize;
    return { columns: mutateBytes(input.columns, rng, { donors: seeds.map((s) => s.columns) }), columnSize };
  },
  check: ({ columns, columnSize }) => {
    const indexBytes = referenceIndexBytes(columns);
    let entries;
    try {
      entries = timed(() => parseQuiltIndex(columns, columnSize));
    } catch (error) {
      if (indexBytes !== null && error instanceof QuiltFormatError && error.message.startsWith('malformed')) {
        property(
          '@mysten/bcs rejects the index too',
          () => !attempt(() => RefQuiltIndex.parse(indexBytes)).ok,
        );
      }
      throw error;
    }
    if (indexBytes !== null) {
      const reference = attempt(() => RefQuiltIndex.parse(indexBytes));
      property('@mysten/bcs accepts the index too', () => reference.ok);
      if (reference.ok) {
        assertEqual(
          '@mysten/bcs reads the same patches',
          entries.map((e) => [e.identifier, e.end, e.tags]),
          reference.value.patches.map((p) => [p.identifier, p.end_index, Object.fromEntries(p.tags)]),
        );
      }
    }
    let start = -1;
    for (const [i, entry] of entries.entries()) {
      if (i === 0) {
        start = entry.start;
        property(
          'the first patch starts after the index columns',
          () => entry.start >= 1 && entry.start <= MAX_QUILT_INDEX_COLUMNS,
        );
        property('index fits its columns', () => entry.start * columnSize >= QUILT_INDEX_PREFIX_SIZE);
      }
      property('patches are contiguous', () => entry.start === start);
      property('patch ranges are non-empty u16 ranges', () => entry.start < entry.end && entry.end <= 0xffff);
      start = entry.end;
    }
  },
  format: (input, max) => `columnSize ${input.columnSize}, columns ${showBytes(input.columns, max / 2)}`,
});

const quiltPatchTarget = bytesTarget({
  name: 'quilt.parseQuiltPatch',
  parsers: 'parseQuiltPatch',
  expected: [QuiltFormatError],
  seeds: () => getWalrusSeeds().quiltPatches,
  check: (bytes) => {
    const small = bytes.length <= REFERENCE_MAX_BYTES;
    let patch;
    try {
      patch = timed(() => parseQuiltPatch(bytes));
    } catch (error) {
      const part =
        error instanceof QuiltFormatError && /^malformed quilt patch (identifier|tags)/.exec(error.message);
      if (small && part) {
        property(
          `@mysten/bcs rejects the ${part[1]} too`,
          () => !attempt(() => referencePatchPart(bytes, part[1]!)).ok,
        );
      }
      throw error;
    }
    if (small) {
      assertEqual(
        '@mysten/bcs reads the same identifier',
        patch.identifier,
        referencePatchPart(bytes, 'identifier'),
      );
      if (bytes[5]! & 1)
        assertEqual('@mysten/bcs reads the same tags', patch.tags, referencePatchPart(bytes, 'tags'));
    }
    const total = quiltPatchTotalLength(bytes);
    property(
      'data ends where the header says',
      () => patch.data.byteOffset + patch.data.length === bytes.byteOffset + total,
    );
    property(
      'data lies inside the input',
      () => patch.data.buffer === bytes.buffer && patch.data.byteOffset >= bytes.byteOffset + 8,
    );
  },
});

export const QUILT_TARGETS: readonly FuzzTarget[] = [
  patchIdTarget,
  walrusIdTarget,
  quiltIndexTarget,
  quiltPatchTarget,
];
