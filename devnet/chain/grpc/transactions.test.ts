// Transactions through the devnet's gRPC API with the unmodified SuiGrpcClient: build (the server
// resolves inputs, budget and gas), sign, execute, wait and read back, each compared with the same
// operation through SuiJsonRpcClient on the same chain.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SimulationError, TransactionError, type SuiClientTypes } from '@mysten/sui/client';
import { RpcError } from '@mysten/sui/grpc';
import { Ed25519Keypair } from '@mysten/sui/keypairs/ed25519';
import { Transaction } from '@mysten/sui/transactions';
import { normalizeStructTag } from '@mysten/sui/utils';
import { WALRUS_SITE_PACKAGE as PKG } from '../natives/packages.ts';
import { startDualTransportChain, type DualTransportChain } from './test-support/dual-chain.ts';

const INCLUDE = {
  effects: true,
  events: true,
  balanceChanges: true,
  objectTypes: true,
  transaction: true,
  bcs: true,
} as const;
type Executed = SuiClientTypes.Transaction<typeof INCLUDE>;
type Client = DualTransportChain['grpc'] | DualTransportChain['jsonRpc'];

let net: DualTransportChain;

beforeAll(async () => {
  net = await startDualTransportChain();
});

/** Fresh funded accounts, one per transport, so the same operation runs on both from equal states. */
async function accounts(): Promise<[viaGrpc: Ed25519Keypair, viaJsonRpc: Ed25519Keypair]> {
  const pair = [new Ed25519Keypair(), new Ed25519Keypair()] as const;
  for (const key of pair) await net.chain.faucet.fund(key.toSuiAddress());
  return [...pair];
}

afterAll(async () => {
  await net?.close();
});

function outcome<I extends SuiClientTypes.TransactionInclude>(
  result: SuiClientTypes.TransactionResult<I>,
): SuiClientTypes.Transaction<I> {
  return result.$kind === 'Transaction' ? result.Transaction : result.FailedTransaction;
}

/** A transaction input as the SDK parses a resolved one (a `$kind`-tagged CallArg). */
type ResolvedInput = {
  $kind?: string;
  Object?: { $kind?: string; SharedObject?: { mutable: boolean } };
};
const resolvedInput = (tx: Executed, index: number) => tx.transaction.inputs[index] as ResolvedInput;

async function run(
  client: Client,
  signer: Ed25519Keypair,
  build: (tx: Transaction) => void,
): Promise<Executed> {
  const tx = new Transaction();
  build(tx);
  const result = outcome(
    await client.core.signAndExecuteTransaction({ transaction: tx, signer, include: INCLUDE }),
  );
  await client.core.waitForTransaction({ digest: result.digest });
  return result;
}

/** What executions of the same operation by two different senders have in common. */
function shape(tx: Executed) {
  const types = tx.objectTypes ?? {};
  return {
    status: tx.status.success || abortOf(tx.status.error),
    gasUsed: tx.effects.gasUsed,
    budget: tx.transaction.gasData.budget,
    price: tx.transaction.gasData.price,
    inputs: tx.transaction.inputs.map(
      (_, i) => resolvedInput(tx, i).Object?.$kind ?? resolvedInput(tx, i).$kind,
    ),
    changed: tx.effects.changedObjects
      .map((c) => ({
        type: normalizeStructTag(types[c.objectId]!),
        input: [c.inputState, c.inputOwner?.$kind ?? null],
        output: [c.outputState, c.outputOwner?.$kind ?? null],
        idOperation: c.idOperation,
      }))
      .sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b))),
    unchangedConsensus: tx.effects.unchangedConsensusObjects.map((o) => o.kind),
    balanceChanges: tx.balanceChanges.map((b) => ({
      coinType: normalizeStructTag(b.coinType),
      amount: b.amount,
    })),
    events: tx.events.map((e) => normalizeStructTag(e.eventType)),
  };
}

/** A transaction's effects, events and input as either transport reports them when read back. */
function stored(tx: Executed) {
  return {
    digest: tx.digest,
    epoch: tx.epoch,
    checkpoint: tx.checkpoint,
    timestampMs: tx.timestampMs,
    status: tx.status,
    effects: tx.effects,
    bcs: tx.bcs,
    signatures: tx.signatures,
    objectTypes: Object.fromEntries(
      Object.entries(tx.objectTypes).map(([id, type]) => [id, normalizeStructTag(type)]),
    ),
    balanceChanges: tx.balanceChanges.map((b) => ({ ...b, coinType: normalizeStructTag(b.coinType) })),
    events: tx.events.map(({ json: _json, ...e }) => ({ ...e, eventType: normalizeStructTag(e.eventType) })),
    sender: tx.transaction.sender,
    gasData: tx.transaction.gasData,
  };
}

/**
 * What both transports report of a Move abort. (JSON-RPC's abort has no function index, and
 * gRPC's has a clever-error slot; neither is in the other.)
 */
function abortOf(error: SuiClientTypes.ExecutionError | null | undefined) {
  const abort = error?.$kind === 'MoveAbort' ? error.MoveAbort : undefined;
  return {
    kind: error?.$kind,
    message: error?.message,
    command: error?.command,
    abortCode: abort?.abortCode,
    location: abort && {
      package: abort.location?.package,
      module: abort.location?.module,
      functionName: abort.location?.functionName,
      instruction: abort.location?.instruction,
    },
  };
}

function newSite(tx: Transaction, name: string) {
  const none = tx.pure.option('string', null);
  const metadata = tx.moveCall({
    target: `${PKG}::metadata::new_metadata`,
    arguments: [none, none, none, none, none],
  });
  return tx.moveCall({ target: `${PKG}::site::new_site`, arguments: [tx.pure.string(name), metadata] });
}

function sharedSite(tx: Transaction) {
  tx.moveCall({
    target: '0x2::transfer::public_share_object',
    typeArguments: [`${PKG}::site::Site`],
    arguments: [newSite(tx, 'shared')],
  });
}

function createdSiteId(tx: Executed): string {
  const id = Object.entries(tx.objectTypes).find(([, type]) => type.endsWith('::site::Site'))?.[0];
  if (!id) throw new Error(`transaction ${tx.digest} created no Site`);
  return id;
}

describe('executing through SuiGrpcClient', () => {
  it('splits and transfers a coin as SuiJsonRpcClient does, with the same budget and effects', async () => {
    const [viaGrpc, viaJsonRpc] = await accounts();
    const split = (owner: Ed25519Keypair) => (tx: Transaction) => {
      const [coin] = tx.splitCoins(tx.gas, [1_000_000]);
      tx.transferObjects([coin!], owner.toSuiAddress());
    };
    const grpc = await run(net.grpc, viaGrpc, split(viaGrpc));
    const json = await run(net.jsonRpc, viaJsonRpc, split(viaJsonRpc));
    expect(grpc.status).toEqual({ success: true, error: null });
    expect(shape(grpc)).toEqual(shape(json));
    expect(grpc.transaction.gasData.payment).toHaveLength(1);
  });

  it('reads an executed transaction back identically over both transports', async () => {
    const [viaGrpc] = await accounts();
    const executed = await run(net.grpc, viaGrpc, (tx) => {
      tx.transferObjects([newSite(tx, 'read back')], viaGrpc.toSuiAddress());
    });
    const overGrpc = await net.grpc.core.getTransaction({ digest: executed.digest, include: INCLUDE });
    const overJsonRpc = await net.jsonRpc.core.getTransaction({ digest: executed.digest, include: INCLUDE });
    expect(stored(outcome(overGrpc))).toEqual(stored(outcome(overJsonRpc)));
    // What execution answered is what a later read gives.
    expect(stored(outcome(overGrpc))).toEqual(stored(executed));
    const read = outcome(overGrpc);
    expect(read.events).toHaveLength(1);
    expect(read.events[0]!.json).toEqual({ site_id: createdSiteId(read) });
    expect(read.signatures).toHaveLength(1);
    expect(Transaction.from(read.bcs).getData().commands).toHaveLength(3);
    expect(read.transaction.commands.map((c) => (c as { $kind?: string }).$kind)).toEqual([
      'MoveCall',
      'MoveCall',
      'TransferObjects',
    ]);
  });

  it('resolves a shared object by how the Move calls use it: &mut mutable, & read-only', async () => {
    const [viaGrpc, viaJsonRpc] = await accounts();
    // Each transport works on its own shared site, so both see the same object states.
    const sites = await Promise.all([
      run(net.grpc, viaGrpc, sharedSite).then(createdSiteId),
      run(net.jsonRpc, viaJsonRpc, sharedSite).then(createdSiteId),
    ]);
    const owner = (await net.grpc.core.getObject({ objectId: sites[0] })).object.owner;
    expect(owner.$kind).toBe('Shared');

    const rename = (siteId: string) => (tx: Transaction) => {
      tx.moveCall({
        target: `${PKG}::site::update_name`,
        arguments: [tx.object(siteId), tx.pure.string('renamed')],
      });
    };
    const read = (siteId: string) => (tx: Transaction) => {
      tx.moveCall({ target: `${PKG}::site::get_site_name`, arguments: [tx.object(siteId)] });
    };
    const byGrpc = await run(net.grpc, viaGrpc, rename(sites[0]));
    const byJsonRpc = await run(net.jsonRpc, viaJsonRpc, rename(sites[1]));
    expect(byGrpc.status.success).toBe(true);
    expect(byGrpc.transaction.inputs[0]).toEqual({
      $kind: 'Object',
      Object: {
        $kind: 'SharedObject',
        SharedObject: {
          objectId: sites[0],
          initialSharedVersion: owner.$kind === 'Shared' ? owner.Shared.initialSharedVersion : '',
          mutable: true,
        },
      },
    });
    expect(shape(byGrpc)).toEqual(shape(byJsonRpc));

    const readGrpc = await run(net.grpc, viaGrpc, read(sites[0]));
    const readJsonRpc = await run(net.jsonRpc, viaJsonRpc, read(sites[1]));
    expect(resolvedInput(readGrpc, 0).Object?.SharedObject?.mutable).toBe(false);
    expect(readGrpc.effects.unchangedConsensusObjects).toEqual([
      expect.objectContaining({ kind: 'ReadOnlyRoot', objectId: sites[0] }),
    ]);
    expect(shape(readGrpc)).toEqual(shape(readJsonRpc));
  });

  it('reports a Move abort the same way on both transports', async () => {
    const [viaGrpc, viaJsonRpc] = await accounts();
    const abort = (tx: Transaction) => {
      tx.moveCall({
        target: `${PKG}::site::new_range`,
        arguments: [tx.pure.option('u64', null), tx.pure.option('u64', null)],
      });
    };
    // Building runs the transaction: both resolvers refuse one that aborts.
    const refused = async (client: Client, signer: Ed25519Keypair) => {
      const tx = new Transaction();
      abort(tx);
      tx.setSender(signer.toSuiAddress());
      const error = await tx.build({ client }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(SimulationError);
      return (error as SimulationError).executionError;
    };
    const grpcRefusal = await refused(net.grpc, viaGrpc);
    expect(abortOf(grpcRefusal)).toEqual(abortOf(await refused(net.jsonRpc, viaJsonRpc)));
    expect(grpcRefusal).toMatchObject({ $kind: 'MoveAbort', MoveAbort: { abortCode: '2' } });

    // With gas given explicitly nothing is simulated, and the failure is executed and charged.
    const executeAnyway = async (client: Client, signer: Ed25519Keypair) => {
      const [coin] = (await client.core.listCoins({ owner: signer.toSuiAddress() })).objects;
      return run(client, signer, (tx) => {
        abort(tx);
        tx.setGasPayment([{ objectId: coin!.objectId, version: coin!.version, digest: coin!.digest }]);
        tx.setGasBudget(10_000_000);
        tx.setGasPrice(1000);
      });
    };
    const failedGrpc = await executeAnyway(net.grpc, viaGrpc);
    const failedJsonRpc = await executeAnyway(net.jsonRpc, viaJsonRpc);
    expect(failedGrpc.status.success).toBe(false);
    expect(abortOf(failedGrpc.status.error)).toEqual(abortOf(failedJsonRpc.status.error));
    expect(failedGrpc.status.error?.message).toBe(
      `MoveAbort in 1st command, abort code: 2, in '${PKG}::site::new_range' (instruction 0)`,
    );
    expect(shape(failedGrpc)).toEqual(shape(failedJsonRpc));
  });

  it('answers an unknown digest with TransactionError notFound, as JSON-RPC does', async () => {
    const digest = 'GqAkQuaDuNafgYDpmdFwJwFNNmfJzdfC4mGkcpwxSfQ5';
    for (const client of [net.grpc, net.jsonRpc]) {
      const error = await client.core.getTransaction({ digest }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(TransactionError);
      expect(error).toMatchObject({ reason: 'notFound' });
    }
    await expect(net.grpc.ledgerService.getTransaction({ digest })).rejects.toMatchObject({
      code: 'NOT_FOUND',
      message: `Transaction ${digest} not found`,
    });
  });

  it('batch-reads transactions with a per-digest error for unknown and malformed ones', async () => {
    const [viaGrpc] = await accounts();
    const executed = await run(net.grpc, viaGrpc, (tx) => {
      tx.transferObjects([tx.splitCoins(tx.gas, [5])[0]!], viaGrpc.toSuiAddress());
    });
    const unknown = 'GqAkQuaDuNafgYDpmdFwJwFNNmfJzdfC4mGkcpwxSfQ5';
    const { response } = await net.grpc.ledgerService.batchGetTransactions({
      digests: [executed.digest, unknown, 'not-a-digest'],
      readMask: { paths: ['digest', 'effects.status'] },
    });
    const [found, missing, malformed] = response.transactions.map((t) => t.result);
    expect(found).toMatchObject({ oneofKind: 'transaction', transaction: { digest: executed.digest } });
    expect(found?.oneofKind === 'transaction' && found.transaction.effects?.status).toEqual({
      success: true,
    });
    expect(missing).toMatchObject({
      oneofKind: 'error',
      error: { code: 5, message: `Transaction ${unknown} not found` },
    });
    expect(malformed).toMatchObject({ oneofKind: 'error', error: { code: 3 } });
  });

  it('rejects a transaction built on a stale object with INVALID_ARGUMENT and the JSON-RPC message', async () => {
    const [viaGrpc] = await accounts();
    const tx = new Transaction();
    tx.transferObjects([tx.splitCoins(tx.gas, [7])[0]!], viaGrpc.toSuiAddress());
    tx.setSender(viaGrpc.toSuiAddress());
    const bytes = await tx.build({ client: net.grpc });
    const { signature } = await viaGrpc.signTransaction(bytes);
    await net.grpc.core.executeTransaction({ transaction: bytes, signatures: [signature] });

    // The same gas coin again, at the version the first transaction consumed.
    const again = Transaction.from(bytes);
    again.setGasBudget(BigInt(again.getData().gasData.budget!) + 1n);
    const staleBytes = await again.build();
    const stale = {
      transaction: staleBytes,
      signatures: [(await viaGrpc.signTransaction(staleBytes)).signature],
    };
    const grpcError = await net.grpc.core.executeTransaction(stale).catch((e: unknown) => e);
    const jsonError = await net.jsonRpc.core.executeTransaction(stale).catch((e: unknown) => e);
    expect(grpcError).toBeInstanceOf(RpcError);
    expect(grpcError).toMatchObject({ code: 'INVALID_ARGUMENT' });
    expect((grpcError as Error).message).toBe((jsonError as Error).message);
    expect((grpcError as Error).message).toMatch(/is not available for consumption/);
  });

  it('answers a resubmitted transaction with its effects instead of running it twice', async () => {
    const [viaGrpc] = await accounts();
    const tx = new Transaction();
    tx.transferObjects([tx.splitCoins(tx.gas, [9])[0]!], viaGrpc.toSuiAddress());
    tx.setSender(viaGrpc.toSuiAddress());
    const bytes = await tx.build({ client: net.grpc });
    const { signature } = await viaGrpc.signTransaction(bytes);
    const submit = () =>
      net.grpc.core.executeTransaction({
        transaction: bytes,
        signatures: [signature],
        include: { effects: true },
      });
    const first = outcome(await submit());
    const second = outcome(await submit());
    expect(second.digest).toBe(first.digest);
    expect(second.effects).toEqual(first.effects);

    const other = new Ed25519Keypair();
    await expect(
      net.grpc.core.executeTransaction({
        transaction: bytes,
        signatures: [(await other.signTransaction(bytes)).signature],
      }),
    ).rejects.toMatchObject({ code: 'ABORTED' });
  });
});
