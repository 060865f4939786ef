// BLS key files for the launcher and `main.ts --bls-key`: one line holding the 32-byte secret key
// in base64, written with owner-only permissions and renamed into place so a crash never leaves
// half a key behind.
import { randomBytes } from 'node:crypto';
import { open, readFile, rename } from 'node:fs/promises';
import { fromBase64, toBase64 } from '@mysten/bcs';
import { BlsKeyError, BlsSigner } from './bls.ts';

export async function readBlsKeyFile(path: string): Promise<BlsSigner> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (cause) {
    throw new BlsKeyError(`cannot read the BLS key file ${path}: ${(cause as Error).message}`, { cause });
  }
  const line = text.trim();
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(line)) throw new BlsKeyError(`${path} does not hold a base64 BLS key`);
  return new BlsSigner(fromBase64(line));
}

export async function writeBlsKeyFile(path: string, signer: BlsSigner): Promise<void> {
  const temp = `${path}.${randomBytes(4).toString('hex')}.tmp`;
  const file = await open(temp, 'wx', 0o600);
  try {
    await file.writeFile(`${toBase64(signer.secretKey)}\n`);
    await file.sync();
  } finally {
    await file.close();
  }
  await rename(temp, path);
}

/**
 * For the launcher: creates a fresh key at `path` and returns its public key (48-byte compressed
 * G1, what the chain's genesis registers for the node).
 */
export async function generateBlsKeyFile(path: string): Promise<{ readonly publicKey: Uint8Array }> {
  const signer = BlsSigner.generate();
  await writeBlsKeyFile(path, signer);
  return { publicKey: signer.publicKey };
}
