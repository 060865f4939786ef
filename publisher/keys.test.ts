import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  decodeSuiPrivateKey,
  encodeSuiPrivateKey,
  SIGNATURE_SCHEME_TO_FLAG,
  type Keypair,
} from '@mysten/sui/cryptography';
import { Ed25519Keypair } from '@mysten/sui/keypairs/ed25519';
import { Secp256k1Keypair } from '@mysten/sui/keypairs/secp256k1';
import { Secp256r1Keypair } from '@mysten/sui/keypairs/secp256r1';
import { toBase64 } from '@mysten/sui/utils';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  InvalidKeyError,
  KeyNotFoundError,
  keypairFromSuiPrivateKey,
  loadSigner,
  parseSuiClientYaml,
} from './keys.ts';

let home: string;

beforeEach(async () => {
  home = await mkdtemp(join(tmpdir(), 'floe-keys-'));
});
afterEach(async () => {
  await rm(home, { recursive: true, force: true });
});

const seeded = (byte: number) => Ed25519Keypair.fromSecretKey(new Uint8Array(32).fill(byte));

/** A keystore entry as the Sui CLI writes it: base64(flag || 32-byte secret key). */
function keystoreEntry(keypair: Keypair): string {
  const { scheme, secretKey } = decodeSuiPrivateKey(keypair.getSecretKey());
  return toBase64(new Uint8Array([SIGNATURE_SCHEME_TO_FLAG[scheme], ...secretKey]));
}

async function writeWallet(options: {
  keys: Keypair[];
  active: string | null;
  keystoreLine?: (path: string) => string;
  configDir?: string;
}): Promise<string> {
  const configDir = options.configDir ?? join(home, '.sui', 'sui_config');
  await mkdir(configDir, { recursive: true });
  const keystore = join(configDir, 'sui.keystore');
  await writeFile(keystore, JSON.stringify(options.keys.map(keystoreEntry), null, 2));
  const keystoreLine = options.keystoreLine ?? ((p: string) => `keystore:\n  File: ${p}`);
  await writeFile(
    join(configDir, 'client.yaml'),
    [
      '---',
      keystoreLine(keystore),
      'external_keys: ~',
      'envs:',
      '  - alias: testnet',
      '    rpc: "https://fullnode.testnet.sui.io:443"',
      '    ws: ~',
      '    basic_auth: ~',
      'active_env: testnet',
      `active_address: ${options.active === null ? '~' : `"${options.active}"`}`,
      '',
    ].join('\n'),
  );
  return keystore;
}

describe('FLOE_PRIVATE_KEY', () => {
  it.each([
    ['Ed25519', () => seeded(1)],
    ['Secp256k1', () => Secp256k1Keypair.fromSecretKey(new Uint8Array(32).fill(2))],
    ['Secp256r1', () => Secp256r1Keypair.fromSecretKey(new Uint8Array(32).fill(3))],
  ])('loads a %s key and prefers it to every other source', async (_scheme, make) => {
    const keypair = make();
    await writeWallet({ keys: [seeded(9)], active: seeded(9).toSuiAddress() });
    const loaded = await loadSigner({ env: { FLOE_PRIVATE_KEY: ` ${keypair.getSecretKey()}\n` }, home });
    expect(loaded.source).toBe('env');
    expect(loaded.location).toBe('FLOE_PRIVATE_KEY');
    expect(loaded.address).toBe(keypair.toSuiAddress());
    expect(loaded.keypair.getPublicKey().toSuiAddress()).toBe(keypair.toSuiAddress());
  });

  it('rejects a malformed key and names the variable', async () => {
    const error = await loadSigner({ env: { FLOE_PRIVATE_KEY: 'not-a-key' }, home }).catch((e) => e);
    expect(error).toBeInstanceOf(InvalidKeyError);
    expect(error.source).toBe('FLOE_PRIVATE_KEY');
    expect(error.message).toMatch(/FLOE_PRIVATE_KEY.*suiprivkey1/);
  });
});

describe('devnet dev key', () => {
  it('loads the dev key named by devnet.json on the devnet only', async () => {
    const key = seeded(4);
    await writeFile(join(home, 'dev.key'), `${key.getSecretKey()}\n`);
    const devKey = { path: 'dev.key', address: key.toSuiAddress() };
    const loaded = await loadSigner({ network: { name: 'devnet', devKey }, env: {}, home, cwd: home });
    expect(loaded).toMatchObject({
      source: 'devnet',
      address: key.toSuiAddress(),
      location: join(home, 'dev.key'),
    });

    // Not on other networks: there it falls through to the (missing) wallet.
    await expect(
      loadSigner({ network: { name: 'testnet', devKey }, env: {}, home, cwd: home }),
    ).rejects.toThrow(KeyNotFoundError);
  });

  it('refuses a dev key file that holds another address', async () => {
    await writeFile(join(home, 'dev.key'), seeded(5).getSecretKey());
    const devKey = { path: join(home, 'dev.key'), address: seeded(6).toSuiAddress() };
    const error = await loadSigner({ network: { name: 'devnet', devKey }, env: {}, home }).catch((e) => e);
    expect(error).toBeInstanceOf(InvalidKeyError);
    expect(error.message).toContain(seeded(6).toSuiAddress());
  });

  it('falls back to the Sui wallet when the dev key file is gone', async () => {
    const key = seeded(7);
    await writeWallet({ keys: [key], active: key.toSuiAddress() });
    const devKey = { path: join(home, 'missing.key'), address: seeded(8).toSuiAddress() };
    const loaded = await loadSigner({ network: { name: 'devnet', devKey }, env: {}, home });
    expect(loaded).toMatchObject({ source: 'keystore', address: key.toSuiAddress() });
  });
});

describe('Sui CLI keystore', () => {
  it('picks the key of active_address among several schemes', async () => {
    const keys = [seeded(10), Secp256k1Keypair.fromSecretKey(new Uint8Array(32).fill(11)), seeded(12)];
    const keystore = await writeWallet({ keys, active: keys[1]!.toSuiAddress() });
    const loaded = await loadSigner({ env: {}, home });
    expect(loaded).toMatchObject({
      source: 'keystore',
      location: keystore,
      address: keys[1]!.toSuiAddress(),
    });
  });

  it.each([
    ['a tagged enum', (p: string) => `keystore: !File ${p}`],
    ['a flow mapping', (p: string) => `keystore: { File: "${p}" }`],
    ['a quoted path with a comment', (p: string) => `keystore: # where keys live\n  File: '${p}' # here`],
    ['a ~ path', () => 'keystore:\n  File: ~/.sui/sui_config/sui.keystore'],
    ['a relative path', () => 'keystore:\n  File: sui.keystore'],
  ])('reads the keystore path written as %s', async (_name, keystoreLine) => {
    const key = seeded(13);
    await writeWallet({ keys: [seeded(14), key], active: key.toSuiAddress(), keystoreLine });
    expect((await loadSigner({ env: {}, home })).address).toBe(key.toSuiAddress());
  });

  it('uses SUI_CONFIG_DIR instead of ~/.sui/sui_config', async () => {
    const key = seeded(15);
    const configDir = join(home, 'elsewhere');
    await writeWallet({ keys: [key], active: key.toSuiAddress(), configDir });
    expect((await loadSigner({ env: { SUI_CONFIG_DIR: configDir }, home })).address).toBe(key.toSuiAddress());
  });

  it('takes the only key when no active address is set, and refuses to guess among several', async () => {
    await writeWallet({ keys: [seeded(16)], active: null });
    expect((await loadSigner({ env: {}, home })).address).toBe(seeded(16).toSuiAddress());

    await writeWallet({ keys: [seeded(16), seeded(17)], active: null });
    await expect(loadSigner({ env: {}, home })).rejects.toThrow(/no active_address, and 2 keys/);
  });

  it('skips unusable entries but reports them when the active key is missing', async () => {
    const keystore = await writeWallet({ keys: [seeded(18)], active: seeded(19).toSuiAddress() });
    await writeFile(keystore, JSON.stringify([keystoreEntry(seeded(18)), 'AwAAAA==', 42]));
    const error = await loadSigner({ env: {}, home }).catch((e) => e);
    expect(error).toBeInstanceOf(KeyNotFoundError);
    expect(error.message).toContain(`no key for the active address ${seeded(19).toSuiAddress()}`);
    expect(error.message).toContain('2 entries not usable');
  });

  it('names the keystore when it is not a JSON array', async () => {
    const keystore = await writeWallet({ keys: [], active: seeded(20).toSuiAddress() });
    await writeFile(keystore, '{"not": "an array"}');
    const error = await loadSigner({ env: {}, home }).catch((e) => e);
    expect(error).toBeInstanceOf(InvalidKeyError);
    expect(error.source).toBe(keystore);
  });
});

describe('no key anywhere', () => {
  it('tells the user the three ways to provide one and what was looked at', async () => {
    const error = await loadSigner({
      network: { name: 'devnet', devKey: { path: join(home, 'dev.key'), address: seeded(1).toSuiAddress() } },
      env: {},
      home,
    }).catch((e) => e);
    expect(error).toBeInstanceOf(KeyNotFoundError);
    expect(error.message).toContain('FLOE_PRIVATE_KEY=suiprivkey1');
    expect(error.message).toContain('npm start');
    expect(error.message).toContain('client.yaml');
    expect(error.tried).toEqual([
      'FLOE_PRIVATE_KEY: not set',
      `devnet dev key ${join(home, 'dev.key')}: no such file`,
      `Sui CLI wallet ${join(home, '.sui', 'sui_config', 'client.yaml')}: no such file`,
    ]);
  });
});

describe('parseSuiClientYaml', () => {
  it('reads the fields of a client.yaml as the Sui CLI writes it', () => {
    const yaml = [
      '---',
      'keystore:',
      '  File: /home/me/.sui/sui_config/sui.keystore',
      'external_keys: ~',
      'envs:',
      '  - alias: devnet',
      '    rpc: "https://fullnode.devnet.sui.io:443"',
      '    ws: ~',
      '  - alias: File', // an indented key elsewhere is not the keystore
      'active_env: devnet',
      'active_address: "0x4a1b#not-a-comment"',
      '',
    ].join('\r\n');
    expect(parseSuiClientYaml(yaml)).toEqual({
      keystorePath: '/home/me/.sui/sui_config/sui.keystore',
      activeAddress: '0x4a1b#not-a-comment',
      activeEnv: 'devnet',
    });
  });

  it('treats missing and ~ values as absent', () => {
    expect(parseSuiClientYaml('active_address: ~\nkeystore:\n')).toEqual({
      keystorePath: null,
      activeAddress: null,
      activeEnv: null,
    });
  });
});

describe('keypairFromSuiPrivateKey', () => {
  it('rejects schemes that cannot sign here', () => {
    const multisig = encodeSuiPrivateKey(new Uint8Array(32).fill(1), 'MultiSig');
    expect(() => keypairFromSuiPrivateKey(multisig, 'test')).toThrow(/MultiSig is not supported/);
    expect(() => keypairFromSuiPrivateKey('suiprivkey1qqqq', 'test')).toThrow(InvalidKeyError);
  });
});
