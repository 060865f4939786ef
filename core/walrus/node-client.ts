// HTTP client for one Walrus storage node's `/v1` API. `fetch` is injected so the same code runs
// in Node, the browser, the service worker and against in-memory test nodes.
import { fromBase64 } from '@mysten/bcs';
import { blobIdToText } from './blob-id.ts';
import { parseBlobMetadataWithId, type BlobMetadataWithId } from './bcs.ts';
import {
  apiErrorFromResponse,
  NodeConnectionError,
  NodeProtocolError,
  NodeRequestAbortedError,
  NodeTimeoutError,
} from './node-errors.ts';
import type {
  BlobStatus,
  ServiceHealthInfo,
  SignedConfirmation,
  SliverType,
  StoredOnNodeStatus,
  StoreResult,
} from './node-types.ts';
import { decodingSymbolsQuery, recoverySymbolsQuery, type RecoverySymbolsFilter } from './symbols-query.ts';

export type FetchLike = (input: string, init?: RequestInit) => Promise<Response>;

export interface StorageNodeClientOptions {
  /** Base URL with scheme, e.g. `http://127.0.0.1:9185`. */
  readonly url: string;
  readonly fetch?: FetchLike;
  /** Per-request deadline; 30 s like the official SDK unless overridden. */
  readonly timeoutMs?: number;
}

export interface RequestOptions {
  readonly signal?: AbortSignal;
  readonly timeoutMs?: number;
}

export interface ConfirmationOptions extends RequestOptions {
  /** Ask the node to wait until it has seen the registration event. */
  readonly waitForRegistration?: boolean;
  readonly waitMillis?: number;
}

const OCTET_STREAM = 'application/octet-stream';

export class StorageNodeClient {
  readonly url: string;
  readonly #fetch: FetchLike;
  readonly #timeoutMs: number;

  constructor(options: StorageNodeClientOptions) {
    this.url = options.url.replace(/\/+$/, '');
    this.#fetch = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
    this.#timeoutMs = options.timeoutMs ?? 30_000;
  }

  async getMetadata(blobId: Uint8Array, options?: RequestOptions): Promise<BlobMetadataWithId> {
    const bytes = await this.#bytes(`/v1/blobs/${blobIdToText(blobId)}/metadata`, options);
    return this.#decode(() => parseBlobMetadataWithId(bytes), 'metadata');
  }

  /** Raw BCS `BlobMetadataWithId`, for callers that forward it verbatim. */
  getMetadataBytes(blobId: Uint8Array, options?: RequestOptions): Promise<Uint8Array> {
    return this.#bytes(`/v1/blobs/${blobIdToText(blobId)}/metadata`, options);
  }

  putMetadata(
    blobId: Uint8Array,
    metadataBcs: Uint8Array,
    options?: RequestOptions & { pending?: boolean },
  ): Promise<StoreResult> {
    const query = options?.pending ? '?pending=true' : '';
    return this.#store(`/v1/blobs/${blobIdToText(blobId)}/metadata${query}`, metadataBcs, options);
  }

  getMetadataStatus(blobId: Uint8Array, options?: RequestOptions): Promise<StoredOnNodeStatus> {
    return this.#json<StoredOnNodeStatus>(`/v1/blobs/${blobIdToText(blobId)}/metadata/status`, options);
  }

  /** BCS `SliverData` of the sliver of `type` in pair `pair`. */
  getSliver(
    blobId: Uint8Array,
    pair: number,
    type: SliverType,
    options?: RequestOptions,
  ): Promise<Uint8Array> {
    return this.#bytes(`/v1/blobs/${blobIdToText(blobId)}/slivers/${pair}/${type}`, options);
  }

  putSliver(
    blobId: Uint8Array,
    pair: number,
    type: SliverType,
    sliverBcs: Uint8Array,
    options?: RequestOptions & { pending?: boolean },
  ): Promise<StoreResult> {
    const query = options?.pending ? '?pending=true' : '';
    return this.#store(
      `/v1/blobs/${blobIdToText(blobId)}/slivers/${pair}/${type}${query}`,
      sliverBcs,
      options,
    );
  }

  getSliverStatus(
    blobId: Uint8Array,
    pair: number,
    type: SliverType,
    options?: RequestOptions,
  ): Promise<StoredOnNodeStatus> {
    return this.#json<StoredOnNodeStatus>(
      `/v1/blobs/${blobIdToText(blobId)}/slivers/${pair}/${type}/status`,
      options,
    );
  }

  /**
   * Raw BCS `BTreeMap<SliverIndex, Vec<EitherDecodingSymbol>>` (parse with `parseDecodingSymbols`):
   * for each source sliver index in `targets`, the node's symbols of that sliver, one per orthogonal
   * sliver it holds. Unverified: these carry no proofs. Bytes, so the reader can count them.
   */
  async getDecodingSymbols(
    blobId: Uint8Array,
    targets: readonly number[],
    targetType: SliverType,
    options?: RequestOptions,
  ): Promise<Uint8Array> {
    const query = decodingSymbolsQuery(targets, targetType);
    return this.#bytes(`/v1/blobs/${blobIdToText(blobId)}/decodingSymbols?${query}`, options);
  }

  /**
   * Raw BCS `Vec<GeneralRecoverySymbol>` (parse with `parseRecoverySymbols`): symbols with Merkle
   * proofs against the sliver hashes in the blob's metadata. Nodes rate-limit this (503).
   */
  async getRecoverySymbols(
    blobId: Uint8Array,
    filter: RecoverySymbolsFilter,
    options?: RequestOptions,
  ): Promise<Uint8Array> {
    const query = recoverySymbolsQuery(filter);
    return this.#bytes(`/v1/blobs/${blobIdToText(blobId)}/recoverySymbols?${query}`, options);
  }

  getPermanentConfirmation(blobId: Uint8Array, options?: ConfirmationOptions): Promise<SignedConfirmation> {
    return this.#confirmation(`/v1/blobs/${blobIdToText(blobId)}/confirmation/permanent`, options);
  }

  getDeletableConfirmation(
    blobId: Uint8Array,
    objectId: string,
    options?: ConfirmationOptions,
  ): Promise<SignedConfirmation> {
    return this.#confirmation(
      `/v1/blobs/${blobIdToText(blobId)}/confirmation/deletable/${objectId}`,
      options,
    );
  }

  getBlobStatus(blobId: Uint8Array, options?: RequestOptions): Promise<BlobStatus> {
    return this.#json<BlobStatus>(`/v1/blobs/${blobIdToText(blobId)}/status`, options);
  }

  getHealth(options?: RequestOptions & { detailed?: boolean }): Promise<ServiceHealthInfo> {
    return this.#json<ServiceHealthInfo>(`/v1/health${options?.detailed ? '?detailed=true' : ''}`, options);
  }

  async #confirmation(path: string, options?: ConfirmationOptions): Promise<SignedConfirmation> {
    const query = new URLSearchParams();
    if (options?.waitForRegistration) query.set('wait_for_registration', 'true');
    if (options?.waitMillis !== undefined) query.set('wait_millis', String(options.waitMillis));
    const text = query.toString();
    const suffix = text ? `?${text}` : '';
    const data = await this.#json<{ signed?: { serializedMessage?: unknown; signature?: unknown } }>(
      path + suffix,
      options,
    );
    const signed = data?.signed;
    if (!signed || typeof signed.serializedMessage !== 'string' || typeof signed.signature !== 'string') {
      throw new NodeProtocolError(this.url, `confirmation response lacks a signed message`);
    }
    return this.#decode(
      () => ({
        serializedMessage: fromBase64(signed.serializedMessage as string),
        signature: fromBase64(signed.signature as string),
      }),
      'confirmation',
    );
  }

  async #store(path: string, body: Uint8Array, options?: RequestOptions): Promise<StoreResult> {
    const response = await this.#request(
      path,
      { method: 'PUT', body: body as BodyInit, headers: { 'content-type': OCTET_STREAM } },
      options,
    );
    const { code, data } = await this.#envelope<string>(response);
    if (code !== 200 && code !== 201 && code !== 202) {
      throw new NodeProtocolError(this.url, `unexpected store status ${code}`);
    }
    return { status: code, message: typeof data === 'string' ? data : '' };
  }

  async #bytes(path: string, options?: RequestOptions): Promise<Uint8Array> {
    const response = await this.#request(path, { headers: { accept: OCTET_STREAM } }, options);
    try {
      return new Uint8Array(await response.arrayBuffer());
    } catch (cause) {
      throw this.#transportError(cause, options, 'reading body');
    }
  }

  async #json<T>(path: string, options?: RequestOptions): Promise<T> {
    const response = await this.#request(path, { headers: { accept: 'application/json' } }, options);
    return (await this.#envelope<T>(response)).data;
  }

  async #envelope<T>(response: Response): Promise<{ code: number; data: T }> {
    let json: unknown;
    try {
      json = await response.json();
    } catch (cause) {
      throw new NodeProtocolError(this.url, 'response is not JSON', { cause });
    }
    const success = (json as { success?: { code?: unknown; data?: unknown } } | null)?.success;
    if (!success || typeof success.code !== 'number') {
      throw new NodeProtocolError(this.url, 'response lacks the {"success":{code,data}} envelope');
    }
    return { code: success.code, data: success.data as T };
  }

  /** One request with a deadline; non-2xx answers become typed API errors. */
  async #request(path: string, init: RequestInit, options?: RequestOptions): Promise<Response> {
    const timeoutMs = options?.timeoutMs ?? this.#timeoutMs;
    const timeout = AbortSignal.timeout(timeoutMs);
    const signal = options?.signal ? AbortSignal.any([options.signal, timeout]) : timeout;
    let response: Response;
    try {
      response = await this.#fetch(this.url + path, { ...init, signal });
    } catch (cause) {
      throw this.#transportError(cause, options, `${init.method ?? 'GET'} ${path}`, timeout, timeoutMs);
    }
    if (!response.ok) {
      let text = '';
      try {
        text = await response.text();
      } catch {
        // The status alone still classifies the failure.
      }
      throw apiErrorFromResponse(this.url, response.status, text);
    }
    return response;
  }

  #transportError(
    cause: unknown,
    options: RequestOptions | undefined,
    what: string,
    timeout?: AbortSignal,
    timeoutMs?: number,
  ): Error {
    if (options?.signal?.aborted) return new NodeRequestAbortedError(this.url, `${what} aborted`, { cause });
    if (timeout?.aborted || (cause as Error)?.name === 'TimeoutError') {
      return new NodeTimeoutError(this.url, `${what} timed out after ${timeoutMs ?? this.#timeoutMs} ms`, {
        cause,
      });
    }
    return new NodeConnectionError(
      this.url,
      `${what} failed: ${(cause as Error)?.message ?? String(cause)}`,
      { cause },
    );
  }

  #decode<T>(run: () => T, what: string): T {
    try {
      return run();
    } catch (cause) {
      throw new NodeProtocolError(this.url, `malformed ${what}: ${(cause as Error).message}`, { cause });
    }
  }
}
