// EventRecord → Sui's `SuiEvent` JSON.
import { toBase64 } from '@mysten/sui/utils';
import type { EventRecord } from '../state/records.ts';
import { displayType } from './move-types.ts';
import type { ContentRenderer } from './types.ts';

export function eventJson(event: EventRecord, render: ContentRenderer): Record<string, unknown> {
  const json: Record<string, unknown> = {
    id: { txDigest: event.txDigest, eventSeq: event.eventSeq.toString() },
    packageId: event.packageId,
    transactionModule: event.module,
    sender: event.sender,
    type: displayType(event.type),
  };
  // Left out when the layout is unknown; the SDK then reports `json: null`.
  const parsed = render.fields(event.type, event.contents);
  if (parsed !== undefined) json.parsedJson = parsed;
  json.bcsEncoding = 'base64';
  json.bcs = toBase64(event.contents);
  json.timestampMs = event.timestampMs.toString();
  return json;
}
