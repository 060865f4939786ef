// Making clients accept the devnet's certificates without touching the machine's trust store.
import { X509Certificate } from 'node:crypto';
import { getCACertificates, setDefaultCACertificates } from 'node:tls';
import type { DevnetTls } from './devnet-tls.ts';

/**
 * Chromium flags that accept the devnet server certificate by its public key pin. Chromium
 * honours the flag only with `--user-data-dir`, which Playwright always passes.
 */
export function chromiumTrustArgs(tls: Pick<DevnetTls, 'spkiSha256'>): string[] {
  return [`--ignore-certificate-errors-spki-list=${tls.spkiSha256}`];
}

/**
 * Adds `caPem` to the CAs this process trusts by default, next to the ones it already does:
 * `https`, `tls.connect` and the global `fetch` (undici) all build their default secure context
 * from that list (Node 24: `tls.setDefaultCACertificates`). Connections opened before the call
 * keep their old view. Idempotent.
 */
export function trustCaInThisProcess(caPem: string): void {
  const current = getCACertificates('default');
  const wanted = new X509Certificate(caPem).fingerprint256;
  if (current.some((pem) => new X509Certificate(pem).fingerprint256 === wanted)) return;
  setDefaultCACertificates([...current, caPem]);
}
