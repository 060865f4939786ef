// `sui::vec_map` operations on the decoded `{ contents: [{ key, value }] }` form, with the
// framework's abort codes (EKeyAlreadyExists = 0, EKeyDoesNotExist = 1).
import { MoveAbort } from '../move/abort.ts';
import { FRAMEWORK } from './framework.ts';

export interface VecMapValue<K, V> {
  contents: { key: K; value: V }[];
}

export function emptyVecMap<K, V>(): VecMapValue<K, V> {
  return { contents: [] };
}

export function vecMapInsert<K, V>(map: VecMapValue<K, V>, key: K, value: V): void {
  if (map.contents.some((e) => e.key === key))
    throw new MoveAbort(FRAMEWORK, 'vec_map', 'insert', 0, 'EKeyAlreadyExists');
  map.contents.push({ key, value });
}

export function vecMapRemove<K, V>(map: VecMapValue<K, V>, key: K): { key: K; value: V } {
  const index = map.contents.findIndex((e) => e.key === key);
  if (index < 0) throw new MoveAbort(FRAMEWORK, 'vec_map', 'get_idx', 1, 'EKeyDoesNotExist');
  return map.contents.splice(index, 1)[0]!;
}
