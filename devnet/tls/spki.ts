// The pin Chromium's `--ignore-certificate-errors-spki-list` takes: base64 of the SHA-256 of the
// certificate's DER SubjectPublicKeyInfo (see the flag's description in Chromium's
// services/network/public/cpp/network_switches.cc).
import { createHash, type X509Certificate } from 'node:crypto';

export function spkiSha256(certificate: X509Certificate): string {
  const der = certificate.publicKey.export({ type: 'spki', format: 'der' });
  return createHash('sha256').update(der).digest('base64');
}
