// Hand-made chain records for store and RPC tests: deterministic IDs and digests, coins, and
// transactions whose effects are real BCS `TransactionEffects` V2, as the executor will write them.
import { bcs } from '@mysten/sui/bcs';
import { concatBytes } from '../../bytes.ts';
import { effectsBcs } from '../../exec/effects.ts';
import { normalizeSuiAddress, toBase58 } from '@mysten/sui/utils';
import { blake2b } from '@noble/hashes/blake2.js';
import type { ChainObject, CommitBatch, EventRecord, ObjectChange, TransactionRecord } from '../records.ts';

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
    contents: concatBytes([bcs.Address.serialize(id).toBytes(), bcs.u64().serialize(balance).toBytes()]),
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
  // The executor's own effects builder, so fixtures and real transactions share one layout.
  const effects = effectsBcs({
    status: spec.failure ? { success: false, error: spec.failure, command: null } : { success: true },
    ...(spec.failure ? { failure: { kind: 'InsufficientGas', data: true, command: null } } : {}),
    executedEpoch: 0n,
    gasUsed,
    transactionDigest: digest,
    gasObjectId: spec.gasObject.id,
    eventsDigest: spec.events?.length ? digestOf(`events:${spec.seed}`) : null,
    dependencies: [],
    lamportVersion,
    changes,
    readOnlyShared: [],
  });
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
