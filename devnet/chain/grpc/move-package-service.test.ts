// MovePackageService against the devnet's native modules: every function and struct described as
// the JSON-RPC normalized-Move methods describe it, the lookups clients make (the WAL coin type
// from `staking::stake_with_pool`), Sui's errors, and the unmodified SuiGrpcClient reading it.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GrpcStatusCode, GrpcTypes, SuiGrpcClient } from '@mysten/sui/grpc';
import { SuiJsonRpcClient } from '@mysten/sui/jsonRpc';
import { normalizeSuiAddress } from '@mysten/sui/utils';
import { normalizedFunction, normalizedModule } from '../api/move.ts';
import { startChain, type Chain } from '../chain.ts';
import { ContentRenderer } from '../move/render.ts';
import { FRAMEWORK_MODULES } from '../natives/framework.ts';
import { NAMES_MODULES } from '../natives/names/modules.ts';
import { namesRegistryId } from '../natives/names/registry-object.ts';
import { NAMES_PACKAGE, WALRUS_PACKAGE, WALRUS_SITE_PACKAGE } from '../natives/packages.ts';
import { WAL_COIN_TYPE } from '../natives/walrus/constants.ts';
import { WALRUS_MODULES } from '../natives/walrus/index.ts';
import { WALRUS_SITE_MODULES } from '../natives/walrus-site.ts';
import { movePackageService, NATIVE_PACKAGE_VERSION } from './move-package-service.ts';
import type { GrpcService } from './service.ts';
import { callOverWire, serveGrpc } from './test-support/calls.ts';

const NATIVE_MODULES = [...FRAMEWORK_MODULES, ...WALRUS_SITE_MODULES, ...WALRUS_MODULES, ...NAMES_MODULES];
const NAMES = normalizeSuiAddress(NAMES_PACKAGE);
const WALRUS = normalizeSuiAddress(WALRUS_PACKAGE);
const Type = GrpcTypes.OpenSignatureBody_Type;

// What the JSON-RPC answers say, turned into the descriptors a full node sends for the same
// function: an oracle independent of the service's own conversion from the registry.
type Normalized =
  | string
  | { Vector: Normalized }
  | { TypeParameter: number }
  | { Struct: { address: string; module: string; name: string; typeArguments: Normalized[] } }
  | { Reference: Normalized }
  | { MutableReference: Normalized };

const PRIMITIVES: Record<string, GrpcTypes.OpenSignatureBody_Type> = {
  Address: Type.ADDRESS,
  Bool: Type.BOOL,
  U8: Type.U8,
  U16: Type.U16,
  U32: Type.U32,
  U64: Type.U64,
  U128: Type.U128,
  U256: Type.U256,
};
const ABILITIES: Record<string, GrpcTypes.Ability> = {
  Copy: GrpcTypes.Ability.COPY,
  Drop: GrpcTypes.Ability.DROP,
  Store: GrpcTypes.Ability.STORE,
  Key: GrpcTypes.Ability.KEY,
};
const VISIBILITY: Record<string, GrpcTypes.FunctionDescriptor_Visibility> = {
  Public: GrpcTypes.FunctionDescriptor_Visibility.PUBLIC,
  Friend: GrpcTypes.FunctionDescriptor_Visibility.FRIEND,
  Private: GrpcTypes.FunctionDescriptor_Visibility.PRIVATE,
};

function expectedBody(type: Normalized): GrpcTypes.OpenSignatureBody {
  if (typeof type === 'string') return { type: PRIMITIVES[type], typeParameterInstantiation: [] };
  if ('Vector' in type) return { type: Type.VECTOR, typeParameterInstantiation: [expectedBody(type.Vector)] };
  if ('TypeParameter' in type) {
    return { type: Type.TYPE_PARAMETER, typeParameter: type.TypeParameter, typeParameterInstantiation: [] };
  }
  if ('Struct' in type) {
    const { address, module, name, typeArguments } = type.Struct;
    return {
      type: Type.DATATYPE,
      typeName: `${normalizeSuiAddress(address)}::${module}::${name}`,
      typeParameterInstantiation: typeArguments.map(expectedBody),
    };
  }
  throw new Error(`a reference inside a type: ${JSON.stringify(type)}`);
}

function expectedSignature(type: Normalized): GrpcTypes.OpenSignature {
  if (typeof type === 'object' && 'Reference' in type) {
    return { reference: GrpcTypes.OpenSignature_Reference.IMMUTABLE, body: expectedBody(type.Reference) };
  }
  if (typeof type === 'object' && 'MutableReference' in type) {
    return {
      reference: GrpcTypes.OpenSignature_Reference.MUTABLE,
      body: expectedBody(type.MutableReference),
    };
  }
  return { body: expectedBody(type) };
}

/** Sui lists abilities in declaration order of the `Ability` enum, whatever the source order. */
const abilitySet = (names: readonly string[]) => names.map((a) => ABILITIES[a]!).sort((a, b) => a - b);

function expectedFunction(
  name: string,
  json: ReturnType<typeof normalizedFunction>,
): GrpcTypes.FunctionDescriptor {
  return {
    name,
    visibility: VISIBILITY[json.visibility],
    isEntry: json.isEntry,
    typeParameters: json.typeParameters.map(({ abilities }) => ({ constraints: abilitySet(abilities) })),
    parameters: (json.parameters as Normalized[]).map(expectedSignature),
    returns: (json.return as Normalized[]).map(expectedSignature),
  };
}

type MoveFunction = Awaited<ReturnType<SuiGrpcClient['core']['getMoveFunction']>>;
const SUI_ABILITY_ORDER = ['copy', 'drop', 'store', 'key', 'unknown'];

/** The devnet's JSON-RPC lists constraints in declaration order; Sui lists them in enum order. */
function inSuiAbilityOrder(result: MoveFunction): MoveFunction {
  const fn = result.function;
  return {
    function: {
      ...fn,
      typeParameters: fn.typeParameters.map((p) => ({
        ...p,
        constraints: [...p.constraints].sort(
          (a, b) => SUI_ABILITY_ORDER.indexOf(a) - SUI_ABILITY_ORDER.indexOf(b),
        ),
      })),
    },
  };
}

describe('MovePackageService', () => {
  let dir: string;
  let chain: Chain;
  let service: GrpcService;

  const getFunction = (
    packageId: string | undefined,
    moduleName: string | undefined,
    name: string | undefined,
  ) => callOverWire<GrpcTypes.GetFunctionResponse>(service, 'GetFunction', { packageId, moduleName, name });

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'floe-grpc-move-'));
    chain = await startChain({ dir });
    const { store, executor, registry } = chain;
    service = movePackageService({ store, executor, registry, render: new ContentRenderer(registry) });
  });

  afterAll(async () => {
    await chain?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('describes every native function as sui_getNormalizedMoveFunction does', async () => {
    let count = 0;
    for (const module of NATIVE_MODULES) {
      for (const [name, def] of Object.entries(module.functions ?? {})) {
        // The JSON-RPC method cannot describe a returned reference; checked on its own below.
        if (def.returns.some((text) => text.startsWith('&'))) continue;
        const json = normalizedFunction(chain.registry, module.address, module.name, name);
        const { function: fn } = await getFunction(module.address, module.name, name);
        expect(fn, `${module.name}::${name}`).toEqual(expectedFunction(name, json));
        count++;
      }
    }
    expect(count).toBeGreaterThan(100);
  });

  it('describes returned references', async () => {
    const { function: fn } = await getFunction(WALRUS_SITE_PACKAGE, 'site', 'redirects');
    expect(fn!.returns).toEqual([
      {
        reference: GrpcTypes.OpenSignature_Reference.IMMUTABLE,
        body: {
          type: Type.DATATYPE,
          typeName: `${normalizeSuiAddress(WALRUS_SITE_PACKAGE)}::redirects::Redirects`,
          typeParameterInstantiation: [],
        },
      },
    ]);
  });

  it("gives readers of staking::stake_with_pool the WAL coin type and the runtime's TxContext", async () => {
    const { function: fn } = await getFunction(WALRUS, 'staking', 'stake_with_pool');
    // Floe's resolveWalCoinType and @mysten/walrus both read Coin<T> from the second parameter.
    const coin = fn!.parameters[1]!;
    expect(coin.reference).toBeUndefined();
    expect(coin.body).toMatchObject({
      type: Type.DATATYPE,
      typeName: `${normalizeSuiAddress('0x2')}::coin::Coin`,
    });
    expect(coin.body!.typeParameterInstantiation[0]).toMatchObject({
      type: Type.DATATYPE,
      typeName: WAL_COIN_TYPE,
    });
    // The SDK drops a trailing TxContext by its full type name before matching arguments.
    expect(fn!.parameters.at(-1)).toEqual({
      reference: GrpcTypes.OpenSignature_Reference.MUTABLE,
      body: {
        type: Type.DATATYPE,
        typeName: `${normalizeSuiAddress('0x2')}::tx_context::TxContext`,
        typeParameterInstantiation: [],
      },
    });
  });

  it('gives generic functions their constraints and type-parameter indices', async () => {
    const { function: transfer } = await getFunction('0x2', 'transfer', 'public_transfer');
    expect(transfer!.typeParameters).toEqual([
      { constraints: [GrpcTypes.Ability.STORE, GrpcTypes.Ability.KEY] },
    ]);
    expect(transfer!.parameters[0]!.body).toEqual({
      type: Type.TYPE_PARAMETER,
      typeParameter: 0,
      typeParameterInstantiation: [],
    });
  });

  it('lists each native package with the modules, structs and functions JSON-RPC describes', async () => {
    const { package: pkg } = await callOverWire<GrpcTypes.GetPackageResponse>(service, 'GetPackage', {
      packageId: NAMES_PACKAGE,
    });
    expect(pkg).toMatchObject({ storageId: NAMES, originalId: NAMES, version: NATIVE_PACKAGE_VERSION });
    const moduleNames = chain.registry.modulesOf(NAMES).map((m) => m.name);
    expect(pkg!.modules.map((m) => m.name)).toEqual([...moduleNames].sort());
    for (const module of pkg!.modules) {
      const json = normalizedModule(chain.registry, NAMES, module.name!);
      expect(module.functions.map((f) => f.name)).toEqual(Object.keys(json.exposedFunctions).sort());
      for (const fn of module.functions) {
        expect(fn).toEqual((await getFunction(NAMES, module.name, fn.name)).function);
      }
      expect(module.datatypes.map((d) => d.name)).toEqual(Object.keys(json.structs).sort());
      for (const datatype of module.datatypes) {
        const struct = json.structs[datatype.name!]!;
        expect(datatype).toEqual({
          typeName: `${NAMES}::${module.name}::${datatype.name}`,
          definingId: NAMES,
          module: module.name,
          name: datatype.name,
          abilities: abilitySet(struct.abilities.abilities),
          typeParameters: struct.typeParameters.map((p) => ({
            constraints: abilitySet(p.constraints.abilities),
            isPhantom: p.isPhantom,
          })),
          kind: GrpcTypes.DatatypeDescriptor_DatatypeKind.STRUCT,
          fields: struct.fields.map((f, position) => ({
            name: f.name,
            position,
            type: expectedBody(f.type as Normalized),
          })),
          variants: [],
        });
        const single = await callOverWire<GrpcTypes.GetDatatypeResponse>(service, 'GetDatatype', {
          packageId: NAMES,
          moduleName: module.name,
          name: datatype.name,
        });
        expect(single.datatype).toEqual(datatype);
      }
    }
  });

  it('serves every native package whole', async () => {
    const packages = new Set(NATIVE_MODULES.map((m) => normalizeSuiAddress(m.address)));
    for (const packageId of packages) {
      const { package: pkg } = await callOverWire<GrpcTypes.GetPackageResponse>(service, 'GetPackage', {
        packageId,
      });
      const modules = NATIVE_MODULES.filter((m) => normalizeSuiAddress(m.address) === packageId);
      expect(pkg!.modules.map((m) => m.name)).toEqual(modules.map((m) => m.name).sort());
      const functions = pkg!.modules.flatMap((m) => m.functions.map((f) => `${m.name}::${f.name}`));
      expect(functions).toHaveLength(modules.flatMap((m) => Object.keys(m.functions ?? {})).length);
    }
  });

  it('marks phantom type parameters of framework structs', async () => {
    const { datatype } = await callOverWire<GrpcTypes.GetDatatypeResponse>(service, 'GetDatatype', {
      packageId: '0x2',
      moduleName: 'coin',
      name: 'Coin',
    });
    expect(datatype!.typeParameters).toEqual([{ constraints: [], isPhantom: true }]);
    expect(datatype!.abilities).toEqual([GrpcTypes.Ability.STORE, GrpcTypes.Ability.KEY]);
  });

  it('reports the single version of a native package', async () => {
    const listed = await callOverWire<GrpcTypes.ListPackageVersionsResponse>(service, 'ListPackageVersions', {
      packageId: WALRUS_PACKAGE,
    });
    expect(listed).toEqual({ versions: [{ packageId: WALRUS, version: NATIVE_PACKAGE_VERSION }] });
  });

  it("answers what is not there with NOT_FOUND and malformed requests with INVALID_ARGUMENT, in Sui's words", async () => {
    const unknownPackage = normalizeSuiAddress('0xabc');
    const cases: [Promise<unknown>, GrpcStatusCode, string][] = [
      [
        getFunction(unknownPackage, 'staking', 'x'),
        GrpcStatusCode.NOT_FOUND,
        `Package not found: ${unknownPackage.slice(2)}`,
      ],
      [
        getFunction(WALRUS, 'nope', 'x'),
        GrpcStatusCode.NOT_FOUND,
        `Module not found: ${WALRUS.slice(2)}::nope`,
      ],
      [getFunction(WALRUS, 'staking', 'nope'), GrpcStatusCode.NOT_FOUND, 'Function not found: nope'],
      [
        callOverWire(service, 'GetDatatype', { packageId: WALRUS, moduleName: 'staking', name: 'Nope' }),
        GrpcStatusCode.NOT_FOUND,
        "Datatype 'Nope' not found",
      ],
      // An object that exists but is not a package.
      [
        getFunction(namesRegistryId(chain.store), 'm', 'f'),
        GrpcStatusCode.INVALID_ARGUMENT,
        'object is not a package',
      ],
      [getFunction(undefined, 'staking', 'x'), GrpcStatusCode.INVALID_ARGUMENT, 'missing package_id'],
      // Fields are checked before anything is looked up.
      [getFunction(unknownPackage, undefined, 'x'), GrpcStatusCode.INVALID_ARGUMENT, 'missing module_name'],
      [getFunction(WALRUS, 'staking', undefined), GrpcStatusCode.INVALID_ARGUMENT, 'missing name'],
      [getFunction('walrus', 'staking', 'x'), GrpcStatusCode.INVALID_ARGUMENT, 'invalid package_id'],
      [
        callOverWire(service, 'GetDatatype', {
          packageId: WALRUS,
          moduleName: 'staking_pool',
          name: 'PoolState',
        }),
        GrpcStatusCode.UNIMPLEMENTED,
        'does not describe enum',
      ],
    ];
    for (const [call, code, message] of cases) {
      await expect(call, message).rejects.toMatchObject({ code, message: expect.stringContaining(message) });
    }
  });

  it('serves SuiGrpcClient.core.getMoveFunction the same function SuiJsonRpcClient gets', async () => {
    const server = await serveGrpc([service]);
    try {
      const grpc = new SuiGrpcClient({ baseUrl: server.url, network: 'localnet' });
      const jsonRpc = new SuiJsonRpcClient({ url: chain.url, network: 'localnet' });
      const targets = [
        { packageId: WALRUS, moduleName: 'staking', name: 'stake_with_pool' },
        { packageId: NAMES, moduleName: 'controller', name: 'set_user_data' },
        { packageId: '0x2', moduleName: 'transfer', name: 'public_transfer' },
        { packageId: '0x2', moduleName: 'coin', name: 'split' },
      ];
      for (const target of targets) {
        expect(await grpc.core.getMoveFunction(target), target.name).toEqual(
          inSuiAbilityOrder(await jsonRpc.core.getMoveFunction(target)),
        );
      }
      await expect(
        grpc.core.getMoveFunction({ packageId: WALRUS, moduleName: 'staking', name: 'nope' }),
      ).rejects.toMatchObject({ code: 'NOT_FOUND', message: 'Function not found: nope' });
    } finally {
      await server.close();
    }
  });
});
