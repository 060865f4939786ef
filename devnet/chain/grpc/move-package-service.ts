// `sui.rpc.v2.MovePackageService` over the devnet's native modules: the same registry that answers
// `sui_getNormalizedMoveFunction` (devnet/chain/api/move.ts) and runs the calls. Native packages
// are not objects in the store and are never upgraded, so each is one package at version 1 whose
// original ID is its own ID.
//
// Errors follow a full node (MystenLabs/sui crates/sui-rpc-api/src/grpc/v2/move_package_service/):
// a missing field is INVALID_ARGUMENT "missing <field>", an object that is not a package is
// INVALID_ARGUMENT "object is not a package", and the package resolver's wording names what is
// missing. One deliberate difference: a full node answers an unknown module, function or datatype
// with INTERNAL (the resolver's error passed through); the devnet says NOT_FOUND, which is what
// the request deserves and what callers can act on.
import { bcs } from '@mysten/sui/bcs';
import { GrpcTypes } from '@mysten/sui/grpc';
import { normalizeSuiAddress } from '@mysten/sui/utils';
import type { NativeModule } from '../move/registry.ts';
import { datatypeDescriptor, functionDescriptor, moduleDescriptor } from './move-descriptors.ts';
import { requiredAddress } from './request-fields.ts';
import type { GrpcService, GrpcServiceContext } from './service.ts';
import { GrpcStatusCode, GrpcStatusError, invalidArgument, notFound } from './status.ts';

/** The version of every native package: they are published at genesis and never upgraded. */
export const NATIVE_PACKAGE_VERSION = 1n;

/** A `ListPackageVersions` page token, BCS as a full node encodes it (accepted, never issued). */
const PageToken = bcs.struct('PageToken', { original_package_id: bcs.Address, version: bcs.u64() });

interface NativePackage {
  readonly id: string;
  readonly modules: readonly NativeModule[];
}

export function movePackageService({ store, registry }: GrpcServiceContext): GrpcService {
  const loadPackage = (packageId: string | undefined): NativePackage => {
    const id = requiredAddress(packageId, 'package_id');
    const modules = registry.modulesOf(id);
    if (modules.length > 0) return { id, modules };
    if (store.getObject(id)) {
      throw new GrpcStatusError(GrpcStatusCode.INVALID_ARGUMENT, 'object is not a package');
    }
    throw notFound(`Package not found: ${moveHex(id)}`);
  };

  const loadModule = (pkg: NativePackage, name: string): NativeModule => {
    const module = pkg.modules.find((m) => m.name === name);
    if (!module) throw notFound(`Module not found: ${moveHex(pkg.id)}::${name}`);
    return module;
  };

  return {
    descriptor: GrpcTypes.MovePackageService,
    handlers: {
      GetPackage: (request: GrpcTypes.GetPackageRequest): GrpcTypes.GetPackageResponse => {
        const pkg = loadPackage(request.packageId);
        return {
          package: {
            storageId: pkg.id,
            originalId: pkg.id,
            version: NATIVE_PACKAGE_VERSION,
            modules: [...pkg.modules]
              .sort((a, b) => (a.name < b.name ? -1 : 1))
              .map((module) => moduleDescriptor(registry, module)),
            // A full node leaves both unset in GetPackage answers too.
            typeOrigins: [],
            linkage: [],
          },
        };
      },

      GetDatatype: (request: GrpcTypes.GetDatatypeRequest): GrpcTypes.GetDatatypeResponse => {
        // Every field is checked, in field order, before anything is looked up, as Sui does.
        const packageId = required(request.packageId, 'package_id');
        const moduleName = required(request.moduleName, 'module_name');
        const name = required(request.name, 'name');
        const pkg = loadPackage(packageId);
        const module = loadModule(pkg, moduleName);
        const def = module.structs?.[name];
        if (def) return { datatype: datatypeDescriptor(registry, module, name, def) };
        if (isEnum(pkg.id, moduleName, name)) {
          // Walrus enums are registered as BCS layouts only; their variants are not described.
          throw new GrpcStatusError(
            GrpcStatusCode.UNIMPLEMENTED,
            `the devnet does not describe enum ${pkg.id}::${moduleName}::${name}`,
          );
        }
        throw notFound(`Datatype '${name}' not found`);
      },

      GetFunction: (request: GrpcTypes.GetFunctionRequest): GrpcTypes.GetFunctionResponse => {
        // Every field is checked, in field order, before anything is looked up, as Sui does.
        const packageId = required(request.packageId, 'package_id');
        const moduleName = required(request.moduleName, 'module_name');
        const name = required(request.name, 'name');
        const pkg = loadPackage(packageId);
        const module = loadModule(pkg, moduleName);
        const def = module.functions?.[name];
        if (!def) throw notFound(`Function not found: ${name}`);
        return { function: functionDescriptor(module, name, def) };
      },

      ListPackageVersions: (
        request: GrpcTypes.ListPackageVersionsRequest,
      ): GrpcTypes.ListPackageVersionsResponse => {
        const pkg = loadPackage(request.packageId);
        const from = request.pageToken ? pageTokenVersion(request.pageToken, pkg.id) : 0n;
        // One version per package and a page holds at least one, so there is never a next page.
        return {
          versions:
            NATIVE_PACKAGE_VERSION >= from ? [{ packageId: pkg.id, version: NATIVE_PACKAGE_VERSION }] : [],
        };
      },
    },
  };

  function isEnum(packageId: string, module: string, name: string): boolean {
    try {
      registry.abilities({ kind: 'struct', address: packageId, module, name, typeArgs: [] });
      return true;
    } catch {
      return false;
    }
  }
}

function required(value: string | undefined, field: string): string {
  if (value === undefined) throw invalidArgument(`missing ${field}`);
  return value;
}

/** How Move's `AccountAddress` prints in the resolver's messages: 64 hex digits, no 0x. */
function moveHex(id: string): string {
  return id.slice(2);
}

/** The first version a page token asks for; a token is only valid for the package it came from. */
function pageTokenVersion(token: Uint8Array, packageId: string): bigint {
  let parsed: { original_package_id: string; version: string };
  try {
    parsed = PageToken.parse(token);
  } catch (error) {
    throw invalidArgument(`invalid page token encoding: ${(error as Error).message}`);
  }
  if (normalizeSuiAddress(parsed.original_package_id) !== packageId) {
    throw invalidArgument('page token package ID does not match request package ID');
  }
  return BigInt(parsed.version);
}
