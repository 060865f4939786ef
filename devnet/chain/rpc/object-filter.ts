// Sui's `SuiObjectDataFilter` for suix_getOwnedObjects, compiled once per request into a predicate.
import { normalizeStructTag, parseStructTag } from '@mysten/sui/utils';
import type { ChainObject, Owner } from '../state/records.ts';
import { InvalidParamsError } from './errors.ts';
import { address, array, identifier, isAbsent, record, show, structTag } from './params.ts';

export type ObjectPredicate = (object: ChainObject) => boolean;

/** @throws InvalidParamsError for unknown or malformed filters. */
export function compileObjectFilter(value: unknown, name = 'filter'): ObjectPredicate {
  if (isAbsent(value)) return () => true;
  const filter = record(value, name);
  const keys = Object.keys(filter);
  const [kind] = keys;
  if (keys.length !== 1 || kind === undefined)
    throw new InvalidParamsError(`Invalid ${name}: expected exactly one filter kind, got ${show(value)}`);
  const arg = filter[kind];
  const at = `${name}.${kind}`;
  switch (kind) {
    case 'MatchAll': {
      const parts = array(arg, at).map((f, i) => compileObjectFilter(f, `${at}[${i}]`));
      return (o) => parts.every((p) => p(o));
    }
    case 'MatchAny': {
      const parts = array(arg, at).map((f, i) => compileObjectFilter(f, `${at}[${i}]`));
      return (o) => parts.some((p) => p(o));
    }
    case 'MatchNone': {
      const parts = array(arg, at).map((f, i) => compileObjectFilter(f, `${at}[${i}]`));
      return (o) => !parts.some((p) => p(o));
    }
    case 'Package': {
      const pkg = address(arg, at);
      return (o) => typeParts(o.type).address === pkg;
    }
    case 'MoveModule': {
      const m = record(arg, at);
      const pkg = address(m.package, `${at}.package`);
      const module = identifier(m.module, `${at}.module`);
      return (o) => {
        const t = typeParts(o.type);
        return t.address === pkg && t.module === module;
      };
    }
    case 'StructType':
      return structTypeFilter(structTag(arg, at));
    case 'AddressOwner': {
      const owner = address(arg, at);
      return (o) => ownerOf(o.owner, 'AddressOwner') === owner;
    }
    case 'ObjectOwner': {
      const owner = address(arg, at);
      return (o) => ownerOf(o.owner, 'ObjectOwner') === owner;
    }
    case 'ObjectId': {
      const id = address(arg, at);
      return (o) => o.id === id;
    }
    case 'ObjectIds': {
      const ids = new Set(array(arg, at).map((id, i) => address(id, `${at}[${i}]`)));
      return (o) => ids.has(o.id);
    }
    case 'Version': {
      if (typeof arg !== 'string' || !/^\d+$/.test(arg))
        throw new InvalidParamsError(`Invalid ${at}: expected a decimal string, got ${show(arg)}`);
      const version = BigInt(arg);
      return (o) => o.version === version;
    }
    default:
      throw new InvalidParamsError(`Invalid ${name}: unsupported filter kind ${show(kind)}`);
  }
}

/** A type without type arguments matches every instantiation of it, as on Sui. */
function structTypeFilter(type: string): ObjectPredicate {
  const wanted = parseStructTag(type);
  if (wanted.typeParams.length > 0) return (o) => normalizeStructTag(o.type) === type;
  return (o) => {
    const t = typeParts(o.type);
    return t.address === wanted.address && t.module === wanted.module && t.name === wanted.name;
  };
}

function typeParts(type: string): { address: string; module: string; name: string } {
  const [address = '', module = '', rest = ''] = type.split('::', 3);
  return { address, module, name: rest.split('<', 1)[0]! };
}

function ownerOf(owner: Owner, kind: 'AddressOwner' | 'ObjectOwner'): string | undefined {
  return typeof owner === 'object' && kind in owner
    ? (owner as Record<typeof kind, string>)[kind]
    : undefined;
}
