// `npm start`: the whole product on this machine — the devnet (chain + 10 storage nodes), the
// portal (app + service worker, built first), and the example site deployed (again only if it
// changed) and named `hello` — then prints the URLs to open. Ctrl-C stops everything.
import { cp, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { Writable } from 'node:stream';
import { objectIdToBase36 } from '../core/site/base36.ts';
import { networkFromDevnetJson } from '../core/sui/networks.ts';
import { startDevnet } from '../devnet/launcher/launcher.ts';
import { startPortal } from '../portal/server/server.ts';
import { main as floe } from '../publisher/cli.ts';
import { buildPortal, DIST } from './build.ts';

const DEVNET_DIR = resolve('.floe/devnet');
const PORT = Number(process.env['PORT'] ?? 3000);
const started = Date.now();
const log = (message: string) => console.log(`floe: ${message}`);

// The chain keeps `npm run devnet`'s port, so wallets and scripts find it at a stable address.
const devnet = await startDevnet({
  dir: DEVNET_DIR,
  port: 9000,
  aggregatorPort: 31415,
  log: (m) => log(`devnet: ${m}`),
});
let portal: Awaited<ReturnType<typeof startPortal>> | undefined;
const stop = async () => {
  log('stopping');
  await portal?.close();
  await devnet.stop();
  process.exit(0);
};
process.once('SIGINT', () => void stop());
process.once('SIGTERM', () => void stop());

try {
  log('building the portal and service worker');
  await buildPortal();
  const siteId = await deployExample('hello');
  portal = await startPortal({
    network: networkFromDevnetJson(JSON.parse(await readFile(join(DEVNET_DIR, 'devnet.json'), 'utf8'))),
    distDir: DIST,
    port: PORT,
    warmNodeConnections: true,
  });
  console.log(`
Floe is up (${((Date.now() - started) / 1000).toFixed(1)} s)
  portal        ${portal.url}
  example site  ${portal.siteUrl('hello')}
                ${portal.siteUrl(objectIdToBase36(siteId))}
  chain RPC     ${devnet.config.grpcUrl} (gRPC-web), ${devnet.config.rpcUrl} (JSON-RPC)
  aggregator    ${devnet.config.aggregatorUrl ?? 'none'} (Walrus HTTP API, e.g. /v1/blobs/<id>)
  devnet        ${DEVNET_DIR}/devnet.json
Deploy your own: npx floe deploy <folder>. Ctrl-C stops everything; state is kept.`);
} catch (error) {
  console.error(`floe: ${(error as Error).message}`);
  await portal?.close();
  await devnet.stop();
  process.exit(1);
}

/** Deploys examples/<name> (a copy, so the repo stays clean) and points the name at it. */
async function deployExample(name: string): Promise<string> {
  const state = join(DEVNET_DIR, 'sites.json');
  const known = JSON.parse(await readFile(state, 'utf8').catch(() => '{}')) as Record<string, string>;
  const folder = join(DEVNET_DIR, 'sites', name);
  await rm(folder, { recursive: true, force: true });
  await mkdir(folder, { recursive: true });
  await cp(resolve('examples', name), folder, { recursive: true });
  const out: string[] = [];
  const err: string[] = [];
  const args = ['deploy', folder, '--json', '--quiet', '--devnet-dir', DEVNET_DIR];
  const code = await floe(known[name] ? [...args, '--site', known[name]] : args, {
    out: (line) => out.push(line),
    err: new Writable({ write: (chunk, _e, done) => (err.push(String(chunk)), done()) }),
    stdin: process.stdin,
  });
  if (code !== 0) throw new Error(`deploying examples/${name} failed: ${err.join('')}`);
  const result = JSON.parse(out.join('\n')) as { siteId: string; uploaded: number };
  log(`examples/${name}: site ${result.siteId} (${result.uploaded} files uploaded)`);
  await writeFile(state, JSON.stringify({ ...known, [name]: result.siteId }, null, 2));
  const named = await floe(['name', 'set', name, result.siteId, '--devnet-dir', DEVNET_DIR], {
    out: () => {},
    err: new Writable({ write: (chunk, _e, done) => (err.push(String(chunk)), done()) }),
    stdin: process.stdin,
  });
  if (named !== 0) throw new Error(`naming examples/${name} failed: ${err.join('')}`);
  return result.siteId;
}
