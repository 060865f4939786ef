// Why a read failed, in terms a user can act on: which nodes failed and how, never wrong bytes.
import { blobIdToText } from './blob-id.ts';

/** One failed attempt against one node, kept for error messages and stats. */
export interface ReadFailure {
  readonly node: string;
  readonly what: string;
  readonly reason: string;
}

export class ReadError extends Error {
  override name = 'ReadError';
}

export class InvalidReadRequestError extends ReadError {
  override name = 'InvalidReadRequestError';
}

/** No node returned metadata that hashes to the blob ID. */
export class MetadataUnavailableError extends ReadError {
  override name = 'MetadataUnavailableError';
  readonly failures: readonly ReadFailure[];

  constructor(blobId: Uint8Array, failures: readonly ReadFailure[]) {
    super(`no storage node returned valid metadata for blob ${blobIdToText(blobId)}${summarize(failures)}`);
    this.failures = failures;
  }
}

/** Fewer than p honest primary slivers could be collected, so the blob cannot be reconstructed. */
export class NotEnoughSliversError extends ReadError {
  override name = 'NotEnoughSliversError';
  readonly failures: readonly ReadFailure[];
  readonly collected: number;
  readonly needed: number;

  constructor(blobId: Uint8Array, collected: number, needed: number, failures: readonly ReadFailure[]) {
    super(
      `not enough slivers to reconstruct blob ${blobIdToText(blobId)}: ${collected} of ${needed} verified primary slivers${summarize(failures)}`,
    );
    this.failures = failures;
    this.collected = collected;
    this.needed = needed;
  }
}

/** Bytes reconstructed from verified slivers still do not match the expected SHA-256. */
export class IntegrityError extends ReadError {
  override name = 'IntegrityError';
}

/** The writer encoded the blob inconsistently: decoded rows do not match the committed hashes. */
export class InconsistentBlobError extends ReadError {
  override name = 'InconsistentBlobError';
}

export class QuiltPatchNotFoundError extends ReadError {
  override name = 'QuiltPatchNotFoundError';
}

/** "node-a: 3× HTTP 404 SLIVER_NOT_FOUND; node-b: 1× timed out" — grouped so 1000 shards stay readable. */
export function summarize(failures: readonly ReadFailure[]): string {
  if (failures.length === 0) return '';
  const byNode = new Map<string, Map<string, number>>();
  for (const f of failures) {
    const reasons = byNode.get(f.node) ?? new Map<string, number>();
    reasons.set(f.reason, (reasons.get(f.reason) ?? 0) + 1);
    byNode.set(f.node, reasons);
  }
  const parts = [...byNode]
    .slice(0, 8)
    .map(
      ([node, reasons]) =>
        `${node}: ${[...reasons].map(([reason, count]) => (count > 1 ? `${count}× ${reason}` : reason)).join(', ')}`,
    );
  const more = byNode.size > 8 ? `; and ${byNode.size - 8} more nodes` : '';
  return ` (${parts.join('; ')}${more})`;
}
