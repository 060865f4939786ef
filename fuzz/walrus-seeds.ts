// Seeds of the Walrus targets: real slivers, metadata, confirmations and certificates of blobs the
// WASM encoder made, and quilts @mysten/walrus laid out, so mutations start from what nodes and
// uploaders really send.
import { encodeQuilt } from '@mysten/walrus';
import {
  parseSliverData,
  serializeBlobMetadata,
  serializeBlobMetadataWithId,
  serializeCertificate,
  serializeSliverData,
  serializeStorageConfirmation,
} from '../core/walrus/bcs.ts';
import { WalrusCodec } from '../core/walrus/encoding.ts';
import { secondarySliverSize } from '../core/walrus/geometry.ts';
import type { QuiltPatchId } from '../core/walrus/quilt.ts';
import { Rng } from './engine.ts';

const utf8 = new TextEncoder();

/** Bytes that look random but are the same on every run of a seed. */
export function pseudoRandomBytes(length: number, seed: number): Uint8Array {
  const rng = new Rng(seed);
  return Uint8Array.from({ length }, () => rng.below(256));
}

interface WalrusSeeds {
  readonly slivers: Uint8Array[];
  readonly metadata: Uint8Array[];
  readonly metadataWithId: Uint8Array[];
  readonly confirmations: Uint8Array[];
  readonly certificates: Uint8Array[];
  readonly quiltIndexes: { columns: Uint8Array; columnSize: number }[];
  readonly quiltPatches: Uint8Array[];
  readonly patchIds: QuiltPatchId[];
}

let walrusSeeds: WalrusSeeds | undefined;

/** Real encodings from the WASM encoder (n = 10 shards) and quilts from @mysten/walrus. */
export function getWalrusSeeds(): WalrusSeeds {
  if (walrusSeeds !== undefined) return walrusSeeds;
  const n = 10;
  const codec = new WalrusCodec(n);
  const blobs = [pseudoRandomBytes(1, 1), pseudoRandomBytes(300, 2), pseudoRandomBytes(3000, 3)].map((data) =>
    codec.encode(data),
  );
  const slivers: Uint8Array[] = blobs.flatMap((b) =>
    [b.primary[0]!, b.secondary[n - 1]!, b.primary[3]!].map((s) => s.slice()),
  );
  slivers.push(serializeSliverData({ data: Uint8Array.from([1, 2, 3, 4]), symbolSize: 2, index: 0xffff }));
  const metadata = blobs.map((b) => serializeBlobMetadata(b.metadata));
  const metadataWithId = blobs.map((b) =>
    serializeBlobMetadataWithId({ blobId: b.blobId, metadata: b.metadata }),
  );
  const blobId = blobs[1]!.blobId;
  const confirmations = [
    serializeStorageConfirmation({ epoch: 7, blobId, persistence: { kind: 'permanent' } }),
    serializeStorageConfirmation({
      epoch: 0xffff_ffff,
      blobId,
      persistence: { kind: 'deletable', objectId: pseudoRandomBytes(32, 9) },
    }),
  ];
  const certificates = [
    serializeCertificate({
      signers: [0, 3, 7, 9],
      serializedMessage: confirmations[0]!,
      signature: pseudoRandomBytes(96, 4),
    }),
    serializeCertificate({ signers: [], serializedMessage: new Uint8Array(0), signature: new Uint8Array(0) }),
  ];

  const quiltIndexes: { columns: Uint8Array; columnSize: number }[] = [];
  const quiltPatches: Uint8Array[] = [Uint8Array.from([1, 7, 0, 0, 0, 0, 3, 0, 2, 0x61, 0x62, 0xff, 0xfe])];
  const files: { identifier: string; contents: Uint8Array; tags?: Record<string, string> }[][] = [
    [
      {
        identifier: 'index.html',
        contents: utf8.encode('<!doctype html><p>hi</p>'),
        tags: { 'content-type': 'text/html', a: '1' },
      },
      { identifier: 'caf\u00e9/\ud83d\ude00.bin', contents: pseudoRandomBytes(700, 5) },
      { identifier: 'empty', contents: new Uint8Array(0), tags: {} },
    ],
    [{ identifier: 'x'.repeat(300), contents: pseudoRandomBytes(2000, 6), tags: { k: 'v'.repeat(100) } }],
  ];
  for (const blobsOfQuilt of files) {
    const { quilt, index } = encodeQuilt({ blobs: blobsOfQuilt, numShards: n, encodingType: 'RS2' });
    const encoded = codec.encode(quilt);
    const columnSize = secondarySliverSize(codec.geometry, encoded.symbolSize);
    const column = (c: number) => parseSliverData(encoded.secondary[n - 1 - c]!).data;
    const join = (start: number, end: number) => {
      const out = new Uint8Array((end - start) * columnSize);
      for (let c = start; c < end; c++) out.set(column(c), (c - start) * columnSize);
      return out;
    };
    quiltIndexes.push({ columns: join(0, index.patches[0]!.startIndex), columnSize });
    for (const patch of index.patches) quiltPatches.push(join(patch.startIndex, patch.endIndex));
  }
  const quiltId = blobs[2]!.blobId;
  const patchIds: QuiltPatchId[] = [
    { quiltId, start: 0, end: 1 },
    { quiltId, start: 12, end: 25 },
    { quiltId: new Uint8Array(32), start: 0xfffe, end: 0xffff },
  ];
  walrusSeeds = {
    slivers,
    metadata,
    metadataWithId,
    confirmations,
    certificates,
    quiltIndexes,
    quiltPatches,
    patchIds,
  };
  return walrusSeeds;
}

/** Fragments of URL-safe base64 text (blob and patch IDs). */
export const BASE64_TOKENS: readonly string[] = [
  'A',
  '_',
  '-',
  '+',
  '/',
  '=',
  '==',
  'AAAA',
  '____',
  'B',
  'Q',
  'g',
  '0',
  '9',
];
