// The name-service JSON-RPC methods, read straight from the devnet registry's tables in the store
// with the rules a Sui fullnode applies to SuiNS: a name resolves only while its record has not
// expired (a leaf record, while its parent is valid), and a default name counts only while the
// name still points at the address.
import { bcs } from '@mysten/sui/bcs';
import { deriveDynamicFieldID, normalizeSuiAddress, normalizeSuiNSName } from '@mysten/sui/utils';
import type { ModuleRegistry } from '../move/registry.ts';
import { parseType } from '../move/types.ts';
import {
  DOMAIN_TYPE,
  LEAF_EXPIRATION_TIMESTAMP,
  NAME_RECORD_TYPE,
  REGISTRY_TABLE_ID,
  REVERSE_REGISTRY_TABLE_ID,
} from '../natives/names/constants.ts';
import { domainToString, parseDomain, type DomainValue } from '../natives/names/domain.ts';
import type { NameRecordValue } from '../natives/names/modules.ts';
import { InvalidParamsError } from '../rpc/errors.ts';
import { address, optionalAddress, pageLimit, show } from '../rpc/params.ts';
import type { RpcMethods } from '../rpc/types.ts';
import type { ChainStore } from '../state/store.ts';

export interface NameServiceContext {
  readonly store: ChainStore;
  readonly registry: ModuleRegistry;
}

interface Entry {
  /** The record's dynamic-field object ID: the page cursor, an ObjectID as on Sui. */
  readonly id: string;
  readonly domain: DomainValue;
  readonly record: NameRecordValue;
}

export function nameServiceMethods({ store, registry }: NameServiceContext): RpcMethods {
  const domainBcs = registry.schema(parseType(DOMAIN_TYPE));
  const recordField = registry.schema(
    parseType(`0x2::dynamic_field::Field<${DOMAIN_TYPE}, ${NAME_RECORD_TYPE}>`),
  );
  const reverseField = registry.schema(parseType(`0x2::dynamic_field::Field<address, ${DOMAIN_TYPE}>`));

  const decodeRecord = (contents: Uint8Array) => {
    const field = recordField.parse(contents) as { id: string; name: DomainValue; value: NameRecordValue };
    return { id: normalizeSuiAddress(field.id), domain: field.name, record: field.value };
  };

  const lookup = (domain: DomainValue): Entry | undefined => {
    const key = domainBcs.serialize(domain as never).toBytes();
    const object = store.getObject(
      normalizeSuiAddress(deriveDynamicFieldID(REGISTRY_TABLE_ID, DOMAIN_TYPE, key)),
    );
    return object ? decodeRecord(object.contents) : undefined;
  };

  // Sui reads the Clock; the devnet's closest equivalent is the latest checkpoint's timestamp.
  const now = () => BigInt(store.latestCheckpoint().timestampMs);

  const isActive = ({ domain, record }: Entry, at: bigint): boolean => {
    if (record.expiration_timestamp_ms !== LEAF_EXPIRATION_TIMESTAMP)
      return !(record.expiration_timestamp_ms < at);
    // A leaf record lives as long as the parent record that issued it (same NFT) is unexpired.
    const parent = lookup({ labels: domain.labels.slice(0, -1) });
    return (
      parent !== undefined &&
      parent.record.nft_id === record.nft_id &&
      !(parent.record.expiration_timestamp_ms < at)
    );
  };

  const targetOf = (entry: Entry | undefined, at: bigint): string | null =>
    entry && isActive(entry, at) && entry.record.target_address !== null
      ? normalizeSuiAddress(entry.record.target_address)
      : null;

  const defaultName = (owner: string, at: bigint): Entry | undefined => {
    const key = bcs.Address.serialize(owner).toBytes();
    const object = store.getObject(
      normalizeSuiAddress(deriveDynamicFieldID(REVERSE_REGISTRY_TABLE_ID, 'address', key)),
    );
    if (!object) return undefined;
    const { value } = reverseField.parse(object.contents) as { value: DomainValue };
    const entry = lookup(value);
    return targetOf(entry, at) === owner ? entry : undefined;
  };

  /** The default name, then every other active name pointing at `owner`, alphabetically. */
  // Like a Sui fullnode, only the address's default (reverse-lookup) name is listed: wallets show
  // it as "the" name, and an address without one has none, even if names point at it.
  const namesOf = (owner: string): Entry[] => {
    const first = defaultName(owner, now());
    return first ? [first] : [];
  };

  return {
    suix_resolveNameServiceAddress: (params) => {
      const domain = domainParam(params[0]);
      return targetOf(lookup(domain), now());
    },
    suix_resolveNameServiceNames: (params) => {
      const owner = address(params[0], 'address');
      const cursor = optionalAddress(params[1], 'cursor');
      const limit = pageLimit(params[2]);
      const names = namesOf(owner);
      let start = 0;
      if (cursor !== null) {
        const index = names.findIndex((entry) => entry.id === cursor);
        if (index < 0)
          throw new InvalidParamsError(`Invalid cursor: ${cursor} is not one of this address's names`);
        start = index + 1;
      }
      const page = names.slice(start, start + limit);
      return {
        data: page.map((entry) => domainToString(entry.domain)),
        // As elsewhere on Sui, the cursor is the last item returned, null only for an empty page.
        nextCursor: page.at(-1)?.id ?? null,
        hasNextPage: start + limit < names.length,
      };
    },
  };
}

/** A name in either SuiNS form (`name.sui`, `@name`), as the Domain the registry is keyed by. */
function domainParam(value: unknown): DomainValue {
  if (typeof value === 'string') {
    let dotted: string | undefined;
    try {
      dotted = normalizeSuiNSName(value, 'dot');
    } catch {
      // Falls through to the error below.
    }
    const domain = dotted === undefined ? undefined : parseDomain(dotted);
    if (domain) return domain;
  }
  throw new InvalidParamsError(`Invalid name: expected a SuiNS name such as example.sui, got ${show(value)}`);
}
