// The `Range` header as the Walrus daemon takes it on `GET /v1/blobs/{id}`: exactly one
// `bytes=start-end` range with both ends given (open and suffix ranges are refused, WAL-1108), and
// a range past the blob's end refused too — all as 416 with INVALID_BYTE_RANGE, where a generic
// server would ignore the header (the portal's core/serve/range.ts does). Pure.
import { errors, type DaemonApiError } from './errors.ts';

/** Bytes `start` through `end`, both inclusive. */
export interface DaemonRange {
  readonly start: bigint;
  readonly end: bigint;
}

const U64_MAX = 0xffff_ffff_ffff_ffffn;

export function parseDaemonRange(header: string): DaemonRange | DaemonApiError {
  if (/[^\t\x20-\x7e]/.test(header)) {
    return errors.invalidRange('invalid range header format: failed to convert header to a str');
  }
  const value = header.trim();
  if (!value.startsWith('bytes=')) return format('range header must start with "bytes="');
  const specs = value
    .slice('bytes='.length)
    .split(',')
    .map((s) => s.trim());
  const parsed: { start: bigint | null; end: bigint | null }[] = [];
  for (const spec of specs) {
    const match = /^([0-9]*)-([0-9]*)$/.exec(spec);
    if (!match || (match[1] === '' && match[2] === ''))
      return format(`invalid range ${JSON.stringify(spec)}`);
    const start = match[1] === '' ? null : BigInt(match[1]!);
    const end = match[2] === '' ? null : BigInt(match[2]!);
    if ((start ?? 0n) > U64_MAX || (end ?? 0n) > U64_MAX) return format('range index overflows u64');
    parsed.push({ start, end });
  }
  if (parsed.length !== 1) return errors.invalidRange('only support one range per request');
  const { start, end } = parsed[0]!;
  if (start === null) return errors.invalidRange('must provide start index');
  if (end === null) return errors.invalidRange('must provide end index');
  if (start > end) return errors.invalidRange('start index must be less than end index');
  return { start, end };
}

/** 416 for a range reaching past the blob; the end is exclusive in the message, as the daemon says it. */
export function checkRangeInBlob(range: DaemonRange, size: number): DaemonApiError | null {
  const endExclusive = range.end + 1n;
  if (endExclusive <= BigInt(size)) return null;
  return errors.invalidRange(
    `byte range out of bounds: requested ${range.start}-${endExclusive}, blob size is ${size}`,
  );
}

function format(why: string): DaemonApiError {
  return errors.invalidRange(`invalid range header format: ${why}`);
}
