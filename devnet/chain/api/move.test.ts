// `sui_getNormalizedMoveFunction` / `Module` describe the native modules as a full node describes
// Move bytecode: reference returns included, abilities in Sui's order.
import { describe, expect, it } from 'vitest';
import { WALRUS_SITE_PACKAGE as PKG } from '../natives/packages.ts';
import { devnetRegistry } from '../registry.ts';
import { normalizedFunction, normalizedModule } from './move.ts';

const registry = devnetRegistry();

describe('normalized Move items', () => {
  it('describe a function that returns a reference (legal Move, though no PTB may call it)', () => {
    const fn = normalizedFunction(registry, PKG, 'site', 'redirects');
    expect(fn.return).toEqual([
      { Reference: { Struct: { address: PKG, module: 'redirects', name: 'Redirects', typeArguments: [] } } },
    ]);
    // Every function of the module describes itself, not only the callable ones.
    expect(Object.keys(normalizedModule(registry, PKG, 'site').exposedFunctions)).toContain('redirects');
  });

  it("list abilities in Sui's order (copy, drop, store, key)", () => {
    // Declared `key, store`, as `has key, store` reads in Move source.
    const site = normalizedModule(registry, PKG, 'site').structs['Site'];
    expect(site?.abilities.abilities).toEqual(['Store', 'Key']);
  });
});
