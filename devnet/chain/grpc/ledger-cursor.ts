// Positions in ledger order and the opaque cursors that name them, for the list methods
// (ListCheckpoints, ListTransactions, ListEvents). As in Sui (MystenLabs/sui crates/sui-rpc-cursor),
// a cursor names the query kind it was minted for, whether it marks an item the client received or
// a scan boundary the server reached, and the position with its checkpoint. Sui encodes its
// `CursorToken` as protobuf, a message `@mysten/sui/grpc` does not ship; the devnet's cursors are
// BCS of the same fields. Clients treat cursors as opaque bytes, so only the devnet reads them.
import { bcs } from '@mysten/sui/bcs';
import { invalidArgument } from './status.ts';

export type Lane = 'checkpoints' | 'transactions' | 'events';

/**
 * A place in ledger order. `seq` is the checkpoint's sequence number for checkpoint queries and the
 * transaction's (counted from genesis) otherwise; `index` is the event's index within its
 * transaction for event queries and 0 otherwise, so one lexicographic order serves all three.
 */
export interface LedgerPosition {
  readonly seq: bigint;
  readonly index: number;
}

export type CursorKind = 'item' | 'boundary';

export interface LedgerCursor {
  readonly lane: Lane;
  readonly kind: CursorKind;
  readonly checkpoint: bigint;
  readonly position: LedgerPosition;
}

const CursorBcs = bcs.struct('LedgerCursor', {
  lane: bcs.enum('Lane', { Checkpoints: null, Transactions: null, Events: null }),
  kind: bcs.enum('CursorKind', { Item: null, Boundary: null }),
  checkpoint: bcs.u64(),
  seq: bcs.u64(),
  index: bcs.u32(),
});

const LANES = { checkpoints: 'Checkpoints', transactions: 'Transactions', events: 'Events' } as const;
const KINDS = { item: 'Item', boundary: 'Boundary' } as const;

export function comparePositions(a: LedgerPosition, b: LedgerPosition): number {
  if (a.seq !== b.seq) return a.seq < b.seq ? -1 : 1;
  return a.index - b.index;
}

export function encodeCursor(cursor: LedgerCursor): Uint8Array {
  return CursorBcs.serialize({
    lane: { [LANES[cursor.lane]]: true } as { Checkpoints: true },
    kind: { [KINDS[cursor.kind]]: true } as { Item: true },
    checkpoint: cursor.checkpoint,
    seq: cursor.position.seq,
    index: cursor.position.index,
  }).toBytes();
}

/**
 * The cursor in `bytes`, which must have been minted for `lane`.
 * @throws GrpcStatusError INVALID_ARGUMENT `invalid cursor`, as Sui answers any cursor it cannot use
 */
export function decodeCursor(bytes: Uint8Array, lane: Lane): LedgerCursor {
  let decoded: ReturnType<typeof CursorBcs.parse>;
  try {
    decoded = CursorBcs.parse(bytes);
  } catch {
    throw invalidArgument('invalid cursor');
  }
  const cursor: LedgerCursor = {
    lane:
      decoded.lane.$kind === 'Checkpoints'
        ? 'checkpoints'
        : decoded.lane.$kind === 'Transactions'
          ? 'transactions'
          : 'events',
    kind: decoded.kind.$kind === 'Item' ? 'item' : 'boundary',
    checkpoint: BigInt(decoded.checkpoint),
    position: { seq: BigInt(decoded.seq), index: decoded.index },
  };
  // Trailing bytes, or an event index on a lane without events, mean it is not one of ours.
  const canonical = encodeCursor(cursor);
  const sameBytes = canonical.length === bytes.length && canonical.every((byte, i) => byte === bytes[i]);
  if (!sameBytes || cursor.lane !== lane || (lane !== 'events' && cursor.position.index !== 0))
    throw invalidArgument('invalid cursor');
  return cursor;
}
