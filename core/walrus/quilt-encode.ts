// Builds a QuiltV1 blob from files (the official layout, via `encodeQuilt` from @mysten/walrus) and
// encodes it. Runs wherever encoding runs: a worker thread in the CLI, a Web Worker in the browser.
import { encodeQuilt } from '@mysten/walrus';
import type { EncodedBlob, WalrusCodec } from './encoding.ts';

export interface QuiltFile {
  /** Patch identifier; Walrus Sites uses the resource path, e.g. `/index.html`. */
  readonly identifier: string;
  readonly contents: Uint8Array;
  /** The patch's tags (`PUT /v1/quilts` `_metadata`); site resources have none. */
  readonly tags?: Readonly<Record<string, string>>;
}

/** Where a patch lives in the quilt: secondary-sliver (column) indices `[start, end)`. */
export interface QuiltPatchPlacement {
  readonly identifier: string;
  readonly start: number;
  readonly end: number;
}

export interface EncodedQuilt {
  readonly encoded: EncodedBlob;
  /** Unencoded quilt length, the `size` registered on chain. */
  readonly size: number;
  readonly patches: readonly QuiltPatchPlacement[];
}

export function encodeQuiltBlob(codec: WalrusCodec, files: readonly QuiltFile[]): EncodedQuilt {
  const { quilt, index } = encodeQuilt({
    blobs: files.map((f) => ({
      identifier: f.identifier,
      contents: f.contents,
      ...(f.tags ? { tags: { ...f.tags } } : {}),
    })),
    numShards: codec.geometry.n,
  });
  return {
    encoded: codec.encode(quilt),
    size: quilt.length,
    patches: index.patches.map((p) => ({ identifier: p.identifier, start: p.startIndex, end: p.endIndex })),
  };
}
