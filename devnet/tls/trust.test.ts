import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { loadOrCreateDevnetTls } from './devnet-tls.ts';
import { chromiumTrustArgs, trustCaInThisProcess } from './trust.ts';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const dir = await mkdtemp(join(tmpdir(), 'floe-tls-'));
const servers: Server[] = [];
afterAll(async () => {
  for (const server of servers) await new Promise((resolve) => server.close(resolve));
  await rm(dir, { recursive: true, force: true });
});

describe('trusting the devnet CA', () => {
  it('makes the global fetch accept a devnet server it refused before', async () => {
    const tls = await loadOrCreateDevnetTls(dir);
    const server = createServer({ cert: tls.certPem, key: tls.keyPem }, (_req, res) => res.end('ok'));
    servers.push(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `https://127.0.0.1:${(server.address() as AddressInfo).port}/`;

    const refused = await fetch(url).then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(refused).toBeInstanceOf(TypeError);
    expect(String((refused as TypeError).cause)).toMatch(/certificate/i);

    trustCaInThisProcess(tls.caPem);
    trustCaInThisProcess(tls.caPem);
    const response = await fetch(url);
    expect(await response.text()).toBe('ok');
    expect(chromiumTrustArgs(tls)).toEqual([`--ignore-certificate-errors-spki-list=${tls.spkiSha256}`]);
  });
});
