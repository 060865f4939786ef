// Thin wrapper over @mysten/walrus-wasm (the real RS2 encoder). In Node the package loads its
// WASM synchronously; in a browser or worker `loadEncoding()` must instantiate it first, which the
// service worker does lazily because decoding is only needed on the fallback path.
import initWasm, { BlobEncoder } from '@mysten/walrus-wasm';
import { parseSliverData, sliverDataBcsSize, type BlobMetadata, type SliverData } from './bcs.ts';
import { geometry, primarySliverSize, secondarySliverSize, symbolSize, type Geometry } from './geometry.ts';

export class EncodingError extends Error {
  override name = 'EncodingError';
}

/** What the browser build accepts: a URL of the .wasm, its bytes, or a compiled module. */
export type WasmSource = string | URL | Request | Response | BufferSource | WebAssembly.Module;

let loaded: Promise<void> | undefined;

/**
 * Instantiates the WASM once per realm; a no-op in Node, where the module is already loaded. A
 * failed load is forgotten so a later call (a service worker after a network hiccup) can retry.
 */
export function loadEncoding(source?: WasmSource): Promise<void> {
  loaded ??= Promise.resolve()
    .then(() =>
      (initWasm as (options?: { module_or_path?: WasmSource }) => unknown)(
        source === undefined ? undefined : { module_or_path: source },
      ),
    )
    .then(
      () => undefined,
      (cause: unknown) => {
        loaded = undefined;
        throw new EncodingError(
          `could not load the Walrus WASM: ${(cause as Error)?.message ?? String(cause)}`,
          {
            cause,
          },
        );
      },
    );
  return loaded;
}

export interface EncodedBlob {
  readonly blobId: Uint8Array;
  readonly rootHash: Uint8Array;
  readonly metadata: BlobMetadata;
  readonly symbolSize: number;
  /** BCS `SliverData` of primary sliver k, indexed by sliver pair k. */
  readonly primary: readonly Uint8Array[];
  /** BCS `SliverData` of secondary sliver n−1−k, indexed by sliver pair k. */
  readonly secondary: readonly Uint8Array[];
}

export interface BlobIdentity {
  readonly blobId: Uint8Array;
  readonly rootHash: Uint8Array;
  readonly unencodedLength: number;
}

interface WasmDigest {
  Digest: number[];
}
interface WasmMetadata {
  blob_id: number[];
  metadata: {
    V1: {
      encoding_type: string;
      unencoded_length: number | bigint;
      hashes: { primary_hash: WasmDigest | 'Empty'; secondary_hash: WasmDigest | 'Empty' }[];
    };
  };
}

/** One encoder per shard count; cheap to keep, so callers cache it. */
export class WalrusCodec {
  readonly geometry: Geometry;
  readonly #encoder: BlobEncoder;

  constructor(n: number) {
    this.geometry = geometry(n);
    try {
      this.#encoder = new BlobEncoder(n);
    } catch (cause) {
      // In a browser the WASM must be instantiated first; say so instead of a raw TypeError.
      throw new EncodingError(
        `cannot create the encoder (did loadEncoding() finish?): ${(cause as Error).message}`,
        {
          cause,
        },
      );
    }
  }

  /** Encodes into one preallocated buffer per sliver, so the WASM writes BCS directly. */
  encode(data: Uint8Array): EncodedBlob {
    const g = this.geometry;
    const sym = symbolSize(g, data.length);
    const primarySize = sliverDataBcsSize(primarySliverSize(g, sym));
    const secondarySize = sliverDataBcsSize(secondarySliverSize(g, sym));
    const arena = new Uint8Array(g.n * (primarySize + secondarySize));
    const primary: Uint8Array[] = [];
    const secondary: Uint8Array[] = [];
    for (let k = 0; k < g.n; k++) {
      primary.push(arena.subarray(k * primarySize, (k + 1) * primarySize));
      const base = g.n * primarySize + k * secondarySize;
      secondary.push(arena.subarray(base, base + secondarySize));
    }
    const [meta, root] = this.#call('encode', () => this.#encoder.encode(data, primary, secondary)) as [
      WasmMetadata,
      WasmDigest,
    ];
    return {
      blobId: Uint8Array.from(meta.blob_id),
      rootHash: Uint8Array.from(root.Digest),
      metadata: fromWasmMetadata(meta),
      symbolSize: sym,
      primary,
      secondary,
    };
  }

  /** Blob ID and root hash without producing slivers (still a full encode inside the WASM). */
  computeIdentity(data: Uint8Array): BlobIdentity {
    const [blobId, root, length] = this.#call('compute_metadata', () =>
      this.#encoder.compute_metadata(data),
    ) as [number[], WasmDigest, number | bigint, string];
    return {
      blobId: Uint8Array.from(blobId),
      rootHash: Uint8Array.from(root.Digest),
      unencodedLength: Number(length),
    };
  }

  /**
   * Reconstructs a blob from at least p primary slivers (BCS). The WASM does no consistency
   * check, so callers must verify the result (hash or metadata) before using it.
   */
  decode(blobId: Uint8Array, length: number, primarySlivers: readonly Uint8Array[]): Uint8Array {
    if (primarySlivers.length < this.geometry.p) {
      throw new EncodingError(
        `decoding needs ${this.geometry.p} primary slivers, got ${primarySlivers.length}`,
      );
    }
    const out = new Uint8Array(length);
    this.#call('decode', () =>
      this.#encoder.decode(Array.from(blobId), BigInt(length), [...primarySlivers], out),
    );
    return out;
  }

  /** Parses a BCS sliver produced by `encode` (convenience for tests and the devnet). */
  static sliver(bcs: Uint8Array): SliverData {
    return parseSliverData(bcs);
  }

  #call<T>(what: string, run: () => T): T {
    try {
      return run();
    } catch (cause) {
      const message = cause instanceof Error ? cause.message : String(cause);
      throw new EncodingError(`walrus-wasm ${what} failed: ${message}`, { cause });
    }
  }
}

function fromWasmMetadata(meta: WasmMetadata): BlobMetadata {
  const digest = (node: WasmDigest | 'Empty') => (node === 'Empty' ? null : Uint8Array.from(node.Digest));
  return {
    encodingType: 1,
    unencodedLength: Number(meta.metadata.V1.unencoded_length),
    hashes: meta.metadata.V1.hashes.map((h) => ({
      primary: digest(h.primary_hash),
      secondary: digest(h.secondary_hash),
    })),
  };
}
