// Input resolution for SimulateTransaction: what an object input named only by its ID becomes,
// decided by the object's owner and by how the transaction's commands use it.
import { describe, expect, it } from 'vitest';
import { GrpcStatusCode, GrpcTypes } from '@mysten/sui/grpc';
import { normalizeSuiAddress } from '@mysten/sui/utils';
import type { ChainObject } from '../state/records.ts';
import { coinObject, idOf, moveObject } from '../state/test-support/fixtures.ts';
import { devnetRegistry } from '../registry.ts';
import { resolveInputs } from './resolve-inputs.ts';
import { GrpcStatusError } from './status.ts';

const TEST_PACKAGE = normalizeSuiAddress('0xcafe');
const THING = `${TEST_PACKAGE}::things::Thing`;
const registry = devnetRegistry();
registry.add({
  address: TEST_PACKAGE,
  name: 'things',
  structs: { Thing: { abilities: ['key', 'store'], fields: [['id', 'UID']] } },
  functions: {
    read: { parameters: [`&${THING}`], returns: [], run: () => [] },
    write: { parameters: [`&mut ${THING}`], returns: [], run: () => [] },
    consume: { parameters: [THING], returns: [], run: () => [] },
    receive: {
      parameters: [`&mut ${THING}`, `0x2::transfer::Receiving<${THING}>`],
      returns: [],
      run: () => [],
    },
  },
});

const alice = idOf('alice');
const thing = (name: string, owner: ChainObject['owner']) =>
  moveObject({ id: idOf(name), owner, type: THING, contents: new Uint8Array(32), version: 7n });
const objects = [
  thing('shared', { Shared: { initial_shared_version: '3' } }),
  thing('owned', { AddressOwner: alice }),
  thing('frozen', 'Immutable'),
  thing('child', { ObjectOwner: idOf('parent') }),
  coinObject(idOf('coin'), alice, 100n),
];
const store = { getObject: (id: string) => objects.find((o) => o.id === id) };
const byName = (name: string) => objects.find((o) => o.id === idOf(name))!;

const Kind = GrpcTypes.Argument_ArgumentKind;
const input = (index: number): GrpcTypes.Argument => ({ kind: Kind.INPUT, input: index });
const call = (fn: string, ...args: GrpcTypes.Argument[]): GrpcTypes.Command => ({
  command: {
    oneofKind: 'moveCall',
    moveCall: { package: TEST_PACKAGE, module: 'things', function: fn, typeArguments: [], arguments: args },
  },
});

function resolve(inputs: GrpcTypes.Input[], commands: GrpcTypes.Command[]) {
  return resolveInputs({ store, registry }, inputs, commands);
}

function statusOf(run: () => unknown): { code: GrpcStatusCode; message: string } | undefined {
  try {
    run();
    return undefined;
  } catch (error) {
    if (error instanceof GrpcStatusError) return { code: error.code, message: error.message };
    throw error;
  }
}

describe('resolveInputs', () => {
  it('makes a shared object mutable only when a command needs it by value or &mut', () => {
    const shared = { objectId: byName('shared').id };
    const sharedArg = (mutable: boolean) => ({
      Object: { SharedObject: { objectId: shared.objectId, initialSharedVersion: '3', mutable } },
    });
    expect(resolve([shared], [call('read', input(0))])).toEqual([sharedArg(false)]);
    expect(resolve([shared], [call('read', input(0)), call('write', input(0))])).toEqual([sharedArg(true)]);
    expect(resolve([shared], [call('consume', input(0))])).toEqual([sharedArg(true)]);
    const split: GrpcTypes.Command = {
      command: { oneofKind: 'splitCoins', splitCoins: { coin: input(0), amounts: [] } },
    };
    expect(resolve([shared], [split])).toEqual([sharedArg(true)]);
    // The mutability a client asked for stands: the SDK refuses a resolution that differs.
    expect(resolve([{ ...shared, mutable: true }], [call('read', input(0))])).toEqual([sharedArg(true)]);
  });

  it('gives owned and immutable objects their current reference, Receiving when a call receives them', () => {
    const owned = byName('owned');
    const ref = { objectId: owned.id, version: 7n, digest: owned.digest };
    expect(resolve([{ objectId: owned.id }], [call('write', input(0))])).toEqual([
      { Object: { ImmOrOwnedObject: ref } },
    ]);
    expect(
      resolve(
        [{ objectId: byName('shared').id }, { objectId: owned.id }],
        [call('receive', input(0), input(1))],
      )[1],
    ).toEqual({ Object: { Receiving: ref } });
    const frozen = byName('frozen');
    expect(resolve([{ objectId: frozen.id }], [call('read', input(0))])).toEqual([
      { Object: { ImmOrOwnedObject: { objectId: frozen.id, version: 7n, digest: frozen.digest } } },
    ]);
  });

  it('keeps pure inputs and fully specified references as they are', () => {
    const coin = byName('coin');
    const pure = new Uint8Array([1, 2, 3]);
    expect(
      resolve(
        [
          { kind: GrpcTypes.Input_InputKind.PURE, pure },
          {
            kind: GrpcTypes.Input_InputKind.IMMUTABLE_OR_OWNED,
            objectId: coin.id,
            version: coin.version,
            digest: coin.digest,
          },
        ],
        [],
      ),
    ).toEqual([
      { Pure: { bytes: pure } },
      { Object: { ImmOrOwnedObject: { objectId: coin.id, version: 1n, digest: coin.digest } } },
    ]);
  });

  it('refuses what a full node refuses, with its status codes', () => {
    const owned = byName('owned');
    expect(statusOf(() => resolve([{ objectId: idOf('nothing') }], []))).toEqual({
      code: GrpcStatusCode.NOT_FOUND,
      message: `Object ${idOf('nothing')} not found`,
    });
    expect(statusOf(() => resolve([{ objectId: byName('child').id }], []))).toEqual({
      code: GrpcStatusCode.INVALID_ARGUMENT,
      message: `object ${byName('child').id} is object owned and cannot be used as an input`,
    });
    expect(statusOf(() => resolve([{ objectId: owned.id, version: 6n }], []))).toEqual({
      code: GrpcStatusCode.INVALID_ARGUMENT,
      message: "provided version doesn't match, provided: 6 actual: 7",
    });
    expect(
      statusOf(() => resolve([{ kind: GrpcTypes.Input_InputKind.SHARED, objectId: owned.id }], [])),
    ).toMatchObject({
      code: GrpcStatusCode.INVALID_ARGUMENT,
      message: `object ${owned.id} is not a shared or consensus object`,
    });
    expect(statusOf(() => resolve([{ objectId: owned.id }], [call('missing', input(0))]))).toEqual({
      code: GrpcStatusCode.INVALID_ARGUMENT,
      message: `unable to find function ${TEST_PACKAGE}::things::missing`,
    });
  });
});
