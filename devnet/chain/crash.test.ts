// Crash safety: kill -9 the chain process while transactions stream in, restart it on the same
// directory, and check that every transaction whose execution was answered is still there.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, describe, expect, it } from 'vitest';
import { SuiJsonRpcClient } from '@mysten/sui/jsonRpc';
import { Ed25519Keypair } from '@mysten/sui/keypairs/ed25519';
import { Transaction } from '@mysten/sui/transactions';

const MAIN = join(import.meta.dirname, 'main.ts');
const children = new Set<ChildProcess>();
const dirs: string[] = [];

afterAll(async () => {
  for (const child of children) child.kill('SIGKILL');
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
});

async function launch(dir: string): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, [MAIN, '--dir', dir, '--port', '0'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.add(child);
  child.once('exit', () => children.delete(child));
  const lines = createInterface({ input: child.stdout! });
  const url = await new Promise<string>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`chain exited early with ${code}`)));
    lines.once('line', (line) => resolve((JSON.parse(line) as { url: string }).url));
  });
  return { child, url };
}

describe('chain crash safety', () => {
  it('loses no answered transaction when killed mid-stream', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'floe-crash-'));
    dirs.push(dir);
    const answered: string[] = [];
    const recipient = new Ed25519Keypair().toSuiAddress();
    for (let round = 0; round < 3; round++) {
      const { child, url } = await launch(dir);
      const client = new SuiJsonRpcClient({ url, network: 'localnet' });
      // Everything answered in earlier rounds survived the kill.
      for (const digest of answered) {
        const found = await client.core.getTransaction({ digest });
        expect(found.Transaction?.digest).toBe(digest);
      }
      const faucet = Ed25519Keypair.fromSecretKey((await readFile(join(dir, 'faucet.key'), 'utf8')).trim());
      const killAt = Date.now() + 300 + Math.floor(Math.random() * 700);
      const killer = new Promise<void>((resolve) =>
        setTimeout(() => {
          child.kill('SIGKILL');
          resolve();
        }, killAt - Date.now()),
      );
      let alive = true;
      child.once('exit', () => (alive = false));
      while (alive) {
        const tx = new Transaction();
        const [coin] = tx.splitCoins(tx.gas, [1000]);
        tx.transferObjects([coin!], recipient);
        try {
          const result = await client.core.signAndExecuteTransaction({ transaction: tx, signer: faucet });
          if (result.$kind === 'Transaction') answered.push(result.Transaction.digest);
        } catch {
          // The kill landed mid-request: that transaction was never answered.
        }
      }
      await killer;
    }
    expect(answered.length).toBeGreaterThan(3);
    const { child, url } = await launch(dir);
    const client = new SuiJsonRpcClient({ url, network: 'localnet' });
    for (const digest of answered)
      expect((await client.core.getTransaction({ digest })).Transaction?.digest).toBe(digest);
    // Transactions executed but cut off before their answer may also be there; none may be missing.
    const { balance } = await client.core.getBalance({ owner: recipient });
    expect(BigInt(balance.balance)).toBeGreaterThanOrEqual(1000n * BigInt(answered.length));
    child.kill('SIGTERM');
  }, 60_000);
});
