// Package IDs of the devnet's native packages. They are fixed (derived from a label) so that
// devnet.json, tests and a restarted chain always agree, and look like real 32-byte IDs.
import { blake2b } from '@noble/hashes/blake2.js';
import { toHex } from '@mysten/bcs';

function packageId(label: string): string {
  return `0x${toHex(blake2b(new TextEncoder().encode(`floe-devnet/${label}`), { dkLen: 32 }))}`;
}

export const WALRUS_SITE_PACKAGE = packageId('walrus_site');
export const WALRUS_PACKAGE = packageId('walrus');
export const WAL_PACKAGE = packageId('wal');
export const NAMES_PACKAGE = packageId('names');
