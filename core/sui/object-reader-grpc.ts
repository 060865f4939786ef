// `LedgerService.BatchGetObjects` over gRPC-web (binary), the call Sui full nodes serve objects
// with (sui.rpc.v2, MystenLabs/sui `crates/sui-rpc-api` protos), written out by hand for the
// service worker: see object-reader.ts for why. It asks for the same read mask as the SDK's
// `getObjects` with `include.content`, and maps answers and errors the way the SDK does.
import { normalizeSuiAddress } from '@mysten/sui/utils';
import {
  batches,
  ChainReadError,
  missingObject,
  otherObjectError,
  type ChainObject,
  type GetObjectsOptions,
  type ObjectReader,
} from './object-reader.ts';
import { fieldString, ProtoWriter, readFields, type ProtoField } from './protobuf-wire.ts';

const METHOD = 'sui.rpc.v2.LedgerService/BatchGetObjects';
/** google.rpc.Code NOT_FOUND */
const NOT_FOUND = 5;
const DATA_FRAME = 0x00;
const TRAILER_FRAME = 0x80;

export function grpcObjectReader(baseUrl: string, fetchImpl: typeof fetch = fetch): ObjectReader {
  const url = `${baseUrl.replace(/\/+$/, '')}/${METHOD}`;
  return {
    core: {
      async getObjects(options: GetObjectsOptions) {
        const objects: (ChainObject | Error)[] = [];
        for (const ids of batches(options.objectIds)) {
          const response = await fetchImpl(url, {
            method: 'POST',
            headers: { 'content-type': 'application/grpc-web+proto', 'x-grpc-web': '1' },
            body: frame(batchRequest(ids, options.include?.content === true)),
            ...(options.signal ? { signal: options.signal } : {}),
          });
          const body = new Uint8Array(await response.arrayBuffer());
          objects.push(...decodeResponse(response, body, ids));
        }
        return { objects };
      },
    },
  };
}

export function batchRequest(ids: readonly string[], content: boolean): Uint8Array {
  const message = new ProtoWriter();
  for (const id of ids) message.message(1, new ProtoWriter().string(1, id));
  const mask = new ProtoWriter();
  for (const path of ['object_id', 'version', 'digest', ...(content ? ['contents'] : [])])
    mask.string(1, path);
  return message.message(2, mask).finish();
}

function frame(payload: Uint8Array): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(5 + payload.length);
  out[0] = DATA_FRAME;
  new DataView(out.buffer).setUint32(1, payload.length);
  out.set(payload, 5);
  return out;
}

/** The objects of a BatchGetObjects answer, or ChainReadError for a failed call. */
export function decodeResponse(
  response: Pick<Response, 'ok' | 'status' | 'headers'>,
  body: Uint8Array,
  ids: readonly string[],
): (ChainObject | Error)[] {
  if (!response.ok) throw new ChainReadError(`${METHOD} answered HTTP ${response.status}`);
  let message: Uint8Array | undefined;
  let status = response.headers.get('grpc-status');
  let statusMessage = response.headers.get('grpc-message');
  let pos = 0;
  while (pos + 5 <= body.length) {
    const flag = body[pos]!;
    const length = new DataView(body.buffer, body.byteOffset + pos + 1, 4).getUint32(0);
    const payload = body.subarray(pos + 5, pos + 5 + length);
    if (payload.length !== length) throw new ChainReadError(`${METHOD}: truncated gRPC-web frame`);
    if (flag === DATA_FRAME) message = payload;
    else if (flag & TRAILER_FRAME) {
      for (const line of new TextDecoder().decode(payload).split('\r\n')) {
        const colon = line.indexOf(':');
        if (colon < 0) continue;
        const name = line.slice(0, colon).trim().toLowerCase();
        const value = line.slice(colon + 1).trim();
        if (name === 'grpc-status') status = value;
        if (name === 'grpc-message') statusMessage = decodeURIComponent(value);
      }
    }
    pos += 5 + length;
  }
  if (status !== null && status !== '0') {
    throw new ChainReadError(`${METHOD} failed with gRPC status ${status}: ${statusMessage ?? ''}`);
  }
  if (!message) throw new ChainReadError(`${METHOD} answered no message`);
  const results = readFields(message).filter((f) => f.field === 1);
  if (results.length !== ids.length) {
    throw new ChainReadError(`${METHOD} answered ${results.length} objects for ${ids.length} IDs`);
  }
  return results.map((result, i) => decodeResult(result, ids[i]!));
}

function decodeResult(result: ProtoField, id: string): ChainObject | Error {
  for (const field of readFields(result.bytes ?? new Uint8Array())) {
    if (field.field === 1 && field.bytes) return decodeObject(field.bytes);
    if (field.field === 2 && field.bytes) {
      let code = 0;
      let text = '';
      for (const f of readFields(field.bytes)) {
        if (f.field === 1 && f.varint !== undefined) code = Number(f.varint);
        if (f.field === 2) text = fieldString(f);
      }
      return code === NOT_FOUND ? missingObject(id, text) : otherObjectError(id, String(code), text);
    }
  }
  return otherObjectError(id, 'unknown', 'Unexpected result type');
}

function decodeObject(bytes: Uint8Array): ChainObject {
  let objectId = '';
  let version = '';
  let digest = '';
  let content: Uint8Array | undefined;
  for (const field of readFields(bytes)) {
    if (field.field === 2) objectId = normalizeSuiAddress(fieldString(field));
    else if (field.field === 3 && field.varint !== undefined) version = field.varint.toString();
    else if (field.field === 4) digest = fieldString(field);
    else if (field.field === 8 && field.bytes) {
      // Bcs { name = 1; value = 2 }: the struct's bytes are the value.
      const value = readFields(field.bytes).find((f) => f.field === 2);
      content = value?.bytes ? Uint8Array.from(value.bytes) : new Uint8Array();
    }
  }
  return { objectId, version, digest, content };
}
