// A transaction's events → the gRPC `TransactionEvents` message. `json` is rendered the way a
// full node's gRPC API renders Move values (render-json.ts), not JSON-RPC's `parsedJson` shape.
import { bcs, TypeTagSerializer } from '@mysten/sui/bcs';
import type { GrpcTypes } from '@mysten/sui/grpc';
import type { ModuleRegistry } from '../move/registry.ts';
import type { EventRecord } from '../state/records.ts';
import type { ReadMask } from './read-mask.ts';
import { moveJson } from './render-json.ts';

/** Sui's `Event` in BCS, the element of `TransactionEvents` (a vector of them). */
const BcsEvent = bcs.struct('Event', {
  packageId: bcs.Address,
  transactionModule: bcs.string(),
  sender: bcs.Address,
  type: bcs.StructTag,
  contents: bcs.byteVector(),
});

export function eventsToProto(
  events: readonly EventRecord[],
  eventsDigest: string | undefined,
  mask: ReadMask,
  registry: ModuleRegistry,
): GrpcTypes.TransactionEvents {
  const message: GrpcTypes.TransactionEvents = { events: [] };
  if (mask.has('bcs'))
    message.bcs = {
      name: 'TransactionEvents',
      value: bcs.vector(BcsEvent).serialize(events.map(bcsEvent)).toBytes(),
    };
  if (mask.has('digest') && eventsDigest !== undefined) message.digest = eventsDigest;
  const eventMask = mask.sub('events');
  if (eventMask) message.events = events.map((event) => eventToProto(event, eventMask, registry));
  return message;
}

export function eventToProto(event: EventRecord, mask: ReadMask, registry: ModuleRegistry): GrpcTypes.Event {
  const message: GrpcTypes.Event = {};
  if (mask.has('package_id')) message.packageId = event.packageId;
  if (mask.has('module')) message.module = event.module;
  if (mask.has('sender')) message.sender = event.sender;
  if (mask.has('event_type')) message.eventType = event.type;
  if (mask.has('contents')) message.contents = { name: event.type, value: event.contents };
  if (mask.has('json')) {
    const json = moveJson(registry, event.type, event.contents);
    if (json) message.json = json;
  }
  return message;
}

function bcsEvent(event: EventRecord) {
  const tag = TypeTagSerializer.parseFromStr(event.type, true);
  if (!('struct' in tag)) throw new Error(`event type ${event.type} is not a struct`);
  return {
    packageId: event.packageId,
    transactionModule: event.module,
    sender: event.sender,
    type: tag.struct,
    contents: event.contents,
  };
}
