// The repo's GitHub Action (action.yml), run step by step as the Actions runner would: each step's
// script under bash with its `env` evaluated (the `${{ inputs.* }}` and `${{ github.action_path }}`
// expressions it uses), GITHUB_OUTPUT collected, against a small devnet. The install step finds
// node_modules and skips `npm ci`; the deploy step runs `npx floe deploy` for real.
import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Ed25519Keypair } from '@mysten/sui/keypairs/ed25519';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { objectIdToBase36 } from '../core/site/base36.ts';
import { readSite } from '../core/sui/site-read.ts';
import { networkFromDevnetJson } from '../core/sui/networks.ts';
import { createSuiClient } from '../core/sui/client.ts';
import { startDevnet, type Devnet } from '../devnet/launcher/launcher.ts';

interface Step {
  readonly name: string;
  readonly id?: string;
  readonly shell: string;
  readonly env?: Record<string, string>;
  readonly run: string;
}
interface Action {
  readonly inputs: Record<string, { required?: boolean; default?: string }>;
  readonly outputs: Record<string, { value: string }>;
  readonly runs: { using: string; steps: Step[] };
}

const ROOT = resolve('.');
let dir: string;
let devnet: Devnet | undefined;
let action: Action;

beforeAll(async () => {
  action = parse(await readFile('action.yml', 'utf8')) as Action;
  dir = await mkdtemp(join(tmpdir(), 'floe-action-'));
  devnet = await startDevnet({ dir: join(dir, 'devnet'), nodes: 4, shards: 40, port: 0 });
}, 120_000);

afterAll(async () => {
  await devnet?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
}, 120_000);

/** `${{ inputs.x }}` and `${{ github.action_path }}`; any other expression fails the test. */
function evaluate(value: string, inputs: Record<string, string>): string {
  return value.replace(/\$\{\{\s*([^}]+?)\s*\}\}/g, (_, expression: string) => {
    if (expression === 'github.action_path') return ROOT;
    const input = /^inputs\.([\w-]+)$/.exec(expression)?.[1];
    if (input === undefined || !(input in action.inputs))
      throw new Error(`unsupported expression ${expression}`);
    return inputs[input] ?? action.inputs[input]!.default ?? '';
  });
}

/** Runs the action's steps in `workspace`; returns each step's exit code, output and the outputs. */
async function runAction(workspace: string, given: Record<string, string>) {
  for (const [name, input] of Object.entries(action.inputs))
    if (input.required && !(name in given)) throw new Error(`input ${name} is required`);
  const outputFile = join(workspace, 'github-output');
  await writeFile(outputFile, '');
  const logs: string[] = [];
  for (const step of action.runs.steps) {
    expect(step.shell).toBe('bash');
    expect(step.run).not.toContain('${{'); // inputs reach scripts through env only
    const env: Record<string, string> = {
      ...(process.env as Record<string, string>),
      GITHUB_OUTPUT: outputFile,
    };
    delete env['FLOE_PRIVATE_KEY'];
    for (const [name, value] of Object.entries(step.env ?? {})) env[name] = evaluate(value, given);
    const { code, output } = await bash(step.run, workspace, env);
    logs.push(output);
    if (code !== 0) return { code, logs, outputs: {} as Record<string, string> };
  }
  const outputs = Object.fromEntries(
    (await readFile(outputFile, 'utf8'))
      .split('\n')
      .filter(Boolean)
      .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]),
  );
  return { code: 0, logs, outputs };
}

function bash(script: string, cwd: string, env: Record<string, string>) {
  return new Promise<{ code: number; output: string }>((done, fail) => {
    const child = spawn('bash', ['-e', '-c', script], { cwd, env });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += String(chunk)));
    child.stderr.on('data', (chunk: Buffer) => (output += String(chunk)));
    child.on('error', fail);
    child.on('close', (code) => done({ code: code ?? 1, output }));
  });
}

async function fundedKey(): Promise<Ed25519Keypair> {
  const key = new Ed25519Keypair();
  const grant = String(100n * 1_000_000_000n);
  const response = await fetch(`${devnet!.config.faucetUrl}/floe/fund`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ recipient: key.toSuiAddress(), sui: grant, wal: grant }),
  });
  expect(response.ok, await response.clone().text()).toBe(true);
  return key;
}

describe('the GitHub Action (action.yml)', () => {
  it('maps its outputs to the deploy step', () => {
    expect(action.runs.using).toBe('composite');
    expect(action.outputs['site-id']!.value).toBe('${{ steps.deploy.outputs.site-id }}');
    expect(action.outputs['url']!.value).toBe('${{ steps.deploy.outputs.url }}');
    expect(action.runs.steps.some((s) => s.id === 'deploy')).toBe(true);
  });

  it('deploys a folder with the key from the secret and outputs the site ID and URL', async () => {
    const workspace = join(dir, 'workspace');
    await mkdir(join(workspace, 'public'), { recursive: true });
    await writeFile(join(workspace, 'public', 'index.html'), '<h1>deployed from CI</h1>\n');
    await writeFile(join(workspace, 'public', 'app.js'), 'console.log("hi");\n');
    const key = await fundedKey();
    const run = await runAction(workspace, {
      directory: 'public',
      'private-key': key.getSecretKey(),
      network: 'devnet',
      epochs: '2',
      args: `--devnet-dir ${devnet!.config.dir}`,
    });
    expect(run.code, run.logs.join('\n')).toBe(0);
    const siteId = run.outputs['site-id']!;
    expect(siteId).toMatch(/^0x[0-9a-f]{64}$/);
    expect(run.outputs['base36']).toBe(objectIdToBase36(siteId));
    expect(run.outputs['url']).toContain(objectIdToBase36(siteId));
    expect(run.logs.at(-1)).toContain(`Deployed ${run.outputs['url']}`);

    const network = networkFromDevnetJson(
      JSON.parse(await readFile(join(devnet!.config.dir, 'devnet.json'), 'utf8')),
    );
    const site = await readSite(createSuiClient(network), siteId, {
      packageId: network.walrusSite.originalPackageId,
    });
    expect([...site.resources.keys()].sort()).toEqual(['/app.js', '/index.html']);
    expect(site.owner).toBe(key.toSuiAddress());
  }, 180_000);

  it('fails with a clear error when the secret is missing, deploying nothing', async () => {
    const workspace = join(dir, 'empty-key');
    await mkdir(join(workspace, 'public'), { recursive: true });
    await writeFile(join(workspace, 'public', 'index.html'), 'x');
    const run = await runAction(workspace, { directory: 'public', 'private-key': '', network: 'devnet' });
    expect(run.code).toBe(1);
    expect(run.logs.at(-1)).toContain('::error::private-key is empty');
  }, 60_000);
});
