// Fuzz targets over request handlers (storage node, admin API, chain JSON-RPC) rather than pure
// parsers: each target opens a small world (a store in a temporary folder, a server), feeds it one
// request at a time through fuzzAsync and checks the answer and the state around it. The world is
// put back to its baseline after any input that changed it, so every input meets the same state
// and one iteration replays on its own.
import { accessSync, constants } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fuzzAsync, inputAt, PropertyViolation, type MutateContext } from './engine.ts';
import type { FuzzTarget } from './target.ts';

/**
 * A request the server refused with a well-formed, clear error: the "documented error" of a request
 * target. Its message is the server's own error text, so the engine's unclear-message rule applies
 * to what clients would read.
 */
export class RequestRejected extends Error {
  override name = 'RequestRejected';
}

export interface RequestTargetSpec<T, W> {
  readonly name: string;
  readonly parsers: string;
  /** Sets up the world the inputs run against. */
  open(): Promise<W>;
  /** The seeds (valid requests, and some known-bad ones); the same for every world. */
  seeds(world: W): Promise<readonly T[]> | readonly T[];
  mutate(input: T, context: MutateContext<T>): T;
  /** Sends one input and checks the answer; throws PropertyViolation or RequestRejected. */
  check(world: W, input: T): Promise<void>;
  format(input: T, max: number): string;
  close(world: W): Promise<void>;
  /** Per-input time limit (ms) when higher than the run's: a request costs more than a parse. */
  readonly perInputMs?: number;
}

export function defineRequestTarget<T, W>(spec: RequestTargetSpec<T, W>): FuzzTarget {
  let opened: Promise<{ world: W; seeds: readonly T[] }> | undefined;
  const open = () =>
    (opened ??= spec.open().then(async (world) => ({ world, seeds: await spec.seeds(world) })));
  return {
    name: spec.name,
    parsers: spec.parsers,
    run: async (options) => {
      const { world, seeds } = await open();
      return fuzzAsync(spec.name, seeds, spec.mutate, (input) => spec.check(world, input), {
        ...options,
        perInputMs: Math.max(options.perInputMs ?? 50, spec.perInputMs ?? 0),
        expected: [RequestRejected],
        format: (input) => spec.format(input, 400),
      });
    },
    describeInput: async (seed, iteration, max = 400) => {
      const { seeds } = await open();
      return spec.format(inputAt(spec.name, seeds, spec.mutate, seed, iteration), max);
    },
    close: async () => {
      const current = opened;
      opened = undefined;
      if (current) await spec.close((await current).world);
    },
  };
}

/** Fails the input (a property of the answer or the state did not hold). */
export function violation(message: string): never {
  throw new PropertyViolation(message);
}

// ---- temporary folders ---------------------------------------------------------------------------

/**
 * Where scratch folders go: `FUZZ_SCRATCH_DIR` when run.ts set it (it removes that folder at the
 * end, also what a worker killed for a hang left behind), else memory (/dev/shm) where there is
 * one, since fsync costs nothing there, else the OS temp folder.
 */
export function scratchRoot(): string {
  const root = process.env.FUZZ_SCRATCH_DIR;
  if (root !== undefined && root !== '') return root;
  try {
    accessSync('/dev/shm', constants.W_OK);
    return '/dev/shm';
  } catch {
    return tmpdir();
  }
}

/** A fresh folder for a store or a chain. */
export async function scratchDir(prefix: string): Promise<string> {
  return mkdtemp(join(scratchRoot(), prefix));
}

export async function removeDir(dir: string): Promise<void> {
  await rm(dir, { recursive: true, force: true });
}

// ---- request-target text -------------------------------------------------------------------------

const ALLOWED_IN_TARGET = /[!-~]/;

/**
 * `target` as a client would put it on the request line: characters a URL cannot hold literally
 * (controls, space, DEL, non-ASCII) percent-encoded as UTF-8 (lone surrogates as U+FFFD), the rest,
 * `%` included, left alone so malformed escapes reach the server.
 */
export function clientEncode(target: string): string {
  let out = '';
  for (const char of target) {
    if (ALLOWED_IN_TARGET.test(char)) out += char;
    else
      for (const byte of new TextEncoder().encode(char))
        out += `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}
