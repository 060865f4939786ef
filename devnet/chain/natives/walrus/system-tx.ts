// Writes Walrus objects outside the PTB runtime, for genesis and epoch changes: the layouts with
// Move enums cannot go through the executor's overlay (it lays values out with the registry), so
// these helpers serialize with `walrusSchema` and wrap the writes in an unsigned pseudo
// transaction, as `genesisBatch` does.
import { concatBytes } from '../../bytes.ts';
import { deriveDynamicFieldID, normalizeSuiAddress } from '@mysten/sui/utils';
import { effectsBcs } from '../../exec/effects.ts';
import { storageCost } from '../../exec/gas.ts';
import { digestOf, objectDigest } from '../../exec/ids.ts';
import { fieldType, ownerKey } from '../../exec/overlay.ts';
import type { ModuleRegistry } from '../../move/registry.ts';
import { parseType, typeToString, type MoveType } from '../../move/types.ts';
import type { ChainObject, CommitBatch, EventRecord, ObjectChange, Owner } from '../../state/records.ts';
import { PKG } from './constants.ts';
import { walrusSchema } from './schema.ts';

const ZERO = normalizeSuiAddress('0x0');

export interface PendingEvent {
  readonly type: MoveType;
  readonly value: unknown;
  /** Module that "emitted" it (Sui's transactionModule). */
  readonly module: string;
}

/** Serializes an object value (its `id` included) into a stored object at `version`. */
export function makeObject(
  registry: ModuleRegistry,
  args: {
    type: MoveType;
    value: { id: string };
    owner: Owner;
    version: bigint;
    previousTransaction: string;
  },
): ChainObject {
  const contents = walrusSchema(registry, args.type)
    .serialize(args.value as never)
    .toBytes();
  const id = normalizeSuiAddress(args.value.id);
  const abilities = registry.abilities(args.type);
  return {
    id,
    version: args.version,
    digest: objectDigest(id, args.version, contents, ownerKey(args.owner)),
    owner: args.owner,
    type: typeToString(args.type),
    contents,
    hasPublicTransfer: abilities.includes('key') && abilities.includes('store'),
    previousTransaction: args.previousTransaction,
    storageRebate: storageCost(contents.length),
  };
}

export function parseObject<T>(registry: ModuleRegistry, object: ChainObject): T {
  return walrusSchema(registry, parseType(object.type)).parse(object.contents) as T;
}

/** ID and type of the dynamic field `name` (of `nameType`) under `parent`. */
export function dynamicField(
  registry: ModuleRegistry,
  parent: string,
  nameType: MoveType,
  name: unknown,
  valueType: MoveType,
): { id: string; type: MoveType } {
  const nameBytes = walrusSchema(registry, nameType)
    .serialize(name as never)
    .toBytes();
  return {
    id: normalizeSuiAddress(deriveDynamicFieldID(parent, typeToString(nameType), nameBytes)),
    type: fieldType(nameType, valueType),
  };
}

/** A committed-as-is transaction with no sender, gas or signatures. */
export function systemTransaction(
  registry: ModuleRegistry,
  args: {
    digest: string;
    written: readonly ChainObject[];
    changes: readonly ObjectChange[];
    events: readonly PendingEvent[];
    lamport: bigint;
    executedEpoch: bigint;
    timestampMs: number;
  },
): CommitBatch {
  const events: EventRecord[] = args.events.map((e, i) => ({
    txDigest: args.digest,
    eventSeq: i,
    packageId: PKG,
    module: e.module,
    sender: ZERO,
    type: typeToString(e.type),
    contents: walrusSchema(registry, e.type)
      .serialize(e.value as never)
      .toBytes(),
    timestampMs: args.timestampMs,
  }));
  const gasUsed = { computationCost: 0n, storageCost: 0n, storageRebate: 0n, nonRefundableStorageFee: 0n };
  const eventsDigest =
    events.length > 0 ? digestOf('events', concatBytes(events.map((e) => e.contents))) : null;
  return {
    transaction: {
      digest: args.digest,
      txBytes: new Uint8Array(0),
      signatures: [],
      effects: effectsBcs({
        status: { success: true },
        executedEpoch: args.executedEpoch,
        gasUsed,
        transactionDigest: args.digest,
        // No gas object: the index is absent from the effects.
        gasObjectId: ZERO,
        eventsDigest,
        dependencies: [],
        lamportVersion: args.lamport,
        changes: args.changes,
        readOnlyShared: [],
      }),
      sender: ZERO,
      status: { success: true },
      gasUsed,
      gasObject: { id: ZERO, version: args.lamport, digest: args.digest, owner: 'Immutable' },
      executedEpoch: args.executedEpoch,
      lamportVersion: args.lamport,
      changes: args.changes,
      balanceChanges: [],
      events,
      dependencies: [],
      checkpoint: 0n,
      timestampMs: args.timestampMs,
    },
    written: args.written,
    deleted: [],
  };
}
