// A minimal ISO BMFF reader for tests: lists boxes with their offsets and payloads, and reads the
// sample tables of the first track back, so tests can check what the muxer wrote.

export interface Mp4Box {
  readonly type: string;
  /** Offset of the box header in the file. */
  readonly offset: number;
  readonly size: number;
  readonly payload: Uint8Array;
}

/** Boxes that only contain other boxes (and, for stsd/dref, a count first). */
const CONTAINERS: Record<string, number> = { moov: 0, trak: 0, mdia: 0, minf: 0, dinf: 0, stbl: 0 };

export function boxes(data: Uint8Array, base = 0): Mp4Box[] {
  const out: Mp4Box[] = [];
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  let at = 0;
  while (at < data.length) {
    if (at + 8 > data.length) throw new Error(`truncated box header at ${base + at}`);
    const size = view.getUint32(at);
    const type = String.fromCharCode(...data.subarray(at + 4, at + 8));
    if (size < 8 || at + size > data.length)
      throw new Error(`box ${type} at ${base + at} has bad size ${size}`);
    out.push({ type, offset: base + at, size, payload: data.subarray(at + 8, at + size) });
    at += size;
  }
  return out;
}

/** The box at `path` (e.g. `moov/trak/mdia/minf/stbl/stsz`), searching containers only. */
export function find(data: Uint8Array, path: string): Mp4Box {
  let level = boxes(data);
  let found: Mp4Box | undefined;
  for (const type of path.split('/')) {
    found = level.find((b) => b.type === type);
    if (!found) throw new Error(`no ${type} in ${path}`);
    if (type in CONTAINERS) level = boxes(found.payload, found.offset + 8);
  }
  return found!;
}

/** Big-endian u32 values of a full box's payload after version/flags, from word `from`. */
export function words(box: Mp4Box, from = 0): number[] {
  const view = new DataView(box.payload.buffer, box.payload.byteOffset, box.payload.byteLength);
  const out: number[] = [];
  for (let at = 4 + 4 * from; at + 4 <= box.payload.length; at += 4) out.push(view.getUint32(at));
  return out;
}
