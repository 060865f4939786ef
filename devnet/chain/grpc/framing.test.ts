import { describe, expect, it } from 'vitest';
import {
  createGrpcWebRequestBody,
  GrpcWebFrame,
  readGrpcWebResponseBody,
  readGrpcWebResponseTrailer,
} from '@protobuf-ts/grpcweb-transport';
import {
  DATA_FRAME,
  decodeRequestBody,
  encodeFrame,
  encodeGrpcMessage,
  encodeTrailerFrame,
  formatOf,
  frameForWire,
  responseContentType,
  type GrpcWebFormat,
} from './framing.ts';
import { GrpcStatusCode, GrpcStatusError } from './status.ts';

const bytes = (...values: number[]) => Uint8Array.from(values);

/** A response body as the SDK's transport reads it: the frames it emits, in order. */
async function readAsClient(body: Uint8Array<ArrayBuffer>, format: GrpcWebFormat) {
  const frames: { type: GrpcWebFrame; data: Uint8Array }[] = [];
  await readGrpcWebResponseBody(new Response(body).body!, responseContentType(format), (type, data) =>
    frames.push({ type, data: data.slice() }),
  );
  return frames;
}

function concat(parts: Uint8Array[]): Uint8Array<ArrayBuffer> {
  return Uint8Array.from(parts.flatMap((p) => [...p]));
}

function statusOf(run: () => unknown): { code: GrpcStatusCode; message: string } {
  try {
    run();
  } catch (error) {
    if (error instanceof GrpcStatusError) return { code: error.code, message: error.message };
    throw error;
  }
  throw new Error('expected a GrpcStatusError');
}

describe('grpc-web request bodies', () => {
  it('accepts the binary and text bodies the SDK transport sends', () => {
    const message = bytes(8, 1, 18, 3, 97, 98, 99);
    const binary = createGrpcWebRequestBody(message, 'binary') as Uint8Array;
    const text = new TextEncoder().encode(createGrpcWebRequestBody(message, 'text') as string);
    expect(decodeRequestBody(binary, 'binary')).toEqual(message);
    expect(decodeRequestBody(text, 'text')).toEqual(message);
  });

  it('accepts an empty message and text split into padded chunks', () => {
    expect(decodeRequestBody(bytes(0, 0, 0, 0, 0), 'binary')).toEqual(new Uint8Array());
    const frame = encodeFrame(DATA_FRAME, bytes(1, 2, 3, 4));
    const chunks = `${Buffer.from(frame.subarray(0, 4)).toString('base64')}${Buffer.from(frame.subarray(4)).toString('base64')}`;
    expect(chunks).toContain('=');
    expect(decodeRequestBody(new TextEncoder().encode(chunks), 'text')).toEqual(bytes(1, 2, 3, 4));
  });

  it('rejects malformed frames as INTERNAL, naming the problem', () => {
    const cases: [Uint8Array, GrpcWebFormat, RegExp][] = [
      [new Uint8Array(), 'binary', /Missing request message/],
      [bytes(0, 0, 0), 'binary', /Unexpected EOF/],
      [bytes(0, 0, 0, 0, 5, 1, 2), 'binary', /Unexpected EOF/],
      [bytes(1, 0, 0, 0, 0), 'binary', /compressed-flag but no grpc-encoding/],
      [bytes(0x80, 0, 0, 0, 0), 'binary', /invalid compression flag: 128/],
      [bytes(0, 0, 0, 0, 1, 7, 0, 0, 0, 0, 0), 'binary', /more than one message/],
      [new TextEncoder().encode('AAAA!AAA'), 'text', /not valid base64/],
      [new TextEncoder().encode('AAAAA='), 'text', /not valid base64/],
    ];
    for (const [body, format, message] of cases) {
      const status = statusOf(() => decodeRequestBody(body, format));
      expect(status.code).toBe(GrpcStatusCode.INTERNAL);
      expect(status.message).toMatch(message);
    }
  });
});

describe('grpc-web response frames', () => {
  for (const format of ['binary', 'text'] as const) {
    it(`round-trips data and trailer frames through the SDK's reader (${format})`, async () => {
      const messages = [bytes(10, 2, 104, 105), new Uint8Array(), bytes(...new Array(300).fill(7))];
      const body = concat([
        ...messages.map((m) => frameForWire(encodeFrame(DATA_FRAME, m), format)),
        frameForWire(encodeTrailerFrame(GrpcStatusCode.NOT_FOUND, 'Object 0x2 not found'), format),
      ]);
      const frames = await readAsClient(body, format);
      expect(frames.map((f) => f.type)).toEqual([
        GrpcWebFrame.DATA,
        GrpcWebFrame.DATA,
        GrpcWebFrame.DATA,
        GrpcWebFrame.TRAILER,
      ]);
      expect(frames.slice(0, 3).map((f) => f.data)).toEqual(messages);
      const [code, message] = readGrpcWebResponseTrailer(frames[3]!.data);
      expect(code).toBe(GrpcStatusCode.NOT_FOUND);
      expect(message).toBe('Object 0x2 not found');
    });
  }

  it('percent-encodes grpc-message so any text survives a header, and the SDK decodes it back', () => {
    const text = 'bad: 100% "ünïcode" ✓\r\nsecond line';
    const encoded = encodeGrpcMessage(text);
    expect(encoded).toMatch(/^[\x20-\x7e]*$/);
    expect(encoded).toContain('100%25');
    expect(decodeURIComponent(encoded)).toBe(text);
    const [, message] = readGrpcWebResponseTrailer(
      encodeTrailerFrame(GrpcStatusCode.INTERNAL, text).subarray(5),
    );
    expect(decodeURIComponent(message!)).toBe(text);
  });

  it('sends an OK trailer without grpc-message', () => {
    const trailer = new TextDecoder().decode(encodeTrailerFrame(GrpcStatusCode.OK, '').subarray(5));
    expect(trailer).toBe('grpc-status: 0\r\n');
  });
});

describe('grpc-web content types', () => {
  it('maps request content types to formats and refuses the JSON flavour', () => {
    expect(formatOf('application/grpc-web')).toBe('binary');
    expect(formatOf('application/grpc-web+proto')).toBe('binary');
    expect(formatOf('application/grpc-web-text')).toBe('text');
    expect(formatOf('Application/gRPC-Web-Text+proto; charset=utf-8')).toBe('text');
    expect(formatOf('application/grpc-web+json')).toBeUndefined();
    expect(formatOf(undefined)).toBeUndefined();
  });
});
