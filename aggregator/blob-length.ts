// A blob's unencoded length, from metadata that verifies against its ID. A range answer needs it
// before the read (to refuse a range past the end, as the daemon does with 416) and in its
// Content-Range; Floe's reader only returns the bytes asked for. The blob ID commits to the
// length, so verified lengths are kept: seeking through a video asks the nodes once.
import type { Committee } from '../core/walrus/committee.ts';
import { verifyMetadata } from '../core/walrus/metadata.ts';
import { StorageNodeClient, type FetchLike } from '../core/walrus/node-client.ts';
import { MetadataUnavailableError, type ReadFailure } from '../core/walrus/read-errors.ts';
import { blobIdToText } from '../core/walrus/blob-id.ts';

export interface BlobLengthsOptions {
  readonly fetch?: FetchLike;
  /** Per-node deadline (default 10 s, the reader's). */
  readonly timeoutMs?: number;
  /** Lengths kept (default 4096). */
  readonly keep?: number;
}

export class BlobLengths {
  readonly #options: BlobLengthsOptions;
  readonly #known = new Map<string, number>();

  constructor(options: BlobLengthsOptions = {}) {
    this.#options = options;
  }

  /** The verified length; asks one node after another until one's metadata verifies. */
  async get(committee: Committee, blobId: Uint8Array): Promise<number> {
    const key = blobIdToText(blobId);
    const known = this.#known.get(key);
    if (known !== undefined) return known;
    const failures: ReadFailure[] = [];
    for (const member of committee.members) {
      const client = new StorageNodeClient({
        url: member.url,
        timeoutMs: this.#options.timeoutMs ?? 10_000,
        ...(this.#options.fetch ? { fetch: this.#options.fetch } : {}),
      });
      try {
        const metadata = verifyMetadata(blobId, await client.getMetadata(blobId), committee.n);
        this.#remember(key, metadata.unencodedLength);
        return metadata.unencodedLength;
      } catch (error) {
        failures.push({ node: member.url, what: 'metadata', reason: (error as Error).message });
      }
    }
    throw new MetadataUnavailableError(blobId, failures);
  }

  #remember(key: string, length: number): void {
    this.#known.set(key, length);
    if (this.#known.size > (this.#options.keep ?? 4096)) this.#known.delete(this.#known.keys().next().value!);
  }
}
