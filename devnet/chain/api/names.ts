// The name-service JSON-RPC methods, answered from the devnet registry with the rules a Sui
// full node applies to SuiNS (name-lookup.ts, shared with the gRPC NameService).
import { domainToString, type DomainValue } from '../natives/names/domain.ts';
import { InvalidParamsError } from '../rpc/errors.ts';
import { address, optionalAddress, pageLimit, show } from '../rpc/params.ts';
import type { RpcMethods } from '../rpc/types.ts';
import { nameDomain, resolveDefaultName, resolveName, targetAddress, type NameEntry } from './name-lookup.ts';
import { nameClock, storeNameRecords, type NameStoreContext } from './name-records.ts';

export type NameServiceContext = NameStoreContext;

export function nameServiceMethods(context: NameServiceContext): RpcMethods {
  const records = storeNameRecords(context);
  const now = () => nameClock(context.store);

  // Like a Sui fullnode, only the address's default (reverse-lookup) name is listed: wallets show
  // it as "the" name, and an address without one has none, even if names point at it.
  const namesOf = (owner: string): NameEntry[] => {
    const found = resolveDefaultName(records, owner, now());
    return found.kind === 'active' ? [found.entry] : [];
  };

  return {
    suix_resolveNameServiceAddress: (params) => {
      const resolution = resolveName(records, domainParam(params[0]), now());
      return resolution.kind === 'active' ? targetAddress(resolution.entry) : null;
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
  const domain = typeof value === 'string' ? nameDomain(value) : undefined;
  if (domain) return domain;
  throw new InvalidParamsError(`Invalid name: expected a SuiNS name such as example.sui, got ${show(value)}`);
}
