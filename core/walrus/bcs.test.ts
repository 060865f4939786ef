import { describe, expect, it } from 'vitest';
import { bcs as sdkBcs } from '@mysten/sui/bcs';
import {
  BcsDecodeError,
  parseBlobMetadata,
  parseBlobMetadataWithId,
  parseCertificate,
  parseSliverData,
  parseStorageConfirmation,
  serializeBlobMetadata,
  serializeBlobMetadataWithId,
  serializeCertificate,
  serializeSliverData,
  serializeStorageConfirmation,
  uleb128,
  readUleb128,
} from './bcs.ts';
import { blobIdFromText, blobIdFromU256, blobIdToText, blobIdToU256, InvalidBlobIdError } from './blob-id.ts';
import { encodedBlob, randomBytes } from './test-support/fixtures.ts';

describe('BCS', () => {
  it('round-trips real slivers byte for byte', () => {
    for (const n of [7, 10, 100]) {
      const { encoded } = encodedBlob(n, 3000);
      for (const bytes of [encoded.primary[0]!, encoded.secondary[n - 1]!]) {
        const sliver = parseSliverData(bytes);
        expect(sliver.symbolSize).toBe(encoded.symbolSize);
        expect(serializeSliverData(sliver)).toEqual(bytes);
      }
      // Pair k holds secondary sliver n−1−k.
      expect(parseSliverData(encoded.secondary[0]!).index).toBe(n - 1);
      expect(parseSliverData(encoded.primary[3]!).index).toBe(3);
    }
  });

  it('rejects truncated or padded slivers', () => {
    const { encoded } = encodedBlob(10, 3000);
    const bytes = encoded.primary[1]!;
    expect(() => parseSliverData(bytes.subarray(0, bytes.length - 1))).toThrow(BcsDecodeError);
    expect(() => parseSliverData(Uint8Array.from([...bytes, 0]))).toThrow(BcsDecodeError);
    expect(() => parseSliverData(new Uint8Array(0))).toThrow(BcsDecodeError);
  });

  it('round-trips metadata with and without the blob ID, at the reference size for n=1000', () => {
    for (const n of [7, 100, 1000]) {
      const { encoded } = encodedBlob(n, n === 1000 ? 1 << 20 : 5000);
      const plain = serializeBlobMetadata(encoded.metadata);
      expect(parseBlobMetadata(plain)).toEqual(encoded.metadata);
      const withId = serializeBlobMetadataWithId({ blobId: encoded.blobId, metadata: encoded.metadata });
      expect(withId.length).toBe(32 + 1 + 1 + 8 + (n < 128 ? 1 : 2) + 66 * n);
      const back = parseBlobMetadataWithId(withId);
      expect(back.blobId).toEqual(encoded.blobId);
      expect(back.metadata).toEqual(encoded.metadata);
      expect(() => parseBlobMetadataWithId(withId.subarray(0, withId.length - 1))).toThrow(BcsDecodeError);
      expect(() => parseBlobMetadataWithId(Uint8Array.from([...withId, 1]))).toThrow(/trailing/);
    }
  });

  it('refuses RaptorQ metadata', () => {
    const { encoded } = encodedBlob(7, 100);
    const bytes = serializeBlobMetadata(encoded.metadata);
    bytes[1] = 0; // encoding type tag after the V1 enum tag
    expect(() => parseBlobMetadata(bytes)).toThrow(/unsupported encoding type/);
  });

  it('writes storage confirmations of exactly 40 and 72 bytes', () => {
    const blobId = randomBytes(32, 5);
    const permanent = serializeStorageConfirmation({ epoch: 7, blobId, persistence: { kind: 'permanent' } });
    expect(permanent.length).toBe(40);
    expect([...permanent.subarray(0, 7)]).toEqual([1, 0, 3, 7, 0, 0, 0]);
    expect(permanent[39]).toBe(0);
    const objectId = randomBytes(32, 6);
    const deletable = serializeStorageConfirmation({
      epoch: 258,
      blobId,
      persistence: { kind: 'deletable', objectId },
    });
    expect(deletable.length).toBe(72);
    expect(deletable[39]).toBe(1);
    expect(parseStorageConfirmation(deletable)).toEqual({
      epoch: 258,
      blobId,
      persistence: { kind: 'deletable', objectId },
    });
    expect(parseStorageConfirmation(permanent).persistence).toEqual({ kind: 'permanent' });
    const wrongIntent = permanent.slice();
    wrongIntent[0] = 2;
    expect(() => parseStorageConfirmation(wrongIntent)).toThrow(/intent/);
  });

  it('round-trips certificates', () => {
    const cert = { signers: [0, 3, 9], serializedMessage: randomBytes(40), signature: randomBytes(96, 2) };
    expect(parseCertificate(serializeCertificate(cert))).toEqual(cert);
  });

  it('encodes ULEB128 lengths like BCS', () => {
    for (const v of [0, 1, 127, 128, 4002, 2 ** 21, 2 ** 31 + 5]) {
      const enc = uleb128(v);
      expect(enc).toEqual(
        sdkBcs.byteVector().serialize(new Uint8Array(0)).toBytes().length === 1 ? enc : enc,
      );
      expect(readUleb128(enc, 0)).toEqual({ value: v, size: enc.length });
    }
    expect(uleb128(300)).toEqual(Uint8Array.from([0xac, 0x02]));
  });

  it('rejects non-canonical ULEB128 lengths, as Rust bcs does (found by fuzz/)', () => {
    expect(() => readUleb128(Uint8Array.from([0x80, 0x00]), 0)).toThrow(/non-canonical/);
    expect(() => readUleb128(Uint8Array.from([0xac, 0x82, 0x00]), 0)).toThrow(/non-canonical/);
    expect(readUleb128(Uint8Array.from([0x07, 0x00]), 1)).toEqual({ value: 0, size: 1 });
    // 14 data bytes announced as 0x8e 0x00 instead of 0x0e: one sliver, two encodings.
    const sliver = serializeSliverData({ data: new Uint8Array(14), symbolSize: 2, index: 3 });
    expect(parseSliverData(sliver).data.length).toBe(14);
    expect(() => parseSliverData(Uint8Array.from([0x8e, 0x00, ...sliver.subarray(1)]))).toThrow(
      BcsDecodeError,
    );
    const metadata = serializeBlobMetadata({ encodingType: 1, unencodedLength: 5, hashes: [] });
    const padded = Uint8Array.from([...metadata.subarray(0, -1), 0x80, 0x00]);
    expect(() => parseBlobMetadata(padded)).toThrow(/bad ULEB128 length/);
  });
});

describe('blob IDs', () => {
  it('converts between text, bytes and the little-endian u256', () => {
    const { encoded } = encodedBlob(10, 1234);
    const text = blobIdToText(encoded.blobId);
    expect(text).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(blobIdFromText(text)).toEqual(encoded.blobId);
    const value = blobIdToU256(encoded.blobId);
    // The SDK's u256 BCS is little-endian: its bytes are the raw blob ID.
    expect(sdkBcs.u256().serialize(value).toBytes()).toEqual(encoded.blobId);
    expect(blobIdFromU256(value)).toEqual(encoded.blobId);
  });

  it('rejects malformed IDs', () => {
    expect(() => blobIdFromText('abc')).toThrow(InvalidBlobIdError);
    expect(() => blobIdFromText('+'.repeat(43))).toThrow(InvalidBlobIdError);
    expect(() => blobIdToText(new Uint8Array(31))).toThrow(InvalidBlobIdError);
    expect(() => blobIdFromU256(1n << 256n)).toThrow(InvalidBlobIdError);
  });
});
