// The signed transaction of a record, as `rawTransaction` (base64 BCS `SenderSignedData`, which
// the SDK parses for `transaction` and `signatures`) and as the `transaction` JSON of showInput.
import { bcs } from '@mysten/sui/bcs';
import { fromBase64, toBase64 } from '@mysten/sui/utils';
import type { TransactionRecord } from '../state/records.ts';
import { displayType } from './move-types.ts';

type TransactionData = ReturnType<typeof bcs.TransactionData.parse>;
type CallArg = ReturnType<typeof bcs.CallArg.parse>;
type Command = ReturnType<typeof bcs.Command.parse>;
type Argument = ReturnType<typeof bcs.Argument.parse>;

/** Parsed `TransactionData`, or undefined if the record's bytes are not one (e.g. a synthetic genesis). */
export function parseTransactionData(tx: TransactionRecord): TransactionData | undefined {
  try {
    return bcs.TransactionData.parse(tx.txBytes);
  } catch {
    return undefined;
  }
}

/** base64 BCS `SenderSignedData`: one transaction under the default intent, with its signatures. */
export function rawTransaction(tx: TransactionRecord, data: TransactionData): string {
  const bytes = bcs.SenderSignedData.serialize([
    {
      intentMessage: {
        intent: { scope: { TransactionData: true }, version: { V0: true }, appId: { Sui: true } },
        value: data,
      },
      txSignatures: [...tx.signatures],
    },
  ]).toBytes();
  return toBase64(bytes);
}

/** Sui's `SuiTransactionBlock` JSON. Pure inputs are raw bytes: their Move types are not known here. */
export function transactionJson(tx: TransactionRecord, data: TransactionData): Record<string, unknown> {
  const v1 = data.V1;
  if (!v1)
    return { data: { messageVersion: 'v1', transaction: { kind: data.$kind } }, txSignatures: tx.signatures };
  const pt = v1.kind.ProgrammableTransaction;
  return {
    data: {
      messageVersion: 'v1',
      transaction: pt
        ? {
            kind: 'ProgrammableTransaction',
            inputs: pt.inputs.map(inputJson),
            transactions: pt.commands.map(commandJson),
          }
        : { kind: v1.kind.$kind },
      sender: v1.sender,
      gasData: {
        payment: v1.gasData.payment.map((p) => ({
          objectId: p.objectId,
          version: String(p.version),
          digest: p.digest,
        })),
        owner: v1.gasData.owner,
        price: String(v1.gasData.price),
        budget: String(v1.gasData.budget),
      },
    },
    txSignatures: tx.signatures,
  };
}

function inputJson(input: CallArg): Record<string, unknown> {
  if (input.Pure) return { type: 'pure', value: [...fromBase64(input.Pure.bytes)] };
  const object = input.Object;
  if (object?.ImmOrOwnedObject)
    return { type: 'object', objectType: 'immOrOwnedObject', ...objectRef(object.ImmOrOwnedObject) };
  if (object?.Receiving) return { type: 'object', objectType: 'receiving', ...objectRef(object.Receiving) };
  if (object?.SharedObject)
    return {
      type: 'object',
      objectType: 'sharedObject',
      objectId: object.SharedObject.objectId,
      initialSharedVersion: String(object.SharedObject.initialSharedVersion),
      mutable: object.SharedObject.mutable,
    };
  return { type: input.$kind };
}

function objectRef(r: { objectId: string; version: string | number; digest: string }) {
  return { objectId: r.objectId, version: String(r.version), digest: r.digest };
}

function commandJson(command: Command): Record<string, unknown> {
  if (command.MoveCall) {
    const c = command.MoveCall;
    return {
      MoveCall: {
        package: c.package,
        module: c.module,
        function: c.function,
        type_arguments: c.typeArguments.map(displayType),
        arguments: c.arguments.map(argumentJson),
      },
    };
  }
  if (command.TransferObjects)
    return {
      TransferObjects: [
        command.TransferObjects.objects.map(argumentJson),
        argumentJson(command.TransferObjects.address),
      ],
    };
  if (command.SplitCoins)
    return {
      SplitCoins: [argumentJson(command.SplitCoins.coin), command.SplitCoins.amounts.map(argumentJson)],
    };
  if (command.MergeCoins)
    return {
      MergeCoins: [
        argumentJson(command.MergeCoins.destination),
        command.MergeCoins.sources.map(argumentJson),
      ],
    };
  if (command.MakeMoveVec)
    return {
      MakeMoveVec: [
        command.MakeMoveVec.type === null ? null : displayType(command.MakeMoveVec.type),
        command.MakeMoveVec.elements.map(argumentJson),
      ],
    };
  if (command.Publish) return { Publish: command.Publish.dependencies };
  if (command.Upgrade)
    return {
      Upgrade: [command.Upgrade.dependencies, command.Upgrade.package, argumentJson(command.Upgrade.ticket)],
    };
  // A command kind newer than this renderer: name it rather than fail the whole response.
  return { [(command as { $kind: string }).$kind]: null };
}

function argumentJson(arg: Argument): unknown {
  if (arg.GasCoin) return 'GasCoin';
  if (arg.Input !== undefined) return { Input: arg.Input };
  if (arg.Result !== undefined) return { Result: arg.Result };
  if (arg.NestedResult) return { NestedResult: arg.NestedResult };
  return (arg as { $kind: string }).$kind;
}
