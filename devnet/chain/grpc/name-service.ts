// `sui.rpc.v2.NameService` over the devnet's name registry, with the JSON-RPC methods' rules
// (devnet/chain/api/name-lookup.ts) and a full node's answers (MystenLabs/sui
// crates/sui-rpc-api/src/grpc/v2/name_service.rs):
// - a name without a record, an address without a default name, or a default name that no longer
//   points at the address: NOT_FOUND (a full node sends no message; the devnet says which case);
// - an expired name (also as an address's default name): RESOURCE_EXHAUSTED "name has expired".
// `SuiGrpcClient.core.resolveNameServiceAddress` turns both into `{ address: null }`;
// `defaultNameServiceName` does not catch them, exactly as against a full node.
// A full node only serves SuiNS on mainnet and testnet (UNIMPLEMENTED elsewhere); the devnet
// serves its own SuiNS-compatible registry instead.
import { GrpcTypes } from '@mysten/sui/grpc';
import { normalizeSuiAddress } from '@mysten/sui/utils';
import {
  nameDomain,
  resolveDefaultName,
  resolveName,
  targetAddress,
  type NameEntry,
} from '../api/name-lookup.ts';
import { nameClock, storeNameRecords } from '../api/name-records.ts';
import { domainToString } from '../natives/names/domain.ts';
import { requiredAddress } from './request-fields.ts';
import type { GrpcService, GrpcServiceContext } from './service.ts';
import { GrpcStatusCode, GrpcStatusError, invalidArgument, notFound } from './status.ts';
import { timestamp } from './timestamp.ts';

export const NAME_EXPIRED_MESSAGE = 'name has expired';

export function nameService({ store, registry }: GrpcServiceContext): GrpcService {
  const records = storeNameRecords({ store, registry });
  const now = () => nameClock(store);

  return {
    descriptor: GrpcTypes.NameService,
    handlers: {
      LookupName: (request: GrpcTypes.LookupNameRequest): GrpcTypes.LookupNameResponse => {
        if (request.name === undefined) throw invalidArgument('missing name');
        const domain = nameDomain(request.name);
        if (!domain) {
          throw invalidArgument(
            `invalid domain: expected a SuiNS name such as example.sui or @example, got ${JSON.stringify(request.name)}`,
          );
        }
        const resolution = resolveName(records, domain, now());
        if (resolution.kind === 'unregistered') throw notFound(`no record for ${domainToString(domain)}`);
        if (resolution.kind === 'expired') throw nameExpired();
        return { record: nameRecord(resolution.entry) };
      },

      ReverseLookupName: (
        request: GrpcTypes.ReverseLookupNameRequest,
      ): GrpcTypes.ReverseLookupNameResponse => {
        const owner = requiredAddress(request.address, 'address');
        const resolution = resolveDefaultName(records, owner, now());
        if (resolution.kind === 'expired') throw nameExpired();
        if (resolution.kind === 'unset') throw notFound(`${owner} has no default name`);
        if (resolution.kind === 'elsewhere') {
          throw notFound(
            `${owner}'s default name ${domainToString(resolution.entry.domain)} points elsewhere`,
          );
        }
        return { record: nameRecord(resolution.entry) };
      },
    },
  };
}

function nameExpired(): GrpcStatusError {
  return new GrpcStatusError(GrpcStatusCode.RESOURCE_EXHAUSTED, NAME_EXPIRED_MESSAGE);
}

function nameRecord(entry: NameEntry): GrpcTypes.NameRecord {
  const { record } = entry;
  const target = targetAddress(entry);
  return {
    id: entry.id,
    name: domainToString(entry.domain),
    registrationNftId: normalizeSuiAddress(record.nft_id),
    // The record's own expiry, which is 0 for a leaf record (a full node sends that too).
    expirationTimestamp: timestamp(record.expiration_timestamp_ms),
    ...(target === null ? {} : { targetAddress: target }),
    data: Object.fromEntries(record.data.contents.map(({ key, value }) => [key, value])),
  };
}
