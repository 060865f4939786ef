// The parts of a gRPC `Transaction` that need no chain state (commands, arguments, expiration) →
// the input shapes of `@mysten/sui/bcs`, so a resolved transaction serializes with
// `bcs.TransactionData`. A part that cannot be converted is the caller's error: INVALID_ARGUMENT.
import type { bcs } from '@mysten/sui/bcs';
import { GrpcTypes } from '@mysten/sui/grpc';
import { invalidArgument } from './status.ts';

export type BcsCommand = typeof bcs.Command.$inferInput;
export type BcsArgument = typeof bcs.Argument.$inferInput;
export type BcsExpiration = typeof bcs.TransactionExpiration.$inferInput;

const ArgumentKind = GrpcTypes.Argument_ArgumentKind;
const ExpirationKind = GrpcTypes.TransactionExpiration_TransactionExpirationKind;

export function commandToBcs(command: GrpcTypes.Command, index: number): BcsCommand {
  const fail = (what: string) => invalidArgument(`invalid command ${index}: ${what}`);
  const args = (list: readonly GrpcTypes.Argument[]) => list.map((a) => argumentToBcs(a, fail));
  const one = (arg: GrpcTypes.Argument | undefined, name: string) => {
    if (!arg) throw fail(`missing ${name}`);
    return argumentToBcs(arg, fail);
  };
  const c = command.command;
  switch (c.oneofKind) {
    case 'moveCall': {
      const call = c.moveCall;
      if (!call.package || !call.module || !call.function) throw fail('missing package, module or function');
      return {
        MoveCall: {
          package: call.package,
          module: call.module,
          function: call.function,
          typeArguments: call.typeArguments,
          arguments: args(call.arguments),
        },
      };
    }
    case 'transferObjects':
      return {
        TransferObjects: {
          objects: args(c.transferObjects.objects),
          address: one(c.transferObjects.address, 'address'),
        },
      };
    case 'splitCoins':
      return { SplitCoins: { coin: one(c.splitCoins.coin, 'coin'), amounts: args(c.splitCoins.amounts) } };
    case 'mergeCoins':
      return {
        MergeCoins: { destination: one(c.mergeCoins.coin, 'coin'), sources: args(c.mergeCoins.coinsToMerge) },
      };
    case 'makeMoveVector':
      return {
        MakeMoveVec: {
          type: c.makeMoveVector.elementType ?? null,
          elements: args(c.makeMoveVector.elements),
        },
      };
    case 'publish':
      return { Publish: { modules: c.publish.modules, dependencies: c.publish.dependencies } };
    case 'upgrade':
      if (!c.upgrade.package) throw fail('missing package');
      return {
        Upgrade: {
          modules: c.upgrade.modules,
          dependencies: c.upgrade.dependencies,
          package: c.upgrade.package,
          ticket: one(c.upgrade.ticket, 'ticket'),
        },
      };
    default:
      throw fail('no command kind');
  }
}

function argumentToBcs(arg: GrpcTypes.Argument, fail: (what: string) => Error): BcsArgument {
  switch (arg.kind) {
    case ArgumentKind.GAS:
      return { GasCoin: true };
    case ArgumentKind.INPUT:
      if (arg.input === undefined) throw fail('input argument without an index');
      return { Input: arg.input };
    case ArgumentKind.RESULT:
      if (arg.result === undefined) throw fail('result argument without an index');
      return arg.subresult === undefined
        ? { Result: arg.result }
        : { NestedResult: [arg.result, arg.subresult] };
    default:
      throw fail('argument of unknown kind');
  }
}

export function expirationToBcs(expiration: GrpcTypes.TransactionExpiration | undefined): BcsExpiration {
  if (!expiration || expiration.kind === ExpirationKind.NONE) return { None: true };
  const fail = (what: string) => invalidArgument(`invalid expiration: ${what}`);
  switch (expiration.kind) {
    case ExpirationKind.EPOCH:
      if (expiration.epoch === undefined) throw fail('missing epoch');
      return { Epoch: Number(expiration.epoch) };
    case ExpirationKind.VALID_DURING:
    case ExpirationKind.VALIDITY: {
      if (!expiration.chain) throw fail('missing chain');
      const window = {
        minEpoch: expiration.minEpoch ?? null,
        maxEpoch: expiration.epoch ?? null,
        minTimestamp: milliseconds(expiration.minTimestamp),
        maxTimestamp: milliseconds(expiration.maxTimestamp),
        chain: expiration.chain,
        nonce: expiration.nonce ?? 0,
      };
      if (expiration.kind === ExpirationKind.VALID_DURING) return { ValidDuring: window };
      const proposers = expiration.allowedProposers;
      return {
        Validity: {
          ...window,
          allowedProposers: proposers
            ? { epoch: proposers.epoch ?? 0n, proposers: proposers.proposers }
            : null,
        },
      };
    }
    default:
      throw fail('unknown kind');
  }
}

function milliseconds(timestamp: { seconds: bigint; nanos: number } | undefined): bigint | null {
  return timestamp ? timestamp.seconds * 1000n + BigInt(Math.floor(timestamp.nanos / 1_000_000)) : null;
}
