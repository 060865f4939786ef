// VerifySignature through the unmodified SuiGrpcClient (`core.verifyZkLoginSignature`, which sends
// any signature to SignatureVerificationService) on a devnet chain: simple and multisig signatures
// over personal messages and transactions verify, tampered ones and foreign addresses do not, and a
// zkLogin signature is refused with a reason, since the devnet has no JWKs to check it against.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Keypair } from '@mysten/sui/cryptography';
import { SuiGrpcClient } from '@mysten/sui/grpc';
import { Ed25519Keypair } from '@mysten/sui/keypairs/ed25519';
import { Secp256k1Keypair } from '@mysten/sui/keypairs/secp256k1';
import { Secp256r1Keypair } from '@mysten/sui/keypairs/secp256r1';
import { MultiSigPublicKey } from '@mysten/sui/multisig';
import { Transaction } from '@mysten/sui/transactions';
import { fromBase64, toBase64 } from '@mysten/sui/utils';
import { computeZkLoginAddressFromSeed, getZkLoginSignature } from '@mysten/sui/zklogin';
import { startChain, type Chain } from '../chain.ts';

let dir: string;
let chain: Chain;
let client: SuiGrpcClient;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'floe-grpc-signatures-'));
  chain = await startChain({ dir });
  client = new SuiGrpcClient({ baseUrl: chain.url, network: 'localnet' });
});

afterAll(async () => {
  await chain?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

const message = new TextEncoder().encode('hello from the devnet');

function verifyMessage(bytes: Uint8Array, signature: string, address: string) {
  return client.core.verifyZkLoginSignature({
    bytes: toBase64(bytes),
    signature,
    intentScope: 'PersonalMessage',
    address,
  });
}

/** `signature` with one byte of the signature proper flipped (the flag and key stay intact). */
function tampered(signature: string): string {
  const bytes = fromBase64(signature);
  bytes[10] = bytes[10]! ^ 0xff;
  return toBase64(bytes);
}

describe('VerifySignature', () => {
  it.each([
    ['Ed25519', new Ed25519Keypair()],
    ['Secp256k1', new Secp256k1Keypair()],
    ['Secp256r1', new Secp256r1Keypair()],
  ] as [string, Keypair][])('accepts a %s personal-message signature by its signer', async (_scheme, key) => {
    const { signature } = await key.signPersonalMessage(message);
    expect(await verifyMessage(message, signature, key.toSuiAddress())).toEqual({
      success: true,
      errors: [],
    });
  });

  it('rejects an Ed25519 signature over another message, or tampered with, saying why', async () => {
    const key = new Ed25519Keypair();
    const { signature } = await key.signPersonalMessage(message);
    const other = new TextEncoder().encode('hello from elsewhere');
    const failure = { success: false, errors: ['signature error: Verification equation was not satisfied'] };
    expect(await verifyMessage(other, signature, key.toSuiAddress())).toEqual(failure);
    expect(await verifyMessage(message, tampered(signature), key.toSuiAddress())).toEqual(failure);
  });

  it('rejects a valid signature for an address its key does not derive', async () => {
    const key = new Ed25519Keypair();
    const stranger = new Ed25519Keypair().toSuiAddress();
    const { signature } = await key.signPersonalMessage(message);
    expect(await verifyMessage(message, signature, stranger)).toEqual({
      success: false,
      errors: [`provided address \`${stranger}\` does not match derived address \`${key.toSuiAddress()}\``],
    });
  });

  it('verifies a transaction signature under the TransactionData intent, not as a personal message', async () => {
    const key = new Ed25519Keypair();
    await chain.faucet.fund(key.toSuiAddress());
    const tx = new Transaction();
    tx.setSender(key.toSuiAddress());
    tx.transferObjects([tx.splitCoins(tx.gas, [1])], key.toSuiAddress());
    const bytes = await tx.build({ client });
    const { signature } = await key.signTransaction(bytes);
    const verify = (intentScope: 'TransactionData' | 'PersonalMessage') =>
      client.core.verifyZkLoginSignature({
        bytes: toBase64(bytes),
        signature,
        intentScope,
        address: key.toSuiAddress(),
      });
    expect(await verify('TransactionData')).toEqual({ success: true, errors: [] });
    expect((await verify('PersonalMessage')).success).toBe(false);
  });

  it('verifies a 2-of-2 multisig, and rejects one signed by a single member for its weight', async () => {
    const [first, second] = [new Ed25519Keypair(), new Secp256k1Keypair()];
    const multisig = MultiSigPublicKey.fromPublicKeys({
      threshold: 2,
      publicKeys: [
        { publicKey: first.getPublicKey(), weight: 1 },
        { publicKey: second.getPublicKey(), weight: 1 },
      ],
    });
    const partial = [
      (await first.signPersonalMessage(message)).signature,
      (await second.signPersonalMessage(message)).signature,
    ];
    const address = multisig.toSuiAddress();
    expect(await verifyMessage(message, multisig.combinePartialSignatures(partial), address)).toEqual({
      success: true,
      errors: [],
    });
    expect(
      await verifyMessage(message, multisig.combinePartialSignatures(partial.slice(0, 1)), address),
    ).toEqual({
      success: false,
      errors: ['signature error: signature weight does not exceed threshold'],
    });
  });

  it('refuses a zkLogin signature, which it has no JWKs to verify, and says so', async () => {
    const ephemeral = new Ed25519Keypair();
    const iss = 'https://issuer.example/a';
    const claim = `"iss":"${iss}",`;
    // Whole base64 characters only: a claim of a multiple of 3 bytes, starting at offset 0.
    expect(claim.length % 3).toBe(0);
    const addressSeed = '12345678901234567890';
    const signature = getZkLoginSignature({
      inputs: {
        proofPoints: {
          a: ['1', '2', '1'],
          b: [
            ['1', '2'],
            ['3', '4'],
            ['1', '0'],
          ],
          c: ['1', '2', '1'],
        },
        issBase64Details: { value: base64Url(claim), indexMod4: 0 },
        headerBase64: base64Url(JSON.stringify({ alg: 'RS256', kid: 'devnet-kid', typ: 'JWT' })),
        addressSeed,
      },
      maxEpoch: '10',
      userSignature: (await ephemeral.signPersonalMessage(message)).signature,
    });
    const address = computeZkLoginAddressFromSeed(BigInt(addressSeed), iss, false);
    const result = await verifyMessage(message, signature, address);
    expect(result.success).toBe(false);
    expect(result.errors).toEqual([
      expect.stringMatching(/no JWK for iss "https:\/\/issuer.example\/a" and kid "devnet-kid".*zkLogin/),
    ]);
  });

  it('answers INVALID_ARGUMENT for a signature that is not one', async () => {
    await expect(
      verifyMessage(message, toBase64(new Uint8Array([0, 1, 2])), new Ed25519Keypair().toSuiAddress()),
    ).rejects.toMatchObject({
      code: 'INVALID_ARGUMENT',
      message: expect.stringMatching(/^invalid signature/),
    });
  });
});

function base64Url(text: string): string {
  return toBase64(new TextEncoder().encode(text)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}
