// A transaction's BCS effects (V2, as the executor stores them) → the gRPC `TransactionEffects`
// message, field by field as the read mask asks. Object types are not part of the effects; they
// come from the record's object changes (and a lookup for read-only consensus objects), as a full
// node fills them from its index.
import { blake2b } from '@noble/hashes/blake2.js';
import { bcs } from '@mysten/sui/bcs';
import { GrpcTypes } from '@mysten/sui/grpc';
import { toBase58 } from '@mysten/sui/utils';
import type { TransactionRecord } from '../state/records.ts';
import { ownerToProto } from './bcs-owner.ts';
import { executionErrorToProto } from './render-execution-error.ts';

type EffectsV2 = NonNullable<ReturnType<typeof bcs.TransactionEffects.parse>['V2']>;
type BcsChange = EffectsV2['changedObjects'][number][1];

/** Which fields to fill, by path relative to `TransactionEffects` (Sui's FieldMaskTree `contains`). */
export interface FieldSelection {
  has(path: string): boolean;
}

const InputState = GrpcTypes.ChangedObject_InputObjectState;
const OutputState = GrpcTypes.ChangedObject_OutputObjectState;
const IdOperation = GrpcTypes.ChangedObject_IdOperation;
const UnchangedKind = GrpcTypes.UnchangedConsensusObject_UnchangedConsensusObjectKind;

export function effectsToProto(
  record: TransactionRecord,
  mask: FieldSelection,
  objectType: (id: string) => string | undefined,
): GrpcTypes.TransactionEffects {
  const parsed = bcs.TransactionEffects.parse(record.effects);
  const effects = parsed.V2;
  const message: GrpcTypes.TransactionEffects = {
    dependencies: [],
    changedObjects: [],
    unchangedConsensusObjects: [],
    unchangedLoadedRuntimeObjects: [],
  };
  if (mask.has('bcs')) message.bcs = { name: 'TransactionEffects', value: record.effects };
  if (mask.has('digest')) message.digest = effectsDigest(record.effects);
  if (mask.has('version')) message.version = effects ? 2 : 1;
  // Only V2 effects carry what the rest of the message needs; the executor writes nothing else.
  if (!effects) return message;
  if (mask.has('status'))
    message.status = effects.status.Failure
      ? {
          success: false,
          error: executionErrorToProto(
            effects.status.Failure,
            record.status.success ? effects.status.Failure.error.$kind : record.status.error,
          ),
        }
      : { success: true };
  if (mask.has('epoch')) message.epoch = BigInt(effects.executedEpoch);
  if (mask.has('gas_used'))
    message.gasUsed = {
      computationCost: BigInt(effects.gasUsed.computationCost),
      storageCost: BigInt(effects.gasUsed.storageCost),
      storageRebate: BigInt(effects.gasUsed.storageRebate),
      nonRefundableStorageFee: BigInt(effects.gasUsed.nonRefundableStorageFee),
    };
  if (mask.has('transaction_digest')) message.transactionDigest = effects.transactionDigest;
  const typeOf = (id: string) => {
    const change = record.changes.find((c) => c.id === id);
    return (change?.after ?? change?.before)?.type ?? objectType(id);
  };
  const lamport = BigInt(effects.lamportVersion);
  const changed = (prefix: string, [id, change]: [string, BcsChange]) =>
    changedObjectToProto(id, change, lamport, typeOf, (field) => mask.has(`${prefix}.${field}`));
  if (mask.has('gas_object') && effects.gasObjectIndex !== null) {
    const gas = effects.changedObjects[effects.gasObjectIndex];
    if (gas) message.gasObject = changed('gas_object', gas);
  }
  if (mask.has('events_digest') && effects.eventsDigest !== null) message.eventsDigest = effects.eventsDigest;
  if (mask.has('dependencies')) message.dependencies = effects.dependencies;
  if (mask.has('lamport_version')) message.lamportVersion = lamport;
  if (mask.has('changed_objects'))
    message.changedObjects = effects.changedObjects.map((entry) => changed('changed_objects', entry));
  if (mask.has('unchanged_consensus_objects'))
    message.unchangedConsensusObjects = effects.unchangedConsensusObjects.map(([id, kind]) => {
      const has = (field: string) => mask.has(`unchanged_consensus_objects.${field}`);
      const object: GrpcTypes.UnchangedConsensusObject = {};
      if (has('kind')) object.kind = unchangedKind(kind.$kind);
      if (has('object_id')) object.objectId = id;
      const [version, digest] = kind.ReadOnlyRoot ?? [
        kind.MutateConsensusStreamEnded ?? kind.ReadConsensusStreamEnded ?? kind.Cancelled ?? undefined,
        undefined,
      ];
      if (has('version') && version !== undefined) object.version = BigInt(version);
      if (has('digest') && digest !== undefined) object.digest = digest;
      const type = has('object_type') ? typeOf(id) : undefined;
      if (type !== undefined) object.objectType = type;
      return object;
    });
  if (mask.has('auxiliary_data_digest') && effects.auxDataDigest !== null)
    message.auxiliaryDataDigest = effects.auxDataDigest;
  return message;
}

function changedObjectToProto(
  id: string,
  change: BcsChange,
  lamport: bigint,
  typeOf: (id: string) => string | undefined,
  has: (field: string) => boolean,
): GrpcTypes.ChangedObject {
  const object: GrpcTypes.ChangedObject = {};
  if (has('object_id')) object.objectId = id;
  const input = change.inputState.Exist;
  if (has('input_state')) object.inputState = input ? InputState.EXISTS : InputState.DOES_NOT_EXIST;
  if (input) {
    const [[version, digest], owner] = input;
    if (has('input_version')) object.inputVersion = BigInt(version);
    if (has('input_digest')) object.inputDigest = digest;
    if (has('input_owner')) object.inputOwner = ownerToProto(owner);
  }
  const output = change.outputState;
  if (has('output_state'))
    object.outputState = output.ObjectWrite
      ? OutputState.OBJECT_WRITE
      : output.PackageWrite
        ? OutputState.PACKAGE_WRITE
        : output.AccumulatorWriteV1
          ? OutputState.ACCUMULATOR_WRITE
          : OutputState.DOES_NOT_EXIST;
  if (output.ObjectWrite) {
    const [digest, owner] = output.ObjectWrite;
    if (has('output_version')) object.outputVersion = lamport;
    if (has('output_digest')) object.outputDigest = digest;
    if (has('output_owner')) object.outputOwner = ownerToProto(owner);
  } else if (output.PackageWrite) {
    const [version, digest] = output.PackageWrite;
    if (has('output_version')) object.outputVersion = BigInt(version);
    if (has('output_digest')) object.outputDigest = digest;
  }
  if (has('id_operation'))
    object.idOperation = change.idOperation.Created
      ? IdOperation.CREATED
      : change.idOperation.Deleted
        ? IdOperation.DELETED
        : IdOperation.NONE;
  const type = has('object_type') ? typeOf(id) : undefined;
  if (type !== undefined) object.objectType = type;
  return object;
}

function unchangedKind(kind: string): GrpcTypes.UnchangedConsensusObject_UnchangedConsensusObjectKind {
  switch (kind) {
    case 'ReadOnlyRoot':
      return UnchangedKind.READ_ONLY_ROOT;
    case 'MutateConsensusStreamEnded':
      return UnchangedKind.MUTATE_CONSENSUS_STREAM_ENDED;
    case 'ReadConsensusStreamEnded':
      return UnchangedKind.READ_CONSENSUS_STREAM_ENDED;
    case 'Cancelled':
      return UnchangedKind.CANCELED;
    case 'PerEpochConfig':
      return UnchangedKind.PER_EPOCH_CONFIG;
    default:
      return UnchangedKind.UNCHANGED_CONSENSUS_OBJECT_KIND_UNKNOWN;
  }
}

/** Sui's `TransactionEffectsDigest`: Blake2b-256 of "TransactionEffects::" ‖ BCS. */
export function effectsDigest(effects: Uint8Array): string {
  const prefix = new TextEncoder().encode('TransactionEffects::');
  const input = new Uint8Array(prefix.length + effects.length);
  input.set(prefix);
  input.set(effects, prefix.length);
  return toBase58(blake2b(input, { dkLen: 32 }));
}
