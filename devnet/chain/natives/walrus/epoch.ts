// Walrus epoch changes for the devnet, as plain functions rather than Move calls: on a real network
// they take `voting_end`, `initiate_epoch_change` and a quorum of `epoch_sync_done` calls from the
// nodes; here the launcher (or a test) moves the epoch forward in one pseudo transaction that
// updates the same dynamic-field values those calls update and emits the same events.
//
// These commit to the store directly, so call them when no transaction is executing (the
// Executor does not expose its queue); `walrusEpochChangeBatch` returns the batch for callers that
// sequence commits themselves.
import { normalizeSuiAddress } from '@mysten/sui/utils';
import { digestOf } from '../../exec/ids.ts';
import type { ModuleRegistry } from '../../move/registry.ts';
import { parseType, type MoveType } from '../../move/types.ts';
import type { ChainObject, CheckpointRecord, CommitBatch, ObjectChange } from '../../state/records.ts';
import type { ChainStore } from '../../state/store.ts';
import { sumG1 } from './bls.ts';
import {
  U64_TYPE,
  walrusType,
  type BlsCommitteeMemberValue,
  type CommitteeValue,
  type StakingInnerV1Value,
  type StakingPoolValue,
  type SystemStateInnerV1Value,
  type VersionedValue,
} from './constants.ts';
import { ringLookup } from './system.ts';
import { dynamicField, makeObject, parseObject, systemTransaction, type PendingEvent } from './system-tx.ts';

export interface WalrusObjectIds {
  readonly systemObjectId: string;
  readonly stakingObjectId: string;
}

export interface WalrusEpochChangeOptions {
  /** Chain time of the change (the new epoch's start). Default: `Date.now()`. */
  readonly timestampMs?: number;
  /** New shard assignment, node ID → shards, covering every shard once. Default: unchanged. */
  readonly shards?: ReadonlyMap<string, readonly number[]>;
  /**
   * Stop in `EpochChangeSync` (nodes still receiving shards) instead of finishing the change;
   * `finishWalrusEpochChange` completes it. Default false.
   */
  readonly sync?: boolean;
}

export class WalrusEpochError extends Error {
  override name = 'WalrusEpochError';
}

interface Loaded<T> {
  readonly object: ChainObject;
  readonly value: T;
}

/** Builds the transaction that moves Walrus to the next epoch. */
export function walrusEpochChangeBatch(
  store: ChainStore,
  registry: ModuleRegistry,
  ids: WalrusObjectIds,
  options: WalrusEpochChangeOptions = {},
): { epoch: number; batch: CommitBatch } {
  const timestampMs = options.timestampMs ?? Date.now();
  const system = loadInner<SystemStateInnerV1Value>(
    store,
    registry,
    ids.systemObjectId,
    'SystemStateInnerV1',
  );
  const staking = loadInner<StakingInnerV1Value>(store, registry, ids.stakingObjectId, 'StakingInnerV1');
  const sys = system.value;
  const stk = staking.value;
  if ('EpochChangeSync' in stk.epoch_state)
    throw new WalrusEpochError(`the change to epoch ${stk.epoch} has not finished (EWrongEpochState)`);
  const oldEpoch = sys.committee.epoch;
  if (stk.epoch !== oldEpoch)
    throw new WalrusEpochError(`System is in epoch ${oldEpoch} but Staking in epoch ${stk.epoch}`);
  const newEpoch = oldEpoch + 1;

  const committee = options.shards ? committeeFrom(options.shards, stk.n_shards) : stk.committee;
  const pools = new Map<string, Loaded<StakingPoolValue>>();
  const pool = (nodeId: string) => {
    let loaded = pools.get(nodeId);
    if (!loaded) {
      const object = store.getObject(normalizeSuiAddress(nodeId));
      if (!object || object.type !== typeText('StakingPool'))
        throw new WalrusEpochError(`no staking pool for node ${nodeId}`);
      loaded = { object, value: parseObject<StakingPoolValue>(registry, object) };
      pools.set(nodeId, loaded);
    }
    return loaded.value;
  };

  // ---- system_state_inner::advance_epoch ----
  const ring = sys.future_accounting;
  const old = ring.ring_buffer[ring.current_index]!;
  if (old.epoch !== oldEpoch)
    throw new WalrusEpochError(
      `accounting is at epoch ${old.epoch}, not ${oldEpoch} (EInvalidAccountingEpoch)`,
    );
  // `ring_pop_expand`: the current slot becomes the epoch `length` ahead.
  ring.ring_buffer[ring.current_index] = {
    epoch: oldEpoch + ring.length,
    used_capacity: 0n,
    rewards_to_distribute: { value: 0n },
  };
  ring.current_index = (ring.current_index + 1) % ring.length;
  sys.event_blob_certification_state.aggregate_weight_per_blob = { contents: [] };
  sys.used_capacity_size = ringLookup(ring, 0).used_capacity;
  if (sys.total_capacity_size < sys.used_capacity_size) sys.total_capacity_size = sys.used_capacity_size;
  // Rewards of the finished epoch go to its committee by weight (no deny lists on the devnet);
  // rounding leftovers roll into the new epoch.
  let rewards = old.rewards_to_distribute.value;
  const stored = sys.committee.members.map((m) => BigInt(m.weight) * old.used_capacity);
  const totalStored = stored.reduce((a, b) => a + b, 0n) || 1n;
  const total = rewards;
  sys.committee.members.forEach((member, i) => {
    const reward = (stored[i]! * total) / totalStored;
    rewards -= reward;
    pool(member.node_id).rewards_pool.value += reward;
  });
  ringLookup(ring, 0).rewards_to_distribute.value += rewards;
  const members: BlsCommitteeMemberValue[] = committee.pos0.contents.map(({ key, value }) => {
    const info = pool(key).node_info;
    // `rotate_public_key`: a key announced for the next epoch takes effect now.
    if (info.next_epoch_public_key) {
      info.public_key = info.next_epoch_public_key;
      info.next_epoch_public_key = null;
    }
    return { public_key: { bytes: info.public_key.bytes }, weight: value.length, node_id: key };
  });
  sys.committee = {
    members,
    n_shards: members.reduce((sum, m) => sum + m.weight, 0),
    epoch: newEpoch,
    total_aggregated_key: { bytes: sumG1(members.map((m) => m.public_key.bytes)) },
  };

  // ---- staking_inner::advance_epoch (+ epoch_sync_done by every node) ----
  stk.epoch = newEpoch;
  stk.previous_committee = stk.committee;
  stk.committee = committee;
  stk.next_committee = null;
  stk.next_epoch_params = null;
  stk.epoch_state = options.sync ? { EpochChangeSync: 0 } : { EpochChangeDone: BigInt(timestampMs) };
  for (const { key } of committee.pos0.contents) pool(key).latest_epoch = newEpoch;

  const events: PendingEvent[] = [
    { type: walrusType('EpochParametersSelected'), value: { next_epoch: newEpoch }, module: 'staking' },
    { type: walrusType('EpochChangeStart'), value: { epoch: newEpoch }, module: 'staking' },
  ];
  if (!options.sync)
    events.push({ type: walrusType('EpochChangeDone'), value: { epoch: newEpoch }, module: 'staking' });
  const batch = rewrite(store, registry, {
    label: `epoch-change:${newEpoch}`,
    objects: [system, staking, ...pools.values()],
    events,
    timestampMs,
  });
  return { epoch: newEpoch, batch };
}

/** Moves Walrus to the next epoch and commits it; returns the new epoch and its checkpoint. */
export function advanceWalrusEpoch(
  store: ChainStore,
  registry: ModuleRegistry,
  ids: WalrusObjectIds,
  options: WalrusEpochChangeOptions = {},
): { epoch: number; checkpoint: CheckpointRecord } {
  const { epoch, batch } = walrusEpochChangeBatch(store, registry, ids, options);
  return { epoch, checkpoint: store.commit(batch) };
}

/** Ends an epoch change left in `EpochChangeSync`: the state becomes `EpochChangeDone(now)`. */
export function finishWalrusEpochChange(
  store: ChainStore,
  registry: ModuleRegistry,
  ids: WalrusObjectIds,
  options: { timestampMs?: number } = {},
): CheckpointRecord {
  const timestampMs = options.timestampMs ?? Date.now();
  const staking = loadInner<StakingInnerV1Value>(store, registry, ids.stakingObjectId, 'StakingInnerV1');
  if (!('EpochChangeSync' in staking.value.epoch_state))
    throw new WalrusEpochError('no epoch change is in progress (EWrongEpochState)');
  staking.value.epoch_state = { EpochChangeDone: BigInt(timestampMs) };
  const epoch = staking.value.epoch;
  return store.commit(
    rewrite(store, registry, {
      label: `epoch-sync-done:${epoch}`,
      objects: [staking],
      events: [{ type: walrusType('EpochChangeDone'), value: { epoch }, module: 'staking' }],
      timestampMs,
    }),
  );
}

/** Reads the System or Staking inner state: the dynamic field named by the object's version. */
function loadInner<T>(
  store: ChainStore,
  registry: ModuleRegistry,
  parentId: string,
  innerType: string,
): Loaded<T> {
  const parent = store.getObject(parentId);
  if (!parent) throw new WalrusEpochError(`no object ${parentId}`);
  const { version } = parseObject<VersionedValue>(registry, parent);
  const field = dynamicField(registry, parent.id, U64_TYPE, version, walrusType(innerType));
  const object = store.getObject(field.id);
  if (!object) throw new WalrusEpochError(`${parentId} has no inner state for version ${version}`);
  return { object, value: parseObject<{ value: T }>(registry, object).value };
}

/** Writes changed objects back at the next Lamport version as one pseudo transaction. */
function rewrite(
  store: ChainStore,
  registry: ModuleRegistry,
  args: {
    label: string;
    objects: readonly Loaded<unknown>[];
    events: readonly PendingEvent[];
    timestampMs: number;
  },
): CommitBatch {
  const latest = store.latestCheckpoint();
  const digest = digestOf(
    'floe-devnet-walrus-epoch',
    new TextEncoder().encode(`${latest.digest}:${args.label}:${args.timestampMs}`),
  );
  const lamport = 1n + args.objects.reduce((max, o) => (o.object.version > max ? o.object.version : max), 0n);
  const changes: ObjectChange[] = [];
  const written = args.objects.map(({ object, value }) => {
    const type = parseType(object.type);
    // Dynamic fields were loaded as their `value`; put the Field wrapper back around it.
    const full = isField(type) ? { ...parseObject<{ id: string }>(registry, object), value } : value;
    const next = makeObject(registry, {
      type,
      value: full as { id: string },
      owner: object.owner,
      version: lamport,
      previousTransaction: digest,
    });
    changes.push({
      id: object.id,
      kind: 'mutated',
      before: { version: object.version, digest: object.digest, owner: object.owner, type: object.type },
      after: { version: next.version, digest: next.digest, owner: next.owner, type: next.type },
    });
    return next;
  });
  return systemTransaction(registry, {
    digest,
    written,
    changes,
    events: args.events,
    lamport,
    executedEpoch: store.epoch().epoch,
    timestampMs: args.timestampMs,
  });
}

function committeeFrom(shards: ReadonlyMap<string, readonly number[]>, nShards: number): CommitteeValue {
  const seen = new Set<number>();
  for (const [nodeId, list] of shards) {
    for (const shard of list) {
      if (!Number.isInteger(shard) || shard < 0 || shard >= nShards || seen.has(shard))
        throw new WalrusEpochError(`node ${nodeId}: shard ${shard} is out of range or assigned twice`);
      seen.add(shard);
    }
  }
  if (seen.size !== nShards)
    throw new WalrusEpochError(`only ${seen.size} of ${nShards} shards are assigned`);
  const contents = [...shards]
    .filter(([, list]) => list.length > 0)
    .map(([key, list]) => ({ key: normalizeSuiAddress(key), value: [...list] }))
    .sort((a, b) => (a.key < b.key ? -1 : 1));
  return { pos0: { contents } };
}

function isField(type: MoveType): boolean {
  return type.kind === 'struct' && type.module === 'dynamic_field' && type.name === 'Field';
}

function typeText(alias: string): string {
  const type = walrusType(alias);
  return type.kind === 'struct' ? `${type.address}::${type.module}::${type.name}` : alias;
}
