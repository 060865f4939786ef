// Messages between the encode pool and its worker threads.
import type { BlobMetadata } from '../core/walrus/bcs.ts';
import type { QuiltFile, QuiltPatchPlacement } from '../core/walrus/quilt-encode.ts';

export interface EncodeRequest {
  readonly id: number;
  readonly n: number;
  readonly files: QuiltFile[];
}

export type EncodeReply =
  | {
      readonly id: number;
      readonly ok: true;
      readonly blobId: Uint8Array;
      readonly rootHash: Uint8Array;
      readonly metadata: BlobMetadata;
      readonly symbolSize: number;
      /** Primary slivers of all pairs, then secondary slivers of all pairs (as the codec lays them out). */
      readonly arena: ArrayBuffer;
      readonly primarySize: number;
      readonly secondarySize: number;
      readonly size: number;
      readonly patches: readonly QuiltPatchPlacement[];
    }
  | { readonly id: number; readonly ok: false; readonly message: string };
