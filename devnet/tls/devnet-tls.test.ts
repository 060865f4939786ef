import { createHash, createPrivateKey, createPublicKey, X509Certificate } from 'node:crypto';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect } from 'node:tls';
import { afterAll, describe, expect, it } from 'vitest';
import { loadOrCreateDevnetTls, type DevnetTls } from './devnet-tls.ts';

const dirs: string[] = [];
const servers: Server[] = [];
afterAll(async () => {
  for (const server of servers) await new Promise((resolve) => server.close(resolve));
  await Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true })));
});

async function freshDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'floe-tls-'));
  dirs.push(dir);
  return join(dir, 'tls');
}

/** Completes a TLS handshake trusting only the devnet CA; resolves with the verdict. */
function handshake(tls: DevnetTls, port: number, host: string, servername?: string): Promise<string> {
  return new Promise((resolve) => {
    const socket = connect({ host, port, ca: tls.caPem, ...(servername ? { servername } : {}) }, () => {
      socket.end();
      resolve('trusted');
    });
    socket.on('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? error.message));
  });
}

describe('loadOrCreateDevnetTls', () => {
  it('issues a CA and a server certificate for the loopback names, key owner-only', async () => {
    const dir = await freshDir();
    const tls = await loadOrCreateDevnetTls(dir);
    expect([tls.caPath, tls.certPath, tls.keyPath]).toEqual(
      ['ca.pem', 'cert.pem', 'key.pem'].map((f) => join(dir, f)),
    );
    expect(await readFile(tls.certPath, 'utf8')).toBe(tls.certPem);
    expect((await stat(tls.keyPath)).mode & 0o777).toBe(0o600);

    const ca = new X509Certificate(tls.caPem);
    const leaf = new X509Certificate(tls.certPem);
    expect(ca.ca).toBe(true);
    expect(leaf.ca).toBe(false);
    expect(leaf.verify(ca.publicKey)).toBe(true);
    // The chain file ends with the CA, so clients that only know the CA's pin still see it.
    expect(tls.certPem.match(/BEGIN CERTIFICATE/g)).toHaveLength(2);
    expect(tls.certPem.trimEnd().endsWith(tls.caPem.trimEnd())).toBe(true);
    expect(leaf.subjectAltName).toBe(
      'IP Address:127.0.0.1, IP Address:0:0:0:0:0:0:0:1, DNS:localhost, DNS:*.localhost',
    );
    expect(leaf.publicKey.asymmetricKeyDetails?.namedCurve).toBe('prime256v1');
    const lifetimeDays = (leaf.validToDate.getTime() - leaf.validFromDate.getTime()) / 86_400_000;
    expect(lifetimeDays).toBeGreaterThan(364);
    expect(lifetimeDays).toBeLessThan(367);

    // The pin, computed from the key file rather than the certificate.
    const spki = createPublicKey(createPrivateKey(tls.keyPem)).export({ type: 'spki', format: 'der' });
    expect(tls.spkiSha256).toBe(createHash('sha256').update(spki).digest('base64'));
  });

  it('is trusted for 127.0.0.1 and localhost by a client that knows only the CA', async () => {
    const tls = await loadOrCreateDevnetTls(await freshDir());
    const server = createServer({ cert: tls.certPem, key: tls.keyPem }, (_req, res) => res.end());
    servers.push(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    expect(await handshake(tls, port, '127.0.0.1')).toBe('trusted');
    expect(await handshake(tls, port, '127.0.0.1', 'localhost')).toBe('trusted');
    expect(await handshake(tls, port, '127.0.0.1', 'example.com')).toBe('ERR_TLS_CERT_ALTNAME_INVALID');
    const other = await loadOrCreateDevnetTls(await freshDir());
    expect(await handshake(other, port, '127.0.0.1')).toBe('SELF_SIGNED_CERT_IN_CHAIN');
  });

  it('reuses what it stored, and replaces it when unreadable or near expiry', async () => {
    const dir = await freshDir();
    const first = await loadOrCreateDevnetTls(dir);
    const again = await loadOrCreateDevnetTls(dir);
    expect(again).toEqual(first);

    await writeFile(first.keyPath, 'not a key');
    const repaired = await loadOrCreateDevnetTls(dir);
    expect(repaired.caPem).not.toBe(first.caPem);
    expect(await readFile(repaired.keyPath, 'utf8')).toBe(repaired.keyPem);
    expect(await loadOrCreateDevnetTls(dir)).toEqual(repaired);

    const inElevenMonths = new Date(Date.now() + 360 * 86_400_000);
    const renewed = await loadOrCreateDevnetTls(dir, inElevenMonths);
    expect(renewed.caPem).not.toBe(repaired.caPem);
    expect(new X509Certificate(renewed.certPem).validToDate.getTime()).toBeGreaterThan(
      inElevenMonths.getTime() + 300 * 86_400_000,
    );
  });
});
