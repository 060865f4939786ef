// Fuzz targets of the Walrus BCS layouts Floe reads: what nodes send (slivers, metadata, symbol
// bodies) and what they sign (confirmations, certificates). One row per layout; every layout has
// one encoding per value, so an accepted input must re-serialize to itself.
import * as walrus from '../core/walrus/bcs.ts';
import * as symbols from '../core/walrus/symbols-bcs.ts';
import { canonicalBcsTarget, MYSTEN_BCS_ALLOWANCE } from './bcs-rows.ts';
import { property } from './engine.ts';
import { getSymbolSeeds } from './symbol-seeds.ts';
import type { FuzzTarget } from './target.ts';
import { getWalrusSeeds } from './walrus-seeds.ts';

const expected = [walrus.BcsDecodeError];

export const WALRUS_BCS_TARGETS: readonly FuzzTarget[] = [
  canonicalBcsTarget({
    name: 'bcs.parseSliverData',
    layout: 'SliverData',
    expected,
    seeds: () => getWalrusSeeds().slivers,
    parse: walrus.parseSliverData,
    serialize: walrus.serializeSliverData,
    properties: (sliver, bytes) => {
      property('symbol size is positive', () => sliver.symbolSize > 0 && sliver.symbolSize <= 0xffff);
      property(
        'data lies inside the input',
        () => sliver.data.buffer === bytes.buffer && sliver.data.byteOffset >= bytes.byteOffset,
      );
    },
  }),
  canonicalBcsTarget({
    name: 'bcs.parseBlobMetadata',
    layout: 'BlobMetadata',
    expected,
    seeds: () => getWalrusSeeds().metadata,
    parse: walrus.parseBlobMetadata,
    serialize: walrus.serializeBlobMetadata,
    properties: (metadata) =>
      property('unencoded length is a safe integer', () => Number.isSafeInteger(metadata.unencodedLength)),
  }),
  canonicalBcsTarget({
    name: 'bcs.parseBlobMetadataWithId',
    layout: 'BlobMetadataWithId',
    expected,
    seeds: () => getWalrusSeeds().metadataWithId,
    parse: walrus.parseBlobMetadataWithId,
    serialize: walrus.serializeBlobMetadataWithId,
    properties: (value) => property('blob ID has 32 bytes', () => value.blobId.length === 32),
  }),
  canonicalBcsTarget({
    name: 'bcs.parseStorageConfirmation',
    layout: 'StorageConfirmation',
    ...MYSTEN_BCS_ALLOWANCE,
    expected,
    seeds: () => getWalrusSeeds().confirmations,
    parse: walrus.parseStorageConfirmation,
    serialize: walrus.serializeStorageConfirmation,
  }),
  canonicalBcsTarget({
    name: 'bcs.parseCertificate',
    layout: 'ProtocolMessageCertificate',
    ...MYSTEN_BCS_ALLOWANCE,
    expected,
    seeds: () => getWalrusSeeds().certificates,
    parse: walrus.parseCertificate,
    serialize: walrus.serializeCertificate,
  }),
];

/** Symbol bodies: what a reader gets from untrusted nodes when it rebuilds a sliver. */
export const SYMBOL_BCS_TARGETS: readonly FuzzTarget[] = [
  canonicalBcsTarget({
    name: 'symbols-bcs.parseDecodingSymbols',
    layout: 'decoding symbols',
    expected,
    seeds: () => getSymbolSeeds().decoding,
    parse: symbols.parseDecodingSymbols,
    serialize: symbols.serializeDecodingSymbols,
    properties: (symbols, bytes) => {
      for (const list of symbols.values()) {
        for (const s of list) {
          property('data lies inside the input', () => s.data.buffer === bytes.buffer);
          property('index is a u16', () => Number.isInteger(s.index) && s.index >= 0 && s.index <= 0xffff);
        }
      }
    },
  }),
  canonicalBcsTarget({
    name: 'symbols-bcs.parseRecoverySymbols',
    layout: 'recovery symbols',
    expected,
    seeds: () => getSymbolSeeds().recovery,
    parse: symbols.parseRecoverySymbols,
    serialize: symbols.serializeRecoverySymbols,
    properties: (symbols) => {
      for (const s of symbols) {
        property('digests have 32 bytes', () => s.proof.every((node) => node === null || node.length === 32));
      }
    },
  }),
];
