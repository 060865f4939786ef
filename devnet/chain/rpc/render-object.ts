// ChainObject → Sui's `SuiObjectResponse` JSON, honouring the `show*` options the SDK sends.
import { toBase64 } from '@mysten/sui/utils';
import type { ChainObject } from '../state/records.ts';
import { displayType } from './move-types.ts';
import { flags } from './params.ts';
import type { ContentRenderer } from './types.ts';

export const OBJECT_OPTIONS = [
  'showType',
  'showOwner',
  'showPreviousTransaction',
  'showStorageRebate',
  'showBcs',
  'showContent',
  'showDisplay',
] as const;

export type ObjectOptions = Record<(typeof OBJECT_OPTIONS)[number], boolean>;

/** Parses a `SuiObjectDataOptions` parameter (absent means only id, version and digest). */
export function objectOptions(value: unknown, name = 'options'): ObjectOptions {
  return flags(value, name, OBJECT_OPTIONS);
}

/** Sui's `SuiObjectData` for `object`. */
export function objectData(
  object: ChainObject,
  options: ObjectOptions,
  render: ContentRenderer,
): Record<string, unknown> {
  const type = displayType(object.type);
  const data: Record<string, unknown> = {
    objectId: object.id,
    version: object.version.toString(),
    digest: object.digest,
  };
  if (options.showType) data.type = type;
  if (options.showOwner) data.owner = object.owner;
  if (options.showPreviousTransaction) data.previousTransaction = object.previousTransaction;
  if (options.showStorageRebate) data.storageRebate = object.storageRebate.toString();
  if (options.showDisplay) data.display = { data: null, error: null };
  if (options.showContent) {
    // Without a known layout there is no honest `fields`; leaving `content` out makes the SDK
    // report `json: null` instead of a misleading empty object.
    const fields = render.fields(object.type, object.contents);
    if (fields !== undefined)
      data.content = { dataType: 'moveObject', type, hasPublicTransfer: object.hasPublicTransfer, fields };
  }
  if (options.showBcs)
    data.bcs = {
      dataType: 'moveObject',
      type,
      hasPublicTransfer: object.hasPublicTransfer,
      version: object.version.toString(),
      bcsBytes: toBase64(object.contents),
    };
  return data;
}

/** `{data}` for a live object, Sui's `notExists` error entry otherwise. */
export function objectResponse(
  id: string,
  object: ChainObject | undefined,
  options: ObjectOptions,
  render: ContentRenderer,
): Record<string, unknown> {
  return object
    ? { data: objectData(object, options, render) }
    : { error: { code: 'notExists', object_id: id } };
}
