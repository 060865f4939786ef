// BCS layouts of the Sui framework types Floe meets inside other packages' objects: `VecMap` and
// the `dynamic_field::Field` that holds a dynamic field. @mysten/sui/bcs describes transactions and
// effects but not Move framework structs (those come from per-package codegen), so they are spelled
// out here once for the walrus_site, SuiNS and Walrus layouts that embed them.
import { bcs, type BcsType } from '@mysten/sui/bcs';

/** Move's `VecMap<K, V>`: a vector of entries in insertion order. Not `bcs.map`, which sorts keys. */
export function VecMapBcs<K, V, KI, VI>(key: BcsType<K, KI>, value: BcsType<V, VI>) {
  return bcs.struct(`VecMap<${key.name}, ${value.name}>`, {
    contents: bcs.vector(bcs.struct(`Entry<${key.name}, ${value.name}>`, { key, value })),
  });
}

/** `0x2::dynamic_field::Field<K, V>`: the object holding one dynamic field (UID ‖ name ‖ value). */
export function FieldBcs<K, V, KI, VI>(name: BcsType<K, KI>, value: BcsType<V, VI>) {
  return bcs.struct(`Field<${name.name}, ${value.name}>`, { id: bcs.Address, name, value });
}
