// What a fuzz target is for run.ts, worker.ts and the test, and how a parser target is built from
// its spec. Kept apart from the registry (targets.ts) so the files that define targets import only
// this, never the list that imports them.
import {
  fuzz,
  inputAt,
  type ErrorClass,
  type FuzzOptions,
  type FuzzReport,
  type MutateContext,
} from './engine.ts';

/** What run.ts and the test drive: a target with its input type erased. */
export interface FuzzTarget {
  readonly name: string;
  /** The functions under test, for the table. */
  readonly parsers: string;
  /** Parser targets answer at once; request-handler targets (node, RPC) drive a server in-process. */
  run(options: Omit<FuzzOptions<never>, 'expected' | 'format'>): FuzzReport | Promise<FuzzReport>;
  /** The formatted input of one iteration (to show a hang found by the watchdog). */
  describeInput(seed: number, iteration: number, max?: number): string | Promise<string>;
  /** Releases what the target set up (temporary folders, stores); a later `run` sets it up again. */
  close?(): Promise<void>;
}

export interface TargetSpec<T> {
  readonly name: string;
  readonly parsers: string;
  readonly expected: readonly ErrorClass[];
  /** Built on first use: some need the WASM encoder. */
  seeds(): readonly T[];
  mutate(input: T, context: MutateContext<T>): T;
  check(input: T): void;
  format(input: T, max: number): string;
  /**
   * A higher per-input time limit for a known, reported slowness this target may not fail on
   * (the reason goes next to it). The run's limit applies when it is higher.
   */
  readonly knownSlowMs?: number | undefined;
}

export function defineTarget<T>(spec: TargetSpec<T>): FuzzTarget {
  let seeds: readonly T[] | undefined;
  const getSeeds = () => (seeds ??= spec.seeds());
  return {
    name: spec.name,
    parsers: spec.parsers,
    run: (options) =>
      fuzz(spec.name, getSeeds(), spec.mutate, spec.check, {
        ...options,
        perInputMs: Math.max(options.perInputMs ?? 50, spec.knownSlowMs ?? 0),
        expected: spec.expected,
        format: (input) => spec.format(input, 400),
      }),
    describeInput: (seed, iteration, max = 400) =>
      spec.format(inputAt(spec.name, getSeeds(), spec.mutate, seed, iteration), max),
  };
}
