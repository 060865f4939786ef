// The fallback path: collect p primary slivers that verify against the metadata, from any nodes,
// then serve rows and columns either straight from verified systematic slivers or from a WASM
// decode whose output is checked against the committed hashes before use.
import type { BlobMetadata } from './bcs.ts';
import type { WalrusCodec } from './encoding.ts';
import { primarySliverSize, symbolSize } from './geometry.ts';
import { InconsistentBlobError, NotEnoughSliversError } from './read-errors.ts';
import { columnOfBlob, rowOfBlob } from './read-plan.ts';
import type { FetchedSliver, ReadSession } from './read-session.ts';
import { SliverVerificationError, verifySliver } from './sliver-verify.ts';

export interface RecoveryOptions {
  readonly concurrency: number;
  /** After this long a pending request no longer counts against the in-flight limit. */
  readonly slowAfterMs: number;
  readonly loadCodec: (n: number) => Promise<WalrusCodec>;
}

/** Verified access to a blob's rows and columns after collecting p honest primary slivers. */
export class RecoveredBlob {
  readonly metadata: BlobMetadata;
  readonly sym: number;
  readonly decoded: boolean;
  readonly #session: ReadSession;
  readonly #rows: Map<number, Uint8Array>;
  readonly #blob: Uint8Array | undefined;
  readonly #checked = new Set<string>();

  constructor(
    session: ReadSession,
    metadata: BlobMetadata,
    rows: Map<number, Uint8Array>,
    blob?: Uint8Array,
  ) {
    this.#session = session;
    this.metadata = metadata;
    this.sym = symbolSize(session.g, metadata.unencodedLength);
    this.#rows = rows;
    this.#blob = blob;
    this.decoded = blob !== undefined;
  }

  row(r: number): Uint8Array {
    const direct = this.#rows.get(r);
    if (direct) return direct;
    const row = rowOfBlob(this.#decodedBlob(), r, primarySliverSize(this.#session.g, this.sym));
    this.#check('primary', r, row);
    return row;
  }

  column(c: number): Uint8Array {
    const { g } = this.#session;
    const fromRows = new Uint8Array(g.p * this.sym);
    let complete = true;
    for (let r = 0; r < g.p && complete; r++) {
      const row = this.#rows.get(r);
      if (row) fromRows.set(row.subarray(c * this.sym, (c + 1) * this.sym), r * this.sym);
      else complete = false;
    }
    if (complete) return fromRows;
    const column = columnOfBlob(this.#decodedBlob(), c, g, this.sym);
    this.#check('secondary', g.n - 1 - c, column);
    return column;
  }

  #decodedBlob(): Uint8Array {
    if (!this.#blob) throw new Error('a systematic sliver is missing but no decoded blob is available');
    return this.#blob;
  }

  /** The Rust aggregator's default consistency check: re-hash what we serve from a decode. */
  #check(type: 'primary' | 'secondary', pair: number, data: Uint8Array): void {
    const key = `${type}/${pair}`;
    if (this.#checked.has(key)) return;
    const index = type === 'primary' ? pair : this.#session.g.n - 1 - pair;
    try {
      verifySliver({ data, symbolSize: this.sym, index }, type, pair, this.metadata, this.#session.g);
    } catch (error) {
      if (!(error instanceof SliverVerificationError)) throw error;
      throw new InconsistentBlobError(
        `blob was encoded inconsistently: decoded ${type} sliver ${pair} does not match its committed hash`,
      );
    }
    this.#checked.add(key);
  }
}

/**
 * Gathers p verified primary slivers, preferring systematic rows (no decoding needed when all of
 * them answer) and reusing slivers the direct path already fetched.
 */
export async function recover(
  session: ReadSession,
  reuse: readonly FetchedSliver[],
  neededRows: readonly number[],
  options: RecoveryOptions,
  signal?: AbortSignal,
): Promise<RecoveredBlob> {
  const metadata = await session.metadata();
  signal?.throwIfAborted();
  const { g } = session;
  const verified = new Map<number, FetchedSliver>();
  const accept = (fetched: FetchedSliver): void => {
    const member = session.memberOfPair(fetched.pair);
    try {
      verifySliver(fetched.sliver, 'primary', fetched.pair, metadata, g);
      verified.set(fetched.pair, fetched);
    } catch (error) {
      if (!(error instanceof SliverVerificationError)) throw error;
      session.distrust(member, `primary sliver ${fetched.pair}`, error.message);
    }
  };
  for (const fetched of reuse)
    if (fetched.type === 'primary' && session.isUsable(session.memberOfPair(fetched.pair))) accept(fetched);

  // The needed rows first (all of them there means no decode); any p slivers do for the rest, so
  // those come from the fastest known nodes.
  const needed = new Set(neededRows);
  const others = Array.from({ length: g.n }, (_, pair) => pair).filter((pair) => !needed.has(pair));
  const candidates = [...needed, ...session.byLatency(others, (pair) => session.memberOfPair(pair))].filter(
    (pair) => !verified.has(pair),
  );
  const stop = new AbortController();
  signal?.addEventListener('abort', () => stop.abort(), { once: true });
  // Keep at most p − verified requests in flight: a failure frees a slot for the next candidate,
  // so the read costs about p requests plus one per failure instead of p plus the lane count.
  await new Promise<void>((resolve) => {
    let next = 0;
    let holding = 0; // requests counted against the in-flight limit
    let pending = 0; // requests not yet answered, slow ones included
    const settleIfDone = () => {
      const exhausted = next >= candidates.length && pending === 0;
      if (verified.size >= g.p || exhausted || stop.signal.aborted) resolve();
    };
    const pump = (): void => {
      while (
        !stop.signal.aborted &&
        holding < options.concurrency &&
        verified.size + holding < g.p &&
        next < candidates.length
      ) {
        const pair = candidates[next++]!;
        if (!session.isUsable(session.memberOfPair(pair))) continue;
        holding++;
        pending++;
        // A request still pending after `slowAfterMs` stops holding its slot, so one slow node
        // cannot stall recovery until the request timeout.
        let held = true;
        const release = () => {
          if (!held) return;
          held = false;
          holding--;
          pump();
        };
        const timer = setTimeout(release, options.slowAfterMs);
        void session
          .fetchSliver(pair, 'primary', stop.signal)
          .then((fetched) => {
            if (fetched) accept(fetched);
          })
          .finally(() => {
            clearTimeout(timer);
            pending--;
            release();
            settleIfDone();
          });
      }
      settleIfDone();
    };
    pump();
  });
  stop.abort();
  signal?.throwIfAborted();
  if (verified.size < g.p)
    throw new NotEnoughSliversError(session.blobId, verified.size, g.p, session.failures);

  const rows = new Map<number, Uint8Array>();
  for (const [pair, fetched] of verified) if (pair < g.p) rows.set(pair, fetched.sliver.data);
  if (neededRows.every((r) => rows.has(r))) return new RecoveredBlob(session, metadata, rows);
  const codec = await options.loadCodec(g.n);
  signal?.throwIfAborted();
  const inputs = [...verified.values()].slice(0, g.p).map((f) => f.bcs);
  const blob = codec.decode(session.blobId, metadata.unencodedLength, inputs);
  return new RecoveredBlob(session, metadata, rows, blob);
}
