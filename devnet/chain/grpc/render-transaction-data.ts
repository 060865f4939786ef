// BCS `TransactionData` → the gRPC `Transaction` message (sender, gas payment, expiration and the
// programmable transaction's inputs and commands), the shape the SDK's
// `grpcTransactionToTransactionData` reads back into a `TransactionData`.
import { bcs } from '@mysten/sui/bcs';
import { GrpcTypes } from '@mysten/sui/grpc';
import { fromBase64 } from '@mysten/sui/utils';
import { timestamp } from './timestamp.ts';

export type BcsTransactionData = ReturnType<typeof bcs.TransactionData.parse>;
type V1 = NonNullable<BcsTransactionData['V1']>;
type CallArg = ReturnType<typeof bcs.CallArg.parse>;
type Command = ReturnType<typeof bcs.Command.parse>;
type Argument = ReturnType<typeof bcs.Argument.parse>;
type Expiration = V1['expiration'];

const InputKind = GrpcTypes.Input_InputKind;
const ArgumentKind = GrpcTypes.Argument_ArgumentKind;
const ExpirationKind = GrpcTypes.TransactionExpiration_TransactionExpirationKind;

/** Which parts of the `Transaction` message to fill (field names as in the proto). */
export interface TransactionParts {
  readonly bcs: boolean;
  readonly digest: boolean;
  readonly version: boolean;
  readonly kind: boolean;
  readonly sender: boolean;
  readonly gasPayment: boolean;
  readonly expiration: boolean;
}

export function transactionToProto(
  txBytes: Uint8Array,
  digest: string,
  parts: TransactionParts,
): GrpcTypes.Transaction {
  const message: GrpcTypes.Transaction = {};
  if (parts.bcs) message.bcs = { name: 'TransactionData', value: txBytes };
  if (parts.digest) message.digest = digest;
  if (!(parts.version || parts.kind || parts.sender || parts.gasPayment || parts.expiration)) return message;
  const v1 = parseTransactionData(txBytes)?.V1;
  // Genesis has no TransactionData to show (a full node shows a GenesisTransaction kind instead).
  if (!v1) return message;
  if (parts.version) message.version = 1;
  if (parts.kind) message.kind = kindToProto(v1.kind);
  if (parts.sender) message.sender = v1.sender;
  if (parts.gasPayment)
    message.gasPayment = {
      objects: v1.gasData.payment.map((ref) => ({
        objectId: ref.objectId,
        version: BigInt(ref.version),
        digest: ref.digest,
      })),
      owner: v1.gasData.owner,
      price: BigInt(v1.gasData.price),
      budget: BigInt(v1.gasData.budget),
    };
  if (parts.expiration) message.expiration = expirationToProto(v1.expiration);
  return message;
}

function parseTransactionData(txBytes: Uint8Array): BcsTransactionData | undefined {
  try {
    return bcs.TransactionData.parse(txBytes);
  } catch {
    return undefined;
  }
}

function kindToProto(kind: V1['kind']): GrpcTypes.TransactionKind {
  const ptb = kind.ProgrammableTransaction;
  if (!ptb) return { data: { oneofKind: undefined } };
  return {
    kind: GrpcTypes.TransactionKind_Kind.PROGRAMMABLE_TRANSACTION,
    data: {
      oneofKind: 'programmableTransaction',
      programmableTransaction: {
        inputs: ptb.inputs.map(inputToProto),
        commands: ptb.commands.map(commandToProto),
      },
    },
  };
}

function inputToProto(input: CallArg): GrpcTypes.Input {
  if (input.Pure) return { kind: InputKind.PURE, pure: fromBase64(input.Pure.bytes) };
  const object = input.Object;
  if (object?.ImmOrOwnedObject)
    return { kind: InputKind.IMMUTABLE_OR_OWNED, ...refToProto(object.ImmOrOwnedObject) };
  if (object?.Receiving) return { kind: InputKind.RECEIVING, ...refToProto(object.Receiving) };
  if (object?.SharedObject) {
    const shared = object.SharedObject;
    return {
      kind: InputKind.SHARED,
      objectId: shared.objectId,
      version: BigInt(shared.initialSharedVersion),
      mutable: shared.mutable,
      mutability: shared.mutable ? GrpcTypes.Input_Mutability.MUTABLE : GrpcTypes.Input_Mutability.IMMUTABLE,
    };
  }
  if (input.FundsWithdrawal) {
    const withdrawal = input.FundsWithdrawal;
    const from = withdrawal.withdrawFrom;
    return {
      kind: InputKind.FUNDS_WITHDRAWAL,
      fundsWithdrawal: {
        ...(withdrawal.reservation.MaxAmountU64 !== undefined
          ? { amount: BigInt(withdrawal.reservation.MaxAmountU64) }
          : {}),
        ...(withdrawal.typeArg.Balance !== undefined ? { coinType: withdrawal.typeArg.Balance } : {}),
        source: from.Sponsor
          ? GrpcTypes.FundsWithdrawal_Source.SPONSOR
          : from.SenderAllowance
            ? GrpcTypes.FundsWithdrawal_Source.SENDER_ALLOWANCE
            : GrpcTypes.FundsWithdrawal_Source.SENDER,
        ...(from.SenderAllowance
          ? { funder: from.SenderAllowance.funder, allowance: from.SenderAllowance.allowance }
          : {}),
      },
    };
  }
  return { kind: InputKind.INPUT_KIND_UNKNOWN };
}

function refToProto(ref: { objectId: string; version: string; digest: string }) {
  return { objectId: ref.objectId, version: BigInt(ref.version), digest: ref.digest };
}

function commandToProto(command: Command): GrpcTypes.Command {
  if (command.MoveCall) {
    const call = command.MoveCall;
    return {
      command: {
        oneofKind: 'moveCall',
        moveCall: {
          package: call.package,
          module: call.module,
          function: call.function,
          typeArguments: call.typeArguments,
          arguments: call.arguments.map(argumentToProto),
        },
      },
    };
  }
  if (command.TransferObjects)
    return {
      command: {
        oneofKind: 'transferObjects',
        transferObjects: {
          objects: command.TransferObjects.objects.map(argumentToProto),
          address: argumentToProto(command.TransferObjects.address),
        },
      },
    };
  if (command.SplitCoins)
    return {
      command: {
        oneofKind: 'splitCoins',
        splitCoins: {
          coin: argumentToProto(command.SplitCoins.coin),
          amounts: command.SplitCoins.amounts.map(argumentToProto),
        },
      },
    };
  if (command.MergeCoins)
    return {
      command: {
        oneofKind: 'mergeCoins',
        mergeCoins: {
          coin: argumentToProto(command.MergeCoins.destination),
          coinsToMerge: command.MergeCoins.sources.map(argumentToProto),
        },
      },
    };
  if (command.MakeMoveVec)
    return {
      command: {
        oneofKind: 'makeMoveVector',
        makeMoveVector: {
          ...(command.MakeMoveVec.type !== null ? { elementType: command.MakeMoveVec.type } : {}),
          elements: command.MakeMoveVec.elements.map(argumentToProto),
        },
      },
    };
  if (command.Publish)
    return {
      command: {
        oneofKind: 'publish',
        publish: {
          modules: command.Publish.modules.map((m) => fromBase64(m)),
          dependencies: command.Publish.dependencies,
        },
      },
    };
  if (command.Upgrade)
    return {
      command: {
        oneofKind: 'upgrade',
        upgrade: {
          modules: command.Upgrade.modules.map((m) => fromBase64(m)),
          dependencies: command.Upgrade.dependencies,
          package: command.Upgrade.package,
          ticket: argumentToProto(command.Upgrade.ticket),
        },
      },
    };
  return { command: { oneofKind: undefined } };
}

function argumentToProto(argument: Argument): GrpcTypes.Argument {
  if (argument.GasCoin) return { kind: ArgumentKind.GAS };
  if (argument.Input !== undefined) return { kind: ArgumentKind.INPUT, input: argument.Input };
  if (argument.Result !== undefined) return { kind: ArgumentKind.RESULT, result: argument.Result };
  if (argument.NestedResult)
    return {
      kind: ArgumentKind.RESULT,
      result: argument.NestedResult[0],
      subresult: argument.NestedResult[1],
    };
  return { kind: ArgumentKind.ARGUMENT_KIND_UNKNOWN };
}

function expirationToProto(expiration: Expiration): GrpcTypes.TransactionExpiration {
  if (expiration.Epoch !== undefined) return { kind: ExpirationKind.EPOCH, epoch: BigInt(expiration.Epoch) };
  const window = expiration.ValidDuring ?? expiration.Validity;
  if (!window) return { kind: ExpirationKind.NONE };
  const message: GrpcTypes.TransactionExpiration = {
    kind: expiration.Validity ? ExpirationKind.VALIDITY : ExpirationKind.VALID_DURING,
    chain: window.chain,
    nonce: window.nonce,
  };
  if (window.minEpoch !== null) message.minEpoch = BigInt(window.minEpoch);
  if (window.maxEpoch !== null) message.epoch = BigInt(window.maxEpoch);
  if (window.minTimestamp !== null) message.minTimestamp = timestamp(BigInt(window.minTimestamp));
  if (window.maxTimestamp !== null) message.maxTimestamp = timestamp(BigInt(window.maxTimestamp));
  const proposers = expiration.Validity?.allowedProposers;
  if (proposers)
    message.allowedProposers = { epoch: BigInt(proposers.epoch), proposers: proposers.proposers };
  return message;
}
