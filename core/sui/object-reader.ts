// The one chain read a site visit needs: objects by ID, with their Move contents. Serving code
// (core/serve) asks only this of a client, so the service worker can use the small readers in
// object-reader-grpc.ts and object-reader-json-rpc.ts instead of the SDK's clients, whose
// start-up cost (protobuf message types, transaction schemas) was about 90 ms of every worker
// start in Chromium, measured on this machine. A `SuiGrpcClient` or `SuiJsonRpcClient` fits the
// same interface, which is what the portal server passes.
import { ObjectError } from '@mysten/sui/client';

export interface ChainObject {
  readonly objectId: string;
  readonly version: string;
  readonly digest: string;
  /** The Move struct's BCS, when asked for with `include.content`. */
  readonly content?: Uint8Array | undefined;
}

export interface GetObjectsOptions {
  readonly objectIds: string[];
  readonly include?: { readonly content?: boolean };
  readonly signal?: AbortSignal;
}

/** `client.core.getObjects` and nothing else: each entry an object or the error for its ID. */
export interface ObjectReader {
  readonly core: {
    getObjects(options: GetObjectsOptions): Promise<{ objects: (ChainObject | Error)[] }>;
  };
}

/** Full nodes answer at most this many objects per request, on either transport. */
export const MAX_OBJECTS_PER_BATCH = 50;

/** The SDK's error for an object that does not exist, so callers treat both readers alike. */
export function missingObject(objectId: string, message: string): ObjectError {
  return new ObjectError('notExists', message, { reason: 'notFound', objectId });
}

export function otherObjectError(objectId: string, code: string, message: string): ObjectError {
  return new ObjectError(code, message, { reason: 'unknown', objectId });
}

export function batches<T>(items: readonly T[], size = MAX_OBJECTS_PER_BATCH): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** The chain could not be asked (network, HTTP or RPC-level failure). */
export class ChainReadError extends Error {
  override readonly name = 'ChainReadError';
}
