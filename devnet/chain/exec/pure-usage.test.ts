// Sui's typing of pure inputs, on commands written by hand: which uses of one input's bytes are
// accepted, and which failure (command, argument, kind) a bad one gets.
import { describe, expect, it } from 'vitest';
import { bcs } from '@mysten/sui/bcs';
import { parseParam, type ParamType } from '../move/types.ts';
import type { Argument, Command } from './ptb-types.ts';
import { isValidPure, pureLayout } from './pure-layout.ts';
import { checkPureUsage } from './pure-usage.ts';

const input = (i: number): Argument => ({ $kind: 'Input', Input: i });
const gas: Argument = { $kind: 'GasCoin', GasCoin: true };

/** A call to a function of the given parameter types (written as in Move, full paths). */
function call(fn: string, args: Argument[]): Command {
  return {
    $kind: 'MoveCall',
    MoveCall: { package: '0x99', module: 'm', function: fn, typeArguments: [], arguments: args },
  };
}
const SIGNATURES: Record<string, ParamType[]> = {
  takesU64: [parseParam('u64')],
  takesVecU8: [parseParam('vector<u8>')],
  pushes: [parseParam('&mut vector<u8>'), parseParam('u8')],
  takesString: [parseParam('0x1::string::String')],
  takesCoin: [parseParam('0x2::coin::Coin<0x2::sui::SUI>')],
};
const check = (pure: (Uint8Array | null)[], commands: Command[]) =>
  checkPureUsage(pure, commands, (c) => SIGNATURES[c.function] ?? null);

const u64 = (n: number) => bcs.u64().serialize(n).toBytes();

describe('checkPureUsage', () => {
  it('lets one input serve two types when its bytes are valid at both', () => {
    // 7 as a u64 is also a vector<u8> of 7 bytes: [7, 0, 0, 0, 0, 0, 0, 0].
    expect(check([u64(7)], [call('takesU64', [input(0)]), call('takesVecU8', [input(0)])])).toBeNull();
  });

  it('reports invalid bytes at the first command that uses the input at that type', () => {
    expect(
      check(
        [u64(5)],
        [
          call('takesU64', [input(0)]),
          call('takesVecU8', [input(0)]), // length 5 with 7 bytes after it: trailing bytes
          call('takesVecU8', [input(0)]),
        ],
      ),
    ).toMatchObject({ command: 1, argIdx: 0, kind: 'InvalidBCSBytes' });
  });

  it('fixes an input to its type once borrowed mutably', () => {
    const bytes = bcs.vector(bcs.u8()).serialize([1, 2]).toBytes();
    const pushOne = call('pushes', [input(0), input(1)]);
    expect(check([bytes, new Uint8Array([1])], [pushOne, call('takesVecU8', [input(0)])])).toBeNull();
    // [2, 1, 2] read as a u64 would be too short anyway, but the typing error comes first.
    expect(check([bytes, new Uint8Array([1])], [pushOne, call('takesU64', [input(0)])])).toMatchObject({
      command: 1,
      argIdx: 0,
      kind: 'TypeMismatch',
    });
  });

  it('refuses pure bytes where an object or other struct is expected', () => {
    expect(check([new Uint8Array(40)], [call('takesCoin', [input(0)])])).toMatchObject({
      command: 0,
      kind: 'InvalidUsageOfPureArg',
    });
    const transfer: Command = {
      $kind: 'TransferObjects',
      TransferObjects: { objects: [input(0)], address: input(0) },
    };
    expect(check([new Uint8Array(32)], [transfer])).toMatchObject({
      command: 0,
      argIdx: 0,
      kind: 'InvalidTransferObject',
    });
    const split: Command = { $kind: 'SplitCoins', SplitCoins: { coin: gas, amounts: [input(0)] } };
    expect(check([u64(1)], [split])).toBeNull();
  });

  it('leaves a command it cannot type to the interpreter', () => {
    expect(
      check([new Uint8Array(3)], [call('unknown', [input(0)]), call('takesU64', [input(0)])]),
    ).toBeNull();
  });
});

describe('isValidPure', () => {
  const layout = (type: string) => pureLayout(parseParam(type).type)!;

  it('checks text encodings, option tags and canonical lengths as Sui does', () => {
    const text = (bytes: number[]) => new Uint8Array([bytes.length, ...bytes]);
    expect(isValidPure(text([0x68, 0xc3, 0xa9]), layout('0x1::string::String'))).toBe(true);
    expect(isValidPure(text([0xc3]), layout('0x1::string::String'))).toBe(false);
    expect(isValidPure(text([0xc3, 0xa9]), layout('0x1::ascii::String'))).toBe(false);
    expect(isValidPure(new Uint8Array([2, 0]), layout('0x1::option::Option<u8>'))).toBe(false);
    expect(isValidPure(new Uint8Array([1, 9]), layout('0x1::option::Option<u8>'))).toBe(true);
    // Length 1 written in two bytes is not canonical ULEB128.
    expect(isValidPure(new Uint8Array([0x81, 0x00, 5]), layout('vector<u8>'))).toBe(false);
    expect(isValidPure(new Uint8Array([2]), layout('bool'))).toBe(false);
  });

  it('takes primitives, their vectors and options, strings and IDs, and nothing else', () => {
    expect(pureLayout(parseParam('0x2::object::ID').type)).toEqual({ kind: 'address' });
    expect(pureLayout(parseParam('vector<0x1::option::Option<u256>>').type)).not.toBeNull();
    expect(pureLayout(parseParam('signer').type)).toBeNull();
    expect(pureLayout(parseParam('0x1::option::Option<0x2::object::UID>').type)).toBeNull();
  });
});
