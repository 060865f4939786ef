// The gRPC effects of a stored transaction, checked the way clients see them: encoded and decoded
// as protobuf, then parsed by the SDK's gRPC client, they must say what the SDK reads from the
// same transaction's BCS effects (which is what its JSON-RPC client shows).
import { describe, expect, it } from 'vitest';
import { parseTransactionEffectsBcs } from '@mysten/sui/client';
import { GrpcTypes, parseGrpcTransactionResponse } from '@mysten/sui/grpc';
import { normalizeSuiAddress } from '@mysten/sui/utils';
import { effectsBcs } from '../exec/effects.ts';
import type { ObjectChange, TransactionRecord } from '../state/records.ts';
import {
  coinObject,
  digestOf,
  idOf,
  moveObject,
  removed,
  transaction,
  written,
} from '../state/test-support/fixtures.ts';
import { devnetRegistry } from '../registry.ts';
import { ReadMask } from './read-mask.ts';
import { executedTransactionToProto } from './render-transaction.ts';

const alice = idOf('alice');
const SITE = `${normalizeSuiAddress('0x5')}::site::Site`;
const gasBefore = coinObject(idOf('gas'), alice, 1000n, 4n);
const gasAfter = coinObject(idOf('gas'), alice, 900n, 9n);
const shared = (version: bigint) =>
  moveObject({
    id: idOf('shared'),
    owner: { Shared: { initial_shared_version: '2' } },
    type: SITE,
    contents: new Uint8Array(32),
    version,
  });
const frozen = moveObject({
  id: idOf('frozen'),
  owner: 'Immutable',
  type: SITE,
  contents: new Uint8Array(32),
});
const changes: ObjectChange[] = [
  written('mutated', gasAfter, gasBefore),
  written('created', coinObject(idOf('new coin'), idOf('bob'), 100n, 9n)),
  written('mutated', shared(9n), shared(5n)),
  written('created', { ...frozen, version: 9n }),
  removed('deleted', coinObject(idOf('merged'), alice, 1n, 3n)),
  removed(
    'wrapped',
    moveObject({
      id: idOf('wrapped'),
      owner: { AddressOwner: alice },
      type: SITE,
      contents: new Uint8Array(32),
    }),
  ),
];
const base = transaction({ seed: 'effects', sender: alice, gasObject: gasAfter, changes });
const readOnly = { id: idOf('read only'), version: 7n, digest: digestOf('read only') };

function withStatus(failure?: { kind: string; data: unknown; command: number | null }): TransactionRecord {
  const status = failure
    ? {
        success: false as const,
        error: `${failure.kind} in command ${failure.command}`,
        command: failure.command,
      }
    : { success: true as const };
  return {
    ...base,
    status,
    effects: effectsBcs({
      status,
      ...(failure ? { failure } : {}),
      executedEpoch: 3n,
      gasUsed: base.gasUsed,
      transactionDigest: base.digest,
      gasObjectId: gasAfter.id,
      eventsDigest: digestOf('events'),
      dependencies: [digestOf('dependency')],
      lamportVersion: 9n,
      changes,
      readOnlyShared: [readOnly],
    }),
  };
}

/** What the SDK's gRPC client makes of the effects, after a trip over the wire. */
function overGrpc(record: TransactionRecord) {
  const message = executedTransactionToProto(record, ReadMask.all(), {
    registry: devnetRegistry(),
    objectType: () => undefined,
  });
  const decoded = GrpcTypes.ExecutedTransaction.fromBinary(GrpcTypes.ExecutedTransaction.toBinary(message));
  const parsed = parseGrpcTransactionResponse(decoded, { include: { effects: true } });
  return (parsed.Transaction ?? parsed.FailedTransaction)!.effects!;
}

describe('gRPC effects', () => {
  it('say everything the BCS effects say', () => {
    const record = withStatus();
    expect(overGrpc(record)).toEqual(parseTransactionEffectsBcs(record.effects));
  });

  it('carry each execution failure with the details the SDK reads', () => {
    const location = {
      module: { address: normalizeSuiAddress('0x5'), name: 'site' },
      function: 2,
      instruction: 7,
      functionName: 'new_range',
    };
    const failures = [
      { kind: 'MoveAbort', data: [location, 4n], command: 1 },
      {
        kind: 'CommandArgumentError',
        data: { argIdx: 1, kind: { IndexOutOfBounds: { idx: 3 } } },
        command: 0,
      },
      { kind: 'CommandArgumentError', data: { argIdx: 0, kind: { InvalidGasCoinUsage: true } }, command: 2 },
      { kind: 'InsufficientCoinBalance', data: true, command: 0 },
      { kind: 'InsufficientGas', data: true, command: null },
    ];
    for (const failure of failures) {
      const record = withStatus(failure);
      const { status } = overGrpc(record);
      const expected = parseTransactionEffectsBcs(record.effects).status;
      expect(status.success, failure.kind).toBe(false);
      const { message: _grpcMessage, ...error } = status.error!;
      const { message: _bcsMessage, ...expectedError } = expected.error!;
      if (error.$kind === 'MoveAbort') {
        // The BCS path has no clever-error slot; the rest of the abort is the same.
        expect({ ...error, MoveAbort: { ...error.MoveAbort, cleverError: undefined } }).toEqual(
          expectedError,
        );
      } else expect(error, failure.kind).toEqual(expectedError);
    }
  });

  it('name a type-argument error by its own kind', () => {
    // (The SDK names it through the wrong enum, so this reads the message itself.)
    const record = withStatus({
      kind: 'TypeArgumentError',
      data: { argumentIdx: 1, kind: { ConstraintNotSatisfied: true } },
      command: 0,
    });
    const effects = executedTransactionToProto(record, ReadMask.of(['effects.status']), {
      registry: devnetRegistry(),
      objectType: () => undefined,
    }).effects!;
    expect(effects.status?.error).toMatchObject({
      kind: GrpcTypes.ExecutionError_ExecutionErrorKind.TYPE_ARGUMENT_ERROR,
      command: 0n,
      errorDetails: {
        oneofKind: 'typeArgumentError',
        typeArgumentError: {
          typeArgument: 1,
          kind: GrpcTypes.TypeArgumentError_TypeArgumentErrorKind.CONSTRAINT_NOT_SATISFIED,
        },
      },
    });
  });

  it('give the abort message the SDK formats from the location', () => {
    const location = {
      module: { address: normalizeSuiAddress('0x5'), name: 'site' },
      function: 0,
      instruction: 0,
      functionName: 'new_range',
    };
    const { status } = overGrpc(withStatus({ kind: 'MoveAbort', data: [location, 2n], command: 0 }));
    expect(status.error?.message).toBe(
      `MoveAbort in 1st command, abort code: 2, in '${normalizeSuiAddress('0x5')}::site::new_range' (instruction 0)`,
    );
  });
});
