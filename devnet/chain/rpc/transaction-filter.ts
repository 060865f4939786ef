// What a transaction or event query can ask about a stored transaction: who sent it, which objects
// and addresses its effects touched, which Move functions it called, whether it wrote a package, and
// which events it emitted. The predicates are Sui's ledger-history dimensions (MystenLabs/sui
// crates/sui-rpc-api/src/ledger_history/filter.rs); JSON-RPC's `suix_queryTransactionBlocks` and the
// gRPC list methods both parse their filters into these and match records with them.
import { bcs } from '@mysten/sui/bcs';
import { normalizeStructTag, parseStructTag } from '@mysten/sui/utils';
import type { EventRecord, TransactionRecord } from '../state/records.ts';

/** A predicate over one event (gRPC EventFilter literals; all but `sender` also fit transactions). */
export type EventPredicate =
  /** The transaction's sender. */
  | { readonly kind: 'sender'; readonly address: string }
  /** The package (and module) whose function the transaction called to emit the event. */
  | { readonly kind: 'emitModule'; readonly package: string; readonly module?: string }
  /**
   * The event's type, as specific as given: its address, module, name, and with `type` (a
   * normalized struct tag with type arguments) that exact instantiation.
   */
  | {
      readonly kind: 'eventType';
      readonly address: string;
      readonly module?: string;
      readonly name?: string;
      readonly type?: string;
    }
  /** Authenticated event streams; the devnet has none, so nothing matches. */
  | { readonly kind: 'eventStreamHead'; readonly streamId: string };

/** A predicate over one transaction (gRPC TransactionFilter literals). */
export type TransactionPredicate =
  | EventPredicate
  /**
   * An address that owns an object after the transaction, owned one it changed before, or whose
   * balance changed.
   */
  | { readonly kind: 'affectedAddress'; readonly address: string }
  /** An object the effects list as changed (created, mutated, wrapped, deleted, …). */
  | { readonly kind: 'affectedObject'; readonly objectId: string }
  /** A Move call in the programmable transaction, as specific as given. */
  | {
      readonly kind: 'moveCall';
      readonly package: string;
      readonly module?: string;
      readonly function?: string;
    }
  /** Publishing or upgrading any package. */
  | { readonly kind: 'packageWrite' };

export function matchesEvent(event: EventRecord, predicate: EventPredicate): boolean {
  switch (predicate.kind) {
    case 'sender':
      return event.sender === predicate.address;
    case 'emitModule':
      return (
        event.packageId === predicate.package &&
        (predicate.module === undefined || event.module === predicate.module)
      );
    case 'eventType': {
      const tag = parseStructTag(event.type);
      return (
        tag.address === predicate.address &&
        (predicate.module === undefined || tag.module === predicate.module) &&
        (predicate.name === undefined || tag.name === predicate.name) &&
        (predicate.type === undefined || normalizeStructTag(event.type) === predicate.type)
      );
    }
    case 'eventStreamHead':
      return false;
  }
}

export function matchesTransaction(tx: TransactionRecord, predicate: TransactionPredicate): boolean {
  switch (predicate.kind) {
    case 'sender':
      return tx.sender === predicate.address;
    case 'affectedAddress':
      return factsOf(tx).addresses.has(predicate.address);
    case 'affectedObject':
      return factsOf(tx).objects.has(predicate.objectId);
    case 'moveCall':
      return factsOf(tx).calls.some(
        (call) =>
          call.package === predicate.package &&
          (predicate.module === undefined || call.module === predicate.module) &&
          (predicate.function === undefined || call.function === predicate.function),
      );
    case 'packageWrite':
      return factsOf(tx).packageWrite;
    default:
      return tx.events.some((event) => matchesEvent(event, predicate));
  }
}

interface TransactionFacts {
  readonly calls: readonly { package: string; module: string; function: string }[];
  readonly objects: ReadonlySet<string>;
  readonly addresses: ReadonlySet<string>;
  readonly packageWrite: boolean;
}

/** Records never change, so what their BCS says is worked out once per record. */
const facts = new WeakMap<TransactionRecord, TransactionFacts>();

function factsOf(tx: TransactionRecord): TransactionFacts {
  let known = facts.get(tx);
  if (!known) {
    known = { calls: moveCalls(tx), ...effectFacts(tx) };
    facts.set(tx, known);
  }
  return known;
}

function moveCalls(tx: TransactionRecord): TransactionFacts['calls'] {
  let commands;
  try {
    commands = bcs.TransactionData.parse(tx.txBytes).V1?.kind.ProgrammableTransaction?.commands;
  } catch {
    // Genesis records carry no TransactionData: they called nothing.
    return [];
  }
  return (commands ?? []).flatMap((command) =>
    command.MoveCall
      ? [
          {
            package: command.MoveCall.package,
            module: command.MoveCall.module,
            function: command.MoveCall.function,
          },
        ]
      : [],
  );
}

type BcsOwner = ReturnType<typeof bcs.Owner.parse>;

function effectFacts(tx: TransactionRecord): Omit<TransactionFacts, 'calls'> {
  const objects = new Set<string>();
  const addresses = new Set<string>();
  let packageWrite = false;
  const addOwner = (owner: BcsOwner) => {
    if (owner.AddressOwner) addresses.add(owner.AddressOwner);
    if (owner.ConsensusAddressOwner) addresses.add(owner.ConsensusAddressOwner.owner);
  };
  for (const [id, change] of bcs.TransactionEffects.parse(tx.effects).V2?.changedObjects ?? []) {
    objects.add(id);
    if (change.inputState.Exist) addOwner(change.inputState.Exist[1]);
    if (change.outputState.ObjectWrite) addOwner(change.outputState.ObjectWrite[1]);
    if (change.outputState.PackageWrite) packageWrite = true;
  }
  for (const change of tx.balanceChanges)
    if (typeof change.owner === 'object' && 'AddressOwner' in change.owner)
      addresses.add(change.owner.AddressOwner);
  return { objects, addresses, packageWrite };
}
