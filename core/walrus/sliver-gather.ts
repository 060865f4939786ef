// Obtains the systematic slivers a read needs (rows for byte ranges, columns for quilt patches):
// each straight from the node that owns it, and any that are missing, malformed, failing
// verification or late recovered on their own from other nodes' decoding symbols. Only when that
// cannot work does the read fall back to collecting p primary slivers and decoding the whole blob.
import type { BlobMetadata } from './bcs.ts';
import { primarySliverSize, secondarySliverSize } from './geometry.ts';
import type { SliverType } from './node-types.ts';
import { runPool } from './pool.ts';
import type { ReadSession } from './read-session.ts';
import {
  pairOfIndex,
  recoverSlivers,
  SliverRecoveryError,
  type SliverRecoveryOptions,
} from './sliver-recovery.ts';
import { SliverVerificationError, verifySliver } from './sliver-verify.ts';

/** Thrown when the slivers could not all be obtained; the reader then reads the whole blob. */
export class NeedsWholeBlob {
  readonly reason: string;
  constructor(reason: string) {
    this.reason = reason;
  }
}

export interface GatherSpec {
  readonly type: SliverType;
  readonly indices: readonly number[];
  readonly symbolSize: number;
  /** With metadata every sliver is Merkle-verified; without, only its shape (the caller checks SHA-256). */
  readonly metadata: BlobMetadata | undefined;
}

export interface GatherOptions {
  readonly concurrency: number;
  /** Slivers still missing after this long are recovered beside their slow requests. */
  readonly hedgeAfterMs: number;
  /** False: never recover from symbols; a missing sliver means a whole-blob read. */
  readonly symbols: boolean;
  readonly recovery: SliverRecoveryOptions;
  /**
   * When given, a fetched sliver is verified only once this resolves, and the hedge's clock starts
   * then too: a stream's row fetched ahead of its consumer is neither checked nor counted late
   * before it is about to be needed (see RowSource in blob-stream.ts).
   */
  readonly turn?: () => Promise<void>;
}

export async function gatherSlivers(
  session: ReadSession,
  spec: GatherSpec,
  options: GatherOptions,
  signal: AbortSignal,
): Promise<Map<number, Uint8Array>> {
  const out = new Map<number, Uint8Array>();
  const outstanding = new Set(spec.indices);
  const directStop = new AbortController();
  const stopDirect = () => directStop.abort();
  signal.addEventListener('abort', stopDirect, { once: true });
  const recoveryStop = new AbortController();
  let recovery: Promise<'recovered' | SliverRecoveryError> | undefined;
  const direct = fetchDirect(
    session,
    spec,
    options.turn,
    options.concurrency,
    AbortSignal.any([signal, directStop.signal]),
    (i, d) => {
      if (!out.has(i)) out.set(i, d);
      outstanding.delete(i);
    },
  ).then(() => 'direct' as const);

  try {
    if (!options.symbols) {
      await direct;
      if (outstanding.size === 0) return out;
      throw new NeedsWholeBlob(`${outstanding.size} ${spec.type} slivers missing (symbol recovery off)`);
    }
    let timer: ReturnType<typeof setTimeout> | undefined;
    let raced = false;
    const hedge = (options.turn?.() ?? Promise.resolve()).then(
      () =>
        new Promise<'hedge'>((resolve) => {
          if (!raced && Number.isFinite(options.hedgeAfterMs) && !signal.aborted)
            timer = setTimeout(() => resolve('hedge'), options.hedgeAfterMs);
        }),
    );
    const first = await Promise.race([direct, hedge]);
    raced = true;
    clearTimeout(timer);
    if (first === 'direct' && outstanding.size === 0) return out;
    // A cancelled read (a stream cut by a seek or a client hanging up) ends its direct requests
    // with slivers outstanding; rebuilding those from symbols would cost every node for nothing.
    signal.throwIfAborted();

    // Recover what is still outstanding. Late requests keep running: whichever answer comes first
    // fills a sliver. Nodes whose slivers are missing or late are not asked for symbols.
    const missing = [...outstanding];
    const avoid = new Set(missing.map((i) => session.memberOfPair(pairOfIndex(session, spec.type, i))));
    const rec = recoverSlivers(
      session,
      { type: spec.type, indices: missing, symbolSize: spec.symbolSize, metadata: spec.metadata, avoid },
      options.recovery,
      AbortSignal.any([signal, recoveryStop.signal]),
    ).then(
      (recovered) => {
        for (const [i, d] of recovered) if (!out.has(i)) out.set(i, d);
        for (const i of recovered.keys()) outstanding.delete(i);
        return 'recovered' as const;
      },
      (error: unknown) => {
        if (error instanceof SliverRecoveryError) return error;
        throw error;
      },
    );
    recovery = rec;
    if (first === 'hedge') {
      // Both run; stop when every sliver is in, whoever brought it.
      const winner = await Promise.race([direct, rec]);
      if (outstanding.size === 0) return out;
      const other = await (winner === 'direct' ? rec : direct);
      if (outstanding.size === 0) return out;
      throw new NeedsWholeBlob(
        other instanceof SliverRecoveryError
          ? other.message
          : winner instanceof SliverRecoveryError
            ? winner.message
            : 'slivers missing',
      );
    }
    const outcome = await rec;
    if (outstanding.size === 0) return out;
    throw new NeedsWholeBlob(outcome instanceof SliverRecoveryError ? outcome.message : 'slivers missing');
  } finally {
    directStop.abort();
    recoveryStop.abort();
    signal.removeEventListener('abort', stopDirect);
    await Promise.all([direct.catch(() => undefined), recovery?.catch(() => undefined)]);
  }
}

/**
 * Fetches each systematic sliver from its owner, in parallel, and hands every one that passes the
 * checks to `onSliver`. Failures are recorded on the session (and the node distrusted when it lied).
 */
async function fetchDirect(
  session: ReadSession,
  spec: GatherSpec,
  turn: (() => Promise<void>) | undefined,
  concurrency: number,
  signal: AbortSignal,
  onSliver: (index: number, data: Uint8Array) => void,
): Promise<void> {
  const { g } = session;
  const { type, symbolSize: sym, metadata } = spec;
  const size = type === 'primary' ? primarySliverSize(g, sym) : secondarySliverSize(g, sym);
  await runPool(
    spec.indices,
    concurrency,
    async (index) => {
      const pair = pairOfIndex(session, type, index);
      const fetched = await session.fetchSliver(pair, type, signal);
      if (!fetched) return;
      const member = session.memberOfPair(pair);
      const { sliver } = fetched;
      if (sliver.index !== index || sliver.symbolSize !== sym || sliver.data.length !== size) {
        session.distrust(
          member,
          `${type} sliver ${pair}`,
          `wrong shape (index ${sliver.index}, symbol size ${sliver.symbolSize}, ${sliver.data.length} bytes)`,
        );
        return;
      }
      if (metadata) {
        if (turn) {
          await turn();
          if (signal.aborted) return;
        }
        try {
          verifySliver(sliver, type, pair, metadata, g);
        } catch (error) {
          if (!(error instanceof SliverVerificationError)) throw error;
          session.distrust(member, `${type} sliver ${pair}`, error.message);
          return;
        }
      }
      onSliver(index, sliver.data);
    },
    () => signal.aborted,
  );
}
