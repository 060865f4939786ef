// A failed transaction's BCS `ExecutionFailureStatus` → the gRPC `ExecutionError`: the kind enum
// plus the structured details (abort location and code, sizes, argument indexes…) that the SDK's
// gRPC client turns into `MoveAbort`, `CommandArgumentError`, … errors. The mapping of variants
// to kinds and details follows MystenLabs/sui-rust-sdk crates/sui-rpc (execution_status.rs).
import type { bcs } from '@mysten/sui/bcs';
import { GrpcTypes } from '@mysten/sui/grpc';

type Effects = ReturnType<typeof bcs.TransactionEffects.parse>;
type Status = NonNullable<Effects['V2']>['status'];
export type BcsFailure = NonNullable<Status['Failure']>;
type FailureStatus = BcsFailure['error'];
type BcsMoveLocation = NonNullable<FailureStatus['MoveAbort']>[0];

const ErrorKind = GrpcTypes.ExecutionError_ExecutionErrorKind;
const ArgumentErrorKind = GrpcTypes.CommandArgumentError_CommandArgumentErrorKind;
const TypeArgumentErrorKind = GrpcTypes.TypeArgumentError_TypeArgumentErrorKind;
const UpgradeErrorKind = GrpcTypes.PackageUpgradeError_PackageUpgradeErrorKind;

/** BCS variant names whose proto enum value is not their SCREAMING_SNAKE form. */
const RENAMED: Readonly<Record<string, string>> = {
  MoveObjectTooBig: 'OBJECT_TOO_BIG',
  MovePackageTooBig: 'PACKAGE_TOO_BIG',
  SharedObjectOperationNotAllowed: 'CONSENSUS_OBJECT_OPERATION_NOT_ALLOWED',
  ExecutionCancelledDueToSharedObjectCongestion: 'EXECUTION_CANCELED_DUE_TO_CONSENSUS_OBJECT_CONGESTION',
  ExecutionCancelledDueToRandomnessUnavailable: 'EXECUTION_CANCELED_DUE_TO_RANDOMNESS_UNAVAILABLE',
  InsufficientBalanceForWithdraw: 'INSUFFICIENT_FUNDS_FOR_WITHDRAW',
  InvalidUsageOfPureArg: 'INVALID_USAGE_OF_PURE_ARGUMENT',
  PackageIDDoesNotMatch: 'PACKAGE_ID_DOES_NOT_MATCH',
};

/** `description` is the human-readable status text (the same one JSON-RPC shows). */
export function executionErrorToProto(failure: BcsFailure, description: string): GrpcTypes.ExecutionError {
  const error = failure.error;
  return {
    description,
    ...(failure.command !== null && failure.command !== undefined
      ? { command: BigInt(failure.command) }
      : {}),
    kind: enumValue(ErrorKind, error.$kind, ErrorKind.EXECUTION_ERROR_KIND_UNKNOWN),
    errorDetails: details(error),
  };
}

function details(error: FailureStatus): GrpcTypes.ExecutionError['errorDetails'] {
  if (error.MoveAbort) {
    const [location, code] = error.MoveAbort;
    return {
      oneofKind: 'abort',
      abort: { abortCode: BigInt(code), location: locationToProto(location) },
    };
  }
  if (error.MovePrimitiveRuntimeError)
    return { oneofKind: 'abort', abort: { location: locationToProto(error.MovePrimitiveRuntimeError) } };
  const size =
    error.MoveObjectTooBig ??
    error.MovePackageTooBig ??
    (error.EffectsTooLarge && {
      objectSize: error.EffectsTooLarge.currentSize,
      maxObjectSize: error.EffectsTooLarge.maxSize,
    }) ??
    (error.WrittenObjectsTooLarge && {
      objectSize: error.WrittenObjectsTooLarge.currentSize,
      maxObjectSize: error.WrittenObjectsTooLarge.maxSize,
    }) ??
    vectorSize(error.MoveVectorElemTooBig ?? error.MoveRawValueTooBig);
  if (size)
    return {
      oneofKind: 'sizeError',
      sizeError: { size: BigInt(size.objectSize), maxSize: BigInt(size.maxObjectSize) },
    };
  if (error.CommandArgumentError) {
    const { argIdx, kind } = error.CommandArgumentError;
    const index =
      kind.IndexOutOfBounds !== undefined
        ? { index: kind.IndexOutOfBounds.idx }
        : kind.SecondaryIndexOutOfBounds !== undefined
          ? {
              index: kind.SecondaryIndexOutOfBounds.resultIdx,
              subresult: kind.SecondaryIndexOutOfBounds.secondaryIdx,
            }
          : kind.InvalidResultArity !== undefined
            ? { index: kind.InvalidResultArity.resultIdx }
            : undefined;
    return {
      oneofKind: 'commandArgumentError',
      commandArgumentError: {
        argument: argIdx,
        kind: enumValue(ArgumentErrorKind, kind.$kind, ArgumentErrorKind.COMMAND_ARGUMENT_ERROR_KIND_UNKNOWN),
        ...(index ? { indexError: index } : {}),
      },
    };
  }
  if (error.TypeArgumentError)
    return {
      oneofKind: 'typeArgumentError',
      typeArgumentError: {
        typeArgument: error.TypeArgumentError.argumentIdx,
        kind: enumValue(
          TypeArgumentErrorKind,
          error.TypeArgumentError.kind.$kind,
          TypeArgumentErrorKind.TYPE_ARGUMENT_ERROR_KIND_UNKNOWN,
        ),
      },
    };
  if (error.UnusedValueWithoutDrop)
    return {
      oneofKind: 'indexError',
      indexError: {
        index: error.UnusedValueWithoutDrop.resultIdx,
        subresult: error.UnusedValueWithoutDrop.secondaryIdx,
      },
    };
  if (error.InvalidPublicFunctionReturnType)
    return { oneofKind: 'indexError', indexError: { index: error.InvalidPublicFunctionReturnType.idx } };
  if (error.CircularObjectOwnership)
    return { oneofKind: 'objectId', objectId: error.CircularObjectOwnership.object };
  if (error.NonExclusiveWriteInputObjectModified)
    return { oneofKind: 'objectId', objectId: error.NonExclusiveWriteInputObjectModified.id };
  if (error.AddressDeniedForCoin)
    return {
      oneofKind: 'coinDenyListError',
      coinDenyListError: {
        address: error.AddressDeniedForCoin.address,
        coinType: error.AddressDeniedForCoin.coinType,
      },
    };
  if (error.CoinTypeGlobalPause)
    return {
      oneofKind: 'coinDenyListError',
      coinDenyListError: { coinType: error.CoinTypeGlobalPause.coinType },
    };
  if (error.ExecutionCancelledDueToSharedObjectCongestion)
    return {
      oneofKind: 'congestedObjects',
      congestedObjects: { objects: error.ExecutionCancelledDueToSharedObjectCongestion.congested_objects },
    };
  if (error.PackageUpgradeError) {
    const upgrade = error.PackageUpgradeError.upgradeError;
    return {
      oneofKind: 'packageUpgradeError',
      packageUpgradeError: {
        kind: enumValue(UpgradeErrorKind, upgrade.$kind, UpgradeErrorKind.PACKAGE_UPGRADE_ERROR_KIND_UNKNOWN),
        ...(upgrade.UnableToFetchPackage ? { packageId: upgrade.UnableToFetchPackage.packageId } : {}),
        ...(upgrade.NotAPackage ? { packageId: upgrade.NotAPackage.objectId } : {}),
        ...(upgrade.PackageIDDoesNotMatch
          ? {
              packageId: upgrade.PackageIDDoesNotMatch.packageId,
              ticketId: upgrade.PackageIDDoesNotMatch.ticketId,
            }
          : {}),
        ...(upgrade.UnknownUpgradePolicy ? { policy: upgrade.UnknownUpgradePolicy.policy } : {}),
      },
    };
  }
  return { oneofKind: undefined };
}

function vectorSize(value: { valueSize: string; maxScaledSize: string } | undefined) {
  return value && { objectSize: value.valueSize, maxObjectSize: value.maxScaledSize };
}

function locationToProto(location: BcsMoveLocation): GrpcTypes.MoveLocation {
  return {
    package: location.module.address,
    module: location.module.name,
    function: location.function,
    instruction: location.instruction,
    ...(location.functionName !== null ? { functionName: location.functionName } : {}),
  };
}

/** The enum value named after `variant` (CamelCase BCS name → SCREAMING_SNAKE proto name). */
function enumValue<E extends number>(
  values: Record<string, string | number>,
  variant: string,
  unknown: E,
): E {
  const name =
    RENAMED[variant] ??
    variant
      .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
      .replace(/([A-Z]+)([A-Z][a-z])/g, '$1_$2')
      .toUpperCase();
  const value = values[name];
  return (typeof value === 'number' ? value : unknown) as E;
}
