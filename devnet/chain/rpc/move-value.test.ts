import { bcs } from '@mysten/sui/bcs';
import { normalizeSuiAddress } from '@mysten/sui/utils';
import { describe, expect, it } from 'vitest';
import { displayType } from './move-types.ts';
import { decodeBuiltin, encodeBuiltin } from './move-value.ts';

describe('builtin Move values', () => {
  it('decodes a value at the start of longer bytes and reports its length', () => {
    const name = bcs.string().serialize('hello').toBytes();
    const bytes = new Uint8Array([...name, 9, 9, 9]);
    expect(decodeBuiltin('0x1::string::String', bytes)).toEqual({ json: 'hello', length: 6 });
    expect(decodeBuiltin('u64', bcs.u64().serialize(42n).toBytes())).toEqual({ json: '42', length: 8 });
    expect(decodeBuiltin('u16', new Uint8Array([1, 2]))).toEqual({ json: 513, length: 2 });
    expect(decodeBuiltin('vector<u8>', new Uint8Array([2, 7, 8, 0]))).toEqual({ json: [7, 8], length: 3 });
    expect(decodeBuiltin('0x1::option::Option<u8>', new Uint8Array([0]))).toEqual({ json: null, length: 1 });
    expect(decodeBuiltin('0x2::object::ID', new Uint8Array(32).fill(1))?.json).toBe(`0x${'01'.repeat(32)}`);
  });

  it('leaves structs it cannot know to the renderer', () => {
    expect(decodeBuiltin('0x5::site::ResourcePath', new Uint8Array([1, 97]))).toBeUndefined();
    expect(encodeBuiltin('0x5::site::ResourcePath', { path: 'a' })).toBeUndefined();
  });

  it('encodes JSON names as Sui does', () => {
    expect(encodeBuiltin('u64', '42')).toEqual(bcs.u64().serialize(42n).toBytes());
    expect(encodeBuiltin('address', '0x2')).toEqual(
      bcs.Address.serialize(normalizeSuiAddress('0x2')).toBytes(),
    );
    expect(encodeBuiltin('vector<u8>', [1, 2])).toEqual(new Uint8Array([2, 1, 2]));
    expect(encodeBuiltin('0x1::string::String', 'routes')).toEqual(
      bcs.string().serialize('routes').toBytes(),
    );
    expect(encodeBuiltin('u8', 'not a number')).toBeUndefined();
  });
});

describe('displayType', () => {
  it('prints types as a fullnode does', () => {
    const two = normalizeSuiAddress('0x2');
    expect(displayType(`${two}::coin::Coin<${two}::sui::SUI>`)).toBe('0x2::coin::Coin<0x2::sui::SUI>');
    expect(
      displayType(`${two}::dynamic_field::Field<u64,vector<${normalizeSuiAddress('0x1')}::string::String>>`),
    ).toBe('0x2::dynamic_field::Field<u64, vector<0x1::string::String>>');
    expect(displayType('0x0::m::T')).toBe('0x0::m::T');
    expect(displayType('not a type')).toBe('not a type');
  });
});
