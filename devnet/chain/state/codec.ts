// What one log frame holds, and how it becomes bytes. JSON keeps the log greppable while records
// evolve; the two types JSON lacks are tagged: a bigint is {"$n":"123"} and a byte array is
// {"$b":"<base64>"}. No record field is a one-key object named `$n` or `$b`, so tags are unambiguous.
import { fromBase64, toBase64 } from '@mysten/bcs';
import { CorruptLogError } from './errors.ts';
import type { CheckpointRecord, CommitBatch, EpochInfo } from './records.ts';

export type LogRecord =
  /** The first record of every log: the genesis transactions, checkpoint 0 and epoch 0, atomically. */
  | {
      readonly kind: 'genesis';
      readonly epoch: EpochInfo;
      readonly batches: readonly CommitBatch[];
      readonly checkpoint: CheckpointRecord;
    }
  /** One executed transaction and the checkpoint that holds it. */
  | { readonly kind: 'commit'; readonly batch: CommitBatch; readonly checkpoint: CheckpointRecord }
  /** A new epoch began. */
  | { readonly kind: 'epoch'; readonly epoch: EpochInfo };

const KINDS = new Set(['genesis', 'commit', 'epoch']);

export function encodeRecord(record: LogRecord): Uint8Array {
  return new TextEncoder().encode(JSON.stringify(record, replacer));
}

/**
 * Parses a record that passed its frame checksum.
 * @throws CorruptLogError if the bytes are not a record this version writes (`offset` is for the message).
 */
export function decodeRecord(bytes: Uint8Array, offset = 0): LogRecord {
  let value: unknown;
  try {
    value = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes), reviver);
  } catch (cause) {
    throw new CorruptLogError('undecodable record in chain log', offset, { cause });
  }
  const kind = (value as { kind?: unknown } | null)?.kind;
  if (typeof kind !== 'string' || !KINDS.has(kind))
    throw new CorruptLogError(`unknown record kind ${JSON.stringify(kind)} in chain log`, offset);
  return value as LogRecord;
}

function replacer(_key: string, value: unknown): unknown {
  if (typeof value === 'bigint') return { $n: value.toString() };
  if (value instanceof Uint8Array) return { $b: toBase64(value) };
  return value;
}

function reviver(_key: string, value: unknown): unknown {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return value;
  const keys = Object.keys(value);
  if (keys.length !== 1) return value;
  const tagged = value as { $n?: unknown; $b?: unknown };
  if (typeof tagged.$n === 'string') return BigInt(tagged.$n);
  if (typeof tagged.$b === 'string') return fromBase64(tagged.$b);
  return value;
}
