// Messages between an encode pool and its workers, shared by the CLI's worker threads and the
// browser's Web Workers: a request carries the quilt's files (or the one file to encode as a blob
// of its own), a reply the encoded blob with every sliver in one arena buffer, so the whole result
// crosses postMessage as a single transfer.
import type { BlobMetadata } from './bcs.ts';
import { EncodingError, WalrusCodec } from './encoding.ts';
import {
  encodeQuiltBlob,
  type EncodedQuilt,
  type QuiltFile,
  type QuiltPatchPlacement,
} from './quilt-encode.ts';

export interface EncodeRequest {
  readonly id: number;
  /** Shard count of the committee the quilt is encoded for. */
  readonly n: number;
  /**
   * `quilt`: the files built into one QuiltV1 blob. `blob`: exactly one file, encoded as it is
   * (its reply has no patches). @default 'quilt'
   */
  readonly kind?: 'quilt' | 'blob';
  readonly files: QuiltFile[];
}

/** An encoded quilt as it travels: plain data plus one arena holding every sliver. */
export interface PackedQuilt {
  readonly blobId: Uint8Array;
  readonly rootHash: Uint8Array;
  readonly metadata: BlobMetadata;
  readonly symbolSize: number;
  /** Primary slivers of all pairs, then secondary slivers of all pairs (as the codec lays them out). */
  readonly arena: ArrayBuffer;
  readonly primarySize: number;
  readonly secondarySize: number;
  readonly size: number;
  readonly patches: readonly QuiltPatchPlacement[];
}

export type EncodeReply =
  | ({ readonly id: number; readonly ok: true } & PackedQuilt)
  | { readonly id: number; readonly ok: false; readonly message: string };

/**
 * Packs an encoded quilt for postMessage; pass `transfer` as the transfer list. The codec already
 * writes every sliver into one arena in this layout, so that buffer is handed over as is (no copy)
 * and the input's slivers are detached once posted; slivers laid out any other way are copied
 * into a fresh arena first.
 */
export function packEncodedQuilt(quilt: EncodedQuilt): { reply: PackedQuilt; transfer: ArrayBuffer[] } {
  const { encoded, size, patches } = quilt;
  const n = encoded.primary.length;
  if (n === 0 || encoded.secondary.length !== n) {
    throw new EncodingError(
      `cannot pack ${n} primary and ${encoded.secondary.length} secondary slivers: need n ≥ 1 of each`,
    );
  }
  const primarySize = encoded.primary[0]!.length;
  const secondarySize = encoded.secondary[0]!.length;
  const arena = inPlaceArena(encoded.primary, encoded.secondary, primarySize, secondarySize) ?? copyArena();
  const reply: PackedQuilt = {
    blobId: encoded.blobId,
    rootHash: encoded.rootHash,
    metadata: encoded.metadata,
    symbolSize: encoded.symbolSize,
    arena,
    primarySize,
    secondarySize,
    size,
    patches,
  };
  return { reply, transfer: [arena] };

  function copyArena(): ArrayBuffer {
    const out = new Uint8Array(n * (primarySize + secondarySize));
    for (let k = 0; k < n; k++) {
      const p = encoded.primary[k]!;
      const s = encoded.secondary[k]!;
      if (p.length !== primarySize || s.length !== secondarySize) {
        throw new EncodingError(`cannot pack sliver pair ${k}: slivers of one blob must be equally long`);
      }
      out.set(p, k * primarySize);
      out.set(s, n * primarySize + k * secondarySize);
    }
    return out.buffer;
  }
}

/** The arena the slivers already share, if they are exactly the codec's layout over all of it. */
function inPlaceArena(
  primary: readonly Uint8Array[],
  secondary: readonly Uint8Array[],
  primarySize: number,
  secondarySize: number,
): ArrayBuffer | null {
  const n = primary.length;
  const buffer = primary[0]!.buffer;
  // A SharedArrayBuffer is not transferable, and a larger buffer holds bytes that are not ours.
  if (!(buffer instanceof ArrayBuffer) || buffer.byteLength !== n * (primarySize + secondarySize))
    return null;
  for (let k = 0; k < n; k++) {
    const p = primary[k]!;
    const s = secondary[k]!;
    if (p.buffer !== buffer || p.byteOffset !== k * primarySize || p.length !== primarySize) return null;
    const base = n * primarySize + k * secondarySize;
    if (s.buffer !== buffer || s.byteOffset !== base || s.length !== secondarySize) return null;
  }
  return buffer;
}

/** Rebuilds the encoded quilt from a reply; its slivers are views into the reply's arena. */
export function unpackEncodedQuilt(reply: PackedQuilt): EncodedQuilt {
  const n = reply.metadata.hashes.length;
  const { primarySize, secondarySize } = reply;
  if (reply.arena.byteLength !== n * (primarySize + secondarySize)) {
    throw new EncodingError(
      `encoded quilt arena holds ${reply.arena.byteLength} bytes, expected ${n * (primarySize + secondarySize)} for n = ${n}`,
    );
  }
  const arena = new Uint8Array(reply.arena);
  const primary: Uint8Array[] = [];
  const secondary: Uint8Array[] = [];
  for (let k = 0; k < n; k++) {
    primary.push(arena.subarray(k * primarySize, (k + 1) * primarySize));
    const base = n * primarySize + k * secondarySize;
    secondary.push(arena.subarray(base, base + secondarySize));
  }
  return {
    encoded: {
      blobId: reply.blobId,
      rootHash: reply.rootHash,
      metadata: reply.metadata,
      symbolSize: reply.symbolSize,
      primary,
      secondary,
    },
    size: reply.size,
    patches: reply.patches,
  };
}

/**
 * The files' buffers a request can transfer instead of copy: each distinct, non-shared buffer
 * that a file's view spans entirely. Transferring detaches them in the sender, so only use this
 * when the sender hands the bytes over. Views of a larger buffer are left out (the rest of it
 * may belong to someone else); see `ownedFiles` to copy those first.
 */
export function fileTransferList(files: readonly QuiltFile[]): ArrayBuffer[] {
  const out = new Set<ArrayBuffer>();
  for (const { contents } of files) {
    const buffer = contents.buffer;
    if (
      buffer instanceof ArrayBuffer &&
      contents.byteOffset === 0 &&
      contents.byteLength === buffer.byteLength
    ) {
      out.add(buffer);
    }
  }
  return [...out];
}

/**
 * Files whose views each span their own whole buffer: a view into a larger buffer is copied
 * (just its bytes), so posting the result with `fileTransferList` transfers every file and never
 * clones a larger buffer than the file.
 */
export function ownedFiles(files: readonly QuiltFile[]): QuiltFile[] {
  return files.map((f) => {
    const { contents } = f;
    const whole =
      contents.buffer instanceof ArrayBuffer &&
      contents.byteOffset === 0 &&
      contents.byteLength === contents.buffer.byteLength;
    return whole ? f : { identifier: f.identifier, contents: contents.slice() };
  });
}

/**
 * A worker's request handler: builds and encodes the quilt, or encodes the one file of a `blob`
 * request (one codec per shard count, kept for later requests), and packs the reply with its
 * transfer list. Never throws; a failure becomes an `ok: false` reply carrying the message.
 */
export function createEncodeHandler(): (request: EncodeRequest) => {
  reply: EncodeReply;
  transfer: ArrayBuffer[];
} {
  const codecs = new Map<number, WalrusCodec>();
  return (request) => {
    try {
      let codec = codecs.get(request.n);
      if (!codec) codecs.set(request.n, (codec = new WalrusCodec(request.n)));
      const encoded =
        request.kind === 'blob'
          ? encodeFileBlob(codec, request.files)
          : encodeQuiltBlob(codec, request.files);
      const { reply, transfer } = packEncodedQuilt(encoded);
      return { reply: { id: request.id, ok: true, ...reply }, transfer };
    } catch (error) {
      return { reply: encodeFailure(request.id, error), transfer: [] };
    }
  };
}

/** The one file of a `blob` request encoded as a blob of its own, shaped as a quilt without patches. */
function encodeFileBlob(codec: WalrusCodec, files: readonly QuiltFile[]): EncodedQuilt {
  if (files.length !== 1) {
    throw new EncodingError(`a blob request carries exactly one file, got ${files.length}`);
  }
  const contents = files[0]!.contents;
  return { encoded: codec.encode(contents), size: contents.length, patches: [] };
}

/** An `ok: false` reply for `error` (also for failures outside the handler, e.g. loading the WASM). */
export function encodeFailure(id: number, error: unknown): EncodeReply {
  return { id, ok: false, message: (error as Error)?.message ?? String(error) };
}
