// `sui_multiGetObjects` over JSON-RPC, for networks reached that way (the devnet, on request):
// the JSON-RPC counterpart of object-reader-grpc.ts, mapping answers as the SDK does.
import { fromBase64, normalizeSuiAddress } from '@mysten/sui/utils';
import {
  batches,
  ChainReadError,
  missingObject,
  otherObjectError,
  type ChainObject,
  type GetObjectsOptions,
  type ObjectReader,
} from './object-reader.ts';

interface ObjectResponse {
  readonly data?: {
    readonly objectId: string;
    readonly version: string;
    readonly digest: string;
    readonly bcs?: { readonly dataType: string; readonly bcsBytes?: string };
  };
  readonly error?: { readonly code: string; readonly object_id?: string };
}

export function jsonRpcObjectReader(url: string, fetchImpl: typeof fetch = fetch): ObjectReader {
  let id = 0;
  return {
    core: {
      async getObjects(options: GetObjectsOptions) {
        const objects: (ChainObject | Error)[] = [];
        const content = options.include?.content === true;
        for (const ids of batches(options.objectIds)) {
          const response = await fetchImpl(url, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({
              jsonrpc: '2.0',
              id: ++id,
              method: 'sui_multiGetObjects',
              params: [ids, { showBcs: content }],
            }),
            ...(options.signal ? { signal: options.signal } : {}),
          });
          if (!response.ok) throw new ChainReadError(`sui_multiGetObjects answered HTTP ${response.status}`);
          const json = (await response.json()) as { result?: ObjectResponse[]; error?: { message: string } };
          if (!json.result)
            throw new ChainReadError(`sui_multiGetObjects failed: ${json.error?.message ?? 'no result'}`);
          json.result.forEach((entry, i) => objects.push(toObject(entry, ids[i]!, content)));
        }
        return { objects };
      },
    },
  };
}

function toObject(entry: ObjectResponse, id: string, content: boolean): ChainObject | Error {
  if (entry.error) {
    return entry.error.code === 'notExists' || entry.error.code === 'deleted'
      ? missingObject(id, `object ${id} does not exist`)
      : otherObjectError(id, entry.error.code, `object ${id}: ${entry.error.code}`);
  }
  const data = entry.data;
  if (!data) return otherObjectError(id, 'unknown', 'Unexpected result type');
  const bytes = data.bcs?.dataType === 'moveObject' ? data.bcs.bcsBytes : undefined;
  return {
    objectId: normalizeSuiAddress(data.objectId),
    version: String(data.version),
    digest: data.digest,
    ...(content ? { content: bytes === undefined ? undefined : fromBase64(bytes) } : {}),
  };
}
