// `messages`: the header every certified protocol message starts with (intent type, version, app
// ID, epoch) and the bodies `certify_blob` and `invalidate_blob_id` read from it. Decoding uses
// `sui::bcs` peel semantics, so short messages abort there with `EOutOfRange` (0).
import { normalizeSuiAddress } from '@mysten/sui/utils';
import { toHex } from '@mysten/bcs';
import { MoveAbort } from '../../move/abort.ts';
import { FRAMEWORK } from '../framework.ts';
import { abort } from './constants.ts';
import { readLittleEndian } from './encoding.ts';

const APP_ID = 3;
const INTENT_VERSION = 0;
const BLOB_CERT_MSG_TYPE = 1;
const INVALID_BLOB_ID_MSG_TYPE = 2;

export interface CertifiedMessage {
  readonly intentType: number;
  readonly intentVersion: number;
  readonly certEpoch: number;
  /** The body after the header. */
  readonly message: Uint8Array;
  readonly stakeSupport: number;
}

export type BlobPersistence = { readonly deletable: false } | { readonly deletable: true; objectId: string };

/** A cursor over message bytes with `sui::bcs` peel functions. */
class Peeler {
  #offset = 0;
  readonly #bytes: Uint8Array;

  constructor(bytes: Uint8Array) {
    this.#bytes = bytes;
  }

  #take(length: number, fn: string): Uint8Array {
    if (this.#offset + length > this.#bytes.length)
      throw new MoveAbort(FRAMEWORK, 'bcs', fn, 0, 'EOutOfRange');
    const out = this.#bytes.subarray(this.#offset, this.#offset + length);
    this.#offset += length;
    return out;
  }

  u8(): number {
    return this.#take(1, 'peel_u8')[0]!;
  }

  u32(): number {
    return Number(readLittleEndian(this.#take(4, 'peel_u32'), 0, 4));
  }

  u256(): bigint {
    return readLittleEndian(this.#take(32, 'peel_u256'), 0, 32);
  }

  address(): string {
    return normalizeSuiAddress(toHex(this.#take(32, 'peel_address')));
  }

  rest(): Uint8Array {
    return this.#bytes.slice(this.#offset);
  }
}

/** `new_certified_message`: checks the header against the committee's epoch. */
export function newCertifiedMessage(
  bytes: Uint8Array,
  committeeEpoch: number,
  stake: number,
): CertifiedMessage {
  const fn = 'new_certified_message';
  const peel = new Peeler(bytes);
  const intentType = peel.u8();
  const intentVersion = peel.u8();
  if (intentVersion !== INTENT_VERSION) throw abort('messages', fn, 3, 'EIncorrectIntentVersion');
  const appId = peel.u8();
  if (appId !== APP_ID) throw abort('messages', fn, 0, 'EIncorrectAppId');
  const certEpoch = peel.u32();
  if (certEpoch !== committeeEpoch) throw abort('messages', fn, 1, 'EIncorrectEpoch');
  return { intentType, intentVersion, certEpoch, message: peel.rest(), stakeSupport: stake };
}

/**
 * `certify_blob_message`: blob ID (u256) then the persistence type; trailing bytes are allowed on
 * purpose (future extensions).
 */
export function certifyBlobMessage(message: CertifiedMessage): {
  blobId: bigint;
  persistence: BlobPersistence;
} {
  if (message.intentType !== BLOB_CERT_MSG_TYPE)
    throw abort('messages', 'certify_blob_message', 2, 'EInvalidMsgType');
  const peel = new Peeler(message.message);
  const blobId = peel.u256();
  const kind = peel.u8();
  if (kind === 0) return { blobId, persistence: { deletable: false } };
  if (kind === 1) return { blobId, persistence: { deletable: true, objectId: peel.address() } };
  throw abort('messages', 'peel_blob_persistence_type', 4, 'EInvalidBlobPersistenceType');
}

/** `invalid_blob_id_message`: the body is just the blob ID. */
export function invalidBlobIdMessage(message: CertifiedMessage): bigint {
  if (message.intentType !== INVALID_BLOB_ID_MSG_TYPE)
    throw abort('messages', 'invalid_blob_id_message', 2, 'EInvalidMsgType');
  return new Peeler(message.message).u256();
}
