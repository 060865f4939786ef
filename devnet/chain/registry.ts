// Every native package the devnet serves, in one registry.
import { ModuleRegistry } from './move/registry.ts';
import { FRAMEWORK_MODULES } from './natives/framework.ts';
import { WALRUS_SITE_MODULES } from './natives/walrus-site.ts';
import { WALRUS_MODULES } from './natives/walrus/index.ts';
import { addWalrusEnumLayouts } from './natives/walrus/schema.ts';
import { NAMES_MODULES } from './natives/names/modules.ts';

export function devnetRegistry(): ModuleRegistry {
  const registry = new ModuleRegistry();
  for (const module of [...FRAMEWORK_MODULES, ...WALRUS_SITE_MODULES, ...WALRUS_MODULES, ...NAMES_MODULES])
    registry.add(module);
  addWalrusEnumLayouts(registry);
  return registry;
}
