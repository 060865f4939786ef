// Sizes on the command line (`--blob-threshold 32MiB`): a whole number of bytes, or a number with a
// binary unit, as the CLI prints sizes (format.ts) and Walrus states its limits.

/** Bytes per unit, matched case-insensitively; `B` alone is bytes. */
const UNITS: Readonly<Record<string, number>> = {
  b: 1,
  kib: 1024,
  mib: 1024 ** 2,
  gib: 1024 ** 3,
  tib: 1024 ** 4,
};

/**
 * `1048576`, `1MiB`, `1.5 GiB`, `512kib` → bytes; null for anything else, for a negative number,
 * and for a value that is not a whole number of bytes (`1.3B`) or not a safe integer.
 */
export function parseByteSize(text: string): number | null {
  const match = /^\s*(\d+(?:\.\d+)?)\s*([a-z]*)\s*$/i.exec(text);
  if (!match) return null;
  const unit = match[2]!.toLowerCase();
  const scale = unit === '' ? 1 : UNITS[unit];
  if (scale === undefined) return null;
  const bytes = Number(match[1]) * scale;
  return Number.isSafeInteger(bytes) ? bytes : null;
}
