// Issues the devnet's CA and its one server certificate with @peculiar/x509 over WebCrypto:
// ECDSA P-256 keys, the CA self-signed and limited to signing end-entity certificates.
import 'reflect-metadata';
import * as x509 from '@peculiar/x509';
import { DEVNET_SUBJECT_ALT_NAMES, validityFrom } from './policy.ts';

/** The PEM texts of a fresh devnet CA and server certificate. */
export interface DevnetPems {
  readonly caPem: string;
  /** The server certificate followed by the CA, the chain a TLS server sends. */
  readonly certPem: string;
  /** The server certificate's private key, PKCS #8. The CA's key is never kept. */
  readonly keyPem: string;
}

const ALGORITHM = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' };

export async function generateDevnetPems(now: Date): Promise<DevnetPems> {
  const { notBefore, notAfter } = validityFrom(now);
  const caKeys = await generateKeys();
  const ca = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: randomSerial(),
    name: 'CN=Floe devnet CA',
    notBefore,
    notAfter,
    signingAlgorithm: ALGORITHM,
    keys: caKeys,
    extensions: [
      // Path length 0: this CA can sign servers, never another CA.
      new x509.BasicConstraintsExtension(true, 0, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
      await x509.SubjectKeyIdentifierExtension.create(caKeys.publicKey),
    ],
  });
  const leafKeys = await generateKeys();
  const leaf = await x509.X509CertificateGenerator.create({
    serialNumber: randomSerial(),
    subject: 'CN=localhost',
    issuer: ca.subject,
    notBefore,
    notAfter,
    signingAlgorithm: ALGORITHM,
    publicKey: leafKeys.publicKey,
    signingKey: caKeys.privateKey,
    extensions: [
      new x509.BasicConstraintsExtension(false, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
      new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth]),
      new x509.SubjectAlternativeNameExtension(
        DEVNET_SUBJECT_ALT_NAMES.map(({ type, value }) => ({ type, value })),
      ),
      await x509.SubjectKeyIdentifierExtension.create(leafKeys.publicKey),
      await x509.AuthorityKeyIdentifierExtension.create(ca),
    ],
  });
  const pkcs8 = await crypto.subtle.exportKey('pkcs8', leafKeys.privateKey);
  const caPem = ca.toString('pem');
  return {
    caPem: `${caPem}\n`,
    certPem: `${leaf.toString('pem')}\n${caPem}\n`,
    keyPem: `${x509.PemConverter.encode(pkcs8, 'PRIVATE KEY')}\n`,
  };
}

function generateKeys(): Promise<CryptoKeyPair> {
  return crypto.subtle.generateKey(ALGORITHM, true, ['sign', 'verify']);
}

/** 16 random bytes with the top bit clear: RFC 5280 §4.1.2.2 wants a positive serial. */
function randomSerial(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[0] = bytes[0]! & 0x7f;
  return Buffer.from(bytes).toString('hex');
}
