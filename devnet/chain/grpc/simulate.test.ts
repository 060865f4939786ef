// SimulateTransaction through the unmodified SuiGrpcClient: simulations match SuiJsonRpcClient's
// and never commit, transaction-kind builds (checks DISABLED) resolve inputs only, and failures to
// resolve get a full node's status codes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bcs } from '@mysten/sui/bcs';
import type { SuiClientTypes } from '@mysten/sui/client';
import { GrpcTypes } from '@mysten/sui/grpc';
import { Ed25519Keypair } from '@mysten/sui/keypairs/ed25519';
import { Transaction } from '@mysten/sui/transactions';
import { normalizeStructTag, normalizeSuiAddress } from '@mysten/sui/utils';
import { WALRUS_SITE_PACKAGE as PKG } from '../natives/packages.ts';
import { startDualTransportChain, type DualTransportChain } from './test-support/dual-chain.ts';

const INCLUDE = {
  effects: true,
  events: true,
  balanceChanges: true,
  objectTypes: true,
  commandResults: true,
} as const;
const Kind = GrpcTypes.Input_InputKind;

let net: DualTransportChain;

beforeAll(async () => {
  net = await startDualTransportChain();
});

afterAll(async () => {
  await net?.close();
});

async function funded(): Promise<Ed25519Keypair> {
  const key = new Ed25519Keypair();
  await net.chain.faucet.fund(key.toSuiAddress());
  return key;
}

function newSite(tx: Transaction, owner: string) {
  const none = tx.pure.option('string', null);
  const metadata = tx.moveCall({
    target: `${PKG}::metadata::new_metadata`,
    arguments: [none, none, none, none, none],
  });
  const site = tx.moveCall({
    target: `${PKG}::site::new_site`,
    arguments: [tx.pure.string('simulated'), metadata],
  });
  tx.transferObjects([site], owner);
}

type Simulated = SuiClientTypes.SimulateTransactionResult<typeof INCLUDE>;

/** What both transports' simulations of one transaction report. */
function simulation(result: Simulated) {
  const tx = result.$kind === 'Transaction' ? result.Transaction : result.FailedTransaction;
  return {
    status: tx.status.success || tx.status.error?.message,
    gasUsed: tx.effects?.gasUsed,
    changed: tx.effects?.changedObjects
      .map((c) => [c.inputState, c.outputState, c.idOperation, c.outputOwner?.$kind ?? null].join(' '))
      .sort(),
    objectTypes: Object.values(tx.objectTypes ?? {})
      .map((t) => normalizeStructTag(t))
      .sort(),
    balanceChanges: tx.balanceChanges?.map((b) => ({ ...b, coinType: normalizeStructTag(b.coinType) })),
    events: tx.events?.map((e) => ({ type: normalizeStructTag(e.eventType), bcs: e.bcs })),
    commandResults: result.commandResults?.map((r) => r.returnValues.map((v) => v.bcs)),
  };
}

describe('SimulateTransaction', () => {
  it('simulates an unbuilt transaction as SuiJsonRpcClient does, without committing it', async () => {
    const signer = await funded();
    const owner = signer.toSuiAddress();
    const coinBefore = (await net.grpc.core.listCoins({ owner })).objects;
    const simulate = async (client: DualTransportChain['grpc'] | DualTransportChain['jsonRpc']) => {
      const tx = new Transaction();
      tx.setSender(owner);
      newSite(tx, owner);
      return client.core.simulateTransaction({ transaction: tx, include: INCLUDE });
    };
    const overGrpc = await simulate(net.grpc);
    expect(overGrpc.$kind).toBe('Transaction');
    expect(simulation(overGrpc)).toEqual(simulation(await simulate(net.jsonRpc)));
    // Metadata, Site and the transfer: the two calls return one value each.
    expect(overGrpc.commandResults?.map((r) => r.returnValues.length)).toEqual([1, 1, 0]);
    expect(simulation(overGrpc).objectTypes).toContain(normalizeStructTag(`${PKG}::site::Site`));
    expect((await net.grpc.core.listCoins({ owner })).objects).toEqual(coinBefore);
  });

  it('answers a simulation that aborts with a failed transaction, not an error', async () => {
    const signer = await funded();
    const simulate = (client: DualTransportChain['grpc'] | DualTransportChain['jsonRpc']) => {
      const tx = new Transaction();
      tx.setSender(signer.toSuiAddress());
      tx.moveCall({
        target: `${PKG}::site::new_range`,
        arguments: [tx.pure.option('u64', null), tx.pure.option('u64', null)],
      });
      return client.core.simulateTransaction({ transaction: tx, include: INCLUDE });
    };
    const overGrpc = await simulate(net.grpc);
    expect(overGrpc.$kind).toBe('FailedTransaction');
    expect(overGrpc.FailedTransaction?.status.error).toMatchObject({
      $kind: 'MoveAbort',
      MoveAbort: { abortCode: '2', location: { module: 'site', functionName: 'new_range' } },
    });
    // (JSON-RPC's simulation lists no object changes for a failure; its status and gas agree.)
    const { status, gasUsed } = simulation(await simulate(net.jsonRpc));
    expect(simulation(overGrpc)).toMatchObject({ status, gasUsed });
  });

  it('resolves a transaction kind (checks disabled) to the same bytes as JSON-RPC, with no gas', async () => {
    const signer = await funded();
    const owner = signer.toSuiAddress();
    const [coin] = (await net.grpc.core.listCoins({ owner })).objects;
    const kind = async (client: DualTransportChain['grpc'] | DualTransportChain['jsonRpc']) => {
      const tx = new Transaction();
      tx.setSender(owner);
      tx.transferObjects([tx.object(coin!.objectId)], owner);
      return tx.build({ client, onlyTransactionKind: true });
    };
    const bytes = await kind(net.grpc);
    expect(bytes).toEqual(await kind(net.jsonRpc));
    expect(bcs.TransactionKind.parse(bytes).ProgrammableTransaction?.inputs[0]).toMatchObject({
      Object: {
        ImmOrOwnedObject: { objectId: coin!.objectId, version: coin!.version, digest: coin!.digest },
      },
    });
  });

  it('fits the budget to the gas coins a transaction names, and refuses coins that cannot pay', async () => {
    const signer = await funded();
    const owner = signer.toSuiAddress();
    // A coin too small for any budget, next to the faucet's.
    const split = new Transaction();
    split.transferObjects([split.splitCoins(split.gas, [10])[0]!], owner);
    const made = await net.grpc.core.signAndExecuteTransaction({
      transaction: split,
      signer,
      include: { effects: true },
    });
    await net.grpc.core.waitForTransaction({ result: made });
    const coins = (await net.grpc.core.listCoins({ owner })).objects;
    const small = coins.find((c) => c.balance === '10')!;
    const large = coins.find((c) => c.balance !== '10')!;

    const withGas = (coin?: typeof small) => {
      const tx = new Transaction();
      tx.setSender(owner);
      newSite(tx, owner);
      if (coin) tx.setGasPayment([{ objectId: coin.objectId, version: coin.version, digest: coin.digest }]);
      return tx;
    };
    const paid = withGas(large);
    await paid.build({ client: net.grpc });
    expect(paid.getData().gasData.payment).toEqual([
      { objectId: large.objectId, version: large.version, digest: large.digest },
    ]);
    const unpaid = withGas();
    await unpaid.build({ client: net.grpc });
    // The same estimate whether the server picks the coins or is given them.
    expect(paid.getData().gasData.budget).toBe(unpaid.getData().gasData.budget);

    await expect(withGas(small).build({ client: net.grpc })).rejects.toThrow(
      /Insufficient gas balance to cover estimated transaction cost\. Available gas balance: 10 MIST\./,
    );
  });

  it('answers what cannot be resolved with NOT_FOUND or INVALID_ARGUMENT', async () => {
    const simulate = (transaction: GrpcTypes.Transaction) =>
      net.grpc.transactionExecutionService.simulateTransaction({
        transaction,
        doGasSelection: true,
        readMask: { paths: ['transaction.transaction'] },
      });
    const broke = new Ed25519Keypair().toSuiAddress();
    const transfer = (objectId: string): GrpcTypes.Transaction => ({
      sender: broke,
      kind: {
        data: {
          oneofKind: 'programmableTransaction',
          programmableTransaction: {
            inputs: [{ objectId }, { kind: Kind.PURE, pure: bcs.Address.serialize(broke).toBytes() }],
            commands: [
              {
                command: {
                  oneofKind: 'transferObjects',
                  transferObjects: {
                    objects: [{ kind: GrpcTypes.Argument_ArgumentKind.INPUT, input: 0 }],
                    address: { kind: GrpcTypes.Argument_ArgumentKind.INPUT, input: 1 },
                  },
                },
              },
            ],
          },
        },
      },
      gasPayment: { objects: [], owner: broke },
    });
    const missing = normalizeSuiAddress('0xdead');
    await expect(simulate(transfer(missing))).rejects.toMatchObject({
      code: 'NOT_FOUND',
      message: `Object ${missing} not found`,
    });
    // An account that owns a site but no SUI to pay for moving it.
    const someone = await funded();
    const gift = new Transaction();
    newSite(gift, broke);
    const given = await net.grpc.core.signAndExecuteTransaction({
      transaction: gift,
      signer: someone,
      include: { objectTypes: true },
    });
    await net.grpc.core.waitForTransaction({ result: given });
    const objectTypes = given.Transaction?.objectTypes ?? {};
    const siteId = Object.keys(objectTypes).find((id) => objectTypes[id]!.endsWith('::site::Site'))!;
    const budget = await simulate(transfer(siteId)).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(budget).toMatchObject({ code: 'INVALID_ARGUMENT' });
    expect((budget as Error).message).toMatch(
      new RegExp(
        `^Unable to perform gas selection due to insufficient SUI balance \\(in address balance or coins\\) for account ${broke} to satisfy required budget \\d+\\.$`,
      ),
    );
  });
});
