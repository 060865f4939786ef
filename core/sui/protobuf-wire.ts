// Just enough of the protobuf wire format (protobuf.dev/programming-guides/encoding) for the few
// messages object-reader-grpc.ts sends and reads: varints, length-delimited fields, and skipping
// any field it does not need.

const WireType = { Varint: 0, Fixed64: 1, Len: 2, Fixed32: 5 } as const;

export class ProtobufDecodeError extends Error {
  override readonly name = 'ProtobufDecodeError';
}

/** Builds a message from fields appended in order. */
export class ProtoWriter {
  readonly #parts: number[] = [];

  string(field: number, value: string): this {
    return this.bytes(field, new TextEncoder().encode(value));
  }

  bytes(field: number, value: Uint8Array): this {
    this.#varint((field << 3) | WireType.Len);
    this.#varint(value.length);
    for (const byte of value) this.#parts.push(byte);
    return this;
  }

  message(field: number, value: ProtoWriter): this {
    return this.bytes(field, value.finish());
  }

  finish(): Uint8Array {
    return Uint8Array.from(this.#parts);
  }

  #varint(value: number): void {
    let v = value >>> 0;
    while (v >= 0x80) {
      this.#parts.push((v & 0x7f) | 0x80);
      v >>>= 7;
    }
    this.#parts.push(v);
  }
}

export interface ProtoField {
  readonly field: number;
  /** Set for varint fields. */
  readonly varint?: bigint;
  /** Set for length-delimited fields (strings, bytes, messages). */
  readonly bytes?: Uint8Array;
}

/** The fields of one message, in wire order; fixed-width fields are skipped. */
export function readFields(buffer: Uint8Array): ProtoField[] {
  const fields: ProtoField[] = [];
  let pos = 0;
  const varint = (): bigint => {
    let result = 0n;
    let shift = 0n;
    for (;;) {
      if (pos >= buffer.length) throw new ProtobufDecodeError('truncated varint');
      const byte = buffer[pos++]!;
      result |= BigInt(byte & 0x7f) << shift;
      if ((byte & 0x80) === 0) return result;
      shift += 7n;
      if (shift > 63n) throw new ProtobufDecodeError('varint longer than 10 bytes');
    }
  };
  while (pos < buffer.length) {
    const key = Number(varint());
    const field = key >>> 3;
    switch (key & 7) {
      case WireType.Varint:
        fields.push({ field, varint: varint() });
        break;
      case WireType.Len: {
        const length = Number(varint());
        if (pos + length > buffer.length)
          throw new ProtobufDecodeError(`field ${field} runs past the message`);
        fields.push({ field, bytes: buffer.subarray(pos, pos + length) });
        pos += length;
        break;
      }
      case WireType.Fixed64:
        pos += 8;
        break;
      case WireType.Fixed32:
        pos += 4;
        break;
      default:
        throw new ProtobufDecodeError(`unsupported wire type ${key & 7} for field ${field}`);
    }
  }
  if (pos !== buffer.length) throw new ProtobufDecodeError('a fixed-width field runs past the message');
  return fields;
}

export function fieldString(field: ProtoField): string {
  if (!field.bytes) throw new ProtobufDecodeError(`field ${field.field} is not length-delimited`);
  return new TextDecoder().decode(field.bytes);
}
