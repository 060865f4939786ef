// A dynamic-field object → `sui.rpc.v2.DynamicField`, as Sui's ListDynamicFields fills it: the
// name as `Bcs { name: K, value }` (K unwrapped for dynamic object fields), the value's BCS after
// it, `value_type` V for a field and the child's type for an object field, `child_id` for object
// fields only. The layout logic (where the name ends) is JSON-RPC's, so both APIs agree byte for
// byte and the SDK's derived field IDs match.
import { bcs } from '@mysten/sui/bcs';
import { GrpcTypes } from '@mysten/sui/grpc';
import { fieldLayout, nameBytes } from '../rpc/dynamic-fields.ts';
import { canonicalType, FRAMEWORK } from '../rpc/move-types.ts';
import type { ChainObject } from '../state/records.ts';
import type { ReadMask } from './read-mask.ts';
import { canonicalObjectType, renderObject } from './render-object.ts';
import type { GrpcServiceContext } from './service.ts';

/** Sui's default when ListDynamicFields sends no mask. */
export const DYNAMIC_FIELD_READ_MASK_DEFAULT = 'parent,field_id';

const UID_BYTES = 32;
const ID_TYPE = `${FRAMEWORK}::object::ID`;

/** Whether `object` is a `0x2::dynamic_field::Field<K, V>`. */
export function isDynamicField(object: ChainObject): boolean {
  return fieldLayout(object) !== undefined;
}

/**
 * The field as the mask selects it, or undefined when it cannot be read (unknown name layout, a
 * missing child): Sui leaves such fields out of the listing rather than failing it.
 */
export function renderDynamicField(
  ctx: Pick<GrpcServiceContext, 'store' | 'registry' | 'render'>,
  parent: string,
  field: ChainObject,
  mask: ReadMask,
): GrpcTypes.DynamicField | undefined {
  const layout = fieldLayout(field);
  if (!layout) return undefined;
  const message: GrpcTypes.DynamicField = {};
  if (mask.has('parent')) message.parent = parent;
  if (mask.has('field_id')) message.fieldId = field.id;
  let name: Uint8Array;
  try {
    name = nameBytes(field, layout, ctx.render);
  } catch {
    return undefined;
  }
  const Kind = GrpcTypes.DynamicField_DynamicFieldKind;
  if (mask.has('kind')) message.kind = layout.isObject ? Kind.OBJECT : Kind.FIELD;
  if (mask.has('name')) message.name = { name: canonicalType(layout.nameType), value: name };
  const valueBytes = field.contents.subarray(UID_BYTES + name.length);
  if (mask.has('value'))
    message.value = {
      name: layout.isObject ? ID_TYPE : canonicalType(layout.valueType),
      value: valueBytes,
    };
  const fieldObject = mask.sub('field_object');
  if (fieldObject) message.fieldObject = renderObject(field, fieldObject, ctx.registry);
  if (!layout.isObject) {
    if (mask.has('value_type')) message.valueType = canonicalType(layout.valueType);
    return message;
  }
  const childId = bcs.Address.parse(field.contents.subarray(field.contents.length - UID_BYTES));
  if (mask.has('child_id')) message.childId = childId;
  const childObject = mask.sub('child_object');
  if (mask.has('value_type') || childObject) {
    const child = ctx.store.getObject(childId);
    if (!child) return undefined;
    if (mask.has('value_type')) message.valueType = canonicalObjectType(child.type);
    if (childObject) message.childObject = renderObject(child, childObject, ctx.registry);
  }
  return message;
}
