import { describe, expect, it } from 'vitest';
import { EncodingError, WalrusCodec } from './encoding.ts';
import {
  createEncodeHandler,
  fileTransferList,
  ownedFiles,
  packEncodedQuilt,
  unpackEncodedQuilt,
  type EncodeReply,
} from './encode-transfer.ts';
import { encodeQuiltBlob, type EncodedQuilt, type QuiltFile } from './quilt-encode.ts';
import { expectBytes } from './test-support/bytes.ts';
import { randomBytes } from './test-support/fixtures.ts';

const N = 10;
const codec = new WalrusCodec(N);

function files(): QuiltFile[] {
  return [
    { identifier: '/index.html', contents: new TextEncoder().encode('<!doctype html><h1>hello</h1>') },
    { identifier: '/img/photo.bin', contents: randomBytes(40_000, 7) },
    { identifier: '/empty.txt', contents: new Uint8Array(0) },
  ];
}

function expectSameQuilt(actual: EncodedQuilt, expected: EncodedQuilt): void {
  expectBytes(actual.encoded.blobId, expected.encoded.blobId);
  expectBytes(actual.encoded.rootHash, expected.encoded.rootHash);
  expect(actual.encoded.metadata).toEqual(expected.encoded.metadata);
  expect(actual.encoded.symbolSize).toBe(expected.encoded.symbolSize);
  expect(actual.size).toBe(expected.size);
  expect(actual.patches).toEqual(expected.patches);
  expect(actual.encoded.primary).toHaveLength(N);
  expect(actual.encoded.secondary).toHaveLength(N);
  for (let k = 0; k < N; k++) {
    expectBytes(actual.encoded.primary[k]!, expected.encoded.primary[k]!);
    expectBytes(actual.encoded.secondary[k]!, expected.encoded.secondary[k]!);
  }
}

describe('packEncodedQuilt / unpackEncodedQuilt', () => {
  const direct = encodeQuiltBlob(codec, files());

  it('round-trips through a transfer to the codec’s direct output, handing over its arena', () => {
    const quilt = encodeQuiltBlob(codec, files());
    const { reply, transfer } = packEncodedQuilt(quilt);
    // The codec's own arena goes as is: one buffer, no copy.
    expect(transfer).toEqual([quilt.encoded.primary[0]!.buffer]);
    expect(reply.arena).toBe(quilt.encoded.primary[0]!.buffer);

    const received = structuredClone(reply, { transfer });
    expect(quilt.encoded.primary[0]!.byteLength).toBe(0); // detached in the sender
    expectSameQuilt(unpackEncodedQuilt(received), direct);
  });

  it('copies slivers that are not laid out in one arena', () => {
    const scattered: EncodedQuilt = {
      ...direct,
      encoded: {
        ...direct.encoded,
        primary: direct.encoded.primary.map((s) => s.slice()),
        secondary: direct.encoded.secondary.map((s) => s.slice()),
      },
    };
    const { reply, transfer } = packEncodedQuilt(scattered);
    expect(transfer).toEqual([reply.arena]);
    expect(reply.arena).not.toBe(direct.encoded.primary[0]!.buffer);
    expectSameQuilt(unpackEncodedQuilt(structuredClone(reply, { transfer })), direct);
    expect(scattered.encoded.primary[0]!.byteLength).toBeGreaterThan(0); // the input is untouched
  });

  it('rejects an arena that does not fit the metadata', () => {
    const { reply } = packEncodedQuilt(encodeQuiltBlob(codec, files()));
    expect(() => unpackEncodedQuilt({ ...reply, arena: reply.arena.slice(1) })).toThrow(EncodingError);
  });
});

describe('createEncodeHandler', () => {
  it('answers a request with the packed quilt, and a failure with its message', () => {
    const handle = createEncodeHandler();
    const { reply, transfer } = handle({ id: 7, n: N, files: files() });
    expect(reply).toMatchObject({ id: 7, ok: true });
    const ok = structuredClone(reply, { transfer }) as Extract<EncodeReply, { ok: true }>;
    expectSameQuilt(unpackEncodedQuilt(ok), encodeQuiltBlob(codec, files()));

    const failed = handle({ id: 8, n: 0, files: files() });
    expect(failed.transfer).toEqual([]);
    expect(failed.reply).toMatchObject({ id: 8, ok: false, message: expect.stringMatching(/shard count/) });
  });

  it('encodes the one file of a blob request as it is, with no patches', () => {
    const handle = createEncodeHandler();
    const contents = randomBytes(30_000, 3);
    const { reply, transfer } = handle({
      id: 9,
      n: N,
      kind: 'blob',
      files: [{ identifier: '/big', contents }],
    });
    const ok = structuredClone(reply, { transfer }) as Extract<EncodeReply, { ok: true }>;
    expectSameQuilt(unpackEncodedQuilt(ok), {
      encoded: codec.encode(contents),
      size: contents.length,
      patches: [],
    });

    const two = handle({ id: 10, n: N, kind: 'blob', files: files() });
    expect(two.reply).toMatchObject({
      id: 10,
      ok: false,
      message: expect.stringMatching(/exactly one file, got 3/),
    });
  });
});

describe('fileTransferList / ownedFiles', () => {
  it('transfers whole buffers once each and copies views into larger ones', () => {
    const whole = new Uint8Array([1, 2, 3]);
    const big = new Uint8Array(100).fill(9);
    const view = big.subarray(10, 14);
    const input: QuiltFile[] = [
      { identifier: '/a', contents: whole },
      { identifier: '/a-again', contents: whole },
      { identifier: '/view', contents: view },
    ];
    expect(fileTransferList(input)).toEqual([whole.buffer]);

    const owned = ownedFiles(input);
    expect(owned[0]).toBe(input[0]);
    expect(owned[2]!.contents).not.toBe(view);
    expect(owned[2]!.contents.buffer.byteLength).toBe(4);
    expectBytes(owned[2]!.contents, view);
    const list = fileTransferList(owned);
    expect(list).toHaveLength(2);
    // Posting with that list leaves nothing to clone: both buffers move.
    structuredClone(owned, { transfer: list });
    expect(whole.byteLength).toBe(0);
    expect(big.byteLength).toBe(100);
  });
});
