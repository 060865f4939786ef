// Checkpoint records and their digests. A single validator has no certificates to agree on, but
// the chain identifier is derived from checkpoint 0's digest and clients cache it, so the digest
// must be a pure function of the checkpoint's contents: replaying the log yields the same chain.
import { bcs, toBase58 } from '@mysten/bcs';
import { blake2b } from '@noble/hashes/blake2.js';
import type { CheckpointRecord, GasSummary } from './records.ts';

export const ZERO_GAS: GasSummary = {
  computationCost: 0n,
  storageCost: 0n,
  storageRebate: 0n,
  nonRefundableStorageFee: 0n,
};

export function addGas(a: GasSummary, b: GasSummary): GasSummary {
  return {
    computationCost: a.computationCost + b.computationCost,
    storageCost: a.storageCost + b.storageCost,
    storageRebate: a.storageRebate + b.storageRebate,
    nonRefundableStorageFee: a.nonRefundableStorageFee + b.nonRefundableStorageFee,
  };
}

const GasSummaryBcs = bcs.struct('GasCostSummary', {
  computationCost: bcs.u64(),
  storageCost: bcs.u64(),
  storageRebate: bcs.u64(),
  nonRefundableStorageFee: bcs.u64(),
});

// Field order is part of the digest; digests are kept as their base58 strings so that any digest
// the executor produces can be hashed, valid base58 or not.
const CheckpointSummaryBcs = bcs.struct('CheckpointSummary', {
  epoch: bcs.u64(),
  sequenceNumber: bcs.u64(),
  networkTotalTransactions: bcs.u64(),
  previousDigest: bcs.option(bcs.string()),
  epochRollingGasCostSummary: GasSummaryBcs,
  timestampMs: bcs.u64(),
  transactions: bcs.vector(bcs.string()),
});

// Same domain-separation style as Sui's intent-less digests (`TypeName::` ‖ BCS).
const DOMAIN = new TextEncoder().encode('CheckpointSummary::');

export type CheckpointContents = Omit<CheckpointRecord, 'digest'> & {
  readonly epochRollingGasCostSummary: GasSummary;
};

/** base58(blake2b-256("CheckpointSummary::" ‖ BCS(contents))). */
export function checkpointDigest(contents: CheckpointContents): string {
  const body = CheckpointSummaryBcs.serialize({
    epoch: contents.epoch,
    sequenceNumber: contents.sequenceNumber,
    networkTotalTransactions: contents.networkTotalTransactions,
    previousDigest: contents.previousDigest,
    epochRollingGasCostSummary: contents.epochRollingGasCostSummary,
    timestampMs: BigInt(contents.timestampMs),
    transactions: [...contents.transactions],
  }).toBytes();
  const input = new Uint8Array(DOMAIN.length + body.length);
  input.set(DOMAIN);
  input.set(body, DOMAIN.length);
  return toBase58(blake2b(input, { dkLen: 32 }));
}

/** A checkpoint record with its digest filled in. */
export function makeCheckpoint(contents: CheckpointContents): CheckpointRecord {
  return {
    sequenceNumber: contents.sequenceNumber,
    digest: checkpointDigest(contents),
    epoch: contents.epoch,
    timestampMs: contents.timestampMs,
    transactions: contents.transactions,
    previousDigest: contents.previousDigest,
    networkTotalTransactions: contents.networkTotalTransactions,
    epochRollingGasCostSummary: contents.epochRollingGasCostSummary,
  };
}
