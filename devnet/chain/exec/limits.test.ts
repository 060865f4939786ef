// Sui's transaction limits on the devnet chain, as SDK users meet them: each over-limit
// transaction is built with the SDK, sent to a running chain through SuiJsonRpcClient and refused
// with the error a Sui full node gives; the same transaction one step under the limit goes through.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bcs } from '@mysten/sui/bcs';
import { SuiJsonRpcClient } from '@mysten/sui/jsonRpc';
import { Ed25519Keypair } from '@mysten/sui/keypairs/ed25519';
import { Transaction } from '@mysten/sui/transactions';
import { normalizeSuiAddress } from '@mysten/sui/utils';
import { startChain, type Chain } from '../chain.ts';
import { WALRUS_SITE_PACKAGE as PKG } from '../natives/packages.ts';
import { signedTransactionSize } from './limits.ts';

const SIGNING =
  'Transaction validator signing failed due to issues with transaction inputs, please review the errors and try again:\n- ';
const GAS_PRICE = 1000;
const GAS_BUDGET = 2_000_000_000;

let dir: string;
let chain: Chain;
let client: SuiJsonRpcClient;
const owner = new Ed25519Keypair();
const sender = owner.toSuiAddress();

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'floe-limits-'));
  chain = await startChain({ dir });
  client = new SuiJsonRpcClient({ url: chain.url, network: 'localnet' });
  await chain.faucet.fund(sender, { sui: 1_000_000_000_000n });
});

afterAll(async () => {
  await chain?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

/** A transaction of `owner`'s with an explicit price and budget (no dry run while building). */
function transaction(build: (tx: Transaction) => void): Transaction {
  const tx = new Transaction();
  tx.setSender(sender);
  tx.setGasPrice(GAS_PRICE);
  tx.setGasBudget(GAS_BUDGET);
  build(tx);
  return tx;
}

async function signed(tx: Transaction): Promise<{ bytes: Uint8Array; signature: string }> {
  const bytes = await tx.build({ client });
  return { bytes, signature: (await owner.signTransaction(bytes)).signature };
}

async function execute(tx: Transaction | { bytes: Uint8Array; signature: string }) {
  const { bytes, signature } = tx instanceof Transaction ? await signed(tx) : tx;
  return client.core.executeTransaction({
    transaction: bytes,
    signatures: [signature],
    include: { effects: true },
  });
}

async function expectSuccess(tx: Transaction | { bytes: Uint8Array; signature: string }) {
  const result = await execute(tx);
  expect(result.$kind === 'Transaction' ? null : result.FailedTransaction.status.error).toBeNull();
}

/** Refused before execution: JSON-RPC error -32002 with Sui's text, and nothing committed. */
async function expectRefused(tx: Transaction | { bytes: Uint8Array; signature: string }, reason: string) {
  const before = chain.store.latestCheckpoint().sequenceNumber;
  await expect(execute(tx)).rejects.toMatchObject({ code: -32002, message: `${SIGNING}${reason}` });
  expect(chain.store.latestCheckpoint().sequenceNumber).toBe(before);
}

/** Dry run and dev inspect refuse the same transaction with invalid params and Sui's bare text. */
async function expectSimulationRefused(tx: Transaction, reason: string) {
  const bytes = await tx.build({ client });
  await expect(client.dryRunTransactionBlock({ transactionBlock: bytes })).rejects.toMatchObject({
    code: -32602,
    message: reason,
  });
  await expect(client.devInspectTransactionBlock({ sender, transactionBlock: tx })).rejects.toMatchObject({
    code: -32602,
    message: reason,
  });
}

/** `count` calls of `tx_context::epoch`, whose u64 result may be dropped. */
const epochCalls = (count: number) =>
  transaction((tx) => {
    for (let i = 0; i < count; i++) tx.moveCall({ target: '0x2::tx_context::epoch' });
  });

describe('commands per programmable transaction (max_programmable_tx_commands = 1024)', () => {
  const reason = 'Size limit exceeded: maximum commands in a programmable transaction is 1024';

  it('refuses 1024 commands: Sui requires fewer than the limit', async () => {
    await expectRefused(epochCalls(1024), reason);
    await expectSimulationRefused(epochCalls(1024), reason);
  });

  it('runs 1023 commands', async () => {
    await expectSuccess(epochCalls(1023));
  });
});

describe('signed transaction size (max_tx_size_bytes = 128 KiB)', () => {
  /** Signs a transaction padded with unused pure inputs to exactly `target` signed bytes. */
  async function ofSignedSize(target: number) {
    let filler = 1000;
    for (;;) {
      const tx = transaction((t) => {
        for (let i = 0; i < 8; i++) t.pure(new Uint8Array(16_000).fill(i));
        t.pure(new Uint8Array(filler).fill(9));
        t.moveCall({ target: '0x2::tx_context::epoch' });
      });
      const { bytes, signature } = await signed(tx);
      // Measured with the SDK's own schema of what validators size: intent message and signatures.
      const size = bcs.SenderSignedData.serialize([
        {
          intentMessage: {
            intent: { scope: { TransactionData: true }, version: { V0: true }, appId: { Sui: true } },
            value: bcs.TransactionData.parse(bytes),
          },
          txSignatures: [signature],
        },
      ]).toBytes().length;
      expect(signedTransactionSize(bytes.length, [97])).toBe(size);
      if (size === target) return { bytes, signature };
      filler += target - size;
    }
  }

  it('refuses a transaction one byte over 131 072 signed bytes', async () => {
    await expectRefused(
      await ofSignedSize(131_073),
      'Size limit exceeded: serialized transaction size exceeded maximum of 131072 is 131073',
    );
  });

  it('executes one of exactly 131 072 signed bytes', async () => {
    await expectSuccess(await ofSignedSize(131_072));
  });
});

describe('pure argument size (max_pure_argument_size = 16 KiB)', () => {
  const withPure = (size: number) =>
    transaction((tx) => {
      tx.pure(new Uint8Array(size).fill(7));
      tx.moveCall({ target: '0x2::tx_context::epoch' });
    });
  const reason = 'Size limit exceeded: maximum pure argument size is 16384';

  it('refuses a pure input of 16 384 bytes', async () => {
    await expectRefused(withPure(16_384), reason);
    await expectSimulationRefused(withPure(16_384), reason);
  });

  it('accepts one of 16 383 bytes', async () => {
    await expectSuccess(withPure(16_383));
  });
});

describe('arguments and type arguments of a command', () => {
  const vectorOf = (elements: number) =>
    transaction((tx) => {
      const one = tx.pure.u64(1);
      tx.makeMoveVec({ type: 'u64', elements: Array.from({ length: elements }, () => one) });
    });

  it('refuses a command with 512 arguments (max_arguments) and runs one with 511', async () => {
    await expectRefused(
      vectorOf(512),
      'Size limit exceeded: maximum arguments in a programmable transaction command is 512',
    );
    await expectSuccess(vectorOf(511));
  });

  /** `coin::zero<T>` with T nested `depth` vectors deep around u8: depth + 1 type nodes. */
  const zeroCoinOf = (depth: number) =>
    transaction((tx) => {
      const type = `${'vector<'.repeat(depth)}u8${'>'.repeat(depth)}`;
      const [coin] = tx.moveCall({ target: '0x2::coin::zero', typeArguments: [type] });
      tx.moveCall({ target: '0x2::coin::destroy_zero', typeArguments: [type], arguments: [coin!] });
    });

  it('refuses a call whose type arguments have 16 nodes (max_type_arguments) and runs one with 15', async () => {
    await expectRefused(
      zeroCoinOf(15),
      'Size limit exceeded: maximum type arguments in a call transaction is 16',
    );
    await expectSuccess(zeroCoinOf(14));
  });

  it('refuses commands without arguments where Sui requires some', async () => {
    const bytes = await epochCalls(1).build({ client });
    const data = bcs.TransactionData.parse(bytes);
    // The SDK will not build an empty MergeCoins, so write it into the BCS directly.
    data.V1!.kind.ProgrammableTransaction!.commands.push({
      $kind: 'MergeCoins',
      MergeCoins: { destination: { $kind: 'GasCoin', GasCoin: true }, sources: [] },
    } as never);
    const empty = bcs.TransactionData.serialize(data).toBytes();
    await expectRefused(
      { bytes: empty, signature: (await owner.signTransaction(empty)).signature },
      'TransferObjects, MergeCoin, and Publish cannot have empty arguments. If MakeMoveVec has empty arguments, it must have a type specified',
    );
  });
});

describe('object inputs and gas coins', () => {
  const fakeRef = (i: number) => ({
    objectId: normalizeSuiAddress(`0x${(i + 0x1000).toString(16)}`),
    version: '1',
    digest: '11111111111111111111111111111111',
  });

  it('refuses more than 2048 input objects, counting the called packages', async () => {
    // 2048 object inputs and the package of the call: 2049. Too big to sign, so dry-run it.
    const tx = epochCalls(1);
    for (let i = 0; i < 2048; i++) tx.objectRef(fakeRef(i));
    tx.setGasPayment([fakeRef(-1)]);
    const bytes = await tx.build();
    await expect(client.dryRunTransactionBlock({ transactionBlock: bytes })).rejects.toMatchObject({
      code: -32602,
      message: 'Size limit exceeded: maximum input + receiving objects in a transaction is 2048',
    });
  });

  it('refuses more than 256 gas coins', async () => {
    const tx = epochCalls(1);
    tx.setGasPayment(Array.from({ length: 257 }, (_, i) => fakeRef(i)));
    await expectRefused(tx, 'Size limit exceeded: maximum number of gas payment objects is 256');
  });
});

describe('a pure input used at several types', () => {
  it('fails with effects, charging gas, when its bytes are not valid at one of them', async () => {
    const coinsBefore = await client.core.listCoins({ owner: sender });
    const result = await execute(
      transaction((tx) => {
        // A u64 amount, then the same input as the recipient address: 8 bytes are no address.
        const five = tx.pure.u64(5);
        const [coin] = tx.splitCoins(tx.gas, [five]);
        tx.transferObjects([coin!], five);
      }),
    );
    expect(result.$kind).toBe('FailedTransaction');
    const failed = result.FailedTransaction!;
    expect(failed.status.error?.message).toBe(
      'CommandArgumentError { arg_idx: 1, kind: InvalidBCSBytes } in command 1',
    );
    const effects = bcs.TransactionEffects.parse(failed.effects!.bcs!);
    expect(effects.V2?.status.Failure).toMatchObject({
      error: { CommandArgumentError: { argIdx: 1, kind: { $kind: 'InvalidBCSBytes' } } },
      command: '1',
    });
    expect(Number(failed.effects!.gasUsed.computationCost)).toBeGreaterThan(0);
    const coinsAfter = await client.core.listCoins({ owner: sender });
    expect(coinsAfter.objects.map((c) => c.objectId)).toEqual(coinsBefore.objects.map((c) => c.objectId));
  });

  it('runs when its bytes are valid at each type (32 bytes as a u256 and an address)', async () => {
    const recipient = new Ed25519Keypair().toSuiAddress();
    await expectSuccess(
      transaction((tx) => {
        const bytes = tx.pure.address(recipient);
        const range = tx.moveCall({
          target: `${PKG}::site::new_range_option`,
          arguments: [tx.pure.option('u64', null), tx.pure.option('u64', null)],
        });
        tx.moveCall({
          target: `${PKG}::site::new_resource`,
          arguments: [tx.pure.string('/index.html'), bytes, bytes, range],
        });
        const [coin] = tx.splitCoins(tx.gas, [tx.pure.u64(1)]);
        tx.transferObjects([coin!], bytes);
      }),
    );
    expect((await client.core.listCoins({ owner: recipient })).objects).toHaveLength(1);
  });

  it('fails with InvalidUsageOfPureArg when it stands for an object', async () => {
    // 40 bytes have a Coin's layout (ID and balance): pure bytes still cannot be a coin.
    const result = await execute(
      transaction((tx) => {
        tx.moveCall({
          target: '0x2::coin::join',
          typeArguments: ['0x2::sui::SUI'],
          arguments: [tx.gas, tx.pure(new Uint8Array(40).fill(1))],
        });
      }),
    );
    expect(result.FailedTransaction?.status.error?.message).toBe(
      'CommandArgumentError { arg_idx: 1, kind: InvalidUsageOfPureArg } in command 0',
    );
  });
});
