// Turns the `Transaction` of a SimulateTransaction request into complete TransactionData, as a
// full node's resolver does (MystenLabs/sui crates/sui-rpc-api/.../simulate/resolve/mod.rs). A
// request with `bcs` is taken as it is. Otherwise the SDK's gRPC resolver sends what the user
// built: object inputs by ID only, and a gas payment with no coins, price or budget. Inputs are
// resolved against the store; an absent price is the reference gas price; an absent budget is the
// balance of the given gas coins, or the maximum when none are given (simulate.ts then estimates
// it). Lookups fail as on a full node: NOT_FOUND for a missing object, INVALID_ARGUMENT otherwise.
import { bcs } from '@mysten/sui/bcs';
import type { GrpcTypes } from '@mysten/sui/grpc';
import { isValidSuiAddress, normalizeSuiAddress } from '@mysten/sui/utils';
import { MAX_GAS_BUDGET } from '../exec/gas.ts';
import { asCoin, SUI_COIN } from '../rpc/coins.ts';
import { commandToBcs, expirationToBcs, type BcsCommand, type BcsExpiration } from './proto-to-bcs.ts';
import {
  loadObject,
  ownedRef,
  resolveInputs,
  type BcsCallArg,
  type InputResolver,
  type ObjectRef,
} from './resolve-inputs.ts';
import { invalidArgument, notFound } from './status.ts';

export interface GasData {
  readonly payment: readonly ObjectRef[];
  readonly owner: string;
  readonly price: bigint;
  readonly budget: bigint;
}

export interface ResolvedTransaction {
  readonly sender: string;
  readonly inputs: readonly BcsCallArg[];
  readonly commands: readonly BcsCommand[];
  readonly gasData: GasData;
  readonly expiration: BcsExpiration;
  /** The request gave BCS: nothing was resolved and nothing is estimated. */
  readonly fromBcs: boolean;
  /** The request gave a gas budget (BCS always does). */
  readonly budgetGiven: boolean;
}

export function resolveTransaction(
  resolver: InputResolver,
  transaction: GrpcTypes.Transaction,
  referenceGasPrice: bigint,
): ResolvedTransaction {
  if (transaction.bcs?.value) return fromBcs(transaction.bcs.value);
  const sender = address(transaction.sender, 'sender');
  const kind = transaction.kind?.data;
  if (kind?.oneofKind !== 'programmableTransaction')
    throw invalidArgument('missing transaction.kind.programmable_transaction');
  const ptb = kind.programmableTransaction;
  const commands = ptb.commands.map(commandToBcs);
  for (const command of ptb.commands)
    if (command.command.oneofKind === 'moveCall') checkPackage(resolver, command.command.moveCall.package!);
  const inputs = resolveInputs(resolver, ptb.inputs, ptb.commands);
  return {
    sender,
    inputs,
    commands,
    gasData: resolveGas(resolver, transaction.gasPayment, sender, referenceGasPrice),
    expiration: expirationToBcs(transaction.expiration),
    fromBcs: false,
    budgetGiven: transaction.gasPayment?.budget !== undefined,
  };
}

/** BCS `TransactionData` of a resolved transaction. */
export function transactionBytes(tx: ResolvedTransaction): Uint8Array {
  return bcs.TransactionData.serialize({
    V1: {
      kind: { ProgrammableTransaction: { inputs: [...tx.inputs], commands: [...tx.commands] } },
      sender: tx.sender,
      gasData: { ...tx.gasData, payment: [...tx.gasData.payment] },
      expiration: tx.expiration,
    },
  }).toBytes();
}

/** BCS `TransactionKind` of a resolved transaction (what devInspect runs). */
export function transactionKindBytes(tx: ResolvedTransaction): Uint8Array {
  return bcs.TransactionKind.serialize({
    ProgrammableTransaction: { inputs: [...tx.inputs], commands: [...tx.commands] },
  }).toBytes();
}

function fromBcs(bytes: Uint8Array): ResolvedTransaction {
  let data;
  try {
    data = bcs.TransactionData.parse(bytes);
  } catch (error) {
    throw invalidArgument(`invalid transaction: ${(error as Error).message}`);
  }
  const ptb = data.V1?.kind.ProgrammableTransaction;
  if (!data.V1 || !ptb)
    throw invalidArgument('invalid transaction: only programmable transactions are supported');
  const { gasData } = data.V1;
  return {
    sender: data.V1.sender,
    inputs: ptb.inputs,
    commands: ptb.commands,
    gasData: {
      payment: gasData.payment.map((p) => ({
        objectId: p.objectId,
        version: BigInt(p.version),
        digest: p.digest,
      })),
      owner: gasData.owner,
      price: BigInt(gasData.price),
      budget: BigInt(gasData.budget),
    },
    expiration: data.V1.expiration,
    fromBcs: true,
    budgetGiven: true,
  };
}

function resolveGas(
  resolver: InputResolver,
  payment: GrpcTypes.GasPayment | undefined,
  sender: string,
  referenceGasPrice: bigint,
): GasData {
  const coins = (payment?.objects ?? []).map((ref) => {
    const object = loadObject(resolver.store, ref.objectId ?? '');
    const coin = object.type === SUI_COIN ? asCoin(object) : undefined;
    if (!coin) throw invalidArgument(`object ${object.id} is not a valid gas coin`);
    return { ref: ownedRef(object, ref), value: coin.balance };
  });
  const balance = coins.reduce((sum, c) => sum + c.value, 0n);
  const ceiling = coins.length === 0 || balance > MAX_GAS_BUDGET ? MAX_GAS_BUDGET : balance;
  return {
    payment: coins.map((c) => c.ref),
    owner: payment?.owner !== undefined ? address(payment.owner, 'owner') : sender,
    price: payment?.price ?? referenceGasPrice,
    budget: payment?.budget ?? ceiling,
  };
}

/** Every called package must exist, as on a full node, before its functions are consulted. */
function checkPackage(resolver: InputResolver, packageId: string): void {
  if (resolver.registry.modulesOf(packageId).length > 0) return;
  const id = normalizeSuiAddress(packageId);
  if (resolver.store.getObject(id)) throw invalidArgument(`object ${id} is not a package`);
  throw notFound(`Object ${id} not found`);
}

function address(value: string | undefined, field: string): string {
  // normalizeSuiAddress('') is the zero address, so an empty field is checked first.
  if (!value || !isValidSuiAddress(normalizeSuiAddress(value)))
    throw invalidArgument(`invalid ${field}: ${value ? value : 'missing'}`);
  return normalizeSuiAddress(value);
}
