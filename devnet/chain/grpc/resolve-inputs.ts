// Resolves the inputs of an unresolved gRPC transaction against chain state, as a full node's
// SimulateTransaction does (MystenLabs/sui crates/sui-rpc-api/.../simulate/resolve/mod.rs): an
// input that names only an object ID becomes an owned/immutable reference at the object's current
// version, a `Receiving` reference when a Move call takes it as `Receiving<T>`, or a shared input at
// its initial shared version, mutable when some command needs it by value or by `&mut`.
import type { bcs } from '@mysten/sui/bcs';
import { GrpcTypes } from '@mysten/sui/grpc';
import { isValidSuiAddress, normalizeSuiAddress } from '@mysten/sui/utils';
import type { ModuleRegistry } from '../move/registry.ts';
import { isStruct, type ParamType } from '../move/types.ts';
import type { ChainObject } from '../state/records.ts';
import type { ChainStore } from '../state/store.ts';
import { inputUses } from './input-uses.ts';
import { invalidArgument, notFound } from './status.ts';

export type BcsCallArg = typeof bcs.CallArg.$inferInput;
export type ObjectRef = { objectId: string; version: bigint; digest: string };

const Kind = GrpcTypes.Input_InputKind;

/** What resolution reads: objects by ID and Move function signatures. */
export interface InputResolver {
  readonly store: Pick<ChainStore, 'getObject'>;
  readonly registry: ModuleRegistry;
}

export function resolveInputs(
  resolver: InputResolver,
  inputs: readonly GrpcTypes.Input[],
  commands: readonly GrpcTypes.Command[],
): BcsCallArg[] {
  return inputs.map((input, index) => resolveInput(resolver, input, index, commands));
}

function resolveInput(
  resolver: InputResolver,
  input: GrpcTypes.Input,
  index: number,
  commands: readonly GrpcTypes.Command[],
): BcsCallArg {
  const kind = input.kind ?? Kind.INPUT_KIND_UNKNOWN;
  const hasObjectFields =
    input.objectId !== undefined || input.version !== undefined || input.digest !== undefined;
  if (input.literal !== undefined)
    throw invalidArgument(`input ${index}: literal inputs are not supported by the devnet; send BCS (pure)`);
  if (
    (kind === Kind.PURE || kind === Kind.INPUT_KIND_UNKNOWN) &&
    input.pure !== undefined &&
    !hasObjectFields
  )
    return { Pure: { bytes: input.pure } };
  if (input.objectId === undefined) throw invalidArgument('invalid unresolved input argument');
  const object = loadObject(resolver.store, input.objectId);
  switch (kind) {
    case Kind.IMMUTABLE_OR_OWNED:
      return { Object: { ImmOrOwnedObject: ownedRef(object, input) } };
    case Kind.RECEIVING:
      return { Object: { Receiving: ownedRef(object, input) } };
    case Kind.SHARED:
      return { Object: { SharedObject: sharedRef(resolver.registry, object, input, index, commands) } };
    case Kind.INPUT_KIND_UNKNOWN:
      return objectByOwner(resolver.registry, object, input, index, commands);
    default:
      throw invalidArgument(`input ${index}: ${Kind[kind] ?? kind} inputs are not supported by the devnet`);
  }
}

function objectByOwner(
  registry: ModuleRegistry,
  object: ChainObject,
  input: GrpcTypes.Input,
  index: number,
  commands: readonly GrpcTypes.Command[],
): BcsCallArg {
  const owner = object.owner;
  if (owner === 'Immutable') return { Object: { ImmOrOwnedObject: ownedRef(object, input) } };
  if ('AddressOwner' in owner) {
    const ref = ownedRef(object, input);
    return usedAsReceiving(registry, index, commands)
      ? { Object: { Receiving: ref } }
      : { Object: { ImmOrOwnedObject: ref } };
  }
  if ('Shared' in owner)
    return { Object: { SharedObject: sharedRef(registry, object, input, index, commands) } };
  throw invalidArgument(`object ${object.id} is object owned and cannot be used as an input`);
}

export function loadObject(store: Pick<ChainStore, 'getObject'>, objectId: string): ChainObject {
  if (!isValidSuiAddress(normalizeSuiAddress(objectId)))
    throw invalidArgument(`invalid object_id: ${objectId}`);
  const id = normalizeSuiAddress(objectId);
  const object = store.getObject(id);
  if (!object) throw notFound(`Object ${id} not found`);
  return object;
}

/** The object's current reference, checked against the version/digest the request gave, if any. */
export function ownedRef(object: ChainObject, given: { version?: bigint; digest?: string }): ObjectRef {
  const owner = object.owner;
  if (owner !== 'Immutable' && !('AddressOwner' in owner))
    throw invalidArgument(`object ${object.id} is not Immutable or AddressOwned`);
  if (given.version !== undefined && given.version !== object.version)
    throw invalidArgument(
      `provided version doesn't match, provided: ${given.version} actual: ${object.version}`,
    );
  if (given.digest !== undefined && given.digest !== object.digest)
    throw invalidArgument(
      `provided digest doesn't match, provided: ${given.digest} actual: ${object.digest}`,
    );
  return { objectId: object.id, version: object.version, digest: object.digest };
}

function sharedRef(
  registry: ModuleRegistry,
  object: ChainObject,
  input: GrpcTypes.Input,
  index: number,
  commands: readonly GrpcTypes.Command[],
) {
  const owner = object.owner;
  if (owner === 'Immutable' || !('Shared' in owner))
    throw invalidArgument(`object ${object.id} is not a shared or consensus object`);
  return {
    objectId: object.id,
    initialSharedVersion: owner.Shared.initial_shared_version,
    // A mutability the caller chose is kept: the SDK rejects a resolution that differs from it.
    mutable: requestedMutability(input) ?? usedAsMutable(registry, index, commands),
  };
}

function requestedMutability(input: GrpcTypes.Input): boolean | undefined {
  if (input.mutable !== undefined) return input.mutable;
  if (input.mutability === GrpcTypes.Input_Mutability.MUTABLE) return true;
  if (input.mutability === GrpcTypes.Input_Mutability.IMMUTABLE) return false;
  return undefined;
}

function usedAsMutable(
  registry: ModuleRegistry,
  index: number,
  commands: readonly GrpcTypes.Command[],
): boolean {
  return inputUses(index, commands).some((use) =>
    use.kind === 'moveCall'
      ? parameterOf(registry, use.call, use.parameter).ref !== 'immutable'
      : use.kind !== 'upgrade',
  );
}

function usedAsReceiving(
  registry: ModuleRegistry,
  index: number,
  commands: readonly GrpcTypes.Command[],
): boolean {
  return inputUses(index, commands).some(
    (use) =>
      use.kind === 'moveCall' &&
      isStruct(parameterOf(registry, use.call, use.parameter).type, '0x2', 'transfer', 'Receiving'),
  );
}

function parameterOf(registry: ModuleRegistry, call: GrpcTypes.MoveCall, parameter: number): ParamType {
  const target = `${call.package}::${call.module}::${call.function}`;
  let parameters: readonly ParamType[];
  try {
    parameters = registry.resolveFunction(call.package!, call.module!, call.function!).parameters;
  } catch {
    throw invalidArgument(`unable to find function ${target}`);
  }
  const type = parameters[parameter];
  if (!type) throw invalidArgument('invalid input parameter');
  return type;
}
