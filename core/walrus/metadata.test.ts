import { describe, expect, it } from 'vitest';
import { serializeBlobMetadataWithId, parseBlobMetadataWithId } from './bcs.ts';
import { blobIdOfMetadata, metadataRootHash, MetadataVerificationError, verifyMetadata } from './metadata.ts';
import { encodedBlob } from './test-support/fixtures.ts';

describe('metadata verification', () => {
  for (const n of [7, 10, 100, 1000]) {
    it(`accepts real metadata and rejects any flipped byte (n=${n})`, () => {
      const { encoded } = encodedBlob(n, n === 1000 ? 1 << 20 : 20_000);
      expect(metadataRootHash(encoded.metadata)).toEqual(encoded.rootHash);
      expect(blobIdOfMetadata(encoded.metadata)).toEqual(encoded.blobId);
      const bytes = serializeBlobMetadataWithId({ blobId: encoded.blobId, metadata: encoded.metadata });
      expect(verifyMetadata(encoded.blobId, parseBlobMetadataWithId(bytes), n)).toEqual(encoded.metadata);

      // Every byte position matters; at n=1000 a stride keeps the test fast while still covering
      // the ID, the length, and hashes at both ends and in the middle.
      const stride = n === 1000 ? 97 : 1;
      let rejected = 0;
      for (let i = 0; i < bytes.length; i += stride) {
        const bad = bytes.slice();
        bad[i]! ^= 0x01;
        let parsed;
        try {
          parsed = parseBlobMetadataWithId(bad);
        } catch {
          rejected++;
          continue; // a flip that breaks the encoding is rejected by the parser
        }
        // Trust anchor: the ID we asked for, never the one inside the response.
        expect(() => verifyMetadata(encoded.blobId, parsed, n)).toThrow(MetadataVerificationError);
        rejected++;
      }
      expect(rejected).toBe(Math.ceil(bytes.length / stride));
    });
  }

  it('names the problem in its errors', () => {
    const { encoded } = encodedBlob(10, 500);
    const other = encodedBlob(10, 501);
    expect(() =>
      verifyMetadata(encoded.blobId, { blobId: other.encoded.blobId, metadata: encoded.metadata }, 10),
    ).toThrow(/metadata is for blob/);
    expect(() =>
      verifyMetadata(encoded.blobId, { blobId: encoded.blobId, metadata: encoded.metadata }, 7),
    ).toThrow(/has 10 sliver-pair hashes, expected 7/);
    expect(() =>
      verifyMetadata(encoded.blobId, { blobId: encoded.blobId, metadata: other.encoded.metadata }, 10),
    ).toThrow(/does not hash to blob ID/);
  });
});
