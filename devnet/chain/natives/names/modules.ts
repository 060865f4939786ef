// The devnet name registry: a free-to-register subset of SuiNS at NAMES_PACKAGE. Struct layouts,
// module names, abort codes and reverse-lookup rules follow MystenLabs/suins-contracts
// (`domain`, `name_record`, `suins_registration`, `registry`, `controller`) so readers built for
// SuiNS — @mysten/suins `getNameRecord`, portals resolving `walrus_site_id` — work unchanged.
// Deliberate differences, because the devnet has no `0x2::clock` and no payments:
// - time is the transaction's timestamp instead of a `&Clock` argument;
// - `register::register` is free, takes the target address directly and returns the NFT;
// - the `Registry` (both tables) is itself the shared object, not a dynamic field of `SuiNS`.
import { normalizeSuiAddress } from '@mysten/sui/utils';
import { MoveAbort } from '../../move/abort.ts';
import type { NativeModule } from '../../move/registry.ts';
import { parseType, type MoveType } from '../../move/types.ts';
import type { NativeContext, ObjectValue } from '../../exec/native-context.ts';
import { emptyVecMap, vecMapInsert, vecMapRemove, type VecMapValue } from '../vec-map.ts';
import {
  DEFAULT_IMAGE,
  DOMAIN_TYPE,
  GRACE_PERIOD_MS,
  MAX_SLD_LENGTH,
  MAX_YEARS,
  MIN_SLD_LENGTH,
  NAME_RECORD_TYPE,
  NAMES_PACKAGE as PKG,
  SUI_TLD,
  USER_DATA_KEYS,
  YEAR_MS,
} from './constants.ts';
import { domainToString, parseDomain, type DomainValue } from './domain.ts';

/** Abort codes, per module, as the real modules number them where SuiNS has the same check. */
export const NAMES_ABORTS = {
  domain: { EInvalidDomain: 0 },
  registry: {
    ENftExpired: 0,
    /** Registering a name whose record exists and is not past its grace period (a duplicate). */
    ERecordNotExpired: 1,
    /** The `SuinsRegistration` passed is not the one the name's record was issued to. */
    EIdMismatch: 2,
    ERecordExpired: 3,
    /** `set_reverse_lookup` by an address the name does not point at. */
    ERecordMismatch: 4,
    ETargetNotSet: 5,
    ERecordNotFound: 8,
  },
  // SuiNS reports these with `#[error]` message constants in `core_config` / `payment`; the devnet
  // uses plain numbered codes in its own `register` module instead.
  register: {
    EInvalidYears: 0,
    EInvalidTld: 1,
    EInvalidLength: 2,
    ESubnameNotSupported: 3,
    EMaxYearsExceeded: 4,
  },
  controller: { EUnsupportedKey: 0 },
} as const;

export interface NameRecordValue {
  nft_id: string;
  expiration_timestamp_ms: bigint;
  target_address: string | null;
  data: VecMapValue<string, string>;
}

interface RegistrationValue extends ObjectValue {
  domain: DomainValue;
  domain_name: string;
  expiration_timestamp_ms: bigint;
  image_url: string;
}

interface TableValue {
  id: string;
  size: bigint;
}

export interface RegistryValue extends ObjectValue {
  registry: TableValue;
  reverse_registry: TableValue;
}

const aliases = {
  Domain: DOMAIN_TYPE,
  NameRecord: NAME_RECORD_TYPE,
  SuinsRegistration: `${PKG}::suins_registration::SuinsRegistration`,
  Registry: `${PKG}::registry::Registry`,
  NameRegisteredEvent: `${PKG}::events::NameRegisteredEvent`,
  NameRenewedEvent: `${PKG}::events::NameRenewedEvent`,
  TargetAddressUpdatedEvent: `${PKG}::events::TargetAddressUpdatedEvent`,
  ReverseLookupUpdatedEvent: `${PKG}::events::ReverseLookupUpdatedEvent`,
  UserDataUpdatedEvent: `${PKG}::events::UserDataUpdatedEvent`,
};

const DOMAIN = parseType(DOMAIN_TYPE);
const NAME_RECORD = parseType(NAME_RECORD_TYPE);
const ADDRESS: MoveType = { kind: 'primitive', name: 'address' };
const event = (name: keyof typeof aliases) => parseType(aliases[name]);

function abort<M extends keyof typeof NAMES_ABORTS>(
  module: M,
  fn: string,
  name: keyof (typeof NAMES_ABORTS)[M] & string,
): MoveAbort {
  const code = (NAMES_ABORTS[module] as Record<string, number>)[name]!;
  return new MoveAbort(PKG, module, fn, code, name);
}

/** `sui::table` over a Table value held inline: entries are dynamic fields of the table's UID. */
function table<K, V>(ctx: NativeContext, t: TableValue, keyType: MoveType, valueType: MoveType) {
  return {
    contains: (key: K) => ctx.dynamicField.exists(t.id, keyType, key),
    borrow: (key: K) => ctx.dynamicField.borrow<V>(t.id, keyType, key, valueType),
    read: (key: K) => ctx.dynamicField.read<V>(t.id, keyType, key, valueType),
    add: (key: K, value: V) => {
      ctx.dynamicField.add(t.id, keyType, key, valueType, value);
      t.size += 1n;
    },
    remove: (key: K) => {
      const value = ctx.dynamicField.remove<V>(t.id, keyType, key, valueType);
      t.size -= 1n;
      return value;
    },
  };
}

const sameDomain = (a: DomainValue, b: DomainValue) => domainToString(a) === domainToString(b);
const sameId = (a: string, b: string) => normalizeSuiAddress(a) === normalizeSuiAddress(b);
const optionalAddress = (value: unknown) => (value === null ? null : normalizeSuiAddress(value as string));

function newDomain(name: string): DomainValue {
  const domain = parseDomain(name);
  if (!domain) throw abort('domain', 'new', 'EInvalidDomain');
  return domain;
}

/** The registry's operations as SuiNS's `registry` module performs them. */
function registryOps(ctx: NativeContext, registry: RegistryValue) {
  const records = table<DomainValue, NameRecordValue>(ctx, registry.registry, DOMAIN, NAME_RECORD);
  const reverse = table<string, DomainValue>(ctx, registry.reverse_registry, ADDRESS, DOMAIN);
  const now = BigInt(ctx.timestampMs);

  const record = (domain: DomainValue, fn: string) => {
    // SuiNS would abort inside `table::borrow`; a named code tells devnet users what went wrong.
    if (!records.contains(domain)) throw abort('registry', fn, 'ERecordNotFound');
    return records.borrow(domain);
  };

  /** `handle_invalidate_reverse_record`: a default name stops being one once it points elsewhere. */
  const invalidateReverse = (domain: DomainValue, oldTarget: string | null, newTarget: string | null) => {
    if (oldTarget === null || oldTarget === newTarget) return;
    if (reverse.contains(oldTarget) && sameDomain(reverse.read(oldTarget), domain)) {
      reverse.remove(oldTarget);
      ctx.emit(event('ReverseLookupUpdatedEvent'), { address: oldTarget, domain_name: null });
    }
  };

  return {
    records,
    reverse,
    now,
    record,
    invalidateReverse,
    /** `assert_nft_is_authorized`: holding the record's current NFT is what ownership means. */
    authorize(nft: RegistrationValue): NameRecordValue {
      const fn = 'assert_nft_is_authorized';
      const found = record(nft.domain, fn);
      if (!sameId(found.nft_id, nft.id)) throw abort('registry', fn, 'EIdMismatch');
      if (found.expiration_timestamp_ms < now) throw abort('registry', fn, 'ERecordExpired');
      if (nft.expiration_timestamp_ms < now) throw abort('registry', fn, 'ENftExpired');
      return found;
    },
  };
}

function checkYears(years: number, fn: string): bigint {
  if (!(years >= 1 && years <= MAX_YEARS)) throw abort('register', fn, 'EInvalidYears');
  return BigInt(years) * YEAR_MS;
}

const copy = <T>(value: T): T => structuredClone(value);

const domain: NativeModule = {
  address: PKG,
  name: 'domain',
  aliases,
  structs: {
    Domain: { abilities: ['copy', 'drop', 'store'], fields: [['labels', 'vector<String>']] },
  },
  functions: {
    new: {
      parameters: ['String'],
      returns: ['Domain'],
      run: (_ctx, [name]) => [newDomain(name as string)],
    },
    to_string: {
      parameters: ['&Domain'],
      returns: ['String'],
      run: (_ctx, [d]) => [domainToString(d as DomainValue)],
    },
    number_of_levels: {
      parameters: ['&Domain'],
      returns: ['u64'],
      run: (_ctx, [d]) => [BigInt((d as DomainValue).labels.length)],
    },
    is_subdomain: {
      parameters: ['&Domain'],
      returns: ['bool'],
      run: (_ctx, [d]) => [(d as DomainValue).labels.length > 2],
    },
  },
};

const nameRecord: NativeModule = {
  address: PKG,
  name: 'name_record',
  aliases,
  structs: {
    NameRecord: {
      abilities: ['copy', 'drop', 'store'],
      fields: [
        ['nft_id', 'ID'],
        ['expiration_timestamp_ms', 'u64'],
        ['target_address', 'Option<address>'],
        ['data', 'VecMap<String, String>'],
      ],
    },
  },
  functions: {
    nft_id: {
      parameters: ['&NameRecord'],
      returns: ['ID'],
      run: (_ctx, [r]) => [(r as NameRecordValue).nft_id],
    },
    expiration_timestamp_ms: {
      parameters: ['&NameRecord'],
      returns: ['u64'],
      run: (_ctx, [r]) => [(r as NameRecordValue).expiration_timestamp_ms],
    },
    target_address: {
      parameters: ['&NameRecord'],
      returns: ['Option<address>'],
      run: (_ctx, [r]) => [(r as NameRecordValue).target_address],
    },
  },
};

const suinsRegistration: NativeModule = {
  address: PKG,
  name: 'suins_registration',
  aliases,
  structs: {
    SuinsRegistration: {
      abilities: ['key', 'store'],
      fields: [
        ['id', 'UID'],
        ['domain', 'Domain'],
        ['domain_name', 'String'],
        ['expiration_timestamp_ms', 'u64'],
        ['image_url', 'String'],
      ],
    },
  },
  functions: {
    domain: {
      parameters: ['&SuinsRegistration'],
      returns: ['Domain'],
      run: (_ctx, [n]) => [copy((n as RegistrationValue).domain)],
    },
    domain_name: {
      parameters: ['&SuinsRegistration'],
      returns: ['String'],
      run: (_ctx, [n]) => [(n as RegistrationValue).domain_name],
    },
    expiration_timestamp_ms: {
      parameters: ['&SuinsRegistration'],
      returns: ['u64'],
      run: (_ctx, [n]) => [(n as RegistrationValue).expiration_timestamp_ms],
    },
    image_url: {
      parameters: ['&SuinsRegistration'],
      returns: ['String'],
      run: (_ctx, [n]) => [(n as RegistrationValue).image_url],
    },
  },
};

const registry: NativeModule = {
  address: PKG,
  name: 'registry',
  aliases,
  structs: {
    Registry: {
      abilities: ['key'],
      fields: [
        ['id', 'UID'],
        ['registry', 'Table<Domain, NameRecord>'],
        ['reverse_registry', 'Table<address, Domain>'],
      ],
    },
  },
  functions: {
    has_record: {
      parameters: ['&Registry', 'Domain'],
      returns: ['bool'],
      run: (ctx, [r, d]) => [registryOps(ctx, r as RegistryValue).records.contains(d as DomainValue)],
    },
    lookup: {
      parameters: ['&Registry', 'Domain'],
      returns: ['Option<NameRecord>'],
      run: (ctx, [r, d]) => {
        const { records } = registryOps(ctx, r as RegistryValue);
        // A copy: the returned value must not alias the stored record later commands may change.
        return [records.contains(d as DomainValue) ? copy(records.read(d as DomainValue)) : null];
      },
    },
    reverse_lookup: {
      parameters: ['&Registry', 'address'],
      returns: ['Option<Domain>'],
      run: (ctx, [r, a]) => {
        const { reverse } = registryOps(ctx, r as RegistryValue);
        const address = normalizeSuiAddress(a as string);
        return [reverse.contains(address) ? copy(reverse.read(address)) : null];
      },
    },
  },
};

const register: NativeModule = {
  address: PKG,
  name: 'register',
  aliases,
  functions: {
    register: {
      parameters: ['&mut Registry', 'String', 'u8', 'Option<address>', '&mut TxContext'],
      returns: ['SuinsRegistration'],
      run: (ctx, [r, name, years, target]) => {
        const fn = 'register';
        const domain = newDomain(name as string);
        if (domain.labels.length > 2) throw abort('register', fn, 'ESubnameNotSupported');
        if (domain.labels[0] !== SUI_TLD) throw abort('register', fn, 'EInvalidTld');
        const sld = domain.labels[1] ?? '';
        if (sld.length < MIN_SLD_LENGTH || sld.length > MAX_SLD_LENGTH)
          throw abort('register', fn, 'EInvalidLength');
        const duration = checkYears(years as number, fn);

        const ops = registryOps(ctx, r as RegistryValue);
        if (ops.records.contains(domain)) {
          // `remove_existing_record_if_expired`: only a record past its grace period is reclaimable.
          const existing = ops.records.borrow(domain);
          if (!(existing.expiration_timestamp_ms + GRACE_PERIOD_MS < ops.now))
            throw abort('registry', 'add_record', 'ERecordNotExpired');
          ops.records.remove(domain);
          ops.invalidateReverse(domain, existing.target_address, null);
        }
        const nft: RegistrationValue = {
          id: ctx.newId(),
          domain,
          domain_name: domainToString(domain),
          expiration_timestamp_ms: ops.now + duration,
          image_url: DEFAULT_IMAGE,
        };
        const targetAddress = optionalAddress(target);
        ops.records.add(copy(domain), {
          nft_id: nft.id,
          expiration_timestamp_ms: nft.expiration_timestamp_ms,
          target_address: targetAddress,
          data: emptyVecMap(),
        });
        ctx.emit(event('NameRegisteredEvent'), {
          domain_name: nft.domain_name,
          nft_id: nft.id,
          registrant: ctx.sender,
          target_address: targetAddress,
          expiration_timestamp_ms: nft.expiration_timestamp_ms,
        });
        return [nft];
      },
    },
    renew: {
      parameters: ['&mut Registry', '&mut SuinsRegistration', 'u8', '&mut TxContext'],
      returns: [],
      run: (ctx, [r, n, years]) => {
        const fn = 'renew';
        const nft = n as RegistrationValue;
        const duration = checkYears(years as number, fn);
        const ops = registryOps(ctx, r as RegistryValue);
        const record = ops.record(nft.domain, fn);
        if (!sameId(record.nft_id, nft.id)) throw abort('registry', fn, 'EIdMismatch');
        // As in SuiNS, a name can still be renewed during its grace period, not after.
        if (record.expiration_timestamp_ms + GRACE_PERIOD_MS < ops.now)
          throw abort('registry', fn, 'ERecordExpired');
        const expiration = record.expiration_timestamp_ms + duration;
        if (expiration > ops.now + BigInt(MAX_YEARS) * YEAR_MS)
          throw abort('register', fn, 'EMaxYearsExceeded');
        record.expiration_timestamp_ms = expiration;
        nft.expiration_timestamp_ms = expiration;
        ctx.emit(event('NameRenewedEvent'), {
          domain_name: nft.domain_name,
          nft_id: nft.id,
          expiration_timestamp_ms: expiration,
        });
        return [];
      },
    },
  },
};

const controller: NativeModule = {
  address: PKG,
  name: 'controller',
  aliases,
  functions: {
    set_target_address: {
      parameters: ['&mut Registry', '&SuinsRegistration', 'Option<address>'],
      returns: [],
      run: (ctx, [r, n, target]) => {
        const nft = n as RegistrationValue;
        const ops = registryOps(ctx, r as RegistryValue);
        const record = ops.authorize(nft);
        const oldTarget = record.target_address;
        record.target_address = optionalAddress(target);
        ops.invalidateReverse(nft.domain, oldTarget, record.target_address);
        ctx.emit(event('TargetAddressUpdatedEvent'), {
          domain_name: nft.domain_name,
          target_address: record.target_address,
        });
        return [];
      },
    },
    set_reverse_lookup: {
      parameters: ['&mut Registry', 'String', '&TxContext'],
      returns: [],
      run: (ctx, [r, name]) => {
        const fn = 'set_reverse_lookup';
        const domain = newDomain(name as string);
        const ops = registryOps(ctx, r as RegistryValue);
        const record = ops.record(domain, fn);
        // Only the address a name points at may make it its default name.
        if (record.target_address === null) throw abort('registry', fn, 'ETargetNotSet');
        const sender = normalizeSuiAddress(ctx.sender);
        if (!sameId(record.target_address, sender)) throw abort('registry', fn, 'ERecordMismatch');
        if (ops.reverse.contains(sender)) ops.reverse.borrow(sender).labels = [...domain.labels];
        else ops.reverse.add(sender, domain);
        ctx.emit(event('ReverseLookupUpdatedEvent'), {
          address: sender,
          domain_name: domainToString(domain),
        });
        return [];
      },
    },
    unset_reverse_lookup: {
      parameters: ['&mut Registry', '&TxContext'],
      returns: [],
      run: (ctx, [r]) => {
        const sender = normalizeSuiAddress(ctx.sender);
        // Like SuiNS (`table::remove`), this aborts in dynamic_field when no default name is set.
        registryOps(ctx, r as RegistryValue).reverse.remove(sender);
        ctx.emit(event('ReverseLookupUpdatedEvent'), { address: sender, domain_name: null });
        return [];
      },
    },
    set_user_data: {
      parameters: ['&mut Registry', '&SuinsRegistration', 'String', 'String'],
      returns: [],
      run: (ctx, [r, n, k, v]) => {
        const nft = n as RegistrationValue;
        const key = k as string;
        const record = registryOps(ctx, r as RegistryValue).authorize(nft);
        if (!USER_DATA_KEYS.includes(key)) throw abort('controller', 'set_user_data', 'EUnsupportedKey');
        if (record.data.contents.some((e) => e.key === key)) vecMapRemove(record.data, key);
        vecMapInsert(record.data, key, v as string);
        ctx.emit(event('UserDataUpdatedEvent'), { domain_name: nft.domain_name, key, value: v });
        return [];
      },
    },
    unset_user_data: {
      parameters: ['&mut Registry', '&SuinsRegistration', 'String'],
      returns: [],
      run: (ctx, [r, n, k]) => {
        const nft = n as RegistrationValue;
        const key = k as string;
        const record = registryOps(ctx, r as RegistryValue).authorize(nft);
        if (record.data.contents.some((e) => e.key === key)) vecMapRemove(record.data, key);
        ctx.emit(event('UserDataUpdatedEvent'), { domain_name: nft.domain_name, key, value: null });
        return [];
      },
    },
  },
};

const events: NativeModule = {
  address: PKG,
  name: 'events',
  aliases,
  structs: {
    NameRegisteredEvent: {
      abilities: ['copy', 'drop'],
      fields: [
        ['domain_name', 'String'],
        ['nft_id', 'ID'],
        ['registrant', 'address'],
        ['target_address', 'Option<address>'],
        ['expiration_timestamp_ms', 'u64'],
      ],
    },
    NameRenewedEvent: {
      abilities: ['copy', 'drop'],
      fields: [
        ['domain_name', 'String'],
        ['nft_id', 'ID'],
        ['expiration_timestamp_ms', 'u64'],
      ],
    },
    TargetAddressUpdatedEvent: {
      abilities: ['copy', 'drop'],
      fields: [
        ['domain_name', 'String'],
        ['target_address', 'Option<address>'],
      ],
    },
    /** `domain_name` none: the address no longer has a default name. */
    ReverseLookupUpdatedEvent: {
      abilities: ['copy', 'drop'],
      fields: [
        ['address', 'address'],
        ['domain_name', 'Option<String>'],
      ],
    },
    /** `value` none: the key was removed. */
    UserDataUpdatedEvent: {
      abilities: ['copy', 'drop'],
      fields: [
        ['domain_name', 'String'],
        ['key', 'String'],
        ['value', 'Option<String>'],
      ],
    },
  },
};

export const NAMES_MODULES: readonly NativeModule[] = [
  domain,
  nameRecord,
  suinsRegistration,
  registry,
  register,
  controller,
  events,
];
