// Framing of the append-only chain log. Layout:
//
//   file   = MAGIC (8 bytes) ‖ frame*
//   frame  = payloadLength u32le ‖ crc32(payload) u32le ‖ crc32(first 8 header bytes) u32le ‖ payload
//
// Every frame is written with one write and fsynced, so a crash can only damage the last frame (a
// prefix of it, maybe padded with zeros by the filesystem). `scanLog` tells that torn tail (safe
// to cut) apart from damage with an intact frame behind it, which is an error: cutting there would
// lose committed transactions. The header has its own checksum so a flipped length cannot make the
// scan skip or invent frames.
import { crc32 } from './crc32.ts';
import { CorruptLogError } from './errors.ts';

export const LOG_MAGIC = new TextEncoder().encode('FLOELOG1');
export const FRAME_HEADER_BYTES = 12;

/** Wraps one record's bytes in a frame. */
export function encodeFrame(payload: Uint8Array): Uint8Array {
  const frame = new Uint8Array(FRAME_HEADER_BYTES + payload.length);
  const view = new DataView(frame.buffer);
  view.setUint32(0, payload.length, true);
  view.setUint32(4, crc32(payload), true);
  view.setUint32(8, crc32(frame.subarray(0, 8)), true);
  frame.set(payload, FRAME_HEADER_BYTES);
  return frame;
}

export interface LogFrame {
  /** Byte offset of the frame in the file. */
  readonly offset: number;
  readonly payload: Uint8Array;
}

export interface LogScan {
  /** The intact frames, in order. */
  readonly frames: LogFrame[];
  /** Length of the intact prefix (magic + intact frames); the file should be cut to this. */
  readonly validLength: number;
  /** True when bytes after `validLength` are a torn write to drop. */
  readonly torn: boolean;
}

/**
 * Splits a log file's bytes into record payloads.
 * @throws CorruptLogError when the file is not a Floe log or a damaged frame has data after it.
 */
export function scanLog(bytes: Uint8Array): LogScan {
  if (bytes.length < LOG_MAGIC.length) {
    // A crash while creating the file: what is there must be a prefix of the magic (or zeros).
    const prefixOk = bytes.every((b, i) => b === LOG_MAGIC[i] || b === 0);
    if (!prefixOk) throw new CorruptLogError('not a Floe chain log (bad magic)', 0);
    return { frames: [], validLength: 0, torn: bytes.length > 0 };
  }
  if (!LOG_MAGIC.every((b, i) => bytes[i] === b))
    throw new CorruptLogError('not a Floe chain log (bad magic)', 0);

  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const frames: LogFrame[] = [];
  let pos = LOG_MAGIC.length;
  while (pos < bytes.length) {
    const tornHere = { frames, validLength: pos, torn: true };
    if (bytes.length - pos < FRAME_HEADER_BYTES) return tornHere;
    const length = view.getUint32(pos, true);
    const payloadCrc = view.getUint32(pos + 4, true);
    const headerCrc = view.getUint32(pos + 8, true);
    if (crc32(bytes.subarray(pos, pos + 8)) !== headerCrc) {
      if (!hasFrameAfter(bytes, pos + 1)) return tornHere;
      throw new CorruptLogError('corrupt frame header in chain log', pos);
    }
    const end = pos + FRAME_HEADER_BYTES + length;
    if (end > bytes.length) return tornHere;
    const payload = bytes.subarray(pos + FRAME_HEADER_BYTES, end);
    if (crc32(payload) !== payloadCrc) {
      if (!hasFrameAfter(bytes, pos + 1)) return tornHere;
      throw new CorruptLogError('corrupt record in chain log (checksum mismatch)', pos);
    }
    frames.push({ offset: pos, payload });
    pos = end;
  }
  return { frames, validLength: pos, torn: false };
}

/** Whether an intact frame starts anywhere at or after `from` (only called once damage is found). */
function hasFrameAfter(bytes: Uint8Array, from: number): boolean {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  for (let pos = from; pos + FRAME_HEADER_BYTES <= bytes.length; pos++) {
    if (crc32(bytes.subarray(pos, pos + 8)) !== view.getUint32(pos + 8, true)) continue;
    const end = pos + FRAME_HEADER_BYTES + view.getUint32(pos, true);
    if (
      end <= bytes.length &&
      crc32(bytes.subarray(pos + FRAME_HEADER_BYTES, end)) === view.getUint32(pos + 4, true)
    )
      return true;
  }
  return false;
}
