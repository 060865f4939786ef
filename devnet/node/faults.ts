// Fault injection for devnet tests: a node can be told to answer slowly, drop connections,
// serve corrupted slivers (at random, or always for chosen pairs), refuse everything or only a
// blob's symbols, or block blobs, so tests can play the hostile and broken nodes readers and
// writers must survive (docs/THREAT-MODEL.md). Pure state and rules; the admin API sets it and the
// public server consults it.
import { blobIdToText } from '../../core/walrus/blob-id.ts';
import { readUleb128 } from '../../core/walrus/bcs.ts';
import {
  parseDecodingSymbols,
  parseRecoverySymbols,
  serializeDecodingSymbols,
  serializeRecoverySymbols,
} from '../../core/walrus/symbols-bcs.ts';

export interface FaultConfig {
  /** Added before every public request is handled, in milliseconds. */
  readonly latencyMs: number;
  /** Probability (0..1) that a request's connection is destroyed without an answer. */
  readonly dropRate: number;
  /** Probability (0..1) that a served sliver or symbol list has bytes of its symbol data flipped. */
  readonly corruptRate: number;
  /** Answer every public request with 503 UNAVAILABLE. */
  readonly refuseAll: boolean;
  /** Blob IDs (URL-safe base64) answered with 451 FORBIDDEN_BLOB, like a deny list. */
  readonly denyBlobs: readonly string[];
  /** Sliver pairs whose primary and secondary slivers are always served corrupted. */
  readonly corruptPairs: readonly number[];
  /** Limits `corruptPairs` to these blob IDs; empty means every blob. */
  readonly corruptBlobs: readonly string[];
  /** Blob IDs whose decoding- and recovery-symbol requests are answered 503 UNAVAILABLE. */
  readonly refuseSymbolsFor: readonly string[];
}

export const NO_FAULTS: FaultConfig = {
  latencyMs: 0,
  dropRate: 0,
  corruptRate: 0,
  refuseAll: false,
  denyBlobs: [],
  corruptPairs: [],
  corruptBlobs: [],
  refuseSymbolsFor: [],
};

export class FaultConfigError extends Error {
  override name = 'FaultConfigError';
}

const MAX_LATENCY_MS = 10 * 60_000;
/** Sliver pair indices are u16 on the wire. */
const MAX_PAIR = 0xffff;

/** Validates a JSON patch of fault settings; unknown keys are an error so typos do not pass silently. */
export function parseFaultPatch(input: unknown): Partial<FaultConfig> {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    throw new FaultConfigError('expected a JSON object of fault settings');
  }
  const patch: { -readonly [K in keyof FaultConfig]?: FaultConfig[K] } = {};
  for (const [key, value] of Object.entries(input)) {
    switch (key) {
      case 'latencyMs':
        if (!Number.isInteger(value) || (value as number) < 0 || (value as number) > MAX_LATENCY_MS) {
          throw new FaultConfigError(`latencyMs must be an integer in 0..${MAX_LATENCY_MS}`);
        }
        patch.latencyMs = value as number;
        break;
      case 'dropRate':
      case 'corruptRate':
        if (typeof value !== 'number' || !(value >= 0 && value <= 1)) {
          throw new FaultConfigError(`${key} must be a number in 0..1`);
        }
        patch[key] = value;
        break;
      case 'refuseAll':
        if (typeof value !== 'boolean') throw new FaultConfigError('refuseAll must be a boolean');
        patch.refuseAll = value;
        break;
      case 'denyBlobs':
      case 'corruptBlobs':
      case 'refuseSymbolsFor':
        patch[key] = blobIds(key, value);
        break;
      case 'corruptPairs':
        if (
          !Array.isArray(value) ||
          !value.every((v) => Number.isInteger(v) && (v as number) >= 0 && (v as number) <= MAX_PAIR)
        ) {
          throw new FaultConfigError(`corruptPairs must be an array of integers in 0..${MAX_PAIR}`);
        }
        patch.corruptPairs = [...(value as number[])];
        break;
      default:
        throw new FaultConfigError(`unknown fault setting ${JSON.stringify(key)}`);
    }
  }
  return patch;
}

function blobIds(key: string, value: unknown): string[] {
  if (!Array.isArray(value) || !value.every((v) => typeof v === 'string' && /^[A-Za-z0-9_-]{43}$/.test(v))) {
    throw new FaultConfigError(`${key} must be an array of blob IDs`);
  }
  return [...(value as string[])];
}

export class Faults {
  #config: FaultConfig = NO_FAULTS;
  #denied = new Set<string>();
  #corruptPairs = new Set<number>();
  #corruptBlobs = new Set<string>();
  #refuseSymbols = new Set<string>();
  readonly #random: () => number;

  constructor(random: () => number = Math.random) {
    this.#random = random;
  }

  get config(): FaultConfig {
    return this.#config;
  }

  update(patch: Partial<FaultConfig>): FaultConfig {
    this.#config = { ...this.#config, ...patch };
    this.#denied = new Set(this.#config.denyBlobs);
    this.#corruptPairs = new Set(this.#config.corruptPairs);
    this.#corruptBlobs = new Set(this.#config.corruptBlobs);
    this.#refuseSymbols = new Set(this.#config.refuseSymbolsFor);
    return this.#config;
  }

  reset(): FaultConfig {
    return this.update(NO_FAULTS);
  }

  shouldDrop(): boolean {
    return this.#config.dropRate > 0 && this.#random() < this.#config.dropRate;
  }

  isDenied(blobId: Uint8Array): boolean {
    return this.#denied.size > 0 && this.#denied.has(blobIdToText(blobId));
  }

  /** Are symbol requests for this blob refused (`refuseSymbolsFor`)? */
  refusesSymbols(blobId: Uint8Array): boolean {
    return this.#refuseSymbols.size > 0 && this.#refuseSymbols.has(blobIdToText(blobId));
  }

  /** One draw per served answer: should it be corrupted? */
  shouldCorrupt(): boolean {
    return this.#config.corruptRate > 0 && this.#random() < this.#config.corruptRate;
  }

  /**
   * The sliver of `pair` to serve: a copy with flipped symbol bytes when the pair is one of
   * `corruptPairs` (for this blob) or the `corruptRate` draw says so, else the stored one.
   */
  sliverToServe(blobId: Uint8Array, pair: number, sliverBcs: Uint8Array): Uint8Array {
    return this.#corruptsPair(blobId, pair) || this.shouldCorrupt() ? corruptSliver(sliverBcs) : sliverBcs;
  }

  #corruptsPair(blobId: Uint8Array, pair: number): boolean {
    if (!this.#corruptPairs.has(pair)) return false;
    return this.#corruptBlobs.size === 0 || this.#corruptBlobs.has(blobIdToText(blobId));
  }
}

/**
 * Flips bytes inside the symbol data of a BCS `SliverData`, leaving the framing intact so the
 * result still parses and only a Merkle check can tell.
 */
export function corruptSliver(sliverBcs: Uint8Array): Uint8Array {
  const out = sliverBcs.slice();
  const { value: length, size } = readUleb128(out, 0);
  flipBytes(out.subarray(size, size + length));
  return out;
}

/** A /decodingSymbols body whose every symbol has flipped bytes; indices and framing stay intact. */
export function corruptDecodingSymbols(bodyBcs: Uint8Array): Uint8Array {
  const copy = bodyBcs.slice();
  const symbols = parseDecodingSymbols(copy);
  for (const list of symbols.values()) for (const symbol of list) flipBytes(symbol.data);
  return serializeDecodingSymbols(symbols);
}

/** A /recoverySymbols body with flipped symbol bytes and honest proofs, so only verification catches it. */
export function corruptRecoverySymbols(bodyBcs: Uint8Array): Uint8Array {
  const copy = bodyBcs.slice();
  const symbols = parseRecoverySymbols(copy);
  for (const { symbol } of symbols) flipBytes(symbol.data);
  return serializeRecoverySymbols(symbols);
}

function flipBytes(data: Uint8Array): void {
  for (let i = 0; i < data.length; i += 7) data[i]! ^= 0x5a;
}
