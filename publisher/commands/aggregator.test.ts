// `floe aggregator` without a network: its help, usage errors (exit 2) and the error for a missing
// devnet (exit 1). Serving against a devnet is aggregator/devnet.test.ts (the launcher runs it).
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../cli.ts';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'floe-aggregator-cli-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function floe(...argv: string[]) {
  let out = '';
  let err = '';
  const stream = new Writable({
    write(chunk, _e, done) {
      err += String(chunk);
      done();
    },
  });
  const code = await main(argv, { out: (l) => (out += `${l}\n`), err: stream, stdin: process.stdin });
  return { code, out, err };
}

describe('floe aggregator', () => {
  it('is listed in the help and documents its options', async () => {
    expect((await floe('--help')).out).toMatch(
      /aggregator\s+serve the Walrus aggregator\/publisher HTTP API/,
    );
    const help = await floe('aggregator', '--help');
    expect(help.code).toBe(0);
    for (const option of ['--network', '--port 31415', '--host 127.0.0.1', '--no-publisher', '--key-file']) {
      expect(help.out).toContain(option);
    }
  });

  it.each([
    [['--port', 'http'], /--port must be a port number/],
    [['--port', '70000'], /--port must be a port number/],
    [['extra'], /takes no arguments/],
    [['--no-publisher', '--key-file', 'k'], /makes no sense with --no-publisher/],
    [['--network', 'moon'], /moon/],
    [['--publisher'], /Unknown option/],
  ])('refuses %j with exit code 2 and the usage', async (args, message) => {
    const { code, err } = await floe('aggregator', ...args);
    expect(code).toBe(2);
    expect(err).toMatch(message);
    expect(err).toContain('usage: floe aggregator');
  });

  it('says how to start a devnet when there is none', async () => {
    const { code, err } = await floe('aggregator', '--devnet-dir', join(dir, 'none'), '--port', '0');
    expect(code).toBe(1);
    expect(err).toMatch(/no devnet found at .*npm run devnet/);
  });
});
