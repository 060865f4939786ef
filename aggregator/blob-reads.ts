// The aggregator's reads, all through Floe's reader (core/walrus/reader.ts): only the slivers that
// hold the bytes asked for, each verified against the blob's metadata, missing ones rebuilt from
// other nodes' symbols. Nothing that failed verification is ever returned. Failures come out as the
// daemon's errors (read-failure.ts).
import type { Committee } from '../core/walrus/committee.ts';
import { geometry, secondarySliverSize, symbolSize } from '../core/walrus/geometry.ts';
import type { FetchLike } from '../core/walrus/node-client.ts';
import {
  MAX_QUILT_INDEX_COLUMNS,
  parseQuiltIndex,
  QUILT_INDEX_PREFIX_SIZE,
  QuiltFormatError,
  quiltIndexByteLength,
  quiltPatchIdToText,
  type QuiltPatchId,
} from '../core/walrus/quilt.ts';
import { columnOfBlob, joinColumns } from '../core/walrus/read-plan.ts';
import { WalrusReader, type ReadTarget } from '../core/walrus/reader.ts';
import { BlobLengths } from './blob-length.ts';
import { DaemonApiError, errors } from './errors.ts';
import { checkRangeInBlob, type DaemonRange } from './range.ts';
import { daemonReadError } from './read-failure.ts';

export interface BlobReadsOptions {
  /** The current read committee (a cache of the chain's, or a fixed one in tests). */
  readonly committee: () => Promise<Committee>;
  /** Fetch for storage-node requests (default `globalThis.fetch`). */
  readonly fetch?: FetchLike;
  /** Reader hedging delay (default the reader's). */
  readonly hedgeAfterMs?: number;
}

export interface PatchRead {
  readonly data: Uint8Array;
  readonly identifier: string;
  readonly tags: Readonly<Record<string, string>>;
}

/** One entry of `GET /v1/quilts/{id}/patches`, as the daemon's `QuiltPatchItem` serializes. */
export interface QuiltPatchItem {
  readonly identifier: string;
  readonly patch_id: string;
  /** Sorted by key (a BTreeMap in the daemon). */
  readonly tags: Readonly<Record<string, string>>;
}

export class BlobReads {
  readonly #options: BlobReadsOptions;
  readonly #lengths: BlobLengths;
  #reader: { committee: Committee; reader: WalrusReader } | undefined;

  constructor(options: BlobReadsOptions) {
    this.#options = options;
    this.#lengths = new BlobLengths(options.fetch ? { fetch: options.fetch } : {});
  }

  async blob(blobId: Uint8Array): Promise<Uint8Array> {
    return (await this.#read(blobId, { kind: 'blob' }, false)).data;
  }

  /** Bytes `range.start..=range.end` and the blob's size; 416 when the range passes the end. */
  async range(blobId: Uint8Array, range: DaemonRange): Promise<{ data: Uint8Array; size: number }> {
    const committee = await this.#options.committee();
    let size: number;
    try {
      size = await this.#lengths.get(committee, blobId);
    } catch (error) {
      throw await this.#failure(error, committee, blobId, false);
    }
    const outside = checkRangeInBlob(range, size);
    if (outside) throw outside;
    const target = { kind: 'range' as const, start: Number(range.start), end: Number(range.end) + 1 };
    return { data: (await this.#read(blobId, target, false)).data, size };
  }

  /** `/byte-range?start&length`: its bad parameters are 400s, not 416s. */
  async byteRange(blobId: Uint8Array, start: bigint, length: bigint): Promise<Uint8Array> {
    if (length === 0n) throw errors.invalidByteRangeParameters('length must be greater than 0');
    if (start + length > 0xffff_ffff_ffff_ffffn)
      throw errors.invalidByteRangeParameters('start + length overflows');
    try {
      return (await this.range(blobId, { start, end: start + length - 1n })).data;
    } catch (error) {
      if (error instanceof DaemonApiError && error.reason === 'INVALID_BYTE_RANGE') {
        throw errors.invalidByteRangeParameters(
          error.message.replace(/^invalid byte range parameters: /, ''),
        );
      }
      throw error;
    }
  }

  async patch(patch: QuiltPatchId): Promise<PatchRead> {
    const target = { kind: 'patch' as const, start: patch.start, end: patch.end };
    return this.#patch(await this.#read(patch.quiltId, target, true));
  }

  async patchByIdentifier(quiltId: Uint8Array, identifier: string): Promise<PatchRead> {
    return this.#patch(await this.#read(quiltId, { kind: 'identifier', identifier }, true));
  }

  /**
   * The quilt's index. The index sits in the first columns, which the reader only hands out as
   * part of the whole (verified) blob, so the whole quilt is read and its columns cut out.
   */
  async patches(quiltId: Uint8Array): Promise<QuiltPatchItem[]> {
    const committee = await this.#options.committee();
    const { data } = await this.#read(quiltId, { kind: 'blob' }, false);
    try {
      const g = geometry(committee.n);
      const sym = symbolSize(g, data.length);
      const columnSize = secondarySliverSize(g, sym);
      const column = (c: number) => columnOfBlob(data, c, g, sym);
      const total = quiltIndexByteLength(column(0).subarray(0, QUILT_INDEX_PREFIX_SIZE));
      const count = Math.ceil(total / columnSize);
      if (count > Math.min(MAX_QUILT_INDEX_COLUMNS, g.s)) {
        throw new QuiltFormatError(`quilt index spans ${count} columns`);
      }
      const columns = new Map(Array.from({ length: count }, (_, c) => [c, column(c)] as const));
      return parseQuiltIndex(joinColumns(columns, 0, count), columnSize).map((entry) => ({
        identifier: entry.identifier,
        patch_id: quiltPatchIdToText({ quiltId, start: entry.start, end: entry.end }),
        tags: sortedTags(entry.tags),
      }));
    } catch (error) {
      throw await this.#failure(error, committee, quiltId, false);
    }
  }

  async #read(blobId: Uint8Array, target: ReadTarget, patch: boolean) {
    const committee = await this.#options.committee();
    try {
      return await this.#readerFor(committee).read({ blobId, target });
    } catch (error) {
      throw await this.#failure(error, committee, blobId, patch);
    }
  }

  #patch(result: Awaited<ReturnType<WalrusReader['read']>>): PatchRead {
    // The reader returns `patch` for every patch target.
    const patch = result.patch!;
    return { data: result.data, identifier: patch.identifier, tags: patch.tags };
  }

  #failure(error: unknown, committee: Committee, blobId: Uint8Array, patch: boolean) {
    return daemonReadError(error, {
      committee,
      blobId,
      patch,
      ...(this.#options.fetch ? { fetch: this.#options.fetch } : {}),
    });
  }

  #readerFor(committee: Committee): WalrusReader {
    if (this.#reader?.committee !== committee) {
      this.#reader = {
        committee,
        reader: new WalrusReader({
          committee,
          ...(this.#options.fetch ? { fetch: this.#options.fetch } : {}),
          ...(this.#options.hedgeAfterMs !== undefined ? { hedgeAfterMs: this.#options.hedgeAfterMs } : {}),
          // Every patch of a quilt needs the same decode when nodes are down: share it.
          keepRecoveredBlobs: 4,
        }),
      };
    }
    return this.#reader.reader;
  }
}

function sortedTags(tags: Readonly<Record<string, string>>): Record<string, string> {
  return Object.fromEntries(Object.entries(tags).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}
