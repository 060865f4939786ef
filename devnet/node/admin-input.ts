// JSON the devnet admin API accepts for chain state, validated into the node's own types. On a
// node without a chain (no `--rpc`) this is how tests tell it about its committee and about blob
// registrations; the shapes mirror the Move events field for field.
import type { EventId } from '../../core/walrus/node-types.ts';
import type { BlobEvent } from './blob-info.ts';
import { objectIdHex } from './blob-info.ts';
import type { CommitteeView } from './blob-state.ts';
import { blobId, objectId } from './routes.ts';

export class AdminInputError extends Error {
  override name = 'AdminInputError';
}

const SYNTHETIC_DIGEST = '11111111111111111111111111111111';

export function parseCommittee(input: unknown, nShards: number): CommitteeView {
  const o = object(input, 'committee');
  return {
    epoch: u32(o.epoch, 'epoch'),
    nShards,
    shards: array(o.shards, 'shards').map((s) => u32(s, 'shard')),
  };
}

/** `{"events": [...]}`; each event may omit `eventId`, which is then synthesised from its position. */
export function parseEvents(input: unknown, firstSeq: number): BlobEvent[] {
  const events = array(object(input, 'request').events, 'events');
  return events.map((raw, i) => parseEvent(raw, firstSeq + i));
}

function parseEvent(raw: unknown, seq: number): BlobEvent {
  const o = object(raw, 'event');
  const common = {
    blobId: bytes(() => blobId(string(o.blobId, 'blobId')), 'blobId'),
    epoch: u32(o.epoch, 'epoch'),
    eventId:
      o.eventId === undefined ? { txDigest: SYNTHETIC_DIGEST, eventSeq: String(seq) } : eventId(o.eventId),
  };
  switch (o.kind) {
    case 'registered':
      return {
        kind: 'registered',
        ...common,
        objectId: objectIdOf(o.objectId),
        endEpoch: u32(o.endEpoch, 'endEpoch'),
        deletable: boolean(o.deletable, 'deletable'),
        size: o.size === undefined ? 0 : safeInteger(o.size, 'size'),
      };
    case 'certified':
      return {
        kind: 'certified',
        ...common,
        objectId: objectIdOf(o.objectId),
        endEpoch: u32(o.endEpoch, 'endEpoch'),
        deletable: boolean(o.deletable, 'deletable'),
        isExtension: o.isExtension === undefined ? false : boolean(o.isExtension, 'isExtension'),
      };
    case 'deleted':
      return { kind: 'deleted', ...common, objectId: objectIdOf(o.objectId) };
    case 'invalid':
      return { kind: 'invalid', ...common };
    default:
      throw new AdminInputError(
        `event kind must be one of registered, certified, deleted, invalid; got ${o.kind === undefined ? 'none' : preview(o.kind)}`,
      );
  }
}

/** A short JSON rendering of a bad value; JSON.stringify overflows the stack on a deeply nested one. */
function preview(value: unknown): string {
  let text: string;
  try {
    text = JSON.stringify(value);
  } catch {
    text = `a ${Array.isArray(value) ? 'list' : typeof value} nested too deeply to show`;
  }
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

function objectIdOf(value: unknown): string {
  return objectIdHex(bytes(() => objectId(string(value, 'objectId')), 'objectId'));
}

function eventId(value: unknown): EventId {
  const o = object(value, 'eventId');
  return {
    txDigest: string(o.txDigest, 'eventId.txDigest'),
    eventSeq: string(o.eventSeq, 'eventId.eventSeq'),
  };
}

function bytes(parse: () => Uint8Array, name: string): Uint8Array {
  try {
    return parse();
  } catch (cause) {
    throw new AdminInputError(`invalid ${name}: ${(cause as Error).message}`, { cause });
  }
}

function object(value: unknown, name: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new AdminInputError(`${name} must be a JSON object`);
  }
  return value as Record<string, unknown>;
}

function array(value: unknown, name: string): unknown[] {
  if (!Array.isArray(value)) throw new AdminInputError(`${name} must be an array`);
  return value;
}

function string(value: unknown, name: string): string {
  if (typeof value !== 'string') throw new AdminInputError(`${name} must be a string`);
  return value;
}

function boolean(value: unknown, name: string): boolean {
  if (typeof value !== 'boolean') throw new AdminInputError(`${name} must be a boolean`);
  return value;
}

function u32(value: unknown, name: string): number {
  if (!Number.isInteger(value) || (value as number) < 0 || (value as number) > 0xffff_ffff) {
    throw new AdminInputError(`${name} must be a u32`);
  }
  return value as number;
}

function safeInteger(value: unknown, name: string): number {
  if (!Number.isSafeInteger(value) || (value as number) < 0) {
    throw new AdminInputError(`${name} must be a non-negative integer`);
  }
  return value as number;
}
