// Programmable transaction interpreter: types the pure inputs' uses up front (pure-usage.ts),
// resolves arguments (inputs, results, the gas coin), type-checks them against the native
// function signatures, runs the commands in order and enforces Move's linearity rules (objects
// move, values without `drop` must be consumed).
import { ExecutionFailure } from '../move/abort.ts';
import type { ModuleRegistry } from '../move/registry.ts';
import { parseType, substitute, typeToString, type MoveType, type ParamType } from '../move/types.ts';
import { coinType, FRAMEWORK, splitCoin, type CoinValue } from '../natives/framework.ts';
import type { NativeContext, ObjectValue } from './native-context.ts';
import type { LiveObject, Overlay } from './overlay.ts';
import { isValidPure, pureLayout } from './pure-layout.ts';
import type { Argument, Command } from './ptb-types.ts';
import { checkPureUsage } from './pure-usage.ts';

// The command shapes live in their own module, which the pure-input checks share without a loop.
export type { Argument, Command } from './ptb-types.ts';

export type InputSlot =
  | { readonly kind: 'pure'; readonly bytes: Uint8Array }
  | {
      readonly kind: 'object';
      readonly live: LiveObject;
      readonly mutable: boolean;
      readonly shared: boolean;
    };

interface Value {
  readonly type: MoveType;
  value: unknown;
  /** Set once moved out of its slot. */
  taken?: boolean;
}

/** Which argument of which command failed, for Sui's CommandArgumentError. */
class ArgumentError extends ExecutionFailure {
  constructor(argIdx: number, kind: string, message: string, kindData: unknown = true) {
    super('CommandArgumentError', message, { argIdx, kind: { [kind]: kindData } });
  }
}

export class PtbInterpreter {
  readonly #registry: ModuleRegistry;
  readonly #overlay: Overlay;
  readonly #inputs: readonly InputSlot[];
  readonly #gas: LiveObject;
  readonly #results: Value[][] = [];
  readonly #context: (moduleAliases: NativeContext['type']) => NativeContext;
  readonly #arbitraryPure: boolean;
  /** Pure inputs a `&mut` borrow fixed to one type, holding their (possibly changed) value. */
  readonly #fixedPure = new Map<number, Value>();
  /** Index of the command running, reported with failures. */
  command = 0;

  constructor(args: {
    registry: ModuleRegistry;
    overlay: Overlay;
    inputs: readonly InputSlot[];
    gas: LiveObject;
    context: (typeParser: NativeContext['type']) => NativeContext;
    /**
     * Skip Sui's checks of pure inputs (allowed types, valid bytes), as dev inspect does by default.
     * @default false
     */
    arbitraryPure?: boolean;
  }) {
    this.#registry = args.registry;
    this.#overlay = args.overlay;
    this.#inputs = args.inputs;
    this.#gas = args.gas;
    this.#context = args.context;
    this.#arbitraryPure = args.arbitraryPure ?? false;
  }

  /** Each command's results as (BCS bytes, type text), for devInspect. */
  serializedResults(): { bytes: Uint8Array; type: string }[][] {
    return this.#results.map((values) =>
      values.map((v) => ({
        bytes: this.#registry
          .schema(v.type)
          .serialize(v.value as never)
          .toBytes(),
        type: typeToString(v.type),
      })),
    );
  }

  run(commands: readonly Command[]): void {
    if (!this.#arbitraryPure) {
      const pure = this.#inputs.map((slot) => (slot.kind === 'pure' ? slot.bytes : null));
      const failure = checkPureUsage(pure, commands, (call) => this.#callParameters(call));
      if (failure) {
        this.command = failure.command;
        throw new ArgumentError(failure.argIdx, failure.kind, failure.message);
      }
    }
    commands.forEach((command, index) => {
      this.command = index;
      this.#results.push(this.#execute(command));
    });
    this.#checkUnused();
  }

  #execute(command: Command): Value[] {
    switch (command.$kind) {
      case 'MoveCall':
        return this.#moveCall((command as Extract<Command, { $kind: 'MoveCall' }>).MoveCall);
      case 'TransferObjects': {
        const { objects, address } = (command as Extract<Command, { $kind: 'TransferObjects' }>)
          .TransferObjects;
        const recipient = this.#pure(
          address,
          { kind: 'primitive', name: 'address' },
          objects.length,
        ) as string;
        objects.forEach((arg, i) => {
          const { type, value } = this.#take(arg, i);
          if (
            !this.#registry.abilities(type).includes('store') ||
            !this.#registry.abilities(type).includes('key')
          ) {
            throw new ArgumentError(
              i,
              'InvalidTransferObject',
              `${typeToString(type)} cannot be transferred publicly`,
            );
          }
          this.#overlay.setOwner(type, value as ObjectValue, { AddressOwner: recipient });
        });
        return [];
      }
      case 'SplitCoins': {
        const { coin, amounts } = (command as Extract<Command, { $kind: 'SplitCoins' }>).SplitCoins;
        const target = this.#borrow(coin, 0, true);
        const coinInner = coinInnerType(target.type, 0);
        return amounts.map((arg, i) => {
          const amount = this.#pure(arg, { kind: 'primitive', name: 'u64' }, i + 1) as bigint;
          const piece = splitCoin(this.#overlay.newId(), target.value as CoinValue, amount, 'split');
          const type = coinType(coinInner);
          this.#overlay.returned(type, piece);
          return { type, value: piece };
        });
      }
      case 'MergeCoins': {
        const { destination, sources } = (command as Extract<Command, { $kind: 'MergeCoins' }>).MergeCoins;
        const target = this.#borrow(destination, 0, true);
        const inner = coinInnerType(target.type, 0);
        sources.forEach((arg, i) => {
          if (arg.$kind === 'GasCoin')
            throw new ArgumentError(i + 1, 'InvalidGasCoinUsage', 'the gas coin cannot be merged away');
          const source = this.#take(arg, i + 1);
          if (typeToString(source.type) !== typeToString(coinType(inner))) {
            throw new ArgumentError(
              i + 1,
              'TypeMismatch',
              `cannot merge ${typeToString(source.type)} into ${typeToString(target.type)}`,
            );
          }
          const coin = source.value as CoinValue;
          (target.value as CoinValue).balance.value += coin.balance.value;
          this.#overlay.deleteId(coin.id);
        });
        return [];
      }
      case 'MakeMoveVec': {
        const { type, elements } = (command as Extract<Command, { $kind: 'MakeMoveVec' }>).MakeMoveVec;
        let elementType = type === null ? undefined : parseType(type);
        const values = elements.map((arg, i) => {
          if (elementType === undefined) {
            const first = this.#take(arg, i);
            elementType = first.type;
            return first.value;
          }
          return this.#valueOf(arg, elementType, i);
        });
        if (elementType === undefined) {
          throw new ExecutionFailure('CommandArgumentError', 'MakeMoveVec without elements needs a type', {
            argIdx: 0,
            kind: { TypeMismatch: true },
          });
        }
        return [{ type: { kind: 'vector', of: elementType }, value: values }];
      }
      default:
        throw new ExecutionFailure(
          'FeatureNotYetSupported',
          `command ${command.$kind} is not supported by the devnet`,
        );
    }
  }

  #moveCall(call: Extract<Command, { $kind: 'MoveCall' }>['MoveCall']): Value[] {
    let fn;
    try {
      fn = this.#registry.resolveFunction(call.package, call.module, call.function);
    } catch (error) {
      throw new ExecutionFailure('FunctionNotFound', (error as Error).message);
    }
    const typeArgs = call.typeArguments.map((t) => parseType(t));
    if (typeArgs.length !== (fn.def.typeParameters?.length ?? 0)) {
      throw new ExecutionFailure(
        'TypeArityMismatch',
        `${call.module}::${call.function} takes ${fn.def.typeParameters?.length ?? 0} type arguments, got ${typeArgs.length}`,
      );
    }
    const params = fn.takesContext ? fn.parameters.slice(0, -1) : fn.parameters;
    if (params.length !== call.arguments.length) {
      throw new ExecutionFailure(
        'ArityMismatch',
        `${call.module}::${call.function} takes ${params.length} arguments, got ${call.arguments.length}`,
      );
    }
    const args = params.map((param, i) =>
      this.#argument(call.arguments[i]!, substituteParam(param, typeArgs), i),
    );
    const previous = this.#overlay.currentModule;
    this.#overlay.currentModule = { packageId: fn.module.address, module: fn.module.name };
    let returned: unknown[];
    try {
      returned = fn.def.run(
        this.#context((text) => this.#registry.parse(fn.module, text)),
        args,
        typeArgs,
      );
    } finally {
      this.#overlay.currentModule = previous;
    }
    return fn.returns.map((declared, i) => {
      const type = substitute(declared.type, typeArgs);
      const value = returned[i];
      if (this.#registry.abilities(type).includes('key')) this.#overlay.returned(type, value as ObjectValue);
      return { type, value };
    });
  }

  /** A call's parameters for typing, or null when the call itself is wrong (reported when it runs). */
  #callParameters(call: Extract<Command, { $kind: 'MoveCall' }>['MoveCall']): ParamType[] | null {
    try {
      const fn = this.#registry.resolveFunction(call.package, call.module, call.function);
      const typeArgs = call.typeArguments.map((t) => parseType(t));
      if (typeArgs.length !== (fn.def.typeParameters?.length ?? 0)) return null;
      const params = fn.takesContext ? fn.parameters.slice(0, -1) : fn.parameters;
      return params.map((param) => substituteParam(param, typeArgs));
    } catch {
      return null;
    }
  }

  #argument(arg: Argument, param: ParamType, index: number): unknown {
    if (param.ref === 'none') return this.#valueOf(arg, param.type, index);
    return this.#borrowTyped(arg, param.type, index, param.ref === 'mutable').value;
  }

  /** A by-value argument of the expected type: pure bytes decoded, objects and results moved. */
  #valueOf(arg: Argument, type: MoveType, index: number): unknown {
    if (arg.$kind === 'Input') {
      const slot = this.#input(arg.Input, index);
      if (slot.kind === 'pure') {
        const fixed = this.#fixedPureAt(arg.Input, type, index);
        // A by-value use copies: later changes through a `&mut` borrow must not reach it.
        return fixed
          ? this.#decodePure(this.#encode(fixed), type, index)
          : this.#decodePure(slot.bytes, type, index);
      }
    }
    const taken = this.#take(arg, index);
    if (typeToString(taken.type) !== typeToString(type)) {
      throw new ArgumentError(
        index,
        'TypeMismatch',
        `expected ${typeToString(type)}, got ${typeToString(taken.type)}`,
      );
    }
    return taken.value;
  }

  #borrowTyped(arg: Argument, type: MoveType, index: number, mutable: boolean): Value {
    if (arg.$kind === 'Input') {
      const slot = this.#input(arg.Input, index);
      if (slot.kind === 'pure') {
        const fixed = this.#fixedPureAt(arg.Input, type, index);
        if (fixed) return fixed;
        const value: Value = { type, value: this.#decodePure(slot.bytes, type, index) };
        // From a `&mut` borrow on, the input is that value, at that type.
        if (mutable) this.#fixedPure.set(arg.Input, value);
        return value;
      }
    }
    const value = this.#borrow(arg, index, mutable);
    if (typeToString(value.type) !== typeToString(type)) {
      throw new ArgumentError(
        index,
        'TypeMismatch',
        `expected ${typeToString(type)}, got ${typeToString(value.type)}`,
      );
    }
    return value;
  }

  /** A reference to an argument's value (objects stay in their slot). */
  #borrow(arg: Argument, index: number, mutable: boolean): Value {
    if (arg.$kind === 'GasCoin') {
      this.#gas.touched = true;
      return { type: this.#gas.type, value: this.#gas.value };
    }
    if (arg.$kind === 'Input') {
      const slot = this.#input(arg.Input, index);
      if (slot.kind === 'pure')
        throw new ArgumentError(index, 'TypeMismatch', 'expected an object, got a pure value');
      if (slot.live.state !== 'live')
        throw new ArgumentError(index, 'InvalidValueUsage', `object ${slot.live.id} was already moved`);
      if (mutable && !slot.mutable) {
        throw new ArgumentError(
          index,
          'InvalidObjectByMutRef',
          `object ${slot.live.id} is not mutable in this transaction`,
        );
      }
      if (mutable) slot.live.touched = true;
      return { type: slot.live.type, value: slot.live.value };
    }
    const result = this.#result(arg, index);
    if (result.taken) throw new ArgumentError(index, 'InvalidValueUsage', 'result was already moved');
    return result;
  }

  /** Moves a value out of its slot. */
  #take(arg: Argument, index: number): { type: MoveType; value: unknown } {
    if (arg.$kind === 'GasCoin') {
      // Only TransferObjects may move the gas coin, as in Sui.
      this.#gas.touched = true;
      return { type: this.#gas.type, value: this.#gas.value };
    }
    if (arg.$kind === 'Input') {
      const slot = this.#input(arg.Input, index);
      if (slot.kind === 'pure')
        throw new ArgumentError(index, 'TypeMismatch', 'expected an object, got a pure value');
      if (slot.live.state !== 'live')
        throw new ArgumentError(index, 'InvalidValueUsage', `object ${slot.live.id} was already moved`);
      if (slot.shared || slot.live.owner === 'Immutable') {
        throw new ArgumentError(
          index,
          'InvalidObjectByValue',
          `object ${slot.live.id} cannot be taken by value`,
        );
      }
      this.#overlay.moved(slot.live.id);
      return { type: slot.live.type, value: slot.live.value };
    }
    const result = this.#result(arg, index);
    if (result.taken) throw new ArgumentError(index, 'InvalidValueUsage', 'result was already moved');
    if (!this.#registry.abilities(result.type).includes('copy')) result.taken = true;
    const value = result.value as ObjectValue | undefined;
    if (this.#registry.abilities(result.type).includes('key') && value) this.#overlay.moved(value.id);
    return { type: result.type, value: result.value };
  }

  #result(arg: Argument, index: number): Value {
    const [command, nested] =
      arg.$kind === 'Result'
        ? [arg.Result, undefined]
        : (arg as { NestedResult: [number, number] }).NestedResult;
    const values = this.#results[command];
    if (!values)
      throw new ArgumentError(index, 'IndexOutOfBounds', `no result from command ${command}`, {
        idx: command,
      });
    if (nested === undefined && values.length !== 1) {
      throw new ArgumentError(
        index,
        'InvalidResultArity',
        `command ${command} returned ${values.length} values`,
        {
          resultIdx: command,
        },
      );
    }
    const value = values[nested ?? 0];
    if (!value) {
      throw new ArgumentError(
        index,
        'SecondaryIndexOutOfBounds',
        `command ${command} has no result ${nested}`,
        {
          resultIdx: command,
          secondaryIdx: nested ?? 0,
        },
      );
    }
    return value;
  }

  #input(index: number, argIdx: number): InputSlot {
    const slot = this.#inputs[index];
    if (!slot) throw new ArgumentError(argIdx, 'IndexOutOfBounds', `no input ${index}`, { idx: index });
    return slot;
  }

  #pure(arg: Argument, type: MoveType, index: number): unknown {
    return this.#valueOf(arg, type, index);
  }

  /** The value a `&mut` borrow fixed input `input` to, if any; using it at another type is an error. */
  #fixedPureAt(input: number, type: MoveType, index: number): Value | undefined {
    const fixed = this.#fixedPure.get(input);
    if (fixed && typeToString(fixed.type) !== typeToString(type)) {
      throw new ArgumentError(
        index,
        'TypeMismatch',
        `input ${input} is fixed to ${typeToString(fixed.type)}, not ${typeToString(type)}`,
      );
    }
    return fixed;
  }

  #encode(value: Value): Uint8Array {
    return this.#registry
      .schema(value.type)
      .serialize(value.value as never)
      .toBytes();
  }

  #decodePure(bytes: Uint8Array, type: MoveType, index: number): unknown {
    if (!this.#arbitraryPure) {
      const layout = pureLayout(type);
      if (!layout) {
        throw new ArgumentError(
          index,
          'InvalidUsageOfPureArg',
          `Invalid usage of \`Pure\` argument for a non-primitive argument type at index ${index}.`,
        );
      }
      if (!isValidPure(bytes, layout))
        throw new ArgumentError(index, 'InvalidBCSBytes', `input is not a valid ${typeToString(type)}`);
    }
    try {
      const schema = this.#registry.schema(type);
      const value = schema.parse(bytes);
      // Pure bytes must encode exactly one value of the type.
      if (schema.serialize(value as never).toBytes().length !== bytes.length)
        throw new Error('trailing bytes');
      return value;
    } catch (error) {
      throw new ArgumentError(
        index,
        'InvalidBCSBytes',
        `input is not a valid ${typeToString(type)}: ${(error as Error).message}`,
      );
    }
  }

  /** Values without `drop` left in result slots are an error, as in Sui. */
  #checkUnused(): void {
    this.#results.forEach((values, resultIdx) =>
      values.forEach((value, secondaryIdx) => {
        if (value.taken || this.#registry.abilities(value.type).includes('drop')) return;
        const object = value.value as ObjectValue | undefined;
        const live = object?.id ? this.#overlay.objects.get(object.id) : undefined;
        // A result whose object was transferred, shared or deleted through a reference is consumed.
        if (live && live.state !== 'live') return;
        throw new ExecutionFailure(
          'UnusedValueWithoutDrop',
          `result ${resultIdx}.${secondaryIdx} (${typeToString(value.type)}) was not used`,
          {
            resultIdx,
            secondaryIdx,
          },
        );
      }),
    );
  }
}

function substituteParam(param: ParamType, typeArgs: readonly MoveType[]): ParamType {
  return { ref: param.ref, type: substitute(param.type, typeArgs) };
}

function coinInnerType(type: MoveType, argIdx: number): MoveType {
  if (
    type.kind !== 'struct' ||
    type.address !== FRAMEWORK ||
    type.module !== 'coin' ||
    type.name !== 'Coin'
  ) {
    throw new ArgumentError(argIdx, 'TypeMismatch', `expected a coin, got ${typeToString(type)}`);
  }
  return type.typeArgs[0]!;
}
