// The `floe` CLI run in this process, for tests and benchmarks: what it printed, and a deploy
// helper that returns the site's ID or throws with the CLI's own error text.
import { Writable } from 'node:stream';
import { main as floe } from '../cli.ts';

export interface FloeRun {
  readonly code: number;
  /** stdout lines joined. */
  readonly out: string;
  readonly err: string;
}

export async function runFloe(argv: readonly string[]): Promise<FloeRun> {
  const out: string[] = [];
  let err = '';
  const code = await floe([...argv], {
    out: (line) => out.push(line),
    err: new Writable({
      write: (chunk, _encoding, done) => {
        err += String(chunk);
        done();
      },
    }),
    stdin: process.stdin,
  });
  return { code, out: out.join('\n'), err };
}

/** `floe deploy <folder> --json` on the devnet in `devnetDir`; the new or updated site's ID. */
export async function deployFolder(folder: string, devnetDir: string): Promise<string> {
  const run = await runFloe(['deploy', folder, '--json', '--quiet', '--devnet-dir', devnetDir]);
  if (run.code !== 0) throw new Error(`floe deploy ${folder} exited with ${run.code}: ${run.err}`);
  return (JSON.parse(run.out) as { siteId: string }).siteId;
}
