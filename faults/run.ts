// `npm run test:faults`: the full fault suite (default 200 randomized schedules).
//
//   npm run test:faults -- [--schedules N] [--seed S] [--only i,j] [--verbose] [--no-chromium]
//   FAULT_SCHEDULES=N FAULT_SEED=S npm run test:faults
//
// Prints the seed first; a failing schedule is printed with its steps and the command that replays
// it alone (`--seed S --only i`). Exits 1 when any invariant was violated.
import { runSuite, DEFAULT_VIAS } from './suite.ts';

interface Options {
  schedules: number;
  seed: number;
  only: number[] | undefined;
  verbose: boolean;
  chromium: boolean;
}

function parseOptions(argv: readonly string[]): Options {
  const env = process.env;
  const options: Options = {
    schedules: Number(env['FAULT_SCHEDULES'] ?? 200),
    seed:
      env['FAULT_SEED'] !== undefined ? Number(env['FAULT_SEED']) : Math.floor(Math.random() * 0x1_0000_0000),
    only: undefined,
    verbose: false,
    chromium: true,
  };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i]!;
    const value = argv[i + 1];
    const number = () => {
      const n = Number(value);
      if (value === undefined || !Number.isInteger(n) || n < 0) usage(`${flag} needs a non-negative integer`);
      i += 1;
      return n;
    };
    if (flag === '--schedules') options.schedules = number();
    else if (flag === '--seed') options.seed = number() >>> 0;
    else if (flag === '--only') {
      if (value === undefined || !/^\d+(,\d+)*$/.test(value))
        usage('--only needs schedule indices, e.g. 17 or 3,17');
      options.only = value.split(',').map(Number);
      i += 1;
    } else if (flag === '--verbose') options.verbose = true;
    else if (flag === '--no-chromium') options.chromium = false;
    else usage(`unknown argument ${flag}`);
  }
  if (!Number.isInteger(options.seed) || options.seed < 0) usage('the seed must be a non-negative integer');
  if (!Number.isInteger(options.schedules)) usage('FAULT_SCHEDULES must be an integer');
  return options;
}

function usage(problem: string): never {
  console.error(
    `${problem}\nusage: npm run test:faults -- [--schedules N] [--seed S] [--only i,j] [--verbose] [--no-chromium]`,
  );
  process.exit(2);
}

const options = parseOptions(process.argv.slice(2));
const abort = new AbortController();
// Ctrl-C (or SIGTERM) finishes the running schedule, then stops the devnet, portal and browser.
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    console.log(`${signal}: stopping after this schedule`);
    abort.abort();
  });
}
const report = await runSuite({
  seed: options.seed,
  count: options.schedules,
  ...(options.only ? { only: options.only } : {}),
  vias: options.chromium ? DEFAULT_VIAS : { ...DEFAULT_VIAS, chromium: 0 },
  verbose: options.verbose,
  signal: abort.signal,
});
// An interrupted run proves nothing about the schedules it did not reach.
process.exitCode = report.failed.length > 0 ? 1 : abort.signal.aborted ? 130 : 0;
