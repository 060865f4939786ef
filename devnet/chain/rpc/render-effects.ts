// A TransactionRecord's effects as Sui's JSON (`TransactionBlockEffects` v1 shape, which the
// fullnode derives from V2 effects), plus the derived `objectChanges` and `balanceChanges`.
// The SDK reads `status`, `executedEpoch` and `abortError` from here; the full effects come from
// `rawEffects`, so these lists exist for legacy clients and humans.
import { bcs } from '@mysten/sui/bcs';
import { toBase58 } from '@mysten/sui/utils';
import type { ObjectChange, Owner, TransactionRecord } from '../state/records.ts';
import { displayType } from './move-types.ts';

// Sui's marker digests for the refs of removed objects (ObjectDigest::OBJECT_DIGEST_DELETED/_WRAPPED).
const DELETED_DIGEST = toBase58(new Uint8Array(32).fill(99));
const WRAPPED_DIGEST = toBase58(new Uint8Array(32).fill(88));

type Ref = { objectId: string; version: string; digest: string };

export function effectsJson(tx: TransactionRecord): Record<string, unknown> {
  const lamport = tx.lamportVersion.toString();
  const owned = (kind: ObjectChange['kind']) =>
    tx.changes
      .filter((c) => c.kind === kind && c.after)
      .map((c) => ({ owner: c.after!.owner, reference: ref(c.id, c.after!.version, c.after!.digest) }));
  const removed = (kind: ObjectChange['kind'], digest: string): Ref[] =>
    tx.changes.filter((c) => c.kind === kind).map((c) => ({ objectId: c.id, version: lamport, digest }));
  const status = tx.status;
  const effects: Record<string, unknown> = {
    messageVersion: 'v1',
    status: status.success ? { status: 'success' } : { status: 'failure', error: status.error },
    executedEpoch: tx.executedEpoch.toString(),
    gasUsed: {
      computationCost: tx.gasUsed.computationCost.toString(),
      storageCost: tx.gasUsed.storageCost.toString(),
      storageRebate: tx.gasUsed.storageRebate.toString(),
      nonRefundableStorageFee: tx.gasUsed.nonRefundableStorageFee.toString(),
    },
    modifiedAtVersions: tx.changes
      .filter((c) => c.before)
      .map((c) => ({ objectId: c.id, sequenceNumber: c.before!.version.toString() })),
    sharedObjects: tx.changes
      .filter((c) => c.before && isShared(c.before.owner))
      .map((c) => ref(c.id, c.before!.version, c.before!.digest)),
    transactionDigest: tx.digest,
    created: owned('created'),
    mutated: owned('mutated'),
    unwrapped: owned('unwrapped'),
    deleted: removed('deleted', DELETED_DIGEST),
    wrapped: removed('wrapped', WRAPPED_DIGEST),
    gasObject: {
      owner: tx.gasObject.owner,
      reference: ref(tx.gasObject.id, tx.gasObject.version, tx.gasObject.digest),
    },
    eventsDigest: eventsDigest(tx.effects),
    dependencies: tx.dependencies,
  };
  if (!status.success && status.abort)
    effects.abortError = {
      module_id: status.abort.module,
      function: status.abort.function,
      error_code: status.abort.code.toString(),
    };
  // Sui leaves out empty lists and absent digests.
  for (const [key, value] of Object.entries(effects))
    if (value === undefined || (Array.isArray(value) && value.length === 0)) delete effects[key];
  return effects;
}

export function objectChangesJson(tx: TransactionRecord): Record<string, unknown>[] {
  const lamport = tx.lamportVersion.toString();
  return tx.changes.map((c) => {
    const state = c.after ?? c.before!;
    const base = { type: c.kind, sender: tx.sender, objectType: displayType(state.type), objectId: c.id };
    if (c.kind === 'deleted' || c.kind === 'wrapped') return { ...base, version: lamport };
    return {
      ...base,
      owner: state.owner,
      version: state.version.toString(),
      ...(c.kind === 'mutated' && c.before ? { previousVersion: c.before.version.toString() } : {}),
      digest: state.digest,
    };
  });
}

export function balanceChangesJson(tx: TransactionRecord): Record<string, unknown>[] {
  return tx.balanceChanges.map((b) => ({
    owner: b.owner,
    coinType: displayType(b.coinType),
    amount: b.amount.toString(),
  }));
}

function ref(objectId: string, version: bigint, digest: string): Ref {
  return { objectId, version: version.toString(), digest };
}

function isShared(owner: Owner): boolean {
  return typeof owner === 'object' && 'Shared' in owner;
}

/** The events digest recorded in the BCS effects (the record does not repeat it). */
function eventsDigest(effects: Uint8Array): string | undefined {
  try {
    const parsed = bcs.TransactionEffects.parse(effects);
    return (parsed.V2?.eventsDigest ?? parsed.V1?.eventsDigest) || undefined;
  } catch {
    return undefined;
  }
}
