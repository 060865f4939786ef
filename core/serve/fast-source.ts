// Untrusted fast sources: aggregators or caches a portal may name, raced with the storage nodes.
// Their bytes get exactly the check sliver bytes get, the SHA-256 the chain holds for the file,
// so a source that lies, truncates or serves another file only loses its race; it can never put
// a byte in front of a visitor. A near aggregator with warm connections to the nodes can answer a
// first visit sooner than the nodes themselves, which the browser must first connect to.
import type { SiteResource } from '../site/types.ts';
import { QUILT_PATCH_HEADER } from '../site/types.ts';
import { blobIdFromText } from '../walrus/blob-id.ts';
import type { FetchLike } from '../walrus/node-client.ts';
import { parseInternalPatchId, quiltPatchIdToText } from '../walrus/quilt.ts';
import { sha256Matches } from '../walrus/sha256.ts';

export class FastSourceError extends Error {
  override name = 'FastSourceError';
}

/**
 * The aggregator API path of a resource's bytes (Walrus HTTP API, `GET /v1/blobs/...`): its quilt
 * patch by ID, or the whole blob.
 */
export function fastSourcePath(resource: SiteResource): string {
  const internal = resource.headers.get(QUILT_PATCH_HEADER);
  const columns = internal ? parseInternalPatchId(internal) : null;
  if (!columns) return `/v1/blobs/${resource.blobId}`;
  const id = quiltPatchIdToText({ quiltId: blobIdFromText(resource.blobId), ...columns });
  return `/v1/blobs/by-quilt-patch-id/${id}`;
}

/** A source's base URL: http(s), no query or fragment; the path is kept (an aggregator under a prefix). */
export function parseFastSource(text: string): string {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new FastSourceError(`a fast source must be a URL, got ${JSON.stringify(text)}`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new FastSourceError(`a fast source must be http(s), got ${JSON.stringify(text)}`);
  if (url.search || url.hash)
    throw new FastSourceError(`a fast source takes no query or fragment, got ${JSON.stringify(text)}`);
  return url.toString().replace(/\/+$/, '');
}

/** Reads `resource` from the source at `base`; resolves only with bytes that hash to `blobHash`. */
export async function readFastSource(
  fetch: FetchLike,
  base: string,
  resource: SiteResource,
  signal: AbortSignal,
): Promise<Uint8Array> {
  const response = await fetch(`${base}${fastSourcePath(resource)}`, { signal });
  if (!response.ok) {
    await response.body?.cancel().catch(() => {});
    throw new FastSourceError(`${base} answered ${response.status}`);
  }
  const bytes = new Uint8Array(await response.arrayBuffer());
  if (!(await sha256Matches(bytes, resource.blobHash)))
    throw new FastSourceError(`${base} sent ${bytes.length} bytes that do not match the chain's SHA-256`);
  return bytes;
}

export type RaceWinner<T> =
  | { readonly kind: 'nodes'; readonly value: T }
  | { readonly kind: 'fast'; readonly source: string; readonly bytes: Uint8Array };

/**
 * Runs the node read and every fast source at once; the first to succeed wins and the others are
 * aborted. Only when all of them fail is the nodes' error the answer: the nodes are the source of
 * truth, a fast source only ever saves time (or covers for nodes that cannot answer).
 */
export async function raceFastSources<T>(
  nodes: (signal: AbortSignal) => Promise<T>,
  sources: readonly string[],
  read: (base: string, signal: AbortSignal) => Promise<Uint8Array>,
  /** Reads already under way (a navigation preload), each resolving only with checked bytes. */
  started: readonly { readonly source: string; readonly bytes: Promise<Uint8Array> }[] = [],
): Promise<RaceWinner<T>> {
  const abort = new AbortController();
  const fromNodes = nodes(abort.signal).then((value): RaceWinner<T> => ({ kind: 'nodes', value }));
  if (sources.length === 0 && started.length === 0) return fromNodes;
  const fast = [
    ...sources.map((source) =>
      read(source, abort.signal).then((bytes): RaceWinner<T> => ({ kind: 'fast', source, bytes })),
    ),
    ...started.map(({ source, bytes }) =>
      bytes.then((checked): RaceWinner<T> => ({ kind: 'fast', source, bytes: checked })),
    ),
  ];
  try {
    return await Promise.any([fromNodes, ...fast]);
  } catch {
    // Every contender failed: report why the nodes could not answer.
    return await fromNodes;
  } finally {
    abort.abort();
    // The losers' rejections (aborts, mostly) are expected and not the caller's concern.
    for (const contender of [fromNodes, ...fast]) contender.catch(() => {});
  }
}
