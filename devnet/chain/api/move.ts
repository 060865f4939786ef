// `sui_getNormalizedMoveFunction` / `sui_getNormalizedMoveModule`: the native modules describe
// themselves truthfully, which is what `Transaction.build` relies on to encode arguments.
import { normalizeSuiAddress } from '@mysten/sui/utils';
import type { ModuleRegistry, NativeModule } from '../move/registry.ts';
import { normalizedJson, normalizedParamJson } from '../move/types.ts';
import { RpcError } from '../rpc/errors.ts';

const capitalize = (ability: string) => ability[0]!.toUpperCase() + ability.slice(1);

/** Sui lists abilities in this order whatever order the declaration used. */
const ABILITY_ORDER = ['copy', 'drop', 'store', 'key'];

const abilityNames = (abilities: readonly string[]) =>
  [...abilities].sort((a, b) => ABILITY_ORDER.indexOf(a) - ABILITY_ORDER.indexOf(b)).map(capitalize);

export function normalizedFunction(registry: ModuleRegistry, pkg: string, module: string, name: string) {
  let fn;
  try {
    fn = registry.resolveFunction(pkg, module, name);
  } catch {
    throw new RpcError(
      -32602,
      `No function was found with function name ${name} in module ${module} of package ${normalizeSuiAddress(pkg)}`,
    );
  }
  return {
    visibility: fn.def.visibility ?? 'Public',
    isEntry: fn.def.isEntry ?? false,
    typeParameters: (fn.def.typeParameters ?? []).map((abilities) => ({
      abilities: abilityNames(abilities),
    })),
    parameters: fn.parameters.map(normalizedParamJson),
    return: fn.returns.map(normalizedParamJson),
  };
}

export function normalizedModule(registry: ModuleRegistry, pkg: string, moduleName: string) {
  const module = registry.module(pkg, moduleName);
  if (!module)
    throw new RpcError(
      -32602,
      `No module found with module name ${moduleName} in package ${normalizeSuiAddress(pkg)}`,
    );
  return describeModule(registry, module);
}

function describeModule(registry: ModuleRegistry, module: NativeModule) {
  return {
    fileFormatVersion: 6,
    address: normalizeSuiAddress(module.address),
    name: module.name,
    friends: [],
    structs: Object.fromEntries(
      Object.entries(module.structs ?? {}).map(([name, def]) => [
        name,
        {
          abilities: { abilities: abilityNames(def.abilities) },
          typeParameters: (def.typeParameters ?? []).map((p) => ({
            constraints: { abilities: abilityNames(p.abilities) },
            isPhantom: p.phantom ?? false,
          })),
          fields: def.fields.map(([field, text]) => ({
            name: field,
            type: normalizedJson(registry.parse(module, text)),
          })),
        },
      ]),
    ),
    exposedFunctions: Object.fromEntries(
      Object.keys(module.functions ?? {}).map((name) => [
        name,
        normalizedFunction(registry, module.address, module.name, name),
      ]),
    ),
    enums: {},
  };
}
