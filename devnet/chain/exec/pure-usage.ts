// Sui types a PTB's pure inputs before running any command (MystenLabs/sui sui-adapter, static
// PTB typing `typing/translate.rs` then `typing/verify/input_arguments.rs`). A pure input is bytes
// that each use deserializes at the type it needs: it may serve several types, as long as its
// bytes are valid BCS for every one, until a `&mut` borrow fixes it to that type. A bad use fails
// the transaction with effects (gas charged), as a CommandArgumentError of the command that first
// used the input at that type. This pass reports those failures up front, as Sui does; the
// interpreter still decodes each use when it runs.
import { FRAMEWORK } from '../natives/framework.ts';
import { sameType, typeToString, type MoveType, type ParamType } from '../move/types.ts';
import { parseTypeArgument } from './limits.ts';
import type { Argument, Command } from './ptb-types.ts';
import { isValidPure, pureLayout } from './pure-layout.ts';

export type PureArgumentErrorKind =
  | 'TypeMismatch'
  | 'InvalidBCSBytes'
  | 'InvalidUsageOfPureArg'
  | 'InvalidTransferObject'
  | 'InvalidMakeMoveVecNonObjectArgument';

export interface PureArgumentFailure {
  readonly command: number;
  /** Index of the argument within the command, as Sui's CommandArgumentError reports it. */
  readonly argIdx: number;
  readonly kind: PureArgumentErrorKind;
  readonly message: string;
}

/** A Move call's parameter types (type arguments substituted, TxContext dropped), or null if it cannot be typed. */
export type CallParameters = (
  call: Extract<Command, { $kind: 'MoveCall' }>['MoveCall'],
) => readonly ParamType[] | null;

/** What a command argument position needs. */
type Expect =
  | { readonly param: ParamType }
  /** A position that needs a value of a known type (an object): pure bytes there are an error. */
  | { readonly object: PureArgumentErrorKind };

/** Stands for an object type the pass does not resolve (a coin or the first element's type). */
const SOME_OBJECT: MoveType = {
  kind: 'struct',
  address: FRAMEWORK,
  module: 'object',
  name: 'UID',
  typeArgs: [],
};
const byValue = (type: MoveType): Expect => ({ param: { ref: 'none', type } });

interface PureState {
  /** Set by a `&mut` borrow: every later use must be at this type. */
  fixed: MoveType | null;
  /** Each type the input is used at, with its first use. */
  readonly uses: Map<string, { readonly command: number; readonly argIdx: number; readonly type: MoveType }>;
}

/**
 * The first failure among the pure inputs' uses, or null. `pure[i]` holds input i's bytes, null
 * for an object input. Typing errors come first, in command order, then invalid bytes, in input
 * order. A command the pass cannot type (unknown function, wrong arity) ends it without a verdict:
 * the interpreter reports that command's error when it gets there.
 */
export function checkPureUsage(
  pure: readonly (Uint8Array | null)[],
  commands: readonly Command[],
  parameters: CallParameters,
): PureArgumentFailure | null {
  const states = new Map<number, PureState>();
  for (const [command, cmd] of commands.entries()) {
    const positions = expectations(cmd, parameters);
    if (!positions) return null;
    for (const [argIdx, [arg, expect]] of positions.entries()) {
      if (arg.$kind !== 'Input' || !pure[arg.Input]) continue;
      if ('object' in expect) {
        return { command, argIdx, kind: expect.object, message: 'a pure input cannot stand for an object' };
      }
      let state = states.get(arg.Input);
      if (!state) states.set(arg.Input, (state = { fixed: null, uses: new Map() }));
      const { type, ref } = expect.param;
      if (state.fixed) {
        if (sameType(state.fixed, type)) continue;
        const message = `input ${arg.Input} was borrowed mutably as ${typeToString(state.fixed)}, then used as ${typeToString(type)}`;
        return { command, argIdx, kind: 'TypeMismatch', message };
      }
      const key = typeToString(type);
      if (!state.uses.has(key)) state.uses.set(key, { command, argIdx, type });
      if (ref === 'mutable') state.fixed = type;
    }
  }
  for (const [input, state] of [...states].sort(([a], [b]) => a - b)) {
    for (const { command, argIdx, type } of state.uses.values()) {
      const layout = pureLayout(type);
      if (!layout) {
        const message = `Invalid usage of \`Pure\` argument for a non-primitive argument type at index ${argIdx}.`;
        return { command, argIdx, kind: 'InvalidUsageOfPureArg', message };
      }
      if (!isValidPure(pure[input]!, layout)) {
        const message = `input ${input} is not a valid ${typeToString(type)}`;
        return { command, argIdx, kind: 'InvalidBCSBytes', message };
      }
    }
  }
  return null;
}

/** Each argument of a command with what its position needs, or null if the command cannot be typed here. */
function expectations(command: Command, parameters: CallParameters): [Argument, Expect][] | null {
  switch (command.$kind) {
    case 'MoveCall': {
      const call = (command as Extract<Command, { $kind: 'MoveCall' }>).MoveCall;
      const params = parameters(call);
      if (!params || params.length !== call.arguments.length) return null;
      return call.arguments.map((arg, i) => [arg, { param: params[i]! }]);
    }
    case 'TransferObjects': {
      const { objects, address } = (command as Extract<Command, { $kind: 'TransferObjects' }>)
        .TransferObjects;
      return [
        ...objects.map((arg): [Argument, Expect] => [arg, { object: 'InvalidTransferObject' }]),
        [address, byValue({ kind: 'primitive', name: 'address' })],
      ];
    }
    case 'SplitCoins': {
      const { coin, amounts } = (command as Extract<Command, { $kind: 'SplitCoins' }>).SplitCoins;
      return [
        [coin, { object: 'TypeMismatch' }],
        ...amounts.map((arg): [Argument, Expect] => [arg, byValue({ kind: 'primitive', name: 'u64' })]),
      ];
    }
    case 'MergeCoins': {
      const { destination, sources } = (command as Extract<Command, { $kind: 'MergeCoins' }>).MergeCoins;
      return [
        [destination, { object: 'TypeMismatch' }],
        ...sources.map((arg): [Argument, Expect] => [arg, byValue(SOME_OBJECT)]),
      ];
    }
    case 'MakeMoveVec': {
      const { type, elements } = (command as Extract<Command, { $kind: 'MakeMoveVec' }>).MakeMoveVec;
      if (type !== null) {
        const elementType = parseTypeArgument(type);
        return elementType ? elements.map((arg) => [arg, byValue(elementType)]) : null;
      }
      return elements.map((arg, i) => [
        arg,
        i === 0 ? { object: 'InvalidMakeMoveVecNonObjectArgument' } : byValue(SOME_OBJECT),
      ]);
    }
    default:
      return null;
  }
}
