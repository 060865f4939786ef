// Sui's size limits on a transaction, checked before anything runs, with the values of Sui's
// current protocol config (MystenLabs/sui crates/sui-protocol-config, mainnet snapshot v140) and
// the comparisons of crates/sui-types/src/transaction.rs `validity_check`: note that several are
// strict (`<`), so e.g. a PTB may have at most 1023 commands and a pure input at most 16 383 bytes.
// Pure functions: each returns Sui's `UserInputError` reason, or null when the limit holds.
import { normalizeSuiAddress } from '@mysten/sui/utils';
import { parseType, TypeParseError, type MoveType } from '../move/types.ts';
import type { UserInput } from './errors.ts';
import type { Argument, Command } from './ptb-types.ts';

export interface TransactionLimits {
  /** `max_tx_size_bytes`: the signed transaction (intent, data, signatures) may have at most this many bytes. */
  readonly maxTxSizeBytes: number;
  /** `max_programmable_tx_commands`: commands must be fewer than this. */
  readonly maxCommands: number;
  /** `max_pure_argument_size`: a pure input's bytes must be fewer than this. */
  readonly maxPureArgumentSize: number;
  /** `max_input_objects`: object inputs plus the packages commands call may be at most this many. */
  readonly maxInputObjects: number;
  /** `max_gas_payment_objects`: gas coins may be at most this many. */
  readonly maxGasPaymentObjects: number;
  /** `max_arguments`: a command's argument list must be shorter than this. */
  readonly maxArguments: number;
  /** `max_type_arguments`: the type nodes of one call's type arguments must be fewer than this. */
  readonly maxTypeArguments: number;
  /** `max_type_argument_depth`: type arguments must nest less deeply than this. */
  readonly maxTypeArgumentDepth: number;
}

export const SUI_TRANSACTION_LIMITS = {
  maxTxSizeBytes: 128 * 1024,
  maxCommands: 1024,
  maxPureArgumentSize: 16 * 1024,
  maxInputObjects: 2048,
  maxGasPaymentObjects: 256,
  maxArguments: 512,
  maxTypeArguments: 16,
  maxTypeArgumentDepth: 16,
} as const satisfies TransactionLimits;

/** A PTB input as the limits see it. */
export type LimitInput =
  | { readonly kind: 'pure'; readonly size: number }
  | { readonly kind: 'object'; readonly id: string; readonly receiving: boolean };

const sizeLimit = (limit: string, value: number): UserInput => ({
  $kind: 'SizeLimitExceeded',
  limit,
  value: String(value),
});

/**
 * Bytes of the `SenderSignedData` Sui measures: a one-element vector of the intent message (3
 * intent bytes, then the transaction data) and the signatures as a vector of byte vectors.
 */
export function signedTransactionSize(txBytes: number, signatureSizes: readonly number[]): number {
  const signatures = signatureSizes.reduce(
    (sum, n) => sum + ulebSize(n) + n,
    ulebSize(signatureSizes.length),
  );
  return ulebSize(1) + 3 + txBytes + signatures;
}

export function checkTransactionSize(
  size: number,
  limits: TransactionLimits = SUI_TRANSACTION_LIMITS,
): UserInput | null {
  if (size <= limits.maxTxSizeBytes) return null;
  return {
    $kind: 'SizeLimitExceeded',
    limit: `serialized transaction size exceeded maximum of ${limits.maxTxSizeBytes}`,
    value: String(size),
  };
}

export function checkGasPayment(
  coins: number,
  limits: TransactionLimits = SUI_TRANSACTION_LIMITS,
): UserInput | null {
  return coins <= limits.maxGasPaymentObjects
    ? null
    : sizeLimit('maximum number of gas payment objects', limits.maxGasPaymentObjects);
}

/** A programmable transaction's own limits, in the order Sui checks them (also run for dry runs). */
export function checkProgrammableTransaction(
  ptb: { readonly inputs: readonly LimitInput[]; readonly commands: readonly Command[] },
  limits: TransactionLimits = SUI_TRANSACTION_LIMITS,
): UserInput | null {
  if (ptb.commands.length >= limits.maxCommands) {
    return sizeLimit('maximum commands in a programmable transaction', limits.maxCommands);
  }
  const seen = new Set<string>();
  let receiving = 0;
  for (const input of ptb.inputs) {
    if (input.kind !== 'object') continue;
    if (input.receiving) {
      receiving++;
      continue;
    }
    const id = normalizeSuiAddress(input.id);
    if (seen.has(id)) return { $kind: 'DuplicateObjectRefInput' };
    seen.add(id);
  }
  if (seen.size + calledPackages(ptb.commands).size + receiving > limits.maxInputObjects) {
    return sizeLimit('maximum input + receiving objects in a transaction', limits.maxInputObjects);
  }
  for (const input of ptb.inputs) {
    if (input.kind === 'pure' && input.size >= limits.maxPureArgumentSize) {
      return sizeLimit('maximum pure argument size', limits.maxPureArgumentSize);
    }
  }
  for (const command of ptb.commands) {
    const violation = checkCommand(command, limits);
    if (violation) return violation;
  }
  return null;
}

function checkCommand(command: Command, limits: TransactionLimits): UserInput | null {
  const tooMany = (args: readonly Argument[]) =>
    args.length >= limits.maxArguments
      ? sizeLimit('maximum arguments in a programmable transaction command', limits.maxArguments)
      : null;
  switch (command.$kind) {
    case 'MoveCall': {
      const call = (command as Extract<Command, { $kind: 'MoveCall' }>).MoveCall;
      const nodes = { count: 0 };
      for (const type of call.typeArguments) {
        const violation = checkTypeArgument(type, nodes, limits);
        if (violation) return violation;
      }
      return call.arguments.length >= limits.maxArguments
        ? sizeLimit('maximum arguments in a move call', limits.maxArguments)
        : null;
    }
    case 'TransferObjects':
    case 'SplitCoins':
    case 'MergeCoins': {
      const args = argumentList(command);
      return args.length === 0 ? { $kind: 'EmptyCommandInput' } : tooMany(args);
    }
    case 'MakeMoveVec': {
      const { type, elements } = (command as Extract<Command, { $kind: 'MakeMoveVec' }>).MakeMoveVec;
      if (type === null && elements.length === 0) return { $kind: 'EmptyCommandInput' };
      if (type !== null) {
        const violation = checkTypeArgument(type, { count: 0 }, limits);
        if (violation) return violation;
      }
      return tooMany(elements);
    }
    default:
      return null;
  }
}

/** The list Sui bounds for each non-call command: the objects moved, amounts split, coins merged. */
function argumentList(command: Command): readonly Argument[] {
  switch (command.$kind) {
    case 'TransferObjects':
      return (command as Extract<Command, { $kind: 'TransferObjects' }>).TransferObjects.objects;
    case 'SplitCoins':
      return (command as Extract<Command, { $kind: 'SplitCoins' }>).SplitCoins.amounts;
    default:
      return (command as Extract<Command, { $kind: 'MergeCoins' }>).MergeCoins.sources;
  }
}

/**
 * Walks a type argument as Sui does (depth-first, the root at depth 1), counting every node into
 * `nodes`, which one call's type arguments share.
 */
function checkTypeArgument(
  text: string,
  nodes: { count: number },
  limits: TransactionLimits,
): UserInput | null {
  const root = parseTypeArgument(text);
  if (!root) return null; // not a type at all: execution reports it
  const stack: [MoveType, number][] = [[root, 1]];
  for (let entry = stack.pop(); entry; entry = stack.pop()) {
    const [type, depth] = entry;
    nodes.count++;
    if (nodes.count >= limits.maxTypeArguments) {
      return sizeLimit('maximum type arguments in a call transaction', limits.maxTypeArguments);
    }
    if (depth >= limits.maxTypeArgumentDepth) {
      return sizeLimit('maximum type argument depth in a call transaction', limits.maxTypeArgumentDepth);
    }
    if (type.kind === 'vector') stack.push([type.of, depth + 1]);
    if (type.kind === 'struct') for (const arg of type.typeArgs) stack.push([arg, depth + 1]);
  }
  return null;
}

/** Packages the commands load: each call's package and every struct's package in type arguments. */
function calledPackages(commands: readonly Command[]): Set<string> {
  const packages = new Set<string>();
  const addTypes = (type: MoveType) => {
    if (type.kind === 'vector') addTypes(type.of);
    if (type.kind !== 'struct') return;
    packages.add(type.address);
    type.typeArgs.forEach(addTypes);
  };
  for (const command of commands) {
    if (command.$kind === 'MoveCall') {
      const call = (command as Extract<Command, { $kind: 'MoveCall' }>).MoveCall;
      packages.add(normalizeSuiAddress(call.package));
      for (const text of call.typeArguments) {
        const type = parseTypeArgument(text);
        if (type) addTypes(type);
      }
    } else if (command.$kind === 'MakeMoveVec') {
      const text = (command as Extract<Command, { $kind: 'MakeMoveVec' }>).MakeMoveVec.type;
      const type = text === null ? null : parseTypeArgument(text);
      if (type) addTypes(type);
    }
  }
  return packages;
}

/** A type argument as the SDK writes it (full addresses), or null if it is not a type. */
export function parseTypeArgument(text: string): MoveType | null {
  try {
    return parseType(text);
  } catch (error) {
    if (error instanceof TypeParseError) return null;
    throw error;
  }
}

function ulebSize(n: number): number {
  let size = 1;
  while (n >= 0x80) {
    n = Math.floor(n / 0x80);
    size++;
  }
  return size;
}
