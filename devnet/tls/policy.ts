// What the devnet's certificates must say and when they are worn out. Pure: no clock, no files.

/** A name a certificate vouches for, in the form @peculiar/x509 takes. */
export interface SubjectAltName {
  readonly type: 'ip' | 'dns';
  readonly value: string;
}

/**
 * Every address a browser or client on this machine may use to reach a devnet server: storage
 * nodes listen on 127.0.0.1 (or ::1), and `*.localhost` lets per-site subdomains share the leaf.
 */
export const DEVNET_SUBJECT_ALT_NAMES: readonly SubjectAltName[] = [
  { type: 'ip', value: '127.0.0.1' },
  { type: 'ip', value: '::1' },
  { type: 'dns', value: 'localhost' },
  { type: 'dns', value: '*.localhost' },
];

const DAY_MS = 24 * 60 * 60 * 1000;
/** A year, well inside the 398 days Chromium accepts for a server certificate. */
export const VALIDITY_DAYS = 365;
/** Renew a week before the end, so a devnet started today still runs tomorrow. */
export const RENEW_BEFORE_MS = 7 * DAY_MS;
/** Back-dated by an hour: a client whose clock runs a little behind still accepts a fresh cert. */
const BACKDATE_MS = 60 * 60 * 1000;

export interface Validity {
  readonly notBefore: Date;
  readonly notAfter: Date;
}

/** The validity of certificates issued at `now`. */
export function validityFrom(now: Date): Validity {
  return {
    notBefore: new Date(now.getTime() - BACKDATE_MS),
    notAfter: new Date(now.getTime() + VALIDITY_DAYS * DAY_MS),
  };
}

/** True when a certificate valid over `validity` should be replaced at `now`. */
export function needsRenewal(validity: Validity, now: Date): boolean {
  return (
    now.getTime() < validity.notBefore.getTime() ||
    now.getTime() + RENEW_BEFORE_MS >= validity.notAfter.getTime()
  );
}
