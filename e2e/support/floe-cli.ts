// The `floe` CLI run in the test's own process against a devnet, as a user would type it, with
// its output kept: stdout for the result a test parses, stderr so a failure shows why.
import { Writable } from 'node:stream';
import { main as floe } from '../../publisher/cli.ts';

export interface CliRun {
  readonly code: number;
  readonly out: string;
  readonly err: string;
}

export async function floeCli(devnetDir: string, ...argv: string[]): Promise<CliRun> {
  const out: string[] = [];
  let err = '';
  const code = await floe([...argv, '--devnet-dir', devnetDir], {
    out: (line) => out.push(line),
    err: new Writable({
      write: (chunk: Buffer, _encoding, done) => {
        err += chunk.toString('utf8');
        done();
      },
    }),
    stdin: process.stdin,
  });
  return { code, out: out.join('\n'), err };
}
