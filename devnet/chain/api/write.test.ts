// The write methods' parameter checks over raw JSON-RPC (cases the fuzzer found): everything is
// validated before a transaction runs, and bad input is -32602, never an internal error.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Ed25519Keypair } from '@mysten/sui/keypairs/ed25519';
import { Transaction } from '@mysten/sui/transactions';
import { toBase64 } from '@mysten/sui/utils';
import { startChain, type Chain } from '../chain.ts';

const key = Ed25519Keypair.fromSecretKey(new Uint8Array(32).fill(9));
const owner = key.toSuiAddress();
let dir: string;
let chain: Chain;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'floe-write-'));
  // The faucet key owns the genesis coins: the test spends them directly.
  await writeFile(join(dir, 'faucet.key'), `${key.getSecretKey()}\n`);
  chain = await startChain({ dir });
});

afterAll(async () => {
  await chain?.close();
  await rm(dir, { recursive: true, force: true });
});

async function rpc(
  method: string,
  params: unknown[],
): Promise<{ result?: unknown; error?: { code: number; message: string } }> {
  const response = await fetch(chain.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ jsonrpc: '2.0', id: 1, method, params }),
  });
  return (await response.json()) as { result?: unknown; error?: { code: number; message: string } };
}

async function splitTransaction(onlyKind = false): Promise<Uint8Array> {
  const coin = chain.store.ownedBy(owner)[0]!;
  const tx = new Transaction();
  tx.setSender(owner);
  tx.setGasPayment([{ objectId: coin.id, version: String(coin.version), digest: coin.digest }]);
  tx.setGasPrice(1000);
  tx.setGasBudget(50_000_000);
  const [part] = tx.splitCoins(tx.gas, [tx.pure.u64(5)]);
  tx.transferObjects([part!], tx.pure.address(owner));
  return tx.build({ onlyTransactionKind: onlyKind });
}

describe('write methods refuse bad parameters before anything runs', () => {
  it('does not execute a transaction whose response options are invalid', async () => {
    const bytes = await splitTransaction();
    const { signature } = await key.signTransaction(bytes);
    const before = chain.store.latestCheckpoint().sequenceNumber;
    // Used to execute and commit it, then answer -32602: the client saw a failure that had happened.
    for (const options of ['all', [true], { showEffects: 'yes' }]) {
      const answer = await rpc('sui_executeTransactionBlock', [toBase64(bytes), [signature], options]);
      expect(answer.error, JSON.stringify(options)).toMatchObject({ code: -32602 });
      expect(chain.store.latestCheckpoint().sequenceNumber).toBe(before);
    }
    const done = await rpc('sui_executeTransactionBlock', [
      toBase64(bytes),
      [signature],
      { showEffects: true },
    ]);
    expect(done.result).toMatchObject({ effects: { status: { status: 'success' } } });
    expect(chain.store.latestCheckpoint().sequenceNumber).toBe(before + 1n);
  });

  it('answers -32602 for a bad devInspect sender or gas price (used to be -32603)', async () => {
    const kind = toBase64(await splitTransaction(true));
    for (const [sender, gasPrice] of [
      ['0xzz', null],
      [`${owner}00`, null],
      [42, null],
      [owner, 'abc'],
      [owner, '1e3'],
      [owner, -1],
      [owner, '18446744073709551616'],
      [owner, { price: 1 }],
    ]) {
      const answer = await rpc('sui_devInspectTransactionBlock', [sender, kind, gasPrice, null]);
      expect(answer.error, JSON.stringify([sender, gasPrice])).toMatchObject({ code: -32602 });
    }
    const answer = await rpc('sui_devInspectTransactionBlock', [owner, kind, '1000', null]);
    expect(answer.result).toMatchObject({ effects: { status: { status: 'success' } } });
  });
});
