// Sui framework (0x2) types the Walrus layouts need and framework.ts does not declare yet:
// `group_ops::Element<T>` (BLS keys), the `bls12381` marker types, and
// `dynamic_object_field::Wrapper<T>` (the name of every ObjectTable entry, e.g. staking pools).
// They belong in framework.ts; they live here so this package can land without touching it.
import type { NativeModule } from '../../move/registry.ts';
import { FRAMEWORK } from '../framework.ts';

export const FRAMEWORK_EXTRA_MODULES: readonly NativeModule[] = [
  {
    address: FRAMEWORK,
    name: 'group_ops',
    structs: {
      Element: {
        abilities: ['copy', 'drop', 'store'],
        typeParameters: [{ abilities: [], phantom: true }],
        fields: [['bytes', 'vector<u8>']],
      },
    },
  },
  {
    address: FRAMEWORK,
    name: 'bls12381',
    // Marker types: `public struct G1 {}` and friends carry no data.
    structs: Object.fromEntries(
      ['Scalar', 'G1', 'G2', 'GT', 'UncompressedG1'].map((name) => [
        name,
        { abilities: [], fields: [['dummy_field', 'bool']] as const },
      ]),
    ),
  },
  {
    address: FRAMEWORK,
    name: 'dynamic_object_field',
    structs: {
      Wrapper: {
        abilities: ['copy', 'drop', 'store'],
        typeParameters: [{ abilities: [] }],
        fields: [['name', 'T0']],
      },
    },
  },
];
