// Executes signed programmable transactions against the store: validate (Sui's size limits,
// signatures, expiry, gas, object versions and ownership) → run the PTB in an overlay → charge
// gas → write every changed object at the transaction's Lamport version → commit durably. A
// failure inside execution reverts everything except the gas charge, as on Sui.
import { concatBytes } from '../bytes.ts';
import { fromBase64 } from '@mysten/bcs';
import { bcs } from '@mysten/sui/bcs';
import { normalizeSuiAddress } from '@mysten/sui/utils';
import { verifyTransactionSignature } from '@mysten/sui/verify';
import { ExecutionFailure, MoveAbort } from '../move/abort.ts';
import type { ModuleRegistry } from '../move/registry.ts';
import { parseType, typeToString } from '../move/types.ts';
import { FRAMEWORK, type CoinValue } from '../natives/framework.ts';
import type {
  BalanceChange,
  ChainObject,
  EventRecord,
  ExecutionStatus,
  ObjectChange,
  Owner,
  TransactionRecord,
} from '../state/records.ts';
import type { ChainStore } from '../state/store.ts';
import { effectsBcs } from './effects.ts';
import { TransactionRejectedError, UserInputError, type RejectionStage, type UserInput } from './errors.ts';
import { computationCost, MAX_GAS_BUDGET, minimumBudget, rebate, storageCost } from './gas.ts';
import { digestOf, objectDigest, transactionDigest } from './ids.ts';
import {
  checkGasPayment,
  checkProgrammableTransaction,
  checkTransactionSize,
  signedTransactionSize,
  type LimitInput,
} from './limits.ts';
import type { NativeContext } from './native-context.ts';
import { Overlay, ownerKey, type LiveObject } from './overlay.ts';
import { PtbInterpreter, type Command, type InputSlot } from './ptb.ts';

const SUI_COIN_TYPE = `${FRAMEWORK}::coin::Coin<${FRAMEWORK}::sui::SUI>`;
const VIRTUAL_GAS_ID = normalizeSuiAddress('0x0');

export interface ExecutorOptions {
  readonly store: ChainStore;
  readonly registry: ModuleRegistry;
  readonly now?: () => number;
}

export interface Outcome {
  readonly record: TransactionRecord;
  readonly written: ChainObject[];
  readonly deleted: string[];
  /** Per-command return values (BCS, type) when execution succeeded; for devInspect. */
  readonly results?: { bytes: Uint8Array; type: string }[][];
}

type Mode = 'execute' | 'dry-run' | 'dev-inspect';

interface ParsedTx {
  readonly sender: string;
  readonly gasOwner: string;
  readonly price: bigint;
  readonly budget: bigint;
  readonly payment: readonly { objectId: string; version: string; digest: string }[];
  readonly inputs: readonly {
    $kind: string;
    Pure?: { bytes: string };
    Object?: Record<string, unknown> & { $kind: string };
  }[];
  readonly commands: readonly Command[];
  readonly expiration: { $kind: string; Epoch?: string | number; ValidDuring?: Record<string, unknown> };
}

export class Executor {
  readonly #store: ChainStore;
  readonly #registry: ModuleRegistry;
  readonly #now: () => number;
  /** Serializes executions: one transaction at a time, like a single validator's ordering. */
  #queue: Promise<unknown> = Promise.resolve();

  constructor(options: ExecutorOptions) {
    this.#store = options.store;
    this.#registry = options.registry;
    this.#now = options.now ?? Date.now;
  }

  /** Validates, executes and commits; resolves once the transaction is durable. */
  execute(txBytes: Uint8Array, signatures: readonly string[]): Promise<TransactionRecord> {
    const run = this.#queue.then(async () => {
      const outcome = await this.#run(txBytes, signatures, 'execute');
      const checkpoint = this.#store.commit({
        transaction: outcome.record,
        written: outcome.written,
        deleted: outcome.deleted,
      });
      return { ...outcome.record, checkpoint: checkpoint.sequenceNumber };
    });
    this.#queue = run.catch(() => undefined);
    return run;
  }

  /** Executes without committing or checking signatures; gas payment may be empty. */
  async dryRun(txBytes: Uint8Array): Promise<TransactionRecord> {
    return (await this.#run(txBytes, [], 'dry-run')).record;
  }

  /**
   * Runs a transaction kind as `sender` without gas coins, signatures or ownership checks, and
   * returns every command's results; nothing is committed (`sui_devInspectTransactionBlock`).
   */
  async devInspect(sender: string, kindBytes: Uint8Array, gasPrice?: bigint): Promise<Outcome> {
    let kind;
    try {
      kind = bcs.TransactionKind.parse(kindBytes);
    } catch (error) {
      throw new TransactionRejectedError(`Malformed TransactionKind: ${(error as Error).message}`, -32602);
    }
    if (kind.$kind !== 'ProgrammableTransaction' || !kind.ProgrammableTransaction) {
      throw new TransactionRejectedError('Only programmable transactions can be inspected', -32602);
    }
    const address = normalizeSuiAddress(sender);
    const tx: ParsedTx = {
      sender: address,
      gasOwner: address,
      price: gasPrice ?? this.#store.epoch().referenceGasPrice,
      budget: MAX_GAS_BUDGET,
      payment: [],
      inputs: kind.ProgrammableTransaction.inputs as unknown as ParsedTx['inputs'],
      commands: kind.ProgrammableTransaction.commands as unknown as Command[],
      expiration: { $kind: 'None' },
    };
    const label = new Uint8Array([...new TextEncoder().encode(address), ...kindBytes]);
    return this.#run(kindBytes, [], 'dev-inspect', tx, digestOf('dev-inspect', label));
  }

  async #run(
    txBytes: Uint8Array,
    signatures: readonly string[],
    mode: Mode,
    parsed?: ParsedTx,
    knownDigest?: string,
  ): Promise<Outcome> {
    const tx = parsed ?? parseTransaction(txBytes);
    const digest = knownDigest ?? transactionDigest(txBytes);
    const stage = stageOf(mode);
    if (mode === 'execute') {
      if (this.#store.getTransaction(digest)) {
        throw new TransactionRejectedError(
          `Transaction ${digest} was already executed; a replay changes nothing`,
        );
      }
      // Validators measure the signed transaction before looking at anything else.
      const size = signedTransactionSize(
        txBytes.length,
        signatures.map((s) => decodedLength(s)),
      );
      rejectIf(checkTransactionSize(size), stage);
      await verifySignatures(txBytes, signatures, tx);
    }
    const epoch = this.#store.epoch();
    checkExpiration(tx, epoch.epoch, this.#store.genesisDigest());
    if (tx.price < epoch.referenceGasPrice) {
      throw new TransactionRejectedError(
        `Gas price ${tx.price} is under the reference gas price ${epoch.referenceGasPrice}`,
      );
    }
    if (tx.budget < minimumBudget(tx.price)) {
      throw new TransactionRejectedError(
        `Gas budget ${tx.budget} is lower than the minimum ${minimumBudget(tx.price)}`,
      );
    }
    if (tx.budget > MAX_GAS_BUDGET) {
      throw new TransactionRejectedError(
        `Gas budget ${tx.budget} is higher than the maximum ${MAX_GAS_BUDGET}`,
      );
    }
    // Dry run and dev inspect skip the gas checks (they may make up a gas coin) but not the PTB's.
    if (mode === 'execute') rejectIf(checkGasPayment(tx.payment.length), stage);
    rejectIf(checkProgrammableTransaction({ inputs: limitInputs(tx), commands: tx.commands }), stage);
    const gasObjects = this.#checkGas(tx, mode);
    const inputObjects = this.#checkInputs(tx, gasObjects, mode);
    const timestampMs = this.#now();

    const attempt = () => this.#prepare(tx, digest, gasObjects, inputObjects, epoch.epoch, timestampMs, mode);
    let state = attempt();
    let status: ExecutionStatus = { success: true };
    let failure: { kind: string; data: unknown; command: number | null } | undefined;
    let results: { bytes: Uint8Array; type: string }[][] | undefined;
    try {
      state.interpreter.run(tx.commands);
      if (mode === 'dev-inspect') results = state.interpreter.serializedResults();
    } catch (error) {
      ({ status, failure } = describeFailure(error, state.interpreter.command));
      state = attempt(); // revert: a fresh overlay with only the gas smash and version bumps
    }

    let written = this.#collect(state.overlay, tx.sender);
    let storage = written.reduce((sum, w) => sum + (w.after ? storageCost(w.contents!.length) : 0n), 0n);
    let storageRebate = written.reduce(
      (sum, w) => sum + (w.change.before && w.original ? w.original.storageRebate : 0n),
      0n,
    );
    const computation = computationCost(tx.commands.length, tx.price);
    // The budget bounds the net charge (rebates included), which is what the SDK estimates.
    if (computation + storage - rebate(storageRebate).refund > tx.budget) {
      status = { success: false, error: 'InsufficientGas', command: null };
      failure = { kind: 'InsufficientGas', data: true, command: null };
      state = attempt();
      written = this.#collect(state.overlay, tx.sender);
      storage = written.reduce((sum, w) => sum + (w.after ? storageCost(w.contents!.length) : 0n), 0n);
      storageRebate = written.reduce(
        (sum, w) => sum + (w.change.before && w.original ? w.original.storageRebate : 0n),
        0n,
      );
    }
    const { refund, nonRefundable } = rebate(storageRebate);
    const charged = computation + storage - refund;
    const chargeable = charged > tx.budget ? tx.budget : charged;
    const gasValue = state.gas.value as CoinValue;
    gasValue.balance.value -= chargeable > 0n ? chargeable : 0n;

    const lamport =
      1n + inputObjects.concat(gasObjects).reduce((max, o) => (o.version > max ? o.version : max), 0n);
    // The gas coin changed after `#collect`: serialize it (and everything else) now.
    written = this.#collect(state.overlay, tx.sender);
    const outObjects: ChainObject[] = [];
    const changes: ObjectChange[] = [];
    for (const w of written) {
      if (!w.after || !w.contents) {
        changes.push(w.change);
        continue;
      }
      const owner = resolveOwner(w.after.owner, lamport);
      const objectDigestValue = objectDigest(w.live.id, lamport, w.contents, ownerKey(owner));
      const after = { version: lamport, digest: objectDigestValue, owner, type: typeToString(w.live.type) };
      changes.push({ ...w.change, after });
      outObjects.push({
        id: w.live.id,
        version: lamport,
        digest: objectDigestValue,
        owner,
        type: after.type,
        contents: w.contents,
        hasPublicTransfer: this.#hasPublicTransfer(w.live),
        previousTransaction: digest,
        storageRebate: storageCost(w.contents.length),
      });
    }
    if (mode !== 'execute' && gasObjects.length === 0) {
      const index = outObjects.findIndex((o) => o.id === VIRTUAL_GAS_ID);
      if (index >= 0) outObjects.splice(index, 1);
    }

    const events: EventRecord[] = status.success
      ? state.overlay.events.map((e, i) => ({
          txDigest: digest,
          eventSeq: i,
          packageId: e.packageId,
          module: e.module,
          sender: tx.sender,
          type: typeToString(e.type),
          contents: e.contents,
          timestampMs,
        }))
      : [];
    const gasUsed = {
      computationCost: computation,
      storageCost: storage,
      storageRebate: refund,
      nonRefundableStorageFee: nonRefundable,
    };
    const gasChange = changes.find((c) => c.id === state.gas.id)!;
    const dependencies = [
      ...new Set(inputObjects.concat(gasObjects).map((o) => o.previousTransaction)),
    ].filter(Boolean);
    const readOnlyShared = inputObjects
      .filter(
        (o) => o.owner !== 'Immutable' && 'Shared' in o.owner && !state.overlay.objects.get(o.id)?.writable,
      )
      .map((o) => ({ id: o.id, version: o.version, digest: o.digest }));
    const eventsDigest =
      events.length > 0 ? digestOf('events', concatBytes(events.map((e) => e.contents))) : null;
    const effects = effectsBcs({
      status,
      ...(failure ? { failure } : {}),
      executedEpoch: epoch.epoch,
      gasUsed,
      transactionDigest: digest,
      gasObjectId: state.gas.id,
      eventsDigest,
      dependencies,
      lamportVersion: lamport,
      changes,
      readOnlyShared,
    });
    const record: TransactionRecord = {
      digest,
      txBytes,
      signatures: [...signatures],
      effects,
      sender: tx.sender,
      status,
      gasUsed,
      gasObject: {
        id: state.gas.id,
        version: lamport,
        digest: gasChange.after!.digest,
        owner: gasChange.after!.owner,
      },
      executedEpoch: epoch.epoch,
      lamportVersion: lamport,
      changes,
      balanceChanges: balanceChanges(changes, written, outObjects),
      events,
      dependencies,
      checkpoint: 0n,
      timestampMs,
    };
    const deleted = changes.filter((c) => c.before && !c.after).map((c) => c.id);
    return { record, written: outObjects, deleted, ...(results ? { results } : {}) };
  }

  /** A fresh overlay with gas coins merged and inputs loaded, ready to run. */
  #prepare(
    tx: ParsedTx,
    digest: string,
    gasObjects: ChainObject[],
    inputObjects: ChainObject[],
    epoch: bigint,
    timestampMs: number,
    mode: Mode,
  ) {
    const overlay = new Overlay(this.#store, this.#registry, digest);
    const [first, ...rest] = gasObjects;
    const gas = first ? overlay.load(first, true) : virtualGas(overlay, tx);
    gas.touched = true;
    for (const extra of rest) {
      const coin = overlay.load(extra, true);
      (gas.value as CoinValue).balance.value += (coin.value as CoinValue).balance.value;
      coin.state = 'deleted';
    }
    const byId = new Map(inputObjects.map((o) => [o.id, o]));
    const inputs: InputSlot[] = tx.inputs.map((input) => {
      if (input.$kind === 'Pure') return { kind: 'pure', bytes: fromBase64(input.Pure!.bytes) };
      const arg = input.Object!;
      const ref = arg[arg.$kind] as { objectId: string; mutable?: boolean };
      const object = byId.get(normalizeSuiAddress(ref.objectId))!;
      const shared = arg.$kind === 'SharedObject';
      const mutable = shared ? Boolean(ref.mutable) : object.owner !== 'Immutable';
      const live = overlay.objects.get(object.id) ?? overlay.load(object, mutable);
      if (mutable) live.touched = true;
      return { kind: 'object', live, mutable, shared };
    });
    const registry = this.#registry;
    const context = (type: NativeContext['type']): NativeContext => ({
      sender: tx.sender,
      epoch,
      timestampMs,
      txDigest: digest,
      type,
      newId: () => overlay.newId(),
      deleteId: (id) => overlay.deleteId(normalizeSuiAddress(id)),
      transfer: (t, value, recipient) =>
        overlay.setOwner(t, value, { AddressOwner: normalizeSuiAddress(recipient) }),
      share: (t, value) => overlay.setOwner(t, value, { Shared: { initial_shared_version: 'pending' } }),
      freeze: (t, value) => overlay.setOwner(t, value, 'Immutable'),
      emit: (t, value) => overlay.emit(t, value),
      dynamicField: overlay.dynamicField,
    });
    // Dev inspect lets pure inputs stand for any value, as Sui's does unless asked to check.
    const arbitraryPure = mode === 'dev-inspect';
    const interpreter = new PtbInterpreter({ registry, overlay, inputs, gas, context, arbitraryPure });
    return { overlay, gas, interpreter };
  }

  /** Objects to write or remove, with their serialized contents. */
  #collect(overlay: Overlay, sender: string) {
    const out: {
      live: LiveObject;
      original?: ChainObject;
      change: ObjectChange;
      after?: { owner: Owner };
      contents?: Uint8Array;
    }[] = [];
    for (const live of overlay.objects.values()) {
      const original = live.original;
      const before = original
        ? { version: original.version, digest: original.digest, owner: original.owner, type: original.type }
        : undefined;
      const created = !original && overlay.createdIds.has(live.id);
      if (live.state === 'deleted') {
        if (original) out.push({ live, original, change: { id: live.id, kind: 'deleted', before: before! } });
        continue;
      }
      if (live.state === 'moved' || live.state === 'wrapped') {
        if (original) out.push({ live, original, change: { id: live.id, kind: 'wrapped', before: before! } });
        continue;
      }
      if (original && !live.writable) continue;
      if (!original && live.owner === 'Immutable' && !created && !live.touched) continue;
      const contents = this.#registry
        .schema(live.type)
        .serialize(live.value as never)
        .toBytes();
      const kind: ObjectChange['kind'] = original ? 'mutated' : created ? 'created' : 'unwrapped';
      out.push({
        live,
        ...(original ? { original } : {}),
        change: { id: live.id, kind, ...(before ? { before } : {}) },
        after: { owner: live.owner },
        contents,
      });
    }
    void sender;
    return out;
  }

  #hasPublicTransfer(live: LiveObject): boolean {
    const abilities = this.#registry.abilities(live.type);
    return abilities.includes('key') && abilities.includes('store');
  }

  #checkGas(tx: ParsedTx, mode: Mode): ChainObject[] {
    if (tx.payment.length === 0) {
      if (mode !== 'execute') return [];
      throw new TransactionRejectedError('Transaction has no gas payment');
    }
    const seen = new Set<string>();
    let total = 0n;
    const objects = tx.payment.map((ref) => {
      const id = normalizeSuiAddress(ref.objectId);
      if (seen.has(id)) throw new TransactionRejectedError(`Gas coin ${id} is listed twice`);
      seen.add(id);
      const object = this.#store.getObject(id);
      if (!object)
        throw new TransactionRejectedError(`Could not find the referenced object ${id} (gas payment)`);
      if (object.type !== SUI_COIN_TYPE)
        throw new TransactionRejectedError(`Gas object ${id} is not a SUI coin`);
      if (
        typeof object.owner !== 'object' ||
        !('AddressOwner' in object.owner) ||
        object.owner.AddressOwner !== tx.gasOwner
      ) {
        throw new TransactionRejectedError(`Gas object ${id} is not owned by the gas owner ${tx.gasOwner}`);
      }
      checkVersion(object, ref, stageOf(mode));
      total += (this.#registry.schema(parseType(object.type)).parse(object.contents) as CoinValue).balance
        .value;
      return object;
    });
    if (total < tx.budget) {
      throw new TransactionRejectedError(
        `Balance of gas object ${objects[0]!.id} is lower than the needed amount: ${tx.budget}`,
      );
    }
    return objects;
  }

  #checkInputs(tx: ParsedTx, gasObjects: ChainObject[], mode: Mode): ChainObject[] {
    const gasIds = new Set(gasObjects.map((o) => o.id));
    const seen = new Set<string>();
    const objects: ChainObject[] = [];
    for (const input of tx.inputs) {
      if (input.$kind === 'Pure') continue;
      if (input.$kind !== 'Object' || !input.Object)
        throw new TransactionRejectedError(`Unsupported input kind ${input.$kind}`);
      const arg = input.Object;
      const ref = arg[arg.$kind] as {
        objectId: string;
        version?: string;
        digest?: string;
        initialSharedVersion?: string;
      };
      const id = normalizeSuiAddress(ref.objectId);
      if (gasIds.has(id))
        throw new TransactionRejectedError(`Object ${id} is used both as gas and as an input`);
      if (seen.has(id)) continue;
      seen.add(id);
      const object = this.#store.getObject(id);
      if (!object) throw new TransactionRejectedError(`Could not find the referenced object ${id}`);
      if (arg.$kind === 'ImmOrOwnedObject' && mode === 'dev-inspect') {
        // devInspect may read any object, as on Sui.
      } else if (arg.$kind === 'ImmOrOwnedObject') {
        checkVersion(object, ref as { version: string; digest: string }, stageOf(mode));
        if (object.owner !== 'Immutable') {
          if (!('AddressOwner' in object.owner)) {
            throw new TransactionRejectedError(
              `Object ${id} is not an owned object and cannot be passed as ImmOrOwnedObject`,
            );
          }
          if (object.owner.AddressOwner !== tx.sender) {
            throw new TransactionRejectedError(
              `Object ${id} is owned by ${object.owner.AddressOwner}, not by the sender ${tx.sender}`,
            );
          }
        }
      } else if (arg.$kind === 'SharedObject') {
        if (object.owner === 'Immutable' || !('Shared' in object.owner)) {
          throw new TransactionRejectedError(`Object ${id} is not shared`);
        }
        if (object.owner.Shared.initial_shared_version !== String(ref.initialSharedVersion)) {
          throw new TransactionRejectedError(
            `Shared object ${id} has initial shared version ${object.owner.Shared.initial_shared_version}, not ${ref.initialSharedVersion}`,
          );
        }
      } else {
        throw new TransactionRejectedError(`Input kind ${arg.$kind} is not supported by the devnet`);
      }
      objects.push(object);
    }
    return objects;
  }
}

function parseTransaction(txBytes: Uint8Array): ParsedTx {
  let data;
  try {
    data = bcs.TransactionData.parse(txBytes);
  } catch (error) {
    throw new TransactionRejectedError(`Malformed TransactionData: ${(error as Error).message}`, -32602);
  }
  const v1 = data.V1;
  if (!v1 || v1.kind.$kind !== 'ProgrammableTransaction' || !v1.kind.ProgrammableTransaction) {
    throw new TransactionRejectedError('Only programmable transactions are supported', -32602);
  }
  const ptb = v1.kind.ProgrammableTransaction;
  return {
    sender: normalizeSuiAddress(v1.sender),
    gasOwner: normalizeSuiAddress(v1.gasData.owner),
    price: BigInt(v1.gasData.price),
    budget: BigInt(v1.gasData.budget),
    payment: v1.gasData.payment,
    inputs: ptb.inputs as unknown as ParsedTx['inputs'],
    commands: ptb.commands as unknown as Command[],
    expiration: v1.expiration as unknown as ParsedTx['expiration'],
  };
}

async function verifySignatures(
  txBytes: Uint8Array,
  signatures: readonly string[],
  tx: ParsedTx,
): Promise<void> {
  const signers = new Set<string>();
  for (const signature of signatures) {
    for (const address of new Set([tx.sender, tx.gasOwner])) {
      try {
        await verifyTransactionSignature(txBytes, signature, { address });
        signers.add(address);
      } catch {
        // Try the other required signer; a signature valid for nobody fails below.
      }
    }
  }
  if (!signers.has(tx.sender)) {
    throw new TransactionRejectedError(
      `Invalid user signature: no signature from the sender ${tx.sender}`,
      -32002,
    );
  }
  if (!signers.has(tx.gasOwner)) {
    throw new TransactionRejectedError(
      `Invalid user signature: no signature from the gas owner ${tx.gasOwner}`,
      -32002,
    );
  }
}

function checkExpiration(tx: ParsedTx, epoch: bigint, genesisDigest: string): void {
  const expiration = tx.expiration;
  if (expiration.$kind === 'Epoch' && epoch > BigInt(expiration.Epoch!)) {
    throw new TransactionRejectedError(
      `Transaction expired at the end of epoch ${expiration.Epoch}; the chain is in epoch ${epoch}`,
    );
  }
  if (expiration.$kind === 'ValidDuring') {
    const v = expiration.ValidDuring as {
      minEpoch?: string | null;
      maxEpoch?: string | null;
      chain?: string;
    };
    if (v.minEpoch != null && epoch < BigInt(v.minEpoch))
      throw new TransactionRejectedError(`Transaction is not valid before epoch ${v.minEpoch}`);
    if (v.maxEpoch != null && epoch > BigInt(v.maxEpoch))
      throw new TransactionRejectedError(`Transaction expired after epoch ${v.maxEpoch}`);
    if (v.chain && v.chain !== genesisDigest)
      throw new TransactionRejectedError('Transaction was built for another chain');
  }
}

/**
 * An owned object must be passed at its current version: once a transaction has consumed a
 * version, every other transaction naming it is refused, as Sui's validators refuse it.
 */
function checkVersion(
  object: ChainObject,
  ref: { version: string | number; digest: string },
  stage: RejectionStage,
): void {
  const version = BigInt(ref.version);
  if (version !== object.version) {
    throw new UserInputError(
      {
        $kind: 'ObjectVersionUnavailableForConsumption',
        objectId: object.id,
        version,
        digest: ref.digest,
        currentVersion: object.version,
      },
      stage,
    );
  }
  if (ref.digest !== object.digest) {
    throw new TransactionRejectedError(
      `Transaction needs to be rebuilt because object ${object.id} version ${ref.version} has digest ${object.digest}, not ${ref.digest}`,
    );
  }
}

/** Execution is refused by validators (signing); dry run and dev inspect by the full node itself. */
function stageOf(mode: Mode): RejectionStage {
  return mode === 'execute' ? 'signing' : 'simulation';
}

function rejectIf(violation: UserInput | null, stage: RejectionStage): void {
  if (violation) throw new UserInputError(violation, stage);
}

/** Each input as the limits count it: pure bytes by size, objects by ID. */
function limitInputs(tx: ParsedTx): LimitInput[] {
  return tx.inputs.flatMap((input): LimitInput[] => {
    if (input.$kind === 'Pure' && input.Pure)
      return [{ kind: 'pure', size: fromBase64(input.Pure.bytes).length }];
    if (input.$kind !== 'Object' || !input.Object) return [];
    const ref = input.Object[input.Object.$kind] as { objectId?: string } | undefined;
    return ref?.objectId
      ? [{ kind: 'object', id: ref.objectId, receiving: input.Object.$kind === 'Receiving' }]
      : [];
  });
}

/** Bytes of a base64 signature, or 0 if it is not base64 (signature checks refuse it next). */
function decodedLength(base64: string): number {
  try {
    return fromBase64(base64).length;
  } catch {
    return 0;
  }
}

function resolveOwner(owner: Owner, lamport: bigint): Owner {
  if (typeof owner === 'object' && 'Shared' in owner && owner.Shared.initial_shared_version === 'pending') {
    return { Shared: { initial_shared_version: String(lamport) } };
  }
  return owner;
}

function virtualGas(overlay: Overlay, tx: ParsedTx): LiveObject {
  const live: LiveObject = {
    id: VIRTUAL_GAS_ID,
    type: parseType(SUI_COIN_TYPE),
    value: { id: VIRTUAL_GAS_ID, balance: { value: tx.budget } },
    original: undefined,
    owner: { AddressOwner: tx.gasOwner },
    writable: true,
    state: 'live',
    touched: true,
  };
  overlay.objects.set(VIRTUAL_GAS_ID, live);
  overlay.createdIds.add(VIRTUAL_GAS_ID);
  return live;
}

function describeFailure(
  error: unknown,
  command: number,
): { status: ExecutionStatus; failure: { kind: string; data: unknown; command: number | null } } {
  if (error instanceof MoveAbort) {
    const location = {
      module: { address: error.address, name: error.module },
      function: 0,
      instruction: 0,
      functionName: error.function,
    };
    return {
      status: {
        success: false,
        error: `MoveAbort(MoveLocation { module: ModuleId { address: ${error.address.slice(2)}, name: Identifier("${error.module}") }, function: 0, instruction: 0, function_name: Some("${error.function}") }, ${error.code}) in command ${command}`,
        command,
        abort: { module: `${error.address}::${error.module}`, function: error.function, code: error.code },
      },
      failure: { kind: 'MoveAbort', data: [location, error.code], command },
    };
  }
  if (error instanceof ExecutionFailure && error.kind === 'CommandArgumentError') {
    return {
      status: {
        success: false,
        error: `${commandArgumentErrorText(error.data)} in command ${command}`,
        command,
      },
      failure: { kind: error.kind, data: error.data, command },
    };
  }
  if (error instanceof ExecutionFailure) {
    return {
      status: { success: false, error: `${error.kind} in command ${command}: ${error.message}`, command },
      failure: { kind: error.kind, data: error.data, command },
    };
  }
  // A bug in a native is still reported as a failed transaction rather than crashing the node.
  const message = error instanceof Error ? error.message : String(error);
  return {
    status: { success: false, error: `InvariantViolation in command ${command}: ${message}`, command },
    failure: { kind: 'InvariantViolation', data: true, command },
  };
}

/**
 * Sui's status text for a CommandArgumentError (its Rust `Debug` form, which JSON-RPC shows), e.g.
 * `CommandArgumentError { arg_idx: 1, kind: IndexOutOfBounds { idx: 3 } }`.
 */
function commandArgumentErrorText(data: unknown): string {
  const { argIdx, kind } = data as { argIdx: number; kind: Record<string, unknown> };
  const [name, fields] = Object.entries(kind)[0] ?? ['Unknown', true];
  const detail =
    fields !== null && typeof fields === 'object'
      ? ` { ${Object.entries(fields)
          .map(([key, value]) => `${key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)}: ${String(value)}`)
          .join(', ')} }`
      : '';
  return `CommandArgumentError { arg_idx: ${argIdx}, kind: ${name}${detail} }`;
}

function balanceChanges(
  changes: readonly ObjectChange[],
  written: readonly { live: LiveObject; original?: ChainObject }[],
  outObjects: readonly ChainObject[],
): BalanceChange[] {
  const totals = new Map<string, { owner: Owner; coinType: string; amount: bigint }>();
  const add = (owner: Owner, type: string, amount: bigint) => {
    const match = /^0x0*2::coin::Coin<(.+)>$/.exec(type);
    if (!match || owner === 'Immutable' || !('AddressOwner' in owner)) return;
    const key = `${owner.AddressOwner}|${match[1]}`;
    const entry = totals.get(key) ?? { owner, coinType: match[1]!, amount: 0n };
    entry.amount += amount;
    totals.set(key, entry);
  };
  const coinBalance = (contents: Uint8Array) =>
    new DataView(contents.buffer, contents.byteOffset + 32, 8).getBigUint64(0, true);
  for (const w of written) {
    if (w.original && /::coin::Coin</.test(w.original.type))
      add(w.original.owner, w.original.type, -coinBalance(w.original.contents));
  }
  for (const object of outObjects)
    if (/::coin::Coin</.test(object.type)) add(object.owner, object.type, coinBalance(object.contents));
  void changes;
  return [...totals.values()].filter((t) => t.amount !== 0n);
}
