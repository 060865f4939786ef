// The devnet's TLS material on disk: a CA and one server certificate for every loopback name,
// made on first use and reused until near expiry, so a browser or client trusted once keeps
// trusting the devnet across restarts.
import { randomBytes } from 'node:crypto';
import { chmod, mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { checkDevnetPems, UnusableDevnetTlsError, type CheckedPems } from './check.ts';
import { generateDevnetPems, type DevnetPems } from './generate.ts';
import { spkiSha256 } from './spki.ts';

export interface DevnetTls extends DevnetPems {
  /** `ca.pem`: the devnet CA, to trust in clients. */
  readonly caPath: string;
  /** `cert.pem`: the server certificate and the CA, to serve. */
  readonly certPath: string;
  /** `key.pem` (mode 0600): the server certificate's private key. */
  readonly keyPath: string;
  /** Base64 SHA-256 of the server certificate's SubjectPublicKeyInfo, as Chromium pins it. */
  readonly spkiSha256: string;
}

/**
 * The devnet's certificates under `dir`: the stored ones when they parse, belong together and
 * are not near expiry; otherwise new ones, written before they are returned.
 */
export async function loadOrCreateDevnetTls(dir: string, now = new Date()): Promise<DevnetTls> {
  const paths = {
    caPath: join(dir, 'ca.pem'),
    certPath: join(dir, 'cert.pem'),
    keyPath: join(dir, 'key.pem'),
  };
  const stored = await readPems(paths);
  if (stored) {
    try {
      return describe(paths, stored, checkDevnetPems(stored, now));
    } catch (error) {
      if (!(error instanceof UnusableDevnetTlsError)) throw error;
    }
  }
  const pems = await generateDevnetPems(now);
  const checked = checkDevnetPems(pems, now);
  await mkdir(dir, { recursive: true });
  // Key first and CA last: a reader that races us sees a mismatch and issues its own, never a
  // half-written file.
  await writeAtomically(paths.keyPath, pems.keyPem, 0o600);
  await writeAtomically(paths.certPath, pems.certPem, 0o644);
  await writeAtomically(paths.caPath, pems.caPem, 0o644);
  return describe(paths, pems, checked);
}

function describe(
  paths: Pick<DevnetTls, 'caPath' | 'certPath' | 'keyPath'>,
  pems: DevnetPems,
  checked: CheckedPems,
): DevnetTls {
  return { ...paths, ...pems, spkiSha256: spkiSha256(checked.leaf) };
}

async function readPems(paths: Pick<DevnetTls, 'caPath' | 'certPath' | 'keyPath'>) {
  try {
    const [caPem, certPem, keyPem] = await Promise.all(
      [paths.caPath, paths.certPath, paths.keyPath].map((path) => readFile(path, 'utf8')),
    );
    return { caPem: caPem!, certPem: certPem!, keyPem: keyPem! };
  } catch (error) {
    // Missing or unreadable files are replaced; anything else is a real fault.
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'EACCES' || code === 'EISDIR') return undefined;
    throw error;
  }
}

async function writeAtomically(path: string, text: string, mode: number): Promise<void> {
  const temporary = `${path}.${randomBytes(6).toString('hex')}.tmp`;
  await writeFile(temporary, text, { mode });
  // The umask may have narrowed the mode; the key must end up exactly owner-only.
  await chmod(temporary, mode);
  await rename(temporary, path);
}
