// `sui.rpc.v2.LedgerService` reads over the devnet's store: service info, objects, checkpoints and
// epochs, with Sui's read-mask defaults and errors (MystenLabs/sui
// crates/sui-rpc-api/src/grpc/v2/ledger_service). The transaction methods (GetTransaction,
// BatchGetTransactions; transactions.ts) and the streaming lists (ListTransactions, ListEvents,
// ListCheckpoints; ledger-lists.ts) are rendered elsewhere and merged in by the caller.
import { GrpcTypes } from '@mysten/sui/grpc';
import { isValidTransactionDigest } from '@mysten/sui/utils';
import type { CheckpointRecord } from '../state/records.ts';
import type { ChainStore } from '../state/store.ts';
import { CHAIN_NAME, chainInfo, SERVER_NAME } from './chain-metadata.ts';
import { ReadMask } from './read-mask.ts';
import { CHECKPOINT_READ_MASK_DEFAULT, renderCheckpoint } from './render-checkpoint.ts';
import { renderObject } from './render-object.ts';
import { requiredAddress } from './request-fields.ts';
import type { GrpcHandler, GrpcService, GrpcServiceContext } from './service.ts';
import { GrpcStatusError, invalidArgument, notFound } from './status.ts';
import { protocolConfigProto, systemStateProto } from './system-state.ts';
import { timestamp } from './timestamp.ts';

/** Sui's defaults when a request sends no read mask. */
export const OBJECT_READ_MASK_DEFAULT = 'object_id,version,digest';
export const EPOCH_READ_MASK_DEFAULT =
  'epoch,first_checkpoint,last_checkpoint,start,end,reference_gas_price,protocol_config.protocol_version';

const BLS_PUBLIC_KEY_BYTES = 96;
/** Sui's total voting power, all of it the single validator's. */
const TOTAL_VOTING_POWER = 10_000n;

/**
 * The LedgerService. `extraHandlers` (e.g. the transaction methods) are added to, and may
 * replace, the handlers defined here.
 */
export function ledgerService(
  ctx: GrpcServiceContext,
  extraHandlers: Readonly<Record<string, GrpcHandler>> = {},
): GrpcService {
  const { store, registry } = ctx;

  const getObject = (id: string, version: bigint | undefined, mask: ReadMask): GrpcTypes.Object => {
    const object = store.getObject(id);
    if (!object) throw notFound(`Object ${id} not found`);
    // The devnet keeps only live versions: an older one is as missing as on a pruned node.
    if (version !== undefined && version !== object.version)
      throw notFound(`Object ${id} with version ${version} not found`);
    return renderObject(object, mask, registry);
  };

  const handlers: Record<string, GrpcHandler> = {
    GetServiceInfo: (): GrpcTypes.GetServiceInfoResponse => {
      const info = chainInfo(store);
      return {
        chainId: info.chainId,
        chain: CHAIN_NAME,
        epoch: info.epoch,
        checkpointHeight: info.checkpointHeight,
        timestamp: timestamp(info.timestampMs),
        lowestAvailableCheckpoint: info.lowestAvailableCheckpoint,
        lowestAvailableCheckpointObjects: info.lowestAvailableCheckpoint,
        server: SERVER_NAME,
      };
    },

    GetObject: (request: GrpcTypes.GetObjectRequest): GrpcTypes.GetObjectResponse => {
      const mask = ReadMask.from(request.readMask, OBJECT_READ_MASK_DEFAULT, GrpcTypes.Object);
      const id = requiredAddress(request.objectId, 'object_id');
      return { object: getObject(id, request.version, mask) };
    },

    BatchGetObjects: (request: GrpcTypes.BatchGetObjectsRequest): GrpcTypes.BatchGetObjectsResponse => {
      const mask = ReadMask.from(request.readMask, OBJECT_READ_MASK_DEFAULT, GrpcTypes.Object);
      // Every ID is checked before any is read: a malformed one fails the whole request.
      const ids = request.requests.map((r, i) => requiredAddress(r.objectId, `requests[${i}].object_id`));
      return {
        objects: request.requests.map((r, i): GrpcTypes.GetObjectResult => {
          try {
            return { result: { oneofKind: 'object', object: getObject(ids[i]!, r.version, mask) } };
          } catch (error) {
            if (!(error instanceof GrpcStatusError)) throw error;
            return {
              result: {
                oneofKind: 'error',
                error: { code: error.code, message: error.message, details: [] },
              },
            };
          }
        }),
      };
    },

    GetCheckpoint: (request: GrpcTypes.GetCheckpointRequest): GrpcTypes.GetCheckpointResponse => {
      const mask = ReadMask.from(request.readMask, CHECKPOINT_READ_MASK_DEFAULT, GrpcTypes.Checkpoint);
      return { checkpoint: renderCheckpoint(findCheckpoint(store, request.checkpointId), mask, store) };
    },

    GetEpoch: (request: GrpcTypes.GetEpochRequest): GrpcTypes.GetEpochResponse => {
      const mask = ReadMask.from(request.readMask, EPOCH_READ_MASK_DEFAULT, GrpcTypes.Epoch);
      return { epoch: renderEpoch(store, request.epoch, mask) };
    },

    ...extraHandlers,
  };
  return { descriptor: GrpcTypes.LedgerService, handlers };
}

function findCheckpoint(
  store: ChainStore,
  id: GrpcTypes.GetCheckpointRequest['checkpointId'],
): CheckpointRecord {
  switch (id.oneofKind) {
    case 'sequenceNumber': {
      const cp = store.getCheckpoint(id.sequenceNumber);
      if (!cp) throw notFound(`Checkpoint ${id.sequenceNumber} not found`);
      return cp;
    }
    case 'digest': {
      if (!isValidTransactionDigest(id.digest))
        throw invalidArgument(`invalid digest: ${JSON.stringify(id.digest)} is not a base58 32-byte digest`);
      const cp = store.getCheckpointByDigest(id.digest);
      if (!cp) throw notFound(`Checkpoint ${id.digest} not found`);
      return cp;
    }
    default:
      return store.latestCheckpoint();
  }
}

/**
 * An epoch as far as the devnet knows it: the current one fully; past ones by number and their
 * checkpoint range (the store keeps no history of prices or system states).
 */
function renderEpoch(store: ChainStore, requested: bigint | undefined, mask: ReadMask): GrpcTypes.Epoch {
  const current = store.epoch();
  const epoch = requested ?? current.epoch;
  if (epoch > current.epoch) throw notFound(`Epoch ${epoch} not found`);
  const message: GrpcTypes.Epoch = {};
  if (mask.has('epoch')) message.epoch = epoch;
  const range = checkpointRange(store, epoch);
  if (mask.has('first_checkpoint') && range) message.firstCheckpoint = range.first;
  if (mask.has('last_checkpoint') && range && epoch < current.epoch) message.lastCheckpoint = range.last;
  if (epoch !== current.epoch) return message;
  if (mask.has('start')) message.start = timestamp(current.startTimestampMs);
  if (mask.has('reference_gas_price')) message.referenceGasPrice = current.referenceGasPrice;
  const config = mask.sub('protocol_config');
  if (config) {
    const full = protocolConfigProto(store);
    message.protocolConfig = {
      ...(config.has('protocol_version') ? { protocolVersion: full.protocolVersion } : {}),
      featureFlags: config.has('feature_flags') ? full.featureFlags : {},
      attributes: config.has('attributes') ? full.attributes : {},
      configs: config.has('configs') ? full.configs : {},
    };
  }
  // Like Sui, the whole system state whenever any of it is asked for.
  if (mask.has('system_state')) message.systemState = systemStateProto(store);
  // One validator with all the voting power; like the checkpoint signature, its BLS key is zero.
  if (mask.has('committee'))
    message.committee = {
      epoch,
      members: [{ publicKey: new Uint8Array(BLS_PUBLIC_KEY_BYTES), weight: TOTAL_VOTING_POWER }],
    };
  return message;
}

/** First and last checkpoint of `epoch` (binary search: epochs never decrease along the chain). */
function checkpointRange(store: ChainStore, epoch: bigint): { first: bigint; last: bigint } | undefined {
  const latest = store.latestCheckpoint().sequenceNumber;
  const firstWithEpochAtLeast = (e: bigint): bigint => {
    let lo = 0n;
    let hi = latest + 1n;
    while (lo < hi) {
      const mid = (lo + hi) / 2n;
      if (store.getCheckpoint(mid)!.epoch < e) lo = mid + 1n;
      else hi = mid;
    }
    return lo;
  };
  const first = firstWithEpochAtLeast(epoch);
  const next = firstWithEpochAtLeast(epoch + 1n);
  return first < next ? { first, last: next - 1n } : undefined;
}
