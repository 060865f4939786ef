// TransactionEffects V2 in BCS, exactly the layout @mysten/sui parses (`bcs.TransactionEffects`),
// built from the record the executor keeps.
import { bcs } from '@mysten/sui/bcs';
import type { ExecutionStatus, GasSummary, ObjectChange } from '../state/records.ts';
import { ownerBcs } from './overlay.ts';

export interface EffectsInput {
  readonly status: ExecutionStatus;
  readonly failure?: { readonly kind: string; readonly data: unknown; readonly command: number | null };
  readonly executedEpoch: bigint;
  readonly gasUsed: GasSummary;
  readonly transactionDigest: string;
  readonly gasObjectId: string;
  readonly eventsDigest: string | null;
  readonly dependencies: readonly string[];
  readonly lamportVersion: bigint;
  readonly changes: readonly ObjectChange[];
  readonly readOnlyShared: readonly {
    readonly id: string;
    readonly version: bigint;
    readonly digest: string;
  }[];
}

export function effectsBcs(input: EffectsInput): Uint8Array {
  const changed = [...input.changes].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const gasObjectIndex = changed.findIndex((c) => c.id === input.gasObjectId);
  return bcs.TransactionEffects.serialize({
    V2: {
      status: statusBcs(input),
      executedEpoch: input.executedEpoch,
      gasUsed: input.gasUsed,
      transactionDigest: input.transactionDigest,
      gasObjectIndex: gasObjectIndex >= 0 ? gasObjectIndex : null,
      eventsDigest: input.eventsDigest,
      dependencies: [...input.dependencies],
      lamportVersion: input.lamportVersion,
      changedObjects: changed.map((c) => [
        c.id,
        {
          inputState: c.before
            ? { Exist: [[c.before.version, c.before.digest], ownerBcs(c.before.owner)] }
            : { NotExist: true },
          outputState: c.after
            ? { ObjectWrite: [c.after.digest, ownerBcs(c.after.owner)] }
            : { NotExist: true },
          idOperation:
            c.kind === 'created'
              ? { Created: true }
              : c.kind === 'deleted'
                ? { Deleted: true }
                : { None: true },
        },
      ]),
      unchangedConsensusObjects: input.readOnlyShared.map((o) => [
        o.id,
        { ReadOnlyRoot: [o.version, o.digest] },
      ]),
      auxDataDigest: null,
    },
  } as never).toBytes();
}

function statusBcs(input: EffectsInput) {
  if (input.status.success) return { Success: true };
  const failure = input.failure ?? { kind: 'InvariantViolation', data: true, command: null };
  return {
    Failure: {
      error: { [failure.kind]: failure.data },
      command: failure.command === null ? null : BigInt(failure.command),
    },
  };
}
