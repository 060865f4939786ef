// A small seeded mutation fuzzer for the parsers that read outside input. Every input is a pure
// function of (seed, target name, iteration): iteration i < seeds.length is seed i unchanged, any
// later one is a random seed put through a stack of random mutations drawn from its own PRNG. So a
// failure is replayed from three numbers, without re-running the inputs before it:
//   FUZZ_SEED=<seed> FUZZ_ONLY=<name> FUZZ_ITER=<iteration> npx node fuzz/run.ts
// Each input's outcome is classified: the parser returned (and the target's property checks held),
// or it threw one of its documented error classes: fine. Anything else is a failure: another error
// class (TypeError, RangeError, a stack overflow, a plain Error), a property violation, or an input
// that took longer than the per-input limit (a hang in the making).
import { isDeepStrictEqual } from 'node:util';
import { uleb128 } from '../core/walrus/bcs.ts';

// ---- PRNG ---------------------------------------------------------------------------------------

/** xorshift32, seeded through a splitmix-style hash so nearby seeds give unrelated streams. */
export class Rng {
  #state: number;

  constructor(seed: number) {
    this.#state = mix32(seed) || 0x9e3779b9;
  }

  /** Uniform in [0, 2^32). */
  u32(): number {
    let x = this.#state;
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    this.#state = x;
    return x;
  }

  /** Uniform integer in [0, n), n ≥ 1. */
  below(n: number): number {
    return n <= 1 ? 0 : Math.floor((this.u32() / 0x1_0000_0000) * n);
  }

  /** Uniform integer in [low, high]. */
  between(low: number, high: number): number {
    return low + this.below(high - low + 1);
  }

  chance(p: number): boolean {
    return this.u32() / 0x1_0000_0000 < p;
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error('pick from an empty list');
    return items[this.below(items.length)]!;
  }

  /** A length biased towards small values: uniform in [0, 2^k) for a uniform k ≤ log2(max). */
  size(max: number): number {
    if (max <= 1) return max;
    const bits = Math.ceil(Math.log2(max + 1));
    return Math.min(max, this.below(2 ** this.below(bits + 1)));
  }
}

function mix32(value: number): number {
  let x = value >>> 0;
  x = Math.imul(x ^ (x >>> 16), 0x7feb352d) >>> 0;
  x = Math.imul(x ^ (x >>> 15), 0x846ca68b) >>> 0;
  return (x ^ (x >>> 16)) >>> 0;
}

/** FNV-1a of a name, so each target draws its own stream from one seed. */
export function hashName(name: string): number {
  let x = 0x811c9dc5;
  for (let i = 0; i < name.length; i++) x = Math.imul(x ^ name.charCodeAt(i), 16777619) >>> 0;
  return x;
}

/** The PRNG seed of one iteration of one target. */
export function iterationSeed(seed: number, name: string, iteration: number): number {
  return mix32(mix32(seed ^ hashName(name)) ^ mix32(iteration + 0x51ed27));
}

// ---- text mutators ------------------------------------------------------------------------------

/** Tokens that matter to most of the text formats here. */
export const TEXT_TOKENS: readonly string[] = [
  '{',
  '}',
  '[',
  ']',
  '"',
  "'",
  ':',
  ',',
  '\\',
  '\\"',
  '\\u',
  '\\ud800',
  '\\u0000',
  '\n',
  '\r\n',
  '\r',
  '\t',
  ' ',
  '  ',
  '*',
  '**',
  '***',
  '/**/',
  '?',
  '[!',
  '[]]',
  '-',
  '/',
  '//',
  '.',
  '..',
  '/../',
  '/./',
  '%',
  '%2',
  '%25',
  '%2F',
  '%2A',
  '%0A',
  '%00',
  '%C3%A9',
  '%E0%A4%A',
  '%ED%A0%80',
  '%FF',
  '#',
  '!',
  '=',
  '&',
  ':splat',
  ':name',
  'https://',
  '//host',
  '\u0000',
  '\u0001',
  '\u007f',
  '\u0085',
  '\u00a0',
  '\u00ff',
  '\u0100',
  '\u2028',
  '\ufeff',
  '\ufffd',
  '\ud800',
  '\udc00',
  '\ud83d\ude00',
  '\u212a',
  '\u0130',
  'null',
  'true',
  'false',
  '0',
  '-0',
  '1e999',
  '0x',
  '__proto__',
  'constructor',
  'toString',
];

/** Characters worth inserting one at a time: controls, separators, case-mapping oddities, surrogates. */
const INTERESTING_CHARS: readonly string[] = [
  '\u0000',
  '\u0008',
  '\u000b',
  '\u000c',
  '\u001f',
  '\u007f',
  '\u0080',
  '\u009f',
  '\u00a0',
  '\u00e9',
  '\u00ff',
  '\u0100',
  '\u0301', // combining acute
  '\u0130', // İ, lowercases to two code points
  '\u017f', // ſ, uppercases to S
  '\u1680',
  '\u200b',
  '\u200d',
  '\u2028',
  '\u2029',
  '\u202e',
  '\u212a', // Kelvin sign, lowercases to k
  '\u3000',
  '\ud7ff',
  '\ud800',
  '\udbff',
  '\udc00',
  '\udfff',
  '\ue000',
  '\ufeff',
  '\ufffe',
  '\uffff',
  '\ud83d\ude00',
  '\udbff\udfff',
];

const INTERESTING_NUMBERS: readonly string[] = [
  '0',
  '1',
  '-1',
  '00',
  '007',
  '200',
  '301',
  '302',
  '303',
  '304',
  '307',
  '308',
  '404',
  '999',
  '65535',
  '65536',
  '2147483647',
  '4294967296',
  '9007199254740991',
  '9007199254740993',
  '18446744073709551616',
  '1e3',
  '1.5',
  '-0',
  '3e2',
  '301.0',
  '1'.repeat(40),
  '9'.repeat(500),
];

/** Run lengths for the "very long run" mutation; the largest ones are rare. */
const RUN_LENGTHS: readonly number[] = [2, 3, 8, 16, 64, 65, 128, 255, 256, 1000, 2049, 4096];

export interface TextMutationOptions {
  /** Strings to splice chunks from (other seeds). */
  readonly donors?: readonly string[];
  /** Extra format-specific tokens, tried as often as the shared ones. */
  readonly tokens?: readonly string[];
  /** Upper bound on the result's length (UTF-16 units); longer results are truncated. */
  readonly maxLength?: number;
  /** How many mutations to stack at most (default 6). */
  readonly maxStack?: number;
}

type TextMutator = (text: string, rng: Rng, options: TextMutationOptions) => string;

function token(rng: Rng, options: TextMutationOptions): string {
  if (options.tokens !== undefined && options.tokens.length > 0 && rng.chance(0.5)) {
    return rng.pick(options.tokens);
  }
  return rng.pick(TEXT_TOKENS);
}

function span(text: string, rng: Rng): [start: number, end: number] {
  const start = rng.below(text.length + 1);
  return [start, Math.min(text.length, start + 1 + rng.size(Math.max(1, text.length - start)))];
}

const TEXT_MUTATORS: readonly TextMutator[] = [
  // insert a dictionary token
  (text, rng, options) => {
    const at = rng.below(text.length + 1);
    return text.slice(0, at) + token(rng, options) + text.slice(at);
  },
  // replace a chunk with a dictionary token
  (text, rng, options) => {
    const [start, end] = span(text, rng);
    return text.slice(0, start) + token(rng, options) + text.slice(end);
  },
  // delete a chunk
  (text, rng) => {
    const [start, end] = span(text, rng);
    return text.slice(0, start) + text.slice(end);
  },
  // duplicate a chunk somewhere else
  (text, rng) => {
    const [start, end] = span(text, rng);
    const at = rng.below(text.length + 1);
    return text.slice(0, at) + text.slice(start, end) + text.slice(at);
  },
  // splice in a chunk of another seed
  (text, rng, options) => {
    const donor = options.donors !== undefined && options.donors.length > 0 ? rng.pick(options.donors) : text;
    const [start, end] = span(donor, rng);
    const [cutStart, cutEnd] = rng.chance(0.5) ? span(text, rng) : [rng.below(text.length + 1), -1];
    const at = cutStart;
    return text.slice(0, at) + donor.slice(start, end) + text.slice(cutEnd === -1 ? at : cutEnd);
  },
  // swap two chunks
  (text, rng) => {
    const [a, b] = span(text, rng);
    const [c, d] = span(text, rng);
    if (b > c) return text;
    return text.slice(0, a) + text.slice(c, d) + text.slice(b, c) + text.slice(a, b) + text.slice(d);
  },
  // a long run of one token, a char or a chunk of the input
  (text, rng, options) => {
    const unit = rng.chance(0.4)
      ? token(rng, options)
      : rng.chance(0.5)
        ? rng.pick(INTERESTING_CHARS)
        : text.slice(...span(text, rng)).slice(0, 8);
    const length = rng.chance(0.02) ? 70_000 : rng.pick(RUN_LENGTHS);
    const at = rng.below(text.length + 1);
    return (
      text.slice(0, at) +
      unit.repeat(Math.max(1, Math.floor(length / Math.max(1, unit.length)))) +
      text.slice(at)
    );
  },
  // one interesting character (controls, separators, surrogate halves, case-mapping oddities)
  (text, rng) => {
    const at = rng.below(text.length + 1);
    const replace = rng.chance(0.3) ? 1 : 0;
    return text.slice(0, at) + rng.pick(INTERESTING_CHARS) + text.slice(at + replace);
  },
  // a random code point: ASCII (controls included), Latin-1, BMP, astral
  (text, rng) => {
    const at = rng.below(text.length + 1);
    const kind = rng.below(4);
    const code =
      kind === 0
        ? rng.below(0x80)
        : kind === 1
          ? rng.below(0x100)
          : kind === 2
            ? rng.below(0x10000)
            : rng.between(0x10000, 0x10ffff);
    return text.slice(0, at) + String.fromCodePoint(code) + text.slice(at);
  },
  // byte-order mark in front (or a second one)
  (text) => `\ufeff${text}`,
  // flip the case of a chunk
  (text, rng) => {
    const [start, end] = span(text, rng);
    const chunk = text.slice(start, end);
    const flipped = rng.chance(0.5) ? chunk.toUpperCase() : chunk.toLowerCase();
    return text.slice(0, start) + flipped + text.slice(end);
  },
  // change line endings
  (text, rng) => {
    const ending = rng.pick(['\r\n', '\r', '\n', '\n\n', ' \n', '\n\t', '\u2028']);
    return rng.chance(0.5) ? text.replaceAll('\n', ending) : text.replace('\n', ending);
  },
  // replace a number with an interesting one
  (text, rng) => {
    const numbers = [...text.matchAll(/-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?/g)];
    const replacement = rng.pick(INTERESTING_NUMBERS);
    if (numbers.length === 0) {
      const at = rng.below(text.length + 1);
      return text.slice(0, at) + replacement + text.slice(at);
    }
    const match = rng.pick(numbers);
    return text.slice(0, match.index) + replacement + text.slice(match.index + match[0].length);
  },
  // truncate
  (text, rng) => text.slice(0, rng.below(text.length + 1)),
  // repeat a whole line
  (text, rng) => {
    const lines = text.split('\n');
    const i = rng.below(lines.length);
    lines.splice(rng.below(lines.length + 1), 0, lines[i]!);
    return lines.join('\n');
  },
  // replace one character by a random ASCII one
  (text, rng) => {
    if (text.length === 0) return String.fromCharCode(rng.below(0x80));
    const at = rng.below(text.length);
    return text.slice(0, at) + String.fromCharCode(rng.below(0x80)) + text.slice(at + 1);
  },
];

/** Applies 1 to `maxStack` random text mutations. */
export function mutateText(text: string, rng: Rng, options: TextMutationOptions = {}): string {
  const count = 1 + rng.size((options.maxStack ?? 6) - 1);
  let out = text;
  for (let i = 0; i < count; i++) out = rng.pick(TEXT_MUTATORS)(out, rng, options);
  const max = options.maxLength ?? 200_000;
  return out.length > max ? out.slice(0, max) : out;
}

// ---- byte mutators ------------------------------------------------------------------------------

const BOUNDARY_BYTES: readonly number[] = [0x00, 0x01, 0x02, 0x7e, 0x7f, 0x80, 0x81, 0xfe, 0xff];

/** ULEB128 lengths worth trying, canonical and not. */
const ULEB_SAMPLES: readonly (readonly number[])[] = [
  [0x00],
  [0x01],
  [0x7f],
  [0x80, 0x01],
  [0xff, 0x01],
  [0x80, 0x80, 0x01],
  [0xff, 0xff, 0x03],
  [0xff, 0xff, 0xff, 0xff, 0x07], // 2^31 - 1
  [0xff, 0xff, 0xff, 0xff, 0x0f], // 2^32 - 1
  [0x80, 0x80, 0x80, 0x80, 0x10], // 2^32
  [0xff, 0xff, 0xff, 0xff, 0x7f], // 2^35 - 1
  [0x80, 0x00], // non-canonical 0
  [0x81, 0x80, 0x00], // non-canonical 1
  [0xff, 0xff, 0xff, 0xff, 0xff, 0x01], // 6 bytes
  [0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x01],
  [0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x0f], // 2^53 - 1 region
  [0x80], // truncated
  [0xff, 0xff], // truncated
];

const INTERESTING_INTS: readonly number[] = [
  0, 1, 2, 0x7f, 0x80, 0xff, 0x100, 0x7fff, 0x8000, 0xffff, 0x1_0000, 0x7fff_ffff, 0x8000_0000, 0xffff_ffff,
];

type ByteMutator = (bytes: number[], rng: Rng, donors: readonly Uint8Array[]) => number[];

function byteSpan(bytes: readonly number[], rng: Rng): [number, number] {
  const start = rng.below(bytes.length + 1);
  return [start, Math.min(bytes.length, start + 1 + rng.size(Math.max(1, bytes.length - start)))];
}

function writeLe(bytes: number[], at: number, value: number, width: number): void {
  let rest = value;
  for (let i = 0; i < width; i++) {
    if (at + i < bytes.length) bytes[at + i] = rest % 256;
    rest = Math.floor(rest / 256);
  }
}

const BYTE_MUTATORS: readonly ByteMutator[] = [
  // flip one bit
  (bytes, rng) => {
    if (bytes.length === 0) return [rng.below(256)];
    bytes[rng.below(bytes.length)]! ^= 1 << rng.below(8);
    return bytes;
  },
  // set a byte to a boundary value
  (bytes, rng) => {
    if (bytes.length === 0) return [rng.pick(BOUNDARY_BYTES)];
    bytes[rng.below(bytes.length)] = rng.pick(BOUNDARY_BYTES);
    return bytes;
  },
  // set a byte to a random value
  (bytes, rng) => {
    if (bytes.length === 0) return [rng.below(256)];
    bytes[rng.below(bytes.length)] = rng.below(256);
    return bytes;
  },
  // add or subtract a little
  (bytes, rng) => {
    if (bytes.length === 0) return bytes;
    const at = rng.below(bytes.length);
    bytes[at] = (bytes[at]! + rng.between(-35, 35) + 256) & 0xff;
    return bytes;
  },
  // truncate (often near the end, where length checks live)
  (bytes, rng) =>
    bytes.slice(
      0,
      rng.chance(0.5) ? Math.max(0, bytes.length - 1 - rng.size(40)) : rng.below(bytes.length + 1),
    ),
  // extend with zeros, 0xff, random bytes or a copy of the tail
  (bytes, rng) => {
    const length = 1 + rng.size(rng.chance(0.05) ? 70_000 : 300);
    const fill = rng.below(4);
    const extra = Array.from({ length }, (_, i) =>
      fill === 0
        ? 0
        : fill === 1
          ? 0xff
          : fill === 2
            ? rng.below(256)
            : (bytes[i % Math.max(1, bytes.length)] ?? 0),
    );
    return [...bytes, ...extra];
  },
  // insert or overwrite with a ULEB128 length
  (bytes, rng) => {
    const uleb = rng.chance(0.6) ? [...rng.pick(ULEB_SAMPLES)] : [...uleb128(rng.size(0xffff_ffff))];
    const at = rng.below(bytes.length + 1);
    const overwrite = rng.chance(0.5) ? Math.min(uleb.length, bytes.length - at) : 0;
    return [...bytes.slice(0, at), ...uleb, ...bytes.slice(at + overwrite)];
  },
  // write a little-endian u16/u32/u64 boundary value
  (bytes, rng) => {
    if (bytes.length === 0) return bytes;
    const width = rng.pick([2, 4, 8]);
    const value = rng.pick(INTERESTING_INTS);
    writeLe(bytes, rng.below(bytes.length), rng.chance(0.2) && width === 8 ? 2 ** 53 + 2 : value, width);
    return bytes;
  },
  // delete a chunk
  (bytes, rng) => {
    const [start, end] = byteSpan(bytes, rng);
    return [...bytes.slice(0, start), ...bytes.slice(end)];
  },
  // duplicate a chunk
  (bytes, rng) => {
    const [start, end] = byteSpan(bytes, rng);
    const at = rng.below(bytes.length + 1);
    return [...bytes.slice(0, at), ...bytes.slice(start, end), ...bytes.slice(at)];
  },
  // splice in a chunk of another seed
  (bytes, rng, donors) => {
    const donor = donors.length > 0 ? [...rng.pick(donors)] : bytes;
    const [start, end] = byteSpan(donor, rng);
    const at = rng.below(bytes.length + 1);
    const overwrite = rng.chance(0.5) ? end - start : 0;
    return [...bytes.slice(0, at), ...donor.slice(start, end), ...bytes.slice(at + overwrite)];
  },
  // overwrite a chunk with random bytes
  (bytes, rng) => {
    const [start, end] = byteSpan(bytes, rng);
    for (let i = start; i < end; i++) bytes[i] = rng.below(256);
    return bytes;
  },
  // insert a boundary byte
  (bytes, rng) => {
    const at = rng.below(bytes.length + 1);
    return [...bytes.slice(0, at), rng.pick(BOUNDARY_BYTES), ...bytes.slice(at)];
  },
];

export interface ByteMutationOptions {
  readonly donors?: readonly Uint8Array[];
  readonly maxLength?: number;
  readonly maxStack?: number;
}

/** Applies 1 to `maxStack` random byte mutations. */
export function mutateBytes(input: Uint8Array, rng: Rng, options: ByteMutationOptions = {}): Uint8Array {
  const count = 1 + rng.size((options.maxStack ?? 6) - 1);
  let bytes = Array.from(input);
  for (let i = 0; i < count; i++) bytes = rng.pick(BYTE_MUTATORS)(bytes, rng, options.donors ?? []);
  const max = options.maxLength ?? 400_000;
  return Uint8Array.from(bytes.length > max ? bytes.slice(0, max) : bytes);
}

// ---- formatting ---------------------------------------------------------------------------------

/**
 * JSON-quoted with everything outside printable ASCII as `\uXXXX`, and cut: invisible characters,
 * look-alikes and lone surrogates must show in a failure report.
 */
export function showText(text: string, max = 400): string {
  const quote = (t: string) =>
    JSON.stringify(t).replace(/[^\x20-\x7e]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  return text.length > max ? `${quote(text.slice(0, max))}… (${text.length} chars)` : quote(text);
}

export function showBytes(bytes: Uint8Array, max = 160): string {
  const hex = Array.from(bytes.subarray(0, max), (b) => b.toString(16).padStart(2, '0')).join('');
  return `hex:${hex}${bytes.length > max ? `… (${bytes.length} bytes)` : ` (${bytes.length} bytes)`}`;
}

// ---- properties ---------------------------------------------------------------------------------

/** A property of a parser's result that did not hold (a failure, never an "expected" error). */
export class PropertyViolation extends Error {
  override name = 'PropertyViolation';
}

/**
 * Runs a property check. Whatever it throws becomes a `PropertyViolation`, so an error raised
 * while checking a result (say, re-parsing it) is never mistaken for the parser's expected error.
 */
export function property(what: string, check: () => boolean | void): void {
  let held: boolean | void;
  try {
    held = check();
  } catch (cause) {
    throw new PropertyViolation(`${what}: threw ${describeError(cause)}`, { cause });
  }
  if (held === false) throw new PropertyViolation(what);
}

export function assertEqual(what: string, actual: unknown, expected: unknown): void {
  if (!isDeepStrictEqual(actual, expected)) {
    throw new PropertyViolation(`${what}: got ${preview(actual)}, expected ${preview(expected)}`);
  }
}

function preview(value: unknown): string {
  if (value instanceof Uint8Array) return showBytes(value, 48);
  if (typeof value === 'string') return showText(value, 120);
  try {
    const text = JSON.stringify(value, (_, v: unknown) =>
      typeof v === 'bigint'
        ? `${v}n`
        : v instanceof Uint8Array
          ? showBytes(v, 16)
          : v instanceof Map
            ? [...v]
            : v,
    );
    return text === undefined ? String(value) : text.length > 240 ? `${text.slice(0, 240)}…` : text;
  } catch {
    return String(value);
  }
}

export function describeError(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message.split('\n')[0]!.slice(0, 300)}`;
  return `non-Error ${typeof error}: ${String(error).slice(0, 200)}`;
}

// ---- the fuzz loop ------------------------------------------------------------------------------

let timedMs: number | null = null;

/**
 * Runs the parser call of a check. When a check uses it, only the time spent in here counts
 * against the per-input limit, so property checks that re-parse or re-serialize a large input do
 * not make the parser look slow.
 */
export function timed<T>(parse: () => T): T {
  const t0 = performance.now();
  try {
    return parse();
  } finally {
    timedMs = (timedMs ?? 0) + performance.now() - t0;
  }
}

// Abstract so classes with any constructor signature fit.
export type ErrorClass = abstract new (...args: never[]) => Error;

export interface MutateContext<T> {
  readonly rng: Rng;
  /** All seeds, for crossover. */
  readonly seeds: readonly T[];
}

export interface FuzzOptions<T> {
  /** Inputs to try, the unmodified seeds first. */
  readonly runs: number;
  readonly seed: number;
  /** Stop early (reporting how far it got) once this much time has passed. */
  readonly timeBudgetMs?: number | undefined;
  /** An input whose check takes longer than this (best of 3 tries) is a failure. Default 50 ms. */
  readonly perInputMs?: number | undefined;
  /** The parser's documented error classes: throwing one of them is a clear rejection, not a failure. */
  readonly expected?: readonly ErrorClass[] | undefined;
  readonly format?: ((input: T) => string) | undefined;
  /** Run this one iteration only (replay). */
  readonly only?: number | undefined;
  /** First iteration to run (to resume after a hang); `runs` still counts from 0. */
  readonly start?: number | undefined;
  /** Distinct failures to keep samples of (default 8). */
  readonly maxSamples?: number | undefined;
  /** Called before each input, e.g. to publish progress to a watchdog. */
  readonly onIteration?: ((iteration: number) => void) | undefined;
}

export type FailureKind = 'crash' | 'property' | 'slow' | 'hang' | 'unclear-error';

export interface FuzzFailure {
  readonly kind: FailureKind;
  readonly iteration: number;
  /** Error class and first line of its message (or the timing). */
  readonly error: string;
  readonly input: string;
  readonly replay: string;
  /** Inputs that failed the same way (same kind and error text with numbers masked). */
  count: number;
  readonly stack?: string | undefined;
}

export interface FuzzReport {
  readonly name: string;
  readonly seed: number;
  readonly inputs: number;
  readonly ok: number;
  readonly expectedErrors: number;
  readonly failures: number;
  readonly samples: readonly FuzzFailure[];
  readonly ms: number;
  /** True when `timeBudgetMs` stopped the run before `runs` inputs. */
  readonly truncated: boolean;
  /** The slowest input seen, for the record. */
  readonly slowestMs: number;
  readonly slowestIteration: number;
}

/** The input of `iteration`: a seed as is, then mutated seeds. Pure in (seed, name, iteration). */
export function inputAt<T>(
  name: string,
  seeds: readonly T[],
  mutate: (input: T, context: MutateContext<T>) => T,
  seed: number,
  iteration: number,
): T {
  if (iteration < seeds.length) return seeds[iteration]!;
  const rng = new Rng(iterationSeed(seed, name, iteration));
  return mutate(rng.pick(seeds), { rng, seeds });
}

export function replayCommand(name: string, seed: number, iteration: number): string {
  return `FUZZ_SEED=${seed} FUZZ_ONLY=${name} FUZZ_ITER=${iteration} npx node fuzz/run.ts`;
}

// Messages of documented errors end up in front of users; these fragments mean the text was built
// from a value that was not there.
const UNCLEAR_MESSAGE = /\bundefined\b|\bNaN\b|\[object Object\]/;

/** Whether an error message looks built from a value that was not there (`undefined`, `NaN`, …). */
export function isUnclearMessage(message: string): boolean {
  return message.trim() === '' || UNCLEAR_MESSAGE.test(message);
}

/** What one try of a check came to: what it threw (if anything) and how long it took. */
interface Attempt {
  readonly error: unknown;
  readonly threw: boolean;
  readonly ms: number;
  /** The check had not settled after the async loop's hang limit. */
  readonly hung?: boolean;
}

/** Counts outcomes and keeps failure samples; shared by the synchronous and the async loop. */
class Tally<T> {
  readonly #name: string;
  readonly #options: FuzzOptions<T>;
  readonly #expected: readonly ErrorClass[];
  readonly #perInputMs: number;
  readonly #format: (input: T) => string;
  readonly #samples = new Map<string, FuzzFailure>();
  readonly #started = performance.now();
  ok = 0;
  expectedErrors = 0;
  failures = 0;
  inputs = 0;
  slowestMs = 0;
  slowestIteration = -1;
  truncated = false;

  constructor(name: string, options: FuzzOptions<T>) {
    this.#name = name;
    this.#options = options;
    this.#expected = options.expected ?? [];
    this.#perInputMs = options.perInputMs ?? 50;
    this.#format = options.format ?? ((input: T) => String(input));
  }

  get perInputMs(): number {
    return this.#perInputMs;
  }

  /** The iterations to run, honouring `only`, `start` and the time budget. */
  *iterations(): Generator<number> {
    const first = this.#options.only ?? this.#options.start ?? 0;
    const last = this.#options.only !== undefined ? this.#options.only + 1 : this.#options.runs;
    for (let iteration = first; iteration < last; iteration++) {
      const budget = this.#options.timeBudgetMs;
      if (budget !== undefined && performance.now() - this.#started > budget) {
        this.truncated = true;
        return;
      }
      this.#options.onIteration?.(iteration);
      this.inputs += 1;
      yield iteration;
    }
  }

  record(kind: FailureKind, iteration: number, input: T, error: string, cause?: unknown): void {
    this.failures += 1;
    // Failures alike up to quoted values and numbers are counted under one sample.
    const key = `${kind}|${error
      .replace(/"(?:[^"\\]|\\.)*"/g, '""')
      .replace(/\d+/g, 'N')
      .slice(0, 160)}`;
    const existing = this.#samples.get(key);
    if (existing !== undefined) {
      existing.count += 1;
      return;
    }
    if (this.#samples.size >= (this.#options.maxSamples ?? 8)) return;
    this.#samples.set(key, {
      kind,
      iteration,
      error,
      input: this.#format(input),
      replay: replayCommand(this.#name, this.#options.seed, iteration),
      count: 1,
      stack: cause instanceof Error ? cause.stack : undefined,
    });
  }

  classify(iteration: number, input: T, outcome: Attempt): void {
    if (outcome.ms > this.slowestMs) {
      this.slowestMs = outcome.ms;
      this.slowestIteration = iteration;
    }
    const { error, threw } = outcome;
    if (outcome.hung === true) {
      this.record('hang', iteration, input, `not settled after ${outcome.ms.toFixed(0)} ms`);
      return;
    }
    if (!threw) {
      this.ok += 1;
    } else if (error instanceof PropertyViolation) {
      this.record('property', iteration, input, describeError(error), error);
      return;
    } else if (this.#expected.some((errorClass) => error instanceof errorClass)) {
      const message = (error as Error).message;
      if (isUnclearMessage(message)) {
        this.record('unclear-error', iteration, input, describeError(error), error);
        return;
      }
      this.expectedErrors += 1;
    } else {
      this.record('crash', iteration, input, describeError(error), error);
      return;
    }
    if (outcome.ms > this.#perInputMs) {
      this.record(
        'slow',
        iteration,
        input,
        `took ${outcome.ms.toFixed(1)} ms (limit ${this.#perInputMs} ms)`,
      );
    }
  }

  report(): FuzzReport {
    return {
      name: this.#name,
      seed: this.#options.seed,
      inputs: this.inputs,
      ok: this.ok,
      expectedErrors: this.expectedErrors,
      failures: this.failures,
      samples: [...this.#samples.values()],
      ms: performance.now() - this.#started,
      truncated: this.truncated,
      slowestMs: this.slowestMs,
      slowestIteration: this.slowestIteration,
    };
  }
}

/**
 * Feeds `runs` inputs to `check` (which calls the parser and checks properties of its result)
 * and classifies every outcome. Never throws for a failing input; failures are in the report.
 */
export function fuzz<T>(
  name: string,
  seeds: readonly T[],
  mutate: (input: T, context: MutateContext<T>) => T,
  check: (input: T) => void,
  options: FuzzOptions<T>,
): FuzzReport {
  if (seeds.length === 0) throw new Error(`fuzz target ${name} has no seeds`);
  const tally = new Tally(name, options);
  const attempt = (input: T): Attempt => {
    timedMs = null;
    const t0 = performance.now();
    try {
      check(input);
      return { error: undefined, threw: false, ms: timedMs ?? performance.now() - t0 };
    } catch (error) {
      return { error, threw: true, ms: timedMs ?? performance.now() - t0 };
    }
  };
  for (const iteration of tally.iterations()) {
    const input = inputAt(name, seeds, mutate, options.seed, iteration);
    let outcome = attempt(input);
    // GC pauses and a busy machine make single timings noisy: keep the best of three.
    for (let retry = 0; retry < 2 && outcome.ms > tally.perInputMs; retry++) {
      const again = attempt(input);
      if (again.ms < outcome.ms) outcome = again;
    }
    tally.classify(iteration, input, outcome);
  }
  return tally.report();
}

export interface AsyncFuzzOptions<T> extends FuzzOptions<T> {
  /**
   * A check that has not settled after this long is a `hang` failure and the loop moves on (an
   * awaited request that never gets an answer does not block the thread, so the loop can see it).
   * @default 5000
   */
  readonly hangMs?: number | undefined;
}

/**
 * `fuzz` for checks that return a promise (a request handler driven in-process). Inputs run one
 * at a time, so a stateful target sees them in iteration order; the outcome rules are the same,
 * plus `hang` for a check that never settles. A slow input is retried for timing like in `fuzz`,
 * so checks must leave the target as they found it.
 */
export async function fuzzAsync<T>(
  name: string,
  seeds: readonly T[],
  mutate: (input: T, context: MutateContext<T>) => T,
  check: (input: T) => Promise<void>,
  options: AsyncFuzzOptions<T>,
): Promise<FuzzReport> {
  if (seeds.length === 0) throw new Error(`fuzz target ${name} has no seeds`);
  const tally = new Tally(name, options);
  const hangMs = options.hangMs ?? 5000;
  const attempt = async (input: T): Promise<Attempt> => {
    timedMs = null;
    const t0 = performance.now();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const hang = new Promise<'hang'>((resolve) => {
      timer = setTimeout(() => resolve('hang'), hangMs);
    });
    try {
      const settled = await Promise.race([check(input).then(() => 'done' as const), hang]);
      const ms = timedMs ?? performance.now() - t0;
      return settled === 'hang'
        ? { error: undefined, threw: false, ms, hung: true }
        : { error: undefined, threw: false, ms };
    } catch (error) {
      return { error, threw: true, ms: timedMs ?? performance.now() - t0 };
    } finally {
      clearTimeout(timer);
    }
  };
  for (const iteration of tally.iterations()) {
    const input = inputAt(name, seeds, mutate, options.seed, iteration);
    let outcome = await attempt(input);
    for (let retry = 0; retry < 2 && outcome.hung !== true && outcome.ms > tally.perInputMs; retry++) {
      const again = await attempt(input);
      if (again.ms < outcome.ms) outcome = again;
    }
    tally.classify(iteration, input, outcome);
  }
  return tally.report();
}

/** Human-readable failure list for a report. */
export function describeFailures(report: FuzzReport): string {
  return report.samples
    .map(
      (f) =>
        `  [${f.kind}] ${report.name} iteration ${f.iteration}${f.count > 1 ? ` (+${f.count - 1} alike)` : ''}: ${f.error}\n` +
        `    input:  ${f.input}\n` +
        `    replay: ${f.replay}`,
    )
    .join('\n');
}
