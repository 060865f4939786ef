// The key the CLI signs with, from the first place that has one:
//   1. FLOE_PRIVATE_KEY in the environment (`suiprivkey1…`, as `sui keytool export` prints it);
//   2. on the devnet, the funded development key the launcher wrote (devnet.json `devKey.path`);
//   3. the Sui CLI wallet: `client.yaml` names the keystore and the active address, and the
//      keystore (a JSON array of base64 `flag || secret key`) holds that address's key.
import { readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { decodeSuiPrivateKey, type Keypair, type SignatureScheme } from '@mysten/sui/cryptography';
import { Ed25519Keypair } from '@mysten/sui/keypairs/ed25519';
import { Secp256k1Keypair } from '@mysten/sui/keypairs/secp256k1';
import { Secp256r1Keypair } from '@mysten/sui/keypairs/secp256r1';
import { fromBase64, normalizeSuiAddress } from '@mysten/sui/utils';
import type { NetworkConfig } from '../core/sui/networks.ts';

export const PRIVATE_KEY_ENV = 'FLOE_PRIVATE_KEY';

const HOW_TO_PROVIDE = [
  `  1. set ${PRIVATE_KEY_ENV}=suiprivkey1… (print one with \`sui keytool export --key-identity <address>\`)`,
  '  2. on the devnet, start it with `npm start`: it writes a funded dev key and points devnet.json at it',
  '  3. set up the Sui CLI wallet (`sui client`), whose ~/.sui/sui_config/client.yaml names the keystore and',
  '     the active address',
].join('\n');

/** No key in any of the three places; the message says how to provide one and what was tried. */
export class KeyNotFoundError extends Error {
  override name = 'KeyNotFoundError';
  /** One line per place looked at, saying why it had no key. */
  readonly tried: readonly string[];

  constructor(tried: readonly string[]) {
    super(
      `no signing key found. Provide one of:\n${HOW_TO_PROVIDE}\nLooked at:\n${tried.map((t) => `  - ${t}`).join('\n')}`,
    );
    this.tried = tried;
  }
}

/** A key that was found but cannot be used; `source` names where it came from. */
export class InvalidKeyError extends Error {
  override name = 'InvalidKeyError';
  readonly source: string;

  constructor(source: string, reason: string, options?: { cause?: unknown }) {
    super(`invalid key in ${source}: ${reason}`, options);
    this.source = source;
  }
}

export interface LoadedSigner {
  readonly keypair: Keypair;
  /** Normalized Sui address of the key. */
  readonly address: string;
  readonly source: 'env' | 'devnet' | 'keystore';
  /** Where the key came from, for messages: `FLOE_PRIVATE_KEY`, a file path. */
  readonly location: string;
}

export interface LoadSignerOptions {
  /** The network deployed to: on the devnet its `devKey` is the second choice. */
  readonly network?: Pick<NetworkConfig, 'name' | 'devKey'>;
  /** @default process.env */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Home directory holding `.sui/sui_config/`. @default os.homedir() */
  readonly home?: string;
  /** Base of a relative dev key path. @default process.cwd() */
  readonly cwd?: string;
}

export async function loadSigner(options: LoadSignerOptions = {}): Promise<LoadedSigner> {
  const env = options.env ?? process.env;
  const tried: string[] = [];

  const fromEnv = env[PRIVATE_KEY_ENV]?.trim();
  if (fromEnv) {
    const keypair = keypairFromSuiPrivateKey(fromEnv, PRIVATE_KEY_ENV);
    return signer(keypair, 'env', PRIVATE_KEY_ENV);
  }
  tried.push(`${PRIVATE_KEY_ENV}: not set`);

  const devKey = options.network?.name === 'devnet' ? options.network.devKey : null;
  if (options.network?.name === 'devnet' && !devKey) tried.push('devnet.json: has no devKey');
  if (devKey) {
    const path = resolve(options.cwd ?? process.cwd(), devKey.path);
    const text = await readOptional(path);
    if (text === null) {
      tried.push(`devnet dev key ${path}: no such file`);
    } else {
      const keypair = keypairFromSuiPrivateKey(text.trim(), `the devnet dev key ${path}`);
      const address = keypair.toSuiAddress();
      if (normalizeSuiAddress(devKey.address) !== address) {
        throw new InvalidKeyError(
          `the devnet dev key ${path}`,
          `it is the key of ${address}, but devnet.json says the dev key is ${devKey.address}`,
        );
      }
      return signer(keypair, 'devnet', path);
    }
  }

  const fromWallet = await keyFromSuiWallet(env, options.home ?? homedir(), tried);
  if (fromWallet) return fromWallet;
  throw new KeyNotFoundError(tried);
}

/** A keypair from a `suiprivkey1…` string (Ed25519, Secp256k1 or Secp256r1). */
export function keypairFromSuiPrivateKey(text: string, source: string): Keypair {
  let parsed;
  try {
    parsed = decodeSuiPrivateKey(text);
  } catch (error) {
    throw new InvalidKeyError(
      source,
      `expected a Bech32 private key starting with suiprivkey1 (${(error as Error).message})`,
      { cause: error },
    );
  }
  return keypairFromScheme(parsed.scheme, parsed.secretKey, source);
}

function keypairFromScheme(
  scheme: SignatureScheme | undefined,
  secretKey: Uint8Array,
  source: string,
): Keypair {
  if (secretKey.length !== 32) {
    throw new InvalidKeyError(source, `expected a 32-byte secret key, got ${secretKey.length} bytes`);
  }
  try {
    switch (scheme) {
      case 'ED25519':
        return Ed25519Keypair.fromSecretKey(secretKey);
      case 'Secp256k1':
        return Secp256k1Keypair.fromSecretKey(secretKey);
      case 'Secp256r1':
        return Secp256r1Keypair.fromSecretKey(secretKey);
    }
  } catch (error) {
    throw new InvalidKeyError(source, (error as Error).message, { cause: error });
  }
  throw new InvalidKeyError(
    source,
    `the key scheme ${scheme ?? 'is unknown'}${scheme ? ' is not supported' : ''}: use Ed25519, Secp256k1 or Secp256r1`,
  );
}

async function keyFromSuiWallet(
  env: Readonly<Record<string, string | undefined>>,
  home: string,
  tried: string[],
): Promise<LoadedSigner | null> {
  const configDir = env.SUI_CONFIG_DIR?.trim() || join(home, '.sui', 'sui_config');
  const clientYaml = join(configDir, 'client.yaml');
  const text = await readOptional(clientYaml);
  if (text === null) {
    tried.push(`Sui CLI wallet ${clientYaml}: no such file`);
    return null;
  }
  let config: SuiClientConfig;
  try {
    config = parseSuiClientYaml(text);
  } catch (error) {
    throw new InvalidKeyError(clientYaml, (error as Error).message, { cause: error });
  }
  if (!config.keystorePath) {
    tried.push(`Sui CLI wallet ${clientYaml}: names no keystore file (keystore: File: <path>)`);
    return null;
  }
  const keystorePath = expandPath(config.keystorePath, home, dirname(clientYaml));
  const keystoreText = await readOptional(keystorePath);
  if (keystoreText === null) {
    tried.push(`Sui keystore ${keystorePath} (from ${clientYaml}): no such file`);
    return null;
  }
  let entries: unknown;
  try {
    entries = JSON.parse(keystoreText);
  } catch (error) {
    throw new InvalidKeyError(keystorePath, 'not JSON (expected an array of base64 keys)', { cause: error });
  }
  if (!Array.isArray(entries)) {
    throw new InvalidKeyError(keystorePath, 'expected a JSON array of base64 keys');
  }

  const keys: Keypair[] = [];
  let unreadable = 0;
  for (const [index, entry] of entries.entries()) {
    try {
      if (typeof entry !== 'string') throw new Error('not a string');
      const bytes = fromBase64(entry.trim());
      const scheme = (['ED25519', 'Secp256k1', 'Secp256r1'] as const)[bytes[0] ?? -1];
      if (!scheme) throw new Error(`flag ${bytes[0]} is not Ed25519, Secp256k1 or Secp256r1`);
      keys.push(keypairFromScheme(scheme, bytes.slice(1), `${keystorePath} entry ${index}`));
    } catch {
      unreadable++;
    }
  }
  const skipped = unreadable ? ` (${unreadable} entr${unreadable === 1 ? 'y' : 'ies'} not usable)` : '';

  if (!config.activeAddress) {
    // The CLI leaves active_address unset only before the first address exists; with exactly one
    // key there is no doubt which one is meant.
    if (keys.length === 1) return signer(keys[0]!, 'keystore', keystorePath);
    tried.push(
      `Sui CLI wallet ${clientYaml}: no active_address, and ${keys.length} keys in ${keystorePath}${skipped}; ` +
        'choose one with `sui client switch --address <address>`',
    );
    return null;
  }
  const active = normalizeSuiAddress(config.activeAddress);
  const key = keys.find((k) => k.toSuiAddress() === active);
  if (key) return signer(key, 'keystore', keystorePath);
  tried.push(`Sui keystore ${keystorePath}: no key for the active address ${active}${skipped}`);
  return null;
}

export interface SuiClientConfig {
  /** `keystore: File: <path>` as written (may be relative or start with `~`). */
  readonly keystorePath: string | null;
  readonly activeAddress: string | null;
  readonly activeEnv: string | null;
}

/**
 * Reads the fields Floe needs from a Sui CLI `client.yaml`. Handles the subset of YAML the CLI
 * writes (block mappings, plain/quoted scalars, `~`, comments) and the enum spellings
 * `keystore:\n  File: p`, `keystore: {File: p}` and `keystore: !File p`; everything else is ignored.
 */
export function parseSuiClientYaml(text: string): SuiClientConfig {
  let keystorePath: string | null = null;
  let activeAddress: string | null = null;
  let activeEnv: string | null = null;
  let inKeystore = false;
  for (const raw of text.split(/\r?\n/)) {
    const line = stripComment(raw);
    if (line.trim() === '' || line.trim() === '---' || line.trim() === '...') continue;
    const indented = /^\s/.test(line);
    const match = /^\s*([A-Za-z_][\w-]*)\s*:(?:\s+(.*)|\s*)$/.exec(line);
    if (!indented) {
      inKeystore = false;
      if (!match) continue;
      const [, key, rest = ''] = match;
      const value = rest.trim();
      if (key === 'active_address') activeAddress = scalar(value);
      else if (key === 'active_env') activeEnv = scalar(value);
      else if (key === 'keystore') {
        if (value === '') inKeystore = true;
        else keystorePath = inlineKeystore(value);
      }
    } else if (inKeystore && match?.[1] === 'File') {
      keystorePath = scalar((match[2] ?? '').trim());
    }
  }
  return { keystorePath, activeAddress, activeEnv };
}

function inlineKeystore(value: string): string | null {
  const tagged = /^!File\s+(.+)$/.exec(value);
  if (tagged) return scalar(tagged[1]!.trim());
  const flow = /^\{\s*File\s*:\s*(.*?)\s*\}$/.exec(value);
  if (flow) return scalar(flow[1]!);
  return null;
}

/** A YAML scalar: `~`/`null`/empty → null, quotes removed (with their escapes). */
function scalar(value: string): string | null {
  if (value === '' || value === '~' || value === 'null' || value === 'Null' || value === 'NULL') return null;
  if (value.length >= 2 && value.startsWith("'") && value.endsWith("'")) {
    return value.slice(1, -1).replaceAll("''", "'");
  }
  if (value.length >= 2 && value.startsWith('"') && value.endsWith('"')) {
    return value.slice(1, -1).replace(/\\(["\\/])/g, '$1');
  }
  return value;
}

/** The line without a `#` comment (a `#` at the start or after a space, outside quotes). */
function stripComment(line: string): string {
  let quote: string | null = null;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (quote) {
      if (c === '\\' && quote === '"') i++;
      else if (c === quote) quote = null;
    } else if (c === '"' || c === "'") {
      quote = c;
    } else if (c === '#' && (i === 0 || /\s/.test(line[i - 1]!))) {
      return line.slice(0, i).trimEnd();
    }
  }
  return line.trimEnd();
}

function expandPath(path: string, home: string, base: string): string {
  if (path === '~') return home;
  if (path.startsWith('~/')) return join(home, path.slice(2));
  return isAbsolute(path) ? path : resolve(base, path);
}

async function readOptional(path: string): Promise<string | null> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw new InvalidKeyError(path, `cannot read it: ${(error as Error).message}`, { cause: error });
  }
}

function signer(keypair: Keypair, source: LoadedSigner['source'], location: string): LoadedSigner {
  return { keypair, address: keypair.toSuiAddress(), source, location };
}
