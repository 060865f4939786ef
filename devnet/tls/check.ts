// Decides whether stored devnet PEMs can still serve: parsed with node:crypto, the server
// certificate must be issued by the CA, match the key, name every devnet address and not be
// near its end. Anything else means "issue new ones", never "fail".
import { createPrivateKey, X509Certificate } from 'node:crypto';
import type { DevnetPems } from './generate.ts';
import { DEVNET_SUBJECT_ALT_NAMES, needsRenewal } from './policy.ts';

export class UnusableDevnetTlsError extends Error {
  override name = 'UnusableDevnetTlsError';
}

export interface CheckedPems {
  readonly ca: X509Certificate;
  readonly leaf: X509Certificate;
}

export function checkDevnetPems(pems: DevnetPems, now: Date): CheckedPems {
  let ca: X509Certificate;
  let leaf: X509Certificate;
  try {
    ca = new X509Certificate(pems.caPem);
    // The first certificate of the chain file is the server's own.
    leaf = new X509Certificate(pems.certPem);
  } catch (cause) {
    throw new UnusableDevnetTlsError('a stored certificate does not parse', { cause });
  }
  if (!ca.ca) throw new UnusableDevnetTlsError('ca.pem is not a CA certificate');
  if (!leaf.checkIssued(ca) || !leaf.verify(ca.publicKey))
    throw new UnusableDevnetTlsError('cert.pem is not signed by ca.pem');
  let matches: boolean;
  try {
    matches = leaf.checkPrivateKey(createPrivateKey(pems.keyPem));
  } catch (cause) {
    throw new UnusableDevnetTlsError('key.pem does not parse', { cause });
  }
  if (!matches) throw new UnusableDevnetTlsError('key.pem is not the key of cert.pem');
  const names = (leaf.subjectAltName ?? '').split(', ');
  for (const name of DEVNET_SUBJECT_ALT_NAMES) {
    // Read back rather than matched: OpenSSL's host check refuses `*.localhost` (a wildcard
    // needs two labels after it), yet the name stays for clients that accept it.
    const covered =
      name.type === 'ip' ? leaf.checkIP(name.value) !== undefined : names.includes(`DNS:${name.value}`);
    if (!covered) throw new UnusableDevnetTlsError(`cert.pem does not name ${name.value}`);
  }
  for (const [file, certificate] of [
    ['ca.pem', ca],
    ['cert.pem', leaf],
  ] as const) {
    const validity = { notBefore: certificate.validFromDate, notAfter: certificate.validToDate };
    if (needsRenewal(validity, now)) throw new UnusableDevnetTlsError(`${file} is expired or about to be`);
  }
  return { ca, leaf };
}
