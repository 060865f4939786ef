// Dynamic fields: suix_getDynamicFields and suix_getDynamicFieldObject. A dynamic field is a child
// object `0x2::dynamic_field::Field<K, V>` with BCS UID ‖ name ‖ value; a dynamic object field is a
// `Field<Wrapper<K>, ID>` whose value is the ID of the child object it points at. The SDK derives
// field IDs from `bcsName`, so the name bytes we report must be exactly the ones in the object.
import { bcs, type TypeTag } from '@mysten/sui/bcs';
import { deriveDynamicFieldID, toBase64 } from '@mysten/sui/utils';
import type { ChainObject } from '../state/records.ts';
import type { ReadContext } from './context.ts';
import { InvalidParamsError, RpcError, RpcErrorCode } from './errors.ts';
import { asStruct, canonicalType, FRAMEWORK, isStruct, parseType, printType } from './move-types.ts';
import { builtinBcs, decodeBuiltin, encodeBuiltin, fixedSize } from './move-value.ts';
import { pageAfter } from './paging.ts';
import { address, optionalAddress, pageLimit, record, show } from './params.ts';
import { objectResponse, type ObjectOptions } from './render-object.ts';
import type { ContentRenderer, RpcMethods } from './types.ts';

const UID_BYTES = 32;

/** What suix_getDynamicFieldObject shows, as Sui's `SuiObjectDataOptions::full_content()`. */
const FULL_CONTENT: ObjectOptions = {
  showType: true,
  showOwner: true,
  showPreviousTransaction: true,
  showStorageRebate: true,
  showContent: true,
  showBcs: false,
  showDisplay: false,
};

export interface FieldLayout {
  /** Type of the name as the user sees it (`K`, also for dynamic object fields). */
  readonly nameType: TypeTag;
  readonly valueType: TypeTag;
  readonly isObject: boolean;
}

/** The layout of a `Field<K, V>` object, or undefined if `object` is not a dynamic field. */
export function fieldLayout(object: ChainObject): FieldLayout | undefined {
  let tag: TypeTag;
  try {
    tag = parseType(object.type);
  } catch {
    return undefined;
  }
  if (!isStruct(tag, FRAMEWORK, 'dynamic_field', 'Field')) return undefined;
  const [key, valueType] = tag.struct.typeParams;
  if (!key || !valueType) return undefined;
  const wrapped = isStruct(key, FRAMEWORK, 'dynamic_object_field', 'Wrapper')
    ? key.struct.typeParams[0]
    : undefined;
  return { nameType: wrapped ?? key, valueType, isObject: wrapped !== undefined };
}

/** The name's bytes inside a field object (BCS of `Wrapper<K>` equals BCS of `K`). */
export function nameBytes(field: ChainObject, layout: FieldLayout, render: ContentRenderer): Uint8Array {
  const body = field.contents.subarray(UID_BYTES);
  const nameType = canonicalType(layout.nameType);
  const decoded = decodeBuiltin(nameType, body) ?? render.nameValue?.(nameType, body);
  if (decoded) return body.subarray(0, decoded.length);
  // The value sits at the end, so a fixed-size value (always the case for object fields: an ID)
  // bounds the name without knowing the name's layout.
  const valueSize = layout.isObject ? UID_BYTES : fixedSize(layout.valueType);
  if (valueSize !== undefined && valueSize <= body.length) return body.subarray(0, body.length - valueSize);
  throw new RpcError(
    RpcErrorCode.InternalError,
    `Cannot locate the name of dynamic field ${field.id}: layout of ${nameType} is unknown to the renderer`,
  );
}

function nameJson(type: TypeTag, bytes: Uint8Array, render: ContentRenderer): unknown {
  const name = canonicalType(type);
  const json =
    decodeBuiltin(name, bytes)?.json ??
    render.nameValue?.(name, bytes)?.json ??
    (asStruct(type) ? render.fields(name, bytes) : undefined);
  return json ?? null;
}

function fieldInfo(ctx: ReadContext, field: ChainObject, layout: FieldLayout) {
  const bytes = nameBytes(field, layout, ctx.render);
  const childId = layout.isObject
    ? bcs.Address.parse(field.contents.subarray(field.contents.length - UID_BYTES))
    : undefined;
  // Sui reports a dynamic object field by its child: the child's ID, type, version and digest.
  const child = childId === undefined ? undefined : ctx.store.getObject(childId);
  const shown = child ?? field;
  return {
    name: { type: printType(layout.nameType), value: nameJson(layout.nameType, bytes, ctx.render) },
    bcsEncoding: 'base64',
    bcsName: toBase64(bytes),
    type: layout.isObject ? 'DynamicObject' : 'DynamicField',
    objectType: child ? printType(parseType(child.type)) : printType(layout.valueType),
    objectId: childId ?? field.id,
    version: shown.version.toString(),
    digest: shown.digest,
  };
}

/** BCS of a name given as `{type, value}` JSON. */
function encodeName(type: string, value: unknown, render: ContentRenderer): Uint8Array {
  const bytes =
    encodeBuiltin(type, value) ?? render.nameBcs?.(type, value) ?? singleStringStruct(type, value);
  if (bytes) return bytes;
  throw new InvalidParamsError(`Cannot encode dynamic field name ${show(value)} as ${type}`);
}

/**
 * Last resort for struct names like walrus_site's `ResourcePath { path: String }`: a struct with a
 * single String field has the BCS of that string. Accepts `"…"` or `{field: "…"}`.
 */
function singleStringStruct(type: string, value: unknown): Uint8Array | undefined {
  const tag = parseType(type);
  if (!asStruct(tag) || builtinBcs(tag)) return undefined;
  const fields = typeof value === 'object' && value !== null ? Object.values(value) : [value];
  const [text] = fields;
  return fields.length === 1 && typeof text === 'string' ? bcs.string().serialize(text).toBytes() : undefined;
}

export function dynamicFieldMethods(ctx: ReadContext): RpcMethods {
  return {
    suix_getDynamicFields([parentId, cursor, limit]) {
      const parent = address(parentId, 'parent object id');
      const fields = ctx.store.childrenOf(parent).flatMap((o) => {
        const layout = fieldLayout(o);
        return layout ? [{ object: o, layout }] : [];
      });
      const page = pageAfter(fields, (f) => f.object.id, optionalAddress(cursor, 'cursor'), pageLimit(limit));
      return {
        data: page.items.map((f) => fieldInfo(ctx, f.object, f.layout)),
        nextCursor: page.nextCursor,
        hasNextPage: page.hasNextPage,
      };
    },

    suix_getDynamicFieldObject([parentId, name]) {
      const parent = address(parentId, 'parent object id');
      const { type, value } = record(name, 'name');
      if (typeof type !== 'string') throw new InvalidParamsError(`Invalid name.type: ${show(type)}`);
      let tag: TypeTag;
      try {
        tag = parseType(type);
      } catch {
        throw new InvalidParamsError(`Invalid name.type: ${show(type)} is not a Move type`);
      }
      const typeName = canonicalType(tag);
      const bytes = encodeName(typeName, value, ctx.render);
      const field = ctx.store.getObject(deriveDynamicFieldID(parent, typeName, bytes));
      if (field && fieldLayout(field)) return objectResponse(field.id, field, FULL_CONTENT, ctx.render);
      const wrapper = `${FRAMEWORK}::dynamic_object_field::Wrapper<${typeName}>`;
      const objectField = ctx.store.getObject(deriveDynamicFieldID(parent, wrapper, bytes));
      if (objectField && fieldLayout(objectField)) {
        const childId = bcs.Address.parse(
          objectField.contents.subarray(objectField.contents.length - UID_BYTES),
        );
        return objectResponse(childId, ctx.store.getObject(childId), FULL_CONTENT, ctx.render);
      }
      return { error: { code: 'dynamicFieldNotFound', parent_object_id: parent } };
    },
  };
}
