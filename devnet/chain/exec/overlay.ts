// The transaction's view of state: objects it loaded, created, moved or deleted, dynamic fields it
// touched, and events it emitted. Nothing reaches the store until `finish` turns the overlay into
// a write set, so an aborted transaction simply drops its overlay.
import { bcs } from '@mysten/sui/bcs';
import { deriveDynamicFieldID, normalizeSuiAddress } from '@mysten/sui/utils';
import { ExecutionFailure, MoveAbort } from '../move/abort.ts';
import type { ModuleRegistry } from '../move/registry.ts';
import { parseType, typeToString, type MoveType } from '../move/types.ts';
import type { ChainObject, Owner } from '../state/records.ts';
import type { ChainStore } from '../state/store.ts';
import { deriveObjectId } from './ids.ts';
import type { DynamicFields, ObjectValue } from './native-context.ts';

export type LiveState = 'live' | 'moved' | 'deleted' | 'wrapped';

export interface LiveObject {
  readonly id: string;
  readonly type: MoveType;
  value: ObjectValue;
  /** The stored object this started from; undefined for objects created in this transaction. */
  readonly original: ChainObject | undefined;
  owner: Owner;
  /** Whether this transaction writes the object (owned or mutable shared input, new, or a mutated field). */
  writable: boolean;
  state: LiveState;
  /** True once anything may have changed it (passed by &mut or by value, or re-owned). */
  touched: boolean;
}

export interface EmittedEvent {
  readonly type: MoveType;
  readonly contents: Uint8Array;
  readonly module: string;
  readonly packageId: string;
}

const FRAMEWORK = normalizeSuiAddress('0x2');
const FIELD_MODULE = { address: FRAMEWORK, module: 'dynamic_field' };

export class Overlay {
  readonly objects = new Map<string, LiveObject>();
  readonly events: EmittedEvent[] = [];
  readonly createdIds = new Set<string>();
  #creations = 0;
  readonly #store: ChainStore;
  readonly #registry: ModuleRegistry;
  readonly #txDigest: string;
  readonly dynamicField: DynamicFields;
  /** Module of the native currently running, for event attribution. */
  currentModule = { packageId: FRAMEWORK, module: 'transfer' };

  constructor(store: ChainStore, registry: ModuleRegistry, txDigest: string) {
    this.#store = store;
    this.#registry = registry;
    this.#txDigest = txDigest;
    this.dynamicField = {
      add: (parent, nameType, name, valueType, value) =>
        this.#addField(parent, nameType, name, valueType, value),
      exists: (parent, nameType, name) => this.#findField(parent, nameType, name, false) !== undefined,
      read: <T>(parent: string, nameType: MoveType, name: unknown, valueType: MoveType) =>
        this.#borrowField(parent, nameType, name, valueType, false).value.value as T,
      borrow: <T>(parent: string, nameType: MoveType, name: unknown, valueType: MoveType) =>
        this.#borrowField(parent, nameType, name, valueType).value.value as T,
      remove: <T>(parent: string, nameType: MoveType, name: unknown, valueType: MoveType) => {
        const field = this.#borrowField(parent, nameType, name, valueType);
        field.state = 'deleted';
        return field.value.value as T;
      },
    };
  }

  /** Loads a stored object as a live input. */
  load(object: ChainObject, writable: boolean): LiveObject {
    const type = parseType(object.type);
    const value = this.#registry.schema(type).parse(object.contents) as ObjectValue;
    const live: LiveObject = {
      id: object.id,
      type,
      value,
      original: object,
      owner: object.owner,
      writable,
      state: 'live',
      touched: false,
    };
    this.objects.set(object.id, live);
    return live;
  }

  newId(): string {
    const id = deriveObjectId(this.#txDigest, this.#creations++);
    this.createdIds.add(id);
    return id;
  }

  deleteId(id: string): void {
    const live = this.objects.get(id);
    if (live) {
      live.state = 'deleted';
      live.touched = true;
    } else if (!this.createdIds.has(id)) {
      // An object unwrapped and destroyed in the same call (its stored form is wrapped); nothing to write.
      this.createdIds.add(id);
    }
  }

  /** Gives `value` (of `type`) a new owner, registering it if it was created, unwrapped or moved. */
  setOwner(type: MoveType, value: ObjectValue, owner: Owner): void {
    const live = this.#track(type, value);
    if (live.original && !live.writable) {
      throw new ExecutionFailure(
        'InvalidTransferObject',
        `object ${live.id} is not writable in this transaction`,
      );
    }
    live.owner = owner;
    live.state = 'live';
    live.touched = true;
  }

  /** Marks an object consumed by value; unless later re-owned, returned or deleted, it ends up wrapped. */
  moved(id: string): void {
    const live = this.objects.get(id);
    if (live && live.state === 'live') {
      live.state = 'moved';
      live.touched = true;
    }
  }

  /** A value of key type back in a PTB slot (returned from a call). */
  returned(type: MoveType, value: ObjectValue): void {
    const live = this.#track(type, value);
    live.state = 'live';
    live.touched = true;
  }

  emit(type: MoveType, value: unknown): void {
    const contents = this.#registry
      .schema(type)
      .serialize(value as never)
      .toBytes();
    this.events.push({
      type,
      contents,
      module: this.currentModule.module,
      packageId: this.currentModule.packageId,
    });
  }

  #track(type: MoveType, value: ObjectValue): LiveObject {
    const id = normalizeSuiAddress(value.id);
    let live = this.objects.get(id);
    if (!live) {
      live = {
        id,
        type,
        value,
        original: undefined,
        owner: 'Immutable',
        writable: true,
        state: 'live',
        touched: true,
      };
      this.objects.set(id, live);
    } else {
      live.value = value;
    }
    return live;
  }

  // ---- dynamic fields -------------------------------------------------------------------

  fieldId(parent: string, nameType: MoveType, name: unknown): string {
    const nameBytes = this.#registry
      .schema(nameType)
      .serialize(name as never)
      .toBytes();
    return normalizeSuiAddress(deriveDynamicFieldID(parent, typeToString(nameType), nameBytes));
  }

  /** A field loaded for reading stays unwritten unless a later borrow marks it writable. */
  #findField(parent: string, nameType: MoveType, name: unknown, write = true): LiveObject | undefined {
    const id = this.fieldId(parent, nameType, name);
    const live = this.objects.get(id);
    if (live) return live.state === 'live' ? live : undefined;
    const stored = this.#store.getObject(id);
    if (!stored) return undefined;
    return this.load(stored, write);
  }

  #borrowField(
    parent: string,
    nameType: MoveType,
    name: unknown,
    valueType: MoveType,
    write = true,
  ): LiveObject {
    const field = this.#findField(parent, nameType, name, write);
    if (!field)
      throw new MoveAbort(
        FIELD_MODULE.address,
        FIELD_MODULE.module,
        'borrow_child_object',
        1,
        'EFieldDoesNotExist',
      );
    const expected = typeToString(fieldType(nameType, valueType));
    if (typeToString(field.type) !== expected) {
      throw new MoveAbort(
        FIELD_MODULE.address,
        FIELD_MODULE.module,
        'borrow_child_object',
        2,
        'EFieldTypeMismatch',
      );
    }
    if (write) {
      field.writable = true;
      field.touched = true;
    }
    return field;
  }

  #addField(parent: string, nameType: MoveType, name: unknown, valueType: MoveType, value: unknown): void {
    if (this.#findField(parent, nameType, name, false)) {
      throw new MoveAbort(FIELD_MODULE.address, FIELD_MODULE.module, 'add', 0, 'EFieldAlreadyExists');
    }
    const id = this.fieldId(parent, nameType, name);
    const existing = this.objects.get(id);
    const type = fieldType(nameType, valueType);
    // Field IDs are derived, not drawn from `newId`, so record the creation explicitly.
    if (!existing?.original) this.createdIds.add(id);
    const live: LiveObject = {
      id,
      type,
      value: { id, name, value },
      // Re-adding a field removed earlier in this transaction rewrites the same object.
      original: existing?.original,
      owner: { ObjectOwner: normalizeSuiAddress(parent) },
      writable: true,
      state: 'live',
      touched: true,
    };
    this.objects.set(id, live);
  }
}

export function fieldType(nameType: MoveType, valueType: MoveType): MoveType {
  return {
    kind: 'struct',
    address: FRAMEWORK,
    module: 'dynamic_field',
    name: 'Field',
    typeArgs: [nameType, valueType],
  };
}

/** Serializes an owner key for digests and indexes. */
export function ownerKey(owner: Owner): string {
  if (owner === 'Immutable') return 'immutable';
  if ('AddressOwner' in owner) return `address:${owner.AddressOwner}`;
  if ('ObjectOwner' in owner) return `object:${owner.ObjectOwner}`;
  return `shared:${owner.Shared.initial_shared_version}`;
}

export function ownerBcs(owner: Owner) {
  if (owner === 'Immutable') return { Immutable: true } as const;
  if ('AddressOwner' in owner) return { AddressOwner: owner.AddressOwner } as const;
  if ('ObjectOwner' in owner) return { ObjectOwner: owner.ObjectOwner } as const;
  return { Shared: { initialSharedVersion: owner.Shared.initial_shared_version } } as const;
}

export { bcs };
