// gRPC-web framing (grpc/grpc doc/PROTOCOL-WEB.md), with no I/O. A body is a sequence of frames:
// one flag byte, a 4-byte big-endian length, then the payload. Flag 0x00 carries a protobuf
// message, flag 0x80 the trailers as HTTP/1 header lines. In the text format the same bytes travel
// as base64; the server encodes each frame on its own, and clients decode the concatenated padded
// chunks (protobuf-ts resets at every `=`).
import { GrpcStatusCode, GrpcStatusError } from './status.ts';

export type GrpcWebFormat = 'binary' | 'text';

export const DATA_FRAME = 0x00;
export const TRAILER_FRAME = 0x80;
const HEADER_BYTES = 5;
/** Flag bit 0: the payload is compressed (with the request's `grpc-encoding`). */
const COMPRESSED = 0x01;

/** The request format for a Content-Type, or undefined for one this server does not speak (+json). */
export function formatOf(contentType: string | undefined): GrpcWebFormat | undefined {
  const mediaType = contentType?.split(';', 1)[0]!.trim().toLowerCase();
  switch (mediaType) {
    case 'application/grpc-web':
    case 'application/grpc-web+proto':
      return 'binary';
    case 'application/grpc-web-text':
    case 'application/grpc-web-text+proto':
      return 'text';
    default:
      return undefined;
  }
}

/** The response Content-Type for a request format (the exact values grpc-web clients accept). */
export function responseContentType(format: GrpcWebFormat): string {
  return format === 'text' ? 'application/grpc-web-text+proto' : 'application/grpc-web+proto';
}

/**
 * The single message of a unary or server-streaming request body. Framing violations are
 * INTERNAL, as tonic (Sui's gRPC server) reports protocol errors.
 * @throws GrpcStatusError
 */
export function decodeRequestBody(body: Uint8Array, format: GrpcWebFormat): Uint8Array {
  const bytes = format === 'text' ? decodeBase64Chunks(body) : body;
  if (bytes.length === 0) throw internal('Missing request message.');
  if (bytes.length < HEADER_BYTES) throw internal('Unexpected EOF decoding stream.');
  const flag = bytes[0]!;
  if (flag === COMPRESSED)
    throw internal(
      'protocol error: received message with compressed-flag but no grpc-encoding was specified',
    );
  if (flag !== DATA_FRAME)
    throw internal(
      `protocol error: received message with invalid compression flag: ${flag} (valid flags are 0 and 1) while receiving request`,
    );
  const length = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint32(1);
  const end = HEADER_BYTES + length;
  if (bytes.length < end) throw internal('Unexpected EOF decoding stream.');
  if (bytes.length > end) throw internal('protocol error: unary request carries more than one message');
  return bytes.subarray(HEADER_BYTES, end);
}

/** One frame: flag, big-endian length, payload. */
export function encodeFrame(flag: number, payload: Uint8Array): Uint8Array<ArrayBuffer> {
  const frame = new Uint8Array(HEADER_BYTES + payload.length);
  frame[0] = flag;
  new DataView(frame.buffer).setUint32(1, payload.length);
  frame.set(payload, HEADER_BYTES);
  return frame;
}

/** The trailer frame for a final status. */
export function encodeTrailerFrame(code: GrpcStatusCode, message: string): Uint8Array<ArrayBuffer> {
  return encodeFrame(TRAILER_FRAME, new TextEncoder().encode(trailerLines(code, message)));
}

/** `grpc-status` and (when there is one) `grpc-message` as HTTP/1 header lines. */
export function trailerLines(code: GrpcStatusCode, message: string): string {
  const lines = [`grpc-status: ${code}`];
  if (message) lines.push(`grpc-message: ${encodeGrpcMessage(message)}`);
  return lines.map((line) => `${line}\r\n`).join('');
}

/**
 * `grpc-message` as gRPC sends it (doc/PROTOCOL-HTTP2.md): UTF-8, with every byte outside
 * printable ASCII (0x20–0x7E) and `%` itself percent-encoded, so it fits an HTTP header.
 */
export function encodeGrpcMessage(message: string): string {
  let out = '';
  for (const byte of new TextEncoder().encode(message)) {
    out +=
      byte >= 0x20 && byte <= 0x7e && byte !== 0x25
        ? String.fromCharCode(byte)
        : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

/** A frame as the response body carries it: raw, or one padded base64 chunk in the text format. */
export function frameForWire(frame: Uint8Array<ArrayBuffer>, format: GrpcWebFormat): Uint8Array<ArrayBuffer> {
  return format === 'text' ? new TextEncoder().encode(Buffer.from(frame).toString('base64')) : frame;
}

/**
 * Decodes a grpc-web-text body: base64 chunks, each possibly padded (a client may send several),
 * with line breaks tolerated. Anything else is a protocol error.
 */
function decodeBase64Chunks(body: Uint8Array): Uint8Array {
  const text = new TextDecoder().decode(body).replace(/[\r\n\t ]/g, '');
  const chunks = text.match(/[^=]+={0,2}|={1,2}/g) ?? [];
  const parts: Buffer[] = [];
  for (const chunk of chunks) {
    // A padded chunk is whole groups of four; an unpadded one may end in a partial group of 2–3.
    const valid =
      /^[A-Za-z0-9+/]+={0,2}$/.test(chunk) &&
      (chunk.endsWith('=') ? chunk.length % 4 === 0 : chunk.length % 4 !== 1);
    if (!valid) throw internal('protocol error: grpc-web-text request body is not valid base64');
    parts.push(Buffer.from(chunk, 'base64'));
  }
  const joined = Buffer.concat(parts);
  return new Uint8Array(joined.buffer, joined.byteOffset, joined.length);
}

function internal(message: string): GrpcStatusError {
  return new GrpcStatusError(GrpcStatusCode.INTERNAL, message);
}
