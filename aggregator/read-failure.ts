// A failed read as the daemon reports it. Floe's reader says *why* in its own terms (no verified
// metadata anywhere, too few slivers, no such patch); the daemon's client says whether the blob
// exists at all, so when no node had valid metadata the nodes are asked for the blob's status:
// nonexistent (or invalid) is 404, anything else the transient 503 — never a 500 for a missing blob.
import type { Committee } from '../core/walrus/committee.ts';
import type { FetchLike } from '../core/walrus/node-client.ts';
import { QuiltFormatError } from '../core/walrus/quilt.ts';
import {
  InvalidReadRequestError,
  MetadataUnavailableError,
  NotEnoughSliversError,
  QuiltPatchNotFoundError,
} from '../core/walrus/read-errors.ts';
import { agreedBlobStatus, isNonexistent } from './blob-status.ts';
import { AggregatorError, errors } from './errors.ts';

export interface ReadFailureContext {
  readonly committee: Committee;
  readonly blobId: Uint8Array;
  /** A quilt patch was asked for: a column range the quilt lacks is a missing patch. */
  readonly patch: boolean;
  readonly fetch?: FetchLike;
}

export async function daemonReadError(error: unknown, context: ReadFailureContext): Promise<AggregatorError> {
  if (error instanceof AggregatorError) return error;
  if (error instanceof QuiltPatchNotFoundError) return errors.quiltPatchNotFound();
  if (error instanceof InvalidReadRequestError && context.patch) return errors.quiltPatchNotFound();
  if (error instanceof MetadataUnavailableError) {
    if (error.failures.some((f) => /\bHTTP 451\b/.test(f.reason))) return errors.blocked();
    const status = await agreedBlobStatus(context.committee, context.blobId, {
      ...(context.fetch ? { fetch: context.fetch } : {}),
    }).catch(() => null);
    return isNonexistent(status) ? errors.blobNotFound() : errors.blobUnavailable();
  }
  if (error instanceof NotEnoughSliversError) return errors.blobUnavailable();
  if (error instanceof QuiltFormatError)
    return errors.internal(`the blob is not a valid quilt: ${error.message}`);
  return errors.internal((error as Error)?.message ?? String(error));
}
