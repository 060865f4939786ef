// What a native Move function may do besides computing on its arguments: create and delete
// objects, move them between owners, emit events, and use dynamic fields. The runtime records
// every such effect in the transaction's overlay, so an abort discards all of them.
import type { MoveType } from '../move/types.ts';

/** A Move value that is an object: its first field is the UID, represented as the ID string. */
export interface ObjectValue {
  id: string;
  [field: string]: unknown;
}

export interface DynamicFields {
  add(parent: string, nameType: MoveType, name: unknown, valueType: MoveType, value: unknown): void;
  exists(parent: string, nameType: MoveType, name: unknown): boolean;
  /** A read-only view: the field is not written back (use for lookups, like Move's `borrow`). */
  read<T>(parent: string, nameType: MoveType, name: unknown, valueType: MoveType): T;
  /** The live value: in-place changes are written back when the transaction succeeds (`borrow_mut`). */
  borrow<T>(parent: string, nameType: MoveType, name: unknown, valueType: MoveType): T;
  remove<T>(parent: string, nameType: MoveType, name: unknown, valueType: MoveType): T;
}

export interface NativeContext {
  readonly sender: string;
  readonly epoch: bigint;
  readonly timestampMs: number;
  readonly txDigest: string;
  /** Parses a type text with the calling module's aliases. */
  type(text: string): MoveType;
  /** `object::new`: a fresh object ID derived from the transaction digest. */
  newId(): string;
  /** `object::delete`: the object with this ID no longer exists. */
  deleteId(id: string): void;
  transfer(type: MoveType, value: ObjectValue, recipient: string): void;
  share(type: MoveType, value: ObjectValue): void;
  freeze(type: MoveType, value: ObjectValue): void;
  emit(type: MoveType, value: unknown): void;
  readonly dynamicField: DynamicFields;
}
