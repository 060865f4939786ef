// One owned coin version feeds one transaction, on the devnet as on Sui: the chain refuses a
// second transaction naming a version already spent, and the faucet therefore gives concurrent
// grants a coin each (as Sui's faucet does) instead of racing them for one.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requestSuiFromFaucetV2 } from '@mysten/sui/faucet';
import { SuiJsonRpcClient } from '@mysten/sui/jsonRpc';
import { Ed25519Keypair } from '@mysten/sui/keypairs/ed25519';
import { Transaction } from '@mysten/sui/transactions';
import { startChain, type Chain } from './chain.ts';

let dir: string;
let chain: Chain;
let client: SuiJsonRpcClient;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'floe-faucet-'));
  chain = await startChain({ dir });
  client = new SuiJsonRpcClient({ url: chain.url, network: 'localnet' });
});

afterAll(async () => {
  await chain?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('owned object versions', () => {
  it('commits one of two concurrent transactions spending the same gas coin version and refuses the other', async () => {
    const owner = new Ed25519Keypair();
    await chain.faucet.fund(owner.toSuiAddress(), { sui: 5_000_000_000n });
    const [coin] = (await client.core.listCoins({ owner: owner.toSuiAddress() })).objects;
    const gas = { objectId: coin!.objectId, version: coin!.version, digest: coin!.digest };
    const pay = async (recipient: string) => {
      const tx = new Transaction();
      tx.setSender(owner.toSuiAddress());
      tx.setGasPrice(1000);
      tx.setGasBudget(50_000_000);
      tx.setGasPayment([gas]);
      tx.transferObjects([tx.splitCoins(tx.gas, [1_000])[0]!], recipient);
      const bytes = await tx.build();
      return { bytes, signature: (await owner.signTransaction(bytes)).signature };
    };
    const [a, b] = await Promise.all([pay(new Ed25519Keypair().toSuiAddress()), pay(owner.toSuiAddress())]);

    const outcomes = await Promise.allSettled(
      [a, b].map((t) => client.core.executeTransaction({ transaction: t.bytes, signatures: [t.signature] })),
    );
    const committed = outcomes.filter((o) => o.status === 'fulfilled');
    const refused = outcomes.filter((o) => o.status === 'rejected');
    expect(committed).toHaveLength(1);
    expect(refused).toHaveLength(1);
    const now = chain.store.getObject(gas.objectId)!;
    expect(now.version).toBeGreaterThan(BigInt(gas.version));
    expect(refused[0]!.reason).toMatchObject({
      code: -32002,
      message:
        'Transaction validator signing failed due to issues with transaction inputs, please review the errors and try again:\n' +
        `- Object ID ${gas.objectId} Version 0x${BigInt(gas.version).toString(16)} Digest ${gas.digest} ` +
        `is not available for consumption, current version: 0x${now.version.toString(16)}`,
    });
  });
});

describe('faucet', () => {
  /** Each grant's recipient got its SUI, from a coin of its own, and no two grants shared a gas coin. */
  async function expectDistinctGrants(
    grants: readonly { digest: string; coin: string; recipient: string }[],
  ) {
    expect(new Set(grants.map((g) => g.coin)).size).toBe(grants.length);
    const gasCoins = grants.map((g) => chain.store.getTransaction(g.digest)!.gasObject.id);
    expect(new Set(gasCoins).size).toBe(grants.length);
    for (const { recipient } of grants) {
      const balance = await client.core.getBalance({ owner: recipient });
      expect(balance.balance.balance).toBe('100000000000');
    }
  }

  it('serves 20 concurrent grants, each from its own faucet coin', async () => {
    const recipients = Array.from({ length: 20 }, () => new Ed25519Keypair().toSuiAddress());
    // All twenty pick their coin before any transaction runs: with one coin they would conflict.
    const grants = await Promise.all(recipients.map((recipient) => chain.faucet.fund(recipient)));
    await expectDistinctGrants(
      grants.map((g, i) => ({ digest: g.digest, coin: g.coins[0]!.id, recipient: recipients[i]! })),
    );
  });

  it('serves 20 concurrent grants over HTTP, as the SDK asks for them', async () => {
    const recipients = Array.from({ length: 20 }, () => new Ed25519Keypair().toSuiAddress());
    const grants = await Promise.all(
      recipients.map((recipient) => requestSuiFromFaucetV2({ host: chain.url, recipient })),
    );
    await expectDistinctGrants(
      grants.map((g, i) => ({
        digest: g.coins_sent![0]!.transferTxDigest,
        coin: g.coins_sent![0]!.id,
        recipient: recipients[i]!,
      })),
    );
  });
});
