// The CLI without a network: help for every command, usage errors with exit code 2, `convert`,
// and clear errors for a missing folder or a missing devnet.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from './cli.ts';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'floe-cli-'));
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

const COMMANDS = [
  ['deploy'],
  ['promote'],
  ['site', 'show'],
  ['site', 'list'],
  ['site', 'destroy'],
  ['site', 'extend'],
  ['name', 'set'],
  ['name', 'show'],
  ['convert'],
  ['blob', 'put'],
  ['blob', 'get'],
];

describe('floe CLI', () => {
  it('prints help for every command', async () => {
    const top = await floe('--help');
    expect(top.code).toBe(0);
    for (const command of COMMANDS) {
      expect(top.out).toContain(command.join(' '));
      const help = await floe(...command, '--help');
      expect(help.code, command.join(' ')).toBe(0);
      expect(help.out).toMatch(new RegExp(`^usage: floe ${command.join(' ')}`));
    }
  });

  it('rejects unknown commands and flags with exit code 2 and the usage', async () => {
    expect((await floe('deplyo')).code).toBe(2);
    const flag = await floe('deploy', 'x', '--epoch', '3');
    expect(flag.code).toBe(2);
    expect(flag.err).toContain("Unknown option '--epoch'");
    expect(flag.err).toContain('usage: floe deploy');
    const group = await floe('site');
    expect(group.code).toBe(2);
    expect(group.err).toContain('show, history, list, destroy, extend');
    expect((await floe('deploy', 'x', '--epochs', 'zero')).err).toContain('--epochs must be');
    expect((await floe('deploy', 'x', '--network', 'moonnet')).err).toContain('unknown network "moonnet"');
    for (const size of ['512KiB', '32MB', 'big']) {
      const threshold = await floe('deploy', 'x', '--blob-threshold', size);
      expect(threshold.code, size).toBe(2);
      expect(threshold.err).toContain(
        `--blob-threshold must be a size of at least 1.0 MiB (e.g. 32MiB), got ${size}`,
      );
    }
    const small = await floe('deploy', 'x', '--memory-budget', '100MiB');
    expect(small.code).toBe(2);
    expect(small.err).toContain('a memory budget of 100 MiB is below the minimum of 256 MiB');
  });

  it('says in deploy --help which files become blobs and how to change it', async () => {
    const help = await floe('deploy', '--help');
    expect(help.out).toMatch(/--blob-threshold <size>\s+files of this size or more are stored as blobs/);
    expect(help.out).toContain('default 32MiB');
    expect(help.out).toMatch(/--memory-budget <size>\s+resident memory the deploy may use \(default 1GiB/);
  });

  it('converts object IDs to base36 labels and back', async () => {
    const id = '0x5ac988828a0c9842d91e6d5bdd9552ec9fcdddf11c56bf82dff6d5566685a31e';
    const label = '29gjzk8yjl1v7zm2etee1siyzaqfj9jaru5ufs6yyh1yqsgun2';
    expect((await floe('convert', id)).out.trim()).toBe(label);
    expect((await floe('convert', label)).out.trim()).toBe(id);
    expect((await floe('convert', 'not-base36!')).code).toBe(2);
  });

  it('fails clearly for a missing folder and for a devnet that is not running', async () => {
    const missing = await floe('deploy', join(dir, 'nope'));
    expect(missing.code).toBe(1);
    expect(missing.err).toMatch(/folder .*nope does not exist/);
    const noDevnet = await floe('deploy', dir, '--devnet-dir', join(dir, 'no-devnet'));
    expect(noDevnet.code).toBe(1);
    expect(noDevnet.err).toContain('no devnet found');
    expect(noDevnet.err).toContain('npm run devnet');
  });
});
