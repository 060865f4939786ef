// Pure decoding of what the chain follower reads from Sui: Walrus events (module `events`) into
// the node's chain-neutral `BlobEvent`s, the Staking object and its versioned `StakingInnerV1`
// into this node's `CommitteeView`, and the follower's persisted cursor. Every layout is the Move
// struct field for field (walrus `events.move`, `staking_inner.move`, …); BCS is decoded exactly
// and a value that does not re-serialize to the same bytes is refused rather than half-trusted.
import { fromBase64, type BcsType } from '@mysten/bcs';
import { bcs } from '@mysten/sui/bcs';
import { normalizeSuiAddress, parseStructTag } from '@mysten/sui/utils';
import { decodeExact as decodeWhole } from '../../core/sui/decode-exact.ts';
import { FieldBcs, VecMapBcs } from '../../core/sui/move-bcs.ts';
import { blobIdFromU256 } from '../../core/walrus/blob-id.ts';
import type { EventId } from '../../core/walrus/node-types.ts';
import type { BlobEvent } from './blob-info.ts';
import type { CommitteeView } from './blob-state.ts';

export class ChainDecodeError extends Error {
  override name = 'ChainDecodeError';
}

// ---- layouts ------------------------------------------------------------------------------

// Floe's own: @mysten/walrus keeps its generated contract layouts internal (its package exports
// only its index, which offers no BCS types), and its client's `stakingState()` would read through
// a WalrusClient this follower does not otherwise need.

/** IDs and addresses come out as 0x + 64 lowercase hex digits. */
const Address = bcs.Address;
const UID = bcs.struct('UID', { id: Address });
const u64 = () => bcs.u64().transform({ input: (v: bigint) => v, output: (v) => BigInt(v) });
const u256 = () => bcs.u256().transform({ input: (v: bigint) => v, output: (v) => BigInt(v) });

export const EVENT_LAYOUTS = {
  BlobRegistered: bcs.struct('BlobRegistered', {
    epoch: bcs.u32(),
    blob_id: u256(),
    size: u64(),
    encoding_type: bcs.u8(),
    end_epoch: bcs.u32(),
    deletable: bcs.bool(),
    object_id: Address,
  }),
  BlobCertified: bcs.struct('BlobCertified', {
    epoch: bcs.u32(),
    blob_id: u256(),
    end_epoch: bcs.u32(),
    deletable: bcs.bool(),
    object_id: Address,
    is_extension: bcs.bool(),
  }),
  BlobDeleted: bcs.struct('BlobDeleted', {
    epoch: bcs.u32(),
    blob_id: u256(),
    end_epoch: bcs.u32(),
    object_id: Address,
    was_certified: bcs.bool(),
  }),
  InvalidBlobID: bcs.struct('InvalidBlobID', { epoch: bcs.u32(), blob_id: u256() }),
  EpochChangeStart: bcs.struct('EpochChangeStart', { epoch: bcs.u32() }),
  EpochChangeDone: bcs.struct('EpochChangeDone', { epoch: bcs.u32() }),
} as const;

/** `staking::Staking` (and `system::System`, same shape): the inner state is a dynamic field keyed by `version`. */
export const STAKING_LAYOUT = bcs.struct('Staking', {
  id: UID,
  version: u64(),
  package_id: Address,
  new_package_id: bcs.option(Address),
});

const ExtendedField = bcs.struct('ExtendedField', { id: UID });
/** `committee::Committee(VecMap<ID, vector<u16>>)`. */
const Committee = bcs.struct('Committee', { pos0: VecMapBcs(Address, bcs.vector(bcs.u16())) });
const EpochParams = bcs.struct('EpochParams', {
  total_capacity_size: u64(),
  storage_price_per_unit_size: u64(),
  write_price_per_unit_size: u64(),
});
const EpochState = bcs.enum('EpochState', {
  EpochChangeSync: bcs.u16(),
  EpochChangeDone: u64(),
  NextParamsSelected: u64(),
});

export const STAKING_INNER_LAYOUT = bcs.struct('StakingInnerV1', {
  n_shards: bcs.u16(),
  epoch_duration: u64(),
  first_epoch_start: u64(),
  pools: bcs.struct('ObjectTable', { id: UID, size: u64() }),
  epoch: bcs.u32(),
  active_set: ExtendedField,
  next_committee: bcs.option(Committee),
  committee: Committee,
  previous_committee: Committee,
  next_epoch_params: bcs.option(EpochParams),
  epoch_state: EpochState,
  next_epoch_public_keys: ExtendedField,
});

/** `dynamic_field::Field<u64, StakingInnerV1>`, the object holding the inner state. */
export const STAKING_INNER_FIELD_LAYOUT = FieldBcs(u64(), STAKING_INNER_LAYOUT);

export type StakingValue = ReturnType<typeof STAKING_LAYOUT.parse>;
export type StakingInnerValue = ReturnType<typeof STAKING_INNER_LAYOUT.parse>;

/** Parses `bytes` with `layout`, refusing trailing or non-canonical bytes. */
export function decodeExact<T, I>(layout: BcsType<T, I>, bytes: Uint8Array, what: string): T {
  const value = decodeWhole(
    layout,
    bytes,
    (reason, cause) => new ChainDecodeError(`cannot decode ${what}: ${reason}`, { cause }),
  );
  // A second guard: the value must also write back to the very bytes read, so a layout that reads
  // more leniently than it writes (a transform, a library change) cannot let through bytes the
  // chain never wrote.
  const again = layout.serialize(value as unknown as I).toBytes();
  if (again.length !== bytes.length || again.some((b, i) => b !== bytes[i])) {
    throw new ChainDecodeError(`${what} is not exactly one canonical ${layout.name} (${bytes.length} bytes)`);
  }
  return value;
}

// ---- events -------------------------------------------------------------------------------

/** The parts of Sui's `SuiEvent` JSON the follower uses. */
export interface RawEvent {
  readonly id: EventId;
  readonly type: string;
  /** Base64 BCS of the event struct (`bcsEncoding: "base64"`). */
  readonly bcs: string;
}

export type DecodedEvent =
  | { readonly kind: 'blob'; readonly event: BlobEvent }
  | { readonly kind: 'epoch'; readonly phase: 'start' | 'done'; readonly epoch: number; readonly id: EventId }
  /** Another event of the `events` module (EpochParametersSelected, ShardsReceived, …). */
  | { readonly kind: 'ignored'; readonly id: EventId };

/**
 * One Walrus event, decoded from its BCS. `packageId` is the Walrus package the events module
 * belongs to; events of other packages are refused (the query should never return them).
 */
export function decodeWalrusEvent(raw: RawEvent, packageId: string): DecodedEvent {
  const eventId: EventId = { txDigest: raw.id.txDigest, eventSeq: String(raw.id.eventSeq) };
  let tag;
  try {
    tag = parseStructTag(raw.type);
  } catch (cause) {
    throw new ChainDecodeError(`event ${show(eventId)} has an unparsable type ${raw.type}`, { cause });
  }
  if (normalizeSuiAddress(tag.address) !== normalizeSuiAddress(packageId) || tag.module !== 'events') {
    throw new ChainDecodeError(`event ${show(eventId)} of type ${raw.type} is not a Walrus event`);
  }
  if (tag.typeParams.length > 0 || !Object.hasOwn(EVENT_LAYOUTS, tag.name)) {
    return { kind: 'ignored', id: eventId };
  }
  let bytes: Uint8Array;
  try {
    bytes = fromBase64(raw.bcs);
  } catch (cause) {
    throw new ChainDecodeError(`event ${show(eventId)}: bcs is not base64`, { cause });
  }
  const what = `${tag.name} event ${show(eventId)}`;
  const name = tag.name as keyof typeof EVENT_LAYOUTS;
  switch (name) {
    case 'BlobRegistered': {
      const e = decodeExact(EVENT_LAYOUTS.BlobRegistered, bytes, what);
      return blob({
        kind: 'registered',
        ...blobFields(e, eventId),
        endEpoch: e.end_epoch,
        deletable: e.deletable,
        size: safeNumber(e.size, what),
      });
    }
    case 'BlobCertified': {
      const e = decodeExact(EVENT_LAYOUTS.BlobCertified, bytes, what);
      return blob({
        kind: 'certified',
        ...blobFields(e, eventId),
        endEpoch: e.end_epoch,
        deletable: e.deletable,
        isExtension: e.is_extension,
      });
    }
    case 'BlobDeleted': {
      const e = decodeExact(EVENT_LAYOUTS.BlobDeleted, bytes, what);
      return blob({ kind: 'deleted', ...blobFields(e, eventId) });
    }
    case 'InvalidBlobID': {
      const e = decodeExact(EVENT_LAYOUTS.InvalidBlobID, bytes, what);
      return blob({ kind: 'invalid', blobId: blobIdFromU256(e.blob_id), epoch: e.epoch, eventId });
    }
    case 'EpochChangeStart':
    case 'EpochChangeDone': {
      const e = decodeExact(EVENT_LAYOUTS[name], bytes, what);
      return {
        kind: 'epoch',
        phase: name === 'EpochChangeStart' ? 'start' : 'done',
        epoch: e.epoch,
        id: eventId,
      };
    }
  }
}

function blob(event: BlobEvent): DecodedEvent {
  return { kind: 'blob', event };
}

/** The fields every event about a Blob object carries. */
function blobFields(
  e: { readonly blob_id: bigint; readonly object_id: string; readonly epoch: number },
  eventId: EventId,
) {
  return { blobId: blobIdFromU256(e.blob_id), objectId: e.object_id, epoch: e.epoch, eventId };
}

// ---- committee ----------------------------------------------------------------------------

/** This node's part of the committee in `inner` (no shards when it is not a member). */
export function committeeFor(inner: StakingInnerValue, nodeId: string): CommitteeView {
  const id = normalizeSuiAddress(nodeId);
  const entry = inner.committee.pos0.contents.find((e) => normalizeSuiAddress(e.key) === id);
  return {
    epoch: inner.epoch,
    nShards: inner.n_shards,
    shards: entry ? [...entry.value].sort((a, b) => a - b) : [],
  };
}

/** Whether the epoch change to `inner.epoch` is still in progress (nodes syncing shards). */
export function epochChangeInProgress(inner: StakingInnerValue): boolean {
  return inner.epoch_state.$kind === 'EpochChangeSync';
}

// ---- cursor -------------------------------------------------------------------------------

/** The persisted cursor: JSON of Sui's `EventId`, `{txDigest, eventSeq}`. */
export function encodeCursor(id: EventId): string {
  return JSON.stringify({ txDigest: id.txDigest, eventSeq: String(id.eventSeq) });
}

/** The cursor stored by `encodeCursor`; undefined for none, an error for anything else. */
export function decodeCursor(text: string | undefined): EventId | undefined {
  if (text === undefined) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (cause) {
    throw new ChainDecodeError(`the stored event cursor is not JSON: ${text}`, { cause });
  }
  const o = value as Partial<Record<'txDigest' | 'eventSeq', unknown>> | null;
  if (
    typeof o !== 'object' ||
    o === null ||
    typeof o.txDigest !== 'string' ||
    o.txDigest === '' ||
    typeof o.eventSeq !== 'string' ||
    !/^\d+$/.test(o.eventSeq)
  ) {
    throw new ChainDecodeError(`the stored event cursor is not {txDigest, eventSeq}: ${text}`);
  }
  return { txDigest: o.txDigest, eventSeq: o.eventSeq };
}

// ---- helpers ------------------------------------------------------------------------------

function safeNumber(value: bigint, what: string): number {
  if (value > BigInt(Number.MAX_SAFE_INTEGER))
    throw new ChainDecodeError(`${what}: size ${value} is too large`);
  return Number(value);
}

function show(id: EventId): string {
  return `${id.txDigest}:${id.eventSeq}`;
}
