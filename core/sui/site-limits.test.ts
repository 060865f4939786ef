// A 2000-file site stays within Sui's transaction limits: every transaction of its plans (create,
// replace every file, destroy) is built to bytes with the SDK, signed, and measured the way Sui's
// validators measure it. The limits and checks are the devnet chain's, which enforces Sui's.
import { describe, expect, it } from 'vitest';
import { bcs } from '@mysten/sui/bcs';
import { Ed25519Keypair } from '@mysten/sui/keypairs/ed25519';
import { Inputs, type Transaction } from '@mysten/sui/transactions';
import { fromBase64, normalizeSuiAddress } from '@mysten/sui/utils';
import {
  checkProgrammableTransaction,
  checkTransactionSize,
  SUI_TRANSACTION_LIMITS,
  type LimitInput,
} from '../../devnet/chain/exec/limits.ts';
import { InvalidSiteUpdateError } from './errors.ts';
import { buildDestroyTransactions, buildSiteTransactions } from './site-tx.ts';
import { METADATA, resource } from './test-support/fixtures.ts';

const FILES = 2000;
const PKG = normalizeSuiAddress('0x5174e');
const SITE = normalizeSuiAddress('0xabc');
const signer = Ed25519Keypair.fromSecretKey(new Uint8Array(32).fill(3));
const DIGEST = '11111111111111111111111111111111';
const ref = (id: string) => ({ objectId: normalizeSuiAddress(id), version: '7', digest: DIGEST });

/** Paths and headers the size of a bundler's output: hashed names in nested folders, four headers each. */
const files = Array.from({ length: FILES }, (_, i) =>
  resource(`/assets/js/chunks/vendor-${i.toString(36)}-${(i * 2654435761).toString(16)}.js`, i, [
    ['cache-control', 'public, max-age=31536000, immutable'],
  ]),
);
const paths = files.map((f) => f.path);

/** Fully built and signed bytes, offline: the site (and gas) get fixed references instead of a client. */
async function signedBytes(tx: Transaction) {
  tx.setSender(signer.toSuiAddress());
  tx.setGasPrice(1000);
  tx.setGasBudget(50_000_000_000);
  tx.setGasPayment([ref('0x9a5')]);
  tx.addBuildPlugin(async (data, _options, next) => {
    data.inputs = data.inputs.map((input) =>
      input.UnresolvedObject ? Inputs.ObjectRef(ref(input.UnresolvedObject.objectId)) : input,
    );
    await next();
  });
  const bytes = await tx.build();
  return { bytes, signature: (await signer.signTransaction(bytes)).signature };
}

interface Measured {
  readonly commands: number;
  readonly signedSize: number;
  readonly addedResources: number;
}

/** Measures a transaction and fails the test if Sui would refuse it before execution. */
async function measure(tx: Transaction): Promise<Measured> {
  const { bytes, signature } = await signedBytes(tx);
  const data = bcs.TransactionData.parse(bytes);
  const ptb = data.V1!.kind.ProgrammableTransaction!;
  // What validators size: the intent message (intent + data) and the signatures (sui-types SenderSignedData).
  const signedSize = bcs.SenderSignedData.serialize([
    {
      intentMessage: {
        intent: { scope: { TransactionData: true }, version: { V0: true }, appId: { Sui: true } },
        value: data,
      },
      txSignatures: [signature],
    },
  ]).toBytes().length;
  const inputs = ptb.inputs.map((input): LimitInput =>
    input.Pure
      ? { kind: 'pure', size: fromBase64(input.Pure.bytes).length }
      : { kind: 'object', id: input.Object!.ImmOrOwnedObject!.objectId, receiving: false },
  );
  expect(checkTransactionSize(signedSize)).toBeNull();
  expect(checkProgrammableTransaction({ inputs, commands: ptb.commands as never })).toBeNull();
  expect(ptb.commands.length).toBeLessThan(SUI_TRANSACTION_LIMITS.maxCommands);
  expect(signedSize).toBeLessThanOrEqual(SUI_TRANSACTION_LIMITS.maxTxSizeBytes);
  const addedResources = ptb.commands.filter((c) => c.MoveCall?.function === 'add_resource').length;
  return { commands: ptb.commands.length, signedSize, addedResources };
}

async function measureAll(txs: readonly Transaction[]): Promise<Measured[]> {
  const measured: Measured[] = [];
  for (const tx of txs) measured.push(await measure(tx));
  return measured;
}

describe(`a ${FILES}-file site within Sui's transaction limits`, () => {
  it('deploys a new site in transactions Sui accepts, each file exactly once', async () => {
    const plan = buildSiteTransactions({
      packageId: PKG,
      target: { kind: 'new', name: 'Big site', metadata: METADATA, owner: signer.toSuiAddress() },
      creates: files,
      routes: [['/app/*', '/index.html']],
      redirects: [['/old', { location: '/', statusCode: 301 }]],
    });
    const measured = await measureAll([plan.first()!, ...plan.rest(SITE)]);
    // Seven calls per file (range, resource, four headers, add): ~14 000 calls over 1000-call batches.
    expect(measured.length).toBeGreaterThanOrEqual(Math.ceil((FILES * 7) / 1000));
    expect(measured.reduce((sum, m) => sum + m.addedResources, 0)).toBe(FILES);
  });

  it('replaces every file of an existing site in transactions Sui accepts', async () => {
    const plan = buildSiteTransactions({
      packageId: PKG,
      target: { kind: 'existing', siteId: SITE },
      deletes: paths,
      creates: files,
    });
    const measured = await measureAll([plan.first()!, ...plan.rest()]);
    expect(measured.reduce((sum, m) => sum + m.addedResources, 0)).toBe(FILES);
  });

  it('destroys it in transactions Sui accepts', async () => {
    const txs = buildDestroyTransactions({
      packageId: PKG,
      siteId: SITE,
      paths,
      hasRoutes: true,
      hasRedirects: true,
    });
    const measured = await measureAll(txs);
    expect(measured.reduce((sum, m) => sum + m.commands, 0)).toBe(FILES + 3);
  });

  it('refuses to plan a header whose pure argument Sui would refuse (16 384 bytes), and sends one byte less', async () => {
    // A string of n < 16 384 bytes is n + 2 bytes of BCS (two bytes of ULEB128 length).
    const withHeader = (length: number) =>
      buildSiteTransactions({
        packageId: PKG,
        target: { kind: 'existing', siteId: SITE },
        creates: [resource('/big.html', 0, [['x-big', 'x'.repeat(length)]])],
      });
    expect(() => withHeader(16_382)).toThrow(InvalidSiteUpdateError);
    const plan = withHeader(16_381);
    expect(plan.count).toBe(1);
    await measure(plan.first()!);
  });
});
