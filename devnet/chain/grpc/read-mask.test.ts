import { describe, expect, it } from 'vitest';
import { GrpcTypes } from '@mysten/sui/grpc';
import { ReadMask } from './read-mask.ts';
import { GrpcStatusCode, GrpcStatusError } from './status.ts';

describe('ReadMask', () => {
  it('uses the defaults only when the request sent no mask', () => {
    const defaulted = ReadMask.from(undefined, 'object_id,version,digest');
    expect(['object_id', 'version', 'digest', 'owner'].map((p) => defaulted.has(p))).toEqual([
      true,
      true,
      true,
      false,
    ]);
    // An empty mask the client did send selects nothing.
    expect(ReadMask.from({ paths: [] }, 'object_id').has('object_id')).toBe(false);
  });

  it('selects a path when it, a parent or a child of it was asked for', () => {
    const mask = ReadMask.of(['transaction.effects.status', 'owner']);
    expect(mask.has('transaction')).toBe(true);
    expect(mask.has('transaction.effects')).toBe(true);
    expect(mask.has('transaction.effects.status')).toBe(true);
    expect(mask.has('transaction.effects.status.success')).toBe(true);
    expect(mask.has('transaction.effects.gas_used')).toBe(false);
    expect(mask.has('transaction.digest')).toBe(false);
    expect(mask.has('owner.kind')).toBe(true);
    expect(mask.has('owners')).toBe(false);
    expect(mask.has('')).toBe(false);
  });

  it('gives the sub-mask of a nested message; a selected leaf selects all of it', () => {
    const mask = ReadMask.of(['system_state.epoch', 'protocol_config']);
    const state = mask.sub('system_state')!;
    expect(state.has('epoch')).toBe(true);
    expect(state.has('version')).toBe(false);
    const config = mask.sub('protocol_config')!;
    expect(config.has('feature_flags')).toBe(true);
    expect(mask.sub('protocol_config.attributes')!.has('anything')).toBe(true);
    expect(mask.sub('committee')).toBeUndefined();
  });

  it('treats * as everything and a shorter path as covering longer ones', () => {
    const all = ReadMask.of(['owner', '*']);
    expect(all.has('json')).toBe(true);
    expect(all.sub('contents')!.has('value')).toBe(true);
    const merged = ReadMask.of(['effects.status', 'effects']);
    expect(merged.has('effects.gas_used')).toBe(true);
    expect(ReadMask.of(['effects', 'effects.status']).has('effects.gas_used')).toBe(true);
  });

  it("rejects paths the message has no field for, as Sui's INVALID_ARGUMENT", () => {
    const valid = ReadMask.from({ paths: ['bcs.value', 'owner.kind', 'json', '*'] }, '', GrpcTypes.Object);
    expect(valid.has('owner')).toBe(true);
    for (const path of ['owner.nope', 'nope', 'object_id.more', 'objectId']) {
      let error: unknown;
      try {
        ReadMask.from({ paths: [path] }, '', GrpcTypes.Object);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(GrpcStatusError);
      expect((error as GrpcStatusError).code).toBe(GrpcStatusCode.INVALID_ARGUMENT);
      expect((error as GrpcStatusError).message).toBe(`invalid read_mask path: ${path}`);
    }
    // Repeated message fields are walked into too.
    expect(
      ReadMask.from(
        { paths: ['effects.changed_objects.object_type'] },
        '',
        GrpcTypes.ExecutedTransaction,
      ).has('effects'),
    ).toBe(true);
  });
});
