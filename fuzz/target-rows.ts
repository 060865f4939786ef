// The two shapes most parser targets share: a text parser or a bytes parser, mutated by the
// engine's generic mutators and checked by one function. A target of either shape is one row of
// data (name, documented errors, seeds, tokens, check); targets with structured inputs use
// defineTarget directly.
import { mutateBytes, mutateText, showBytes, showText, type ErrorClass } from './engine.ts';
import { defineTarget, type FuzzTarget } from './target.ts';

interface Row<T> {
  readonly name: string;
  /** The functions under test; by default the part of the name after its last `.`. */
  readonly parsers?: string;
  readonly expected: readonly ErrorClass[];
  readonly seeds: () => readonly T[];
  /** Inputs grow up to this many characters or bytes (the engine's default otherwise). */
  readonly maxLength?: number;
  readonly check: (input: T) => void;
}

export interface TextRow extends Row<string> {
  /** Fragments the mutator splices in: the format's keywords and delimiters. */
  readonly tokens?: readonly string[];
}

export interface BytesRow extends Row<Uint8Array> {
  /** See TargetSpec.knownSlowMs. */
  readonly knownSlowMs?: number;
}

function parsersOf(row: Pick<Row<never>, 'name' | 'parsers'>): string {
  return row.parsers ?? row.name.slice(row.name.lastIndexOf('.') + 1);
}

export function textTarget(row: TextRow): FuzzTarget {
  return defineTarget<string>({
    name: row.name,
    parsers: parsersOf(row),
    expected: row.expected,
    seeds: row.seeds,
    mutate: (input, { rng, seeds }) =>
      mutateText(input, rng, {
        donors: seeds,
        ...(row.tokens ? { tokens: row.tokens } : {}),
        ...(row.maxLength ? { maxLength: row.maxLength } : {}),
      }),
    check: row.check,
    format: (input, max) => showText(input, max),
  });
}

export function bytesTarget(row: BytesRow): FuzzTarget {
  return defineTarget<Uint8Array>({
    name: row.name,
    parsers: parsersOf(row),
    expected: row.expected,
    knownSlowMs: row.knownSlowMs,
    seeds: row.seeds,
    mutate: (input, { rng, seeds }) =>
      mutateBytes(input, rng, { donors: seeds, ...(row.maxLength ? { maxLength: row.maxLength } : {}) }),
    check: row.check,
    format: (input, max) => showBytes(input, Math.max(64, max / 2)),
  });
}
