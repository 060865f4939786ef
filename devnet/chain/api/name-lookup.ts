// The rules a Sui full node applies when it resolves a SuiNS name (MystenLabs/sui
// crates/sui-rpc-api/src/grpc/v2/name_service.rs, crates/sui-name-service): a name resolves only
// while its record has not expired (a leaf record, while its parent is unexpired and issued with
// the same NFT), and a default name counts only while that name still points at the address.
// Pure: records come from a `NameRecords` reader, time is the caller's. The JSON-RPC methods
// (names.ts) and the gRPC NameService (grpc/name-service.ts) both answer from these results.
import { normalizeSuiAddress, normalizeSuiNSName } from '@mysten/sui/utils';
import { LEAF_EXPIRATION_TIMESTAMP } from '../natives/names/constants.ts';
import { parseDomain, type DomainValue } from '../natives/names/domain.ts';
import type { NameRecordValue } from '../natives/names/modules.ts';

export interface NameEntry {
  /** The record's dynamic-field object ID (`Field<Domain, NameRecord>`). */
  readonly id: string;
  readonly domain: DomainValue;
  readonly record: NameRecordValue;
}

/** Read access to the registry's two tables. */
export interface NameRecords {
  record(domain: DomainValue): NameEntry | undefined;
  /** The domain `owner` chose as its default name (the reverse registry), if any. */
  reverse(owner: string): DomainValue | undefined;
}

export type NameResolution =
  | { readonly kind: 'active'; readonly entry: NameEntry }
  | { readonly kind: 'unregistered' }
  | { readonly kind: 'expired'; readonly entry: NameEntry };

export type DefaultNameResolution =
  | { readonly kind: 'active'; readonly entry: NameEntry }
  /** No reverse record, or it names a domain that has no record. */
  | { readonly kind: 'unset' }
  | { readonly kind: 'expired'; readonly entry: NameEntry }
  /** The name no longer points at the address (it points elsewhere, or nowhere). */
  | { readonly kind: 'elsewhere'; readonly entry: NameEntry };

/** A name in either SuiNS form (`name.sui`, `@name`), or undefined where SuiNS would reject it. */
export function nameDomain(name: string): DomainValue | undefined {
  let dotted: string;
  try {
    dotted = normalizeSuiNSName(name, 'dot');
  } catch {
    return undefined;
  }
  return parseDomain(dotted);
}

/** `at` is "now" in ms: Sui uses the latest checkpoint's timestamp. */
export function resolveName(records: NameRecords, domain: DomainValue, at: bigint): NameResolution {
  const entry = records.record(domain);
  if (!entry) return { kind: 'unregistered' };
  return isActive(records, entry, at) ? { kind: 'active', entry } : { kind: 'expired', entry };
}

export function resolveDefaultName(records: NameRecords, owner: string, at: bigint): DefaultNameResolution {
  const domain = records.reverse(owner);
  if (!domain) return { kind: 'unset' };
  const resolution = resolveName(records, domain, at);
  if (resolution.kind !== 'active')
    return resolution.kind === 'unregistered' ? { kind: 'unset' } : resolution;
  return targetAddress(resolution.entry) === normalizeSuiAddress(owner)
    ? resolution
    : { kind: 'elsewhere', entry: resolution.entry };
}

export function targetAddress({ record }: NameEntry): string | null {
  return record.target_address === null ? null : normalizeSuiAddress(record.target_address);
}

function isActive(records: NameRecords, { domain, record }: NameEntry, at: bigint): boolean {
  if (record.expiration_timestamp_ms !== LEAF_EXPIRATION_TIMESTAMP)
    return !(record.expiration_timestamp_ms < at);
  // A leaf record lives as long as the parent record that issued it (same NFT) is unexpired.
  const parent = records.record({ labels: domain.labels.slice(0, -1) });
  return (
    parent !== undefined &&
    parent.record.nft_id === record.nft_id &&
    !(parent.record.expiration_timestamp_ms < at)
  );
}
