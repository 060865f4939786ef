// Hand-made chain records for store and RPC tests: deterministic IDs and digests, coins, and
// transactions whose effects are real BCS `TransactionEffects` V2, as the executor will write them.
import { bcs } from '@mysten/sui/bcs';
import { normalizeSuiAddress, toBase58 } from '@mysten/sui/utils';
import { blake2b } from '@noble/hashes/blake2.js';
import type {
  ChainObject,
  CommitBatch,
  EventRecord,
  ObjectChange,
  Owner,
  TransactionRecord,
} from '../records.ts';

const seedBytes = (seed: string) => blake2b(new TextEncoder().encode(seed), { dkLen: 32 });

/** A valid base58 32-byte digest derived from `seed`. */
export const digestOf = (seed: string): string => toBase58(seedBytes(`digest:${seed}`));

/** A normalized object ID / address derived from `seed`. */
export const idOf = (seed: string): string =>
  normalizeSuiAddress(Buffer.from(seedBytes(`id:${seed}`)).toString('hex'));

export const SUI_COIN = `${normalizeSuiAddress('0x2')}::coin::Coin<${normalizeSuiAddress('0x2')}::sui::SUI>`;

export function coinObject(
  id: string,
  owner: string,
  balance: bigint,
  version = 1n,
  coinType = SUI_COIN,
): ChainObject {
  return moveObject({
    id,
    version,
    owner: { AddressOwner: owner },
    type: coinType,
    contents: concat(bcs.Address.serialize(id).toBytes(), bcs.u64().serialize(balance).toBytes()),
    hasPublicTransfer: true,
  });
}

export function moveObject(
  fields: Pick<ChainObject, 'id' | 'owner' | 'type' | 'contents'> & Partial<ChainObject>,
): ChainObject {
  const version = fields.version ?? 1n;
  return {
    digest: digestOf(`${fields.id}@${version}`),
    hasPublicTransfer: false,
    previousTransaction: digestOf('genesis-tx'),
    storageRebate: 0n,
    ...fields,
    version,
  };
}

export interface TxSpec {
  readonly seed: string;
  readonly sender: string;
  readonly gasObject: ChainObject;
  readonly changes?: readonly ObjectChange[];
  readonly events?: readonly Omit<EventRecord, 'txDigest' | 'eventSeq'>[];
  readonly failure?: string;
  readonly timestampMs?: number;
  readonly checkpoint?: bigint;
  /** A real signed transaction: its bytes, signatures and digest replace the synthetic ones. */
  readonly signed?: {
    readonly bytes: Uint8Array;
    readonly signatures: readonly string[];
    readonly digest: string;
  };
  readonly balanceChanges?: TransactionRecord['balanceChanges'];
}

/** A transaction record whose `effects` are BCS effects consistent with `changes`. */
export function transaction(spec: TxSpec): TransactionRecord {
  const digest = spec.signed?.digest ?? digestOf(`tx:${spec.seed}`);
  const lamportVersion = spec.gasObject.version;
  const changes = spec.changes ?? [];
  const gasUsed = {
    computationCost: 1000n,
    storageCost: 2000n,
    storageRebate: 500n,
    nonRefundableStorageFee: 5n,
  };
  const gasIndex = changes.findIndex((c) => c.id === spec.gasObject.id);
  const effects = bcs.TransactionEffects.serialize({
    V2: {
      status: spec.failure
        ? { Failure: { error: { InsufficientGas: true }, command: null } }
        : { Success: true },
      executedEpoch: 0n,
      gasUsed,
      transactionDigest: digest,
      gasObjectIndex: gasIndex >= 0 ? gasIndex : null,
      eventsDigest: spec.events?.length ? digestOf(`events:${spec.seed}`) : null,
      dependencies: [],
      lamportVersion,
      changedObjects: changes.map((c) => [
        c.id,
        {
          inputState: c.before
            ? { Exist: [[c.before.version, c.before.digest], ownerBcs(c.before.owner)] }
            : { NotExist: true },
          outputState: c.after
            ? { ObjectWrite: [c.after.digest, ownerBcs(c.after.owner)] }
            : { NotExist: true },
          idOperation:
            c.kind === 'created'
              ? { Created: true }
              : c.kind === 'deleted'
                ? { Deleted: true }
                : { None: true },
        },
      ]),
      unchangedConsensusObjects: [],
      auxDataDigest: null,
    },
  }).toBytes();
  return {
    digest,
    txBytes: spec.signed?.bytes ?? new Uint8Array([0]),
    signatures: spec.signed?.signatures ?? [],
    effects,
    sender: spec.sender,
    status: spec.failure ? { success: false, error: spec.failure, command: null } : { success: true },
    gasUsed,
    gasObject: {
      id: spec.gasObject.id,
      version: spec.gasObject.version,
      digest: spec.gasObject.digest,
      owner: spec.gasObject.owner,
    },
    executedEpoch: 0n,
    lamportVersion,
    changes,
    balanceChanges: spec.balanceChanges ?? [],
    events: (spec.events ?? []).map((e, eventSeq) => ({ ...e, txDigest: digest, eventSeq })),
    dependencies: [],
    checkpoint: spec.checkpoint ?? 0n,
    timestampMs: spec.timestampMs ?? 1_700_000_000_000,
  };
}

/** The change record for an object that exists after a transaction. */
export function written(
  kind: 'created' | 'mutated' | 'unwrapped',
  after: ChainObject,
  before?: ChainObject,
): ObjectChange {
  return {
    id: after.id,
    kind,
    ...(before ? { before: ref(before) } : {}),
    after: ref(after),
  };
}

export function removed(kind: 'deleted' | 'wrapped', before: ChainObject): ObjectChange {
  return { id: before.id, kind, before: ref(before) };
}

function ref(o: ChainObject) {
  return { version: o.version, digest: o.digest, owner: o.owner, type: o.type };
}

/** A batch that writes `objects` (and deletes `deleted`) in one transaction. */
export function batch(
  tx: TransactionRecord,
  objects: readonly ChainObject[],
  deleted: readonly string[] = [],
): CommitBatch {
  return { transaction: tx, written: objects, deleted };
}

function ownerBcs(owner: Owner) {
  if (owner === 'Immutable') return { Immutable: true };
  if ('AddressOwner' in owner) return { AddressOwner: owner.AddressOwner };
  if ('ObjectOwner' in owner) return { ObjectOwner: owner.ObjectOwner };
  return { Shared: { initialSharedVersion: owner.Shared.initial_shared_version } };
}

function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
