// The devnet name registry's tables read straight from the store: a record is the dynamic field
// `Field<Domain, NameRecord>` of the registry table, found by deriving its ID from the key, as a
// full node and @mysten/suins both do; a default name is `Field<address, Domain>` of the reverse
// table.
import { bcs } from '@mysten/sui/bcs';
import { deriveDynamicFieldID, normalizeSuiAddress } from '@mysten/sui/utils';
import type { ModuleRegistry } from '../move/registry.ts';
import { parseType } from '../move/types.ts';
import {
  DOMAIN_TYPE,
  NAME_RECORD_TYPE,
  REGISTRY_TABLE_ID,
  REVERSE_REGISTRY_TABLE_ID,
} from '../natives/names/constants.ts';
import type { DomainValue } from '../natives/names/domain.ts';
import type { NameRecordValue } from '../natives/names/modules.ts';
import type { ChainStore } from '../state/store.ts';
import type { NameRecords } from './name-lookup.ts';

export interface NameStoreContext {
  readonly store: ChainStore;
  readonly registry: ModuleRegistry;
}

export function storeNameRecords({ store, registry }: NameStoreContext): NameRecords {
  const domainBcs = registry.schema(parseType(DOMAIN_TYPE));
  const recordField = registry.schema(
    parseType(`0x2::dynamic_field::Field<${DOMAIN_TYPE}, ${NAME_RECORD_TYPE}>`),
  );
  const reverseField = registry.schema(parseType(`0x2::dynamic_field::Field<address, ${DOMAIN_TYPE}>`));

  return {
    record(domain) {
      const key = domainBcs.serialize(domain as never).toBytes();
      const object = store.getObject(
        normalizeSuiAddress(deriveDynamicFieldID(REGISTRY_TABLE_ID, DOMAIN_TYPE, key)),
      );
      if (!object) return undefined;
      const field = recordField.parse(object.contents) as {
        id: string;
        name: DomainValue;
        value: NameRecordValue;
      };
      return { id: normalizeSuiAddress(field.id), domain: field.name, record: field.value };
    },
    reverse(owner) {
      const key = bcs.Address.serialize(owner).toBytes();
      const object = store.getObject(
        normalizeSuiAddress(deriveDynamicFieldID(REVERSE_REGISTRY_TABLE_ID, 'address', key)),
      );
      return object ? (reverseField.parse(object.contents) as { value: DomainValue }).value : undefined;
    },
  };
}

/** Sui reads the Clock; the devnet's closest equivalent is the latest checkpoint's timestamp. */
export function nameClock(store: ChainStore): bigint {
  return BigInt(store.latestCheckpoint().timestampMs);
}
