// What the reader has learned about each storage node's responsiveness, across reads: with ~100
// nodes on several continents, the nodes asked for symbols, metadata or fallback slivers should be
// the near, fast ones. Pure bookkeeping: callers feed it samples and ask it for an order.
//
// Per node it keeps a smoothed time to first response and its variation, as TCP's retransmission
// timer does (RFC 6298 §2: SRTT/RTTVAR with alpha = 1/8, beta = 1/4, RTO = SRTT + 4·RTTVAR), plus
// a failure penalty that halves every `penaltyHalfLifeMs`, so a node that was down is asked late
// for a while and then gets another chance.

export interface NodeLatencyOptions {
  /** Nodes tracked at most; the least recently updated is forgotten first (default 512). */
  readonly maxNodes?: number;
  /** Added to a node's score per failure, then decaying (default 2000 ms). */
  readonly failurePenaltyMs?: number;
  /** Time for a penalty to halve (default 60 s). */
  readonly penaltyHalfLifeMs?: number;
  /** Wall clock in ms: penalties decay across worker restarts, so not `performance.now` (default `Date.now`). */
  readonly now?: () => number;
}

/** Plain JSON, for a service worker to persist between visits. */
export interface NodeLatencySnapshot {
  readonly version: 1;
  /** Clock reading when taken: the penalties decay from here on restore. */
  readonly takenAt: number;
  readonly nodes: Readonly<Record<string, NodeLatencyRecord>>;
}

export interface NodeLatencyRecord {
  /** Absent for a node that has only ever failed. */
  readonly srtt?: number;
  readonly rttvar?: number;
  readonly samples: number;
  readonly penalty: number;
}

interface Entry {
  srtt: number;
  rttvar: number;
  samples: number;
  penalty: number;
  penaltyAt: number;
}

const ALPHA = 1 / 8;
const BETA = 1 / 4;
const K = 4;
/** No single answer is believed to take longer than this; also caps restored values. */
export const MAX_SAMPLE_MS = 120_000;
const MAX_PENALTY_MS = 10 * 60_000;
const MAX_SAMPLES = 1_000_000;
const MAX_URL_LENGTH = 2048;
/** Scores up to this are all "near": nobody can tell 3 ms from 15 ms through a browser anyway. */
const NEAR_MS = 25;
/** Score assumed for every node before any has answered (only ties with itself matter). */
const DEFAULT_SCORE_MS = 200;

export class NodeLatency {
  readonly #nodes = new Map<string, Entry>();
  readonly #maxNodes: number;
  readonly #failurePenaltyMs: number;
  readonly #halfLifeMs: number;
  readonly #now: () => number;

  constructor(options: NodeLatencyOptions = {}) {
    this.#maxNodes = Math.max(1, Math.floor(options.maxNodes ?? 512));
    this.#failurePenaltyMs = options.failurePenaltyMs ?? 2000;
    this.#halfLifeMs = Math.max(1, options.penaltyHalfLifeMs ?? 60_000);
    this.#now = options.now ?? Date.now;
  }

  get size(): number {
    return this.#nodes.size;
  }

  /** A response (any status: the node answered) arrived `ms` after the request left. */
  observe(url: string, ms: number): void {
    if (!Number.isFinite(ms) || ms < 0) return;
    const r = Math.min(ms, MAX_SAMPLE_MS);
    const entry = this.#touch(url);
    if (entry.samples === 0) {
      entry.srtt = r;
      entry.rttvar = r / 2;
    } else {
      // RFC 6298 §2.3: RTTVAR first, with the old SRTT.
      entry.rttvar = (1 - BETA) * entry.rttvar + BETA * Math.abs(entry.srtt - r);
      entry.srtt = (1 - ALPHA) * entry.srtt + ALPHA * r;
    }
    entry.samples = Math.min(entry.samples + 1, MAX_SAMPLES);
    // An answer is good news: the node is up again, so most of its penalty goes at once.
    entry.penalty = this.#decayed(entry) / 2;
    entry.penaltyAt = this.#now();
  }

  /**
   * A request was cancelled by the reader (enough data came from elsewhere) after `ms` without an
   * answer: the node took at least that long. Counted only when slower than what is known, so a
   * node that is always outrun still gets known as slow.
   */
  observeAtLeast(url: string, ms: number): void {
    if (!Number.isFinite(ms) || ms < 0) return;
    const entry = this.#nodes.get(url);
    if (entry && entry.samples > 0 && ms <= entry.srtt) return;
    this.observe(url, ms);
  }

  /** No answer: connection refused, reset or timed out. */
  fail(url: string): void {
    const entry = this.#touch(url);
    entry.penalty = Math.min(this.#decayed(entry) + this.#failurePenaltyMs, MAX_PENALTY_MS);
    entry.penaltyAt = this.#now();
  }

  /**
   * Expected time to an answer, pessimistic (RFC 6298's RTO) plus the current penalty. A node never
   * heard from scores as the median known node, so new nodes get tried before slow ones.
   */
  score(url: string): number {
    return this.#score(url, this.#unknownScore());
  }

  /**
   * `urls` from fastest to slowest. Scores within about √2 of each other (or all under 25 ms) tie
   * and keep their given order, so callers' own spreading (by blob) still spreads load over nodes
   * that are equally good.
   */
  order(urls: readonly string[]): string[] {
    const unknown = this.#unknownScore();
    return urls
      .map((url, i) => ({ url, i, bucket: bucketOf(this.#score(url, unknown)) }))
      .sort((a, b) => a.bucket - b.bucket || a.i - b.i)
      .map((x) => x.url);
  }

  snapshot(): NodeLatencySnapshot {
    const takenAt = this.#now();
    const nodes: Record<string, NodeLatencyRecord> = {};
    for (const [url, e] of this.#nodes) {
      const penalty = this.#decayed(e);
      nodes[url] =
        e.samples > 0
          ? { srtt: e.srtt, rttvar: e.rttvar, samples: e.samples, penalty }
          : { samples: 0, penalty };
    }
    return { version: 1, takenAt, nodes };
  }

  /**
   * Adds what a snapshot knows about nodes not yet seen by this estimator. Anything malformed is
   * skipped field by field and values are clamped: a corrupt store must never break reads.
   */
  restore(snapshot: unknown): void {
    if (!isRecord(snapshot) || snapshot['version'] !== 1 || !isRecord(snapshot['nodes'])) return;
    const now = this.#now();
    const takenAt = snapshot['takenAt'];
    // A snapshot from the future (clock changed) decays nothing rather than growing penalties.
    const age = typeof takenAt === 'number' && Number.isFinite(takenAt) ? Math.max(0, now - takenAt) : 0;
    for (const [url, raw] of Object.entries(snapshot['nodes'])) {
      if (this.#nodes.size >= this.#maxNodes) break;
      if (url.length === 0 || url.length > MAX_URL_LENGTH || this.#nodes.has(url) || !isRecord(raw)) continue;
      const srtt = clampNumber(raw['srtt'], MAX_SAMPLE_MS);
      const rttvar = clampNumber(raw['rttvar'], MAX_SAMPLE_MS);
      const samples =
        srtt === undefined ? 0 : Math.max(1, Math.floor(clampNumber(raw['samples'], MAX_SAMPLES) ?? 1));
      const penalty = (clampNumber(raw['penalty'], MAX_PENALTY_MS) ?? 0) * 0.5 ** (age / this.#halfLifeMs);
      if (srtt === undefined && penalty === 0) continue;
      this.#nodes.set(url, {
        srtt: srtt ?? 0,
        rttvar: srtt === undefined ? 0 : (rttvar ?? srtt / 2),
        samples,
        penalty,
        penaltyAt: now,
      });
    }
  }

  #score(url: string, unknown: number): number {
    const e = this.#nodes.get(url);
    if (!e) return unknown;
    return (e.samples > 0 ? e.srtt + K * e.rttvar : unknown) + this.#decayed(e);
  }

  /** The median pessimistic estimate of the nodes with samples. */
  #unknownScore(): number {
    const known = [...this.#nodes.values()]
      .filter((e) => e.samples > 0)
      .map((e) => e.srtt + K * e.rttvar)
      .sort((a, b) => a - b);
    if (known.length === 0) return DEFAULT_SCORE_MS;
    const mid = known.length >> 1;
    return known.length % 2 === 1 ? known[mid]! : (known[mid - 1]! + known[mid]!) / 2;
  }

  #decayed(e: Entry): number {
    if (e.penalty === 0) return 0;
    const elapsed = Math.max(0, this.#now() - e.penaltyAt);
    return e.penalty * 0.5 ** (elapsed / this.#halfLifeMs);
  }

  /** The node's entry, created if new and moved to most recently used. */
  #touch(url: string): Entry {
    let entry = this.#nodes.get(url);
    if (entry) this.#nodes.delete(url);
    else {
      entry = { srtt: 0, rttvar: 0, samples: 0, penalty: 0, penaltyAt: this.#now() };
      if (this.#nodes.size >= this.#maxNodes) this.#nodes.delete(this.#nodes.keys().next().value!);
    }
    this.#nodes.set(url, entry);
    return entry;
  }
}

/** Half-octave buckets above `NEAR_MS`: ≤ 25 ms → 0, 30 ms → 1, 40 ms → 2, 60 ms → 3, 100 ms → 5, … */
function bucketOf(score: number): number {
  return score <= NEAR_MS ? 0 : 1 + Math.floor(2 * Math.log2(score / NEAR_MS));
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A finite non-negative number clamped to `max`, or undefined. */
function clampNumber(value: unknown, max: number): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? Math.min(value, max) : undefined;
}
