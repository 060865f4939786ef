// How a deploy stays within a memory budget: the budget is divided between the stages that hold
// bytes (encoding, slivers waiting for upload, uploads in flight), and a byte semaphore makes each
// stage wait rather than allocate past its share. Pure logic; the pipeline measures its own
// baseline and passes it in.

export const DEFAULT_MEMORY_BUDGET = 1024 * 1024 * 1024;
/** Below this the fixed costs (runtime, SDKs, one encode worker) leave nothing to divide. */
export const MIN_MEMORY_BUDGET = 256 * 1024 * 1024;

/**
 * An encode of a quilt holds about this many times the quilt at its peak: the file bytes, the
 * quilt buffer, the WASM encoder's copy with every sliver, and the JS arena the slivers are
 * copied to (measured on the 200 MB deploy).
 */
export const ENCODE_PEAK_FACTOR = 12;

/**
 * The streaming encoder holds about this many times its column group besides its n×n digest
 * table: the group, its expansion's working arrays, the spill's write buffers and garbage between
 * collections (256 MiB with 64 MiB groups at n = 1000 peaked 230–280 MiB over the process's start).
 */
export const STREAM_PEAK_FACTOR = 3.5;

export class MemoryBudgetError extends Error {
  override name = 'MemoryBudgetError';
  readonly budget: number;
  readonly minimum: number;
  constructor(budget: number, minimum: number, why: string) {
    super(why);
    this.budget = budget;
    this.minimum = minimum;
  }
}

export interface BudgetPlan {
  /** Bytes the stages may use together: the budget less the process's baseline. */
  readonly available: number;
  /** Encode workers that may run at once. */
  readonly encodeWorkers: number;
  /** The largest quilt an encode may build, so that every worker's peak fits its share. */
  readonly quiltCap: number;
  /** Columns held at once by the streaming blob encoder. */
  readonly columnGroupBytes: number;
  /** Encoded slivers kept in memory awaiting upload before the next ones go to the spill. */
  readonly inMemorySlivers: number;
  /** Sliver bytes in request bodies at once, over all nodes. */
  readonly uploadInFlight: number;
}

const MiB = 1024 * 1024;
/** The largest quilt packing makes when memory allows (core/deploy/pack.ts). */
const FULL_QUILT = 64 * MiB;

/**
 * Divides `budget` (bytes of resident memory for the whole deploy) after `baseline` (what the
 * process already holds) between the stages. Half for encoding (the stage whose peak is a multiple
 * of its input), and what is left after an eighth of slack, in halves, for slivers at rest and in
 * flight.
 */
export function budgetPlan(budget: number, baseline: number, cores: number): BudgetPlan {
  if (!Number.isFinite(budget) || budget < MIN_MEMORY_BUDGET)
    throw new MemoryBudgetError(
      budget,
      MIN_MEMORY_BUDGET,
      `a memory budget of ${formatMiB(budget)} is below the minimum of ${formatMiB(MIN_MEMORY_BUDGET)}`,
    );
  const available = budget - Math.max(0, baseline);
  if (available < MIN_MEMORY_BUDGET / 2)
    throw new MemoryBudgetError(
      budget,
      Math.ceil(baseline + MIN_MEMORY_BUDGET / 2),
      `the process already holds ${formatMiB(baseline)}, leaving ${formatMiB(Math.max(0, available))} of the ` +
        `${formatMiB(budget)} budget; raise it to at least ${formatMiB(baseline + MIN_MEMORY_BUDGET / 2)}`,
    );
  const encodeShare = available / 2;
  // Another encode worker only when each can still build full-size quilts: two workers halve the
  // quilt cap, and every extra quilt stores its own copy of the blob metadata on every shard
  // (about 61 MiB of paid storage at 1000 shards), which costs a site's owner far more than the
  // second core saves in time.
  const byMemory = Math.max(1, Math.floor(encodeShare / (ENCODE_PEAK_FACTOR * FULL_QUILT)));
  const encodeWorkers = Math.max(1, Math.min(Math.max(1, cores), byMemory));
  const quiltCap = Math.min(FULL_QUILT, floorMiB(encodeShare / (ENCODE_PEAK_FACTOR * encodeWorkers)));
  // Left undivided for what no stage accounts for: the site's file index and plan (they grow with
  // the number of files), the clients' caches, and garbage between collections. A 2 GB site of
  // 20,000 files peaked 4 % over a 1 GiB budget divided without it. Taken from the slivers'
  // quarters, not from encoding, so the quilt cap (and with it the packing and the cost) stays.
  const slack = Math.max(32 * MiB, available / 8);
  const sliverShare = available / 4 - slack / 2;
  return {
    available,
    encodeWorkers,
    quiltCap: Math.max(MiB, quiltCap),
    // A stream encode, at its peak, fits half of the encode share.
    columnGroupBytes: Math.max(MiB, floorMiB(encodeShare / (2 * STREAM_PEAK_FACTOR))),
    inMemorySlivers: Math.max(0, floorMiB(sliverShare)),
    uploadInFlight: Math.max(8 * MiB, floorMiB(sliverShare)),
  };
}

/**
 * `budgetPlan` for a budget the user chose (`chosen`: one that is too small is an error) or the
 * default one, which instead grows to the least that works when the process already holds most of
 * it: a program that runs a deploy inside itself (a test runner, a build tool) did not choose that
 * baseline, and refusing would leave its user no way out but guessing a number.
 */
export function planForBudget(budget: number, baseline: number, cores: number, chosen: boolean): BudgetPlan {
  try {
    return budgetPlan(budget, baseline, cores);
  } catch (error) {
    if (chosen || !(error instanceof MemoryBudgetError) || !(error.minimum > budget)) throw error;
    return budgetPlan(error.minimum, baseline, cores);
  }
}

function floorMiB(bytes: number): number {
  return Math.floor(bytes / MiB) * MiB;
}

function formatMiB(bytes: number): string {
  return `${Math.round(bytes / MiB)} MiB`;
}

/**
 * A counting semaphore over bytes. `acquire(n)` waits until `n` bytes fit; a request larger than
 * the whole capacity is let through alone (when nothing else is held), so one oversized sliver
 * cannot deadlock the upload. Waiters are served in order, so a large request is not starved by a
 * stream of small ones.
 */
export class ByteBudget {
  readonly capacity: number;
  #held = 0;
  readonly #waiters: { bytes: number; grant: () => void; reject: (reason: unknown) => void }[] = [];

  constructor(capacity: number) {
    if (!(capacity > 0)) throw new RangeError(`byte budget capacity must be positive, got ${capacity}`);
    this.capacity = capacity;
  }

  get held(): number {
    return this.#held;
  }

  /** Resolves with a release function once `bytes` are granted; rejects if `signal` aborts first. */
  acquire(bytes: number, signal?: AbortSignal): Promise<() => void> {
    signal?.throwIfAborted();
    return new Promise((resolve, reject) => {
      const waiter = {
        bytes,
        grant: () => {
          signal?.removeEventListener('abort', onAbort);
          this.#held += bytes;
          resolve(this.#releaser(bytes));
        },
        reject,
      };
      const onAbort = () => {
        const at = this.#waiters.indexOf(waiter);
        if (at >= 0) this.#waiters.splice(at, 1);
        reject(signal!.reason);
        this.#drain();
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.#waiters.push(waiter);
      this.#drain();
    });
  }

  #releaser(bytes: number): () => void {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.#held -= bytes;
      this.#drain();
    };
  }

  #drain(): void {
    while (this.#waiters.length > 0) {
      const next = this.#waiters[0]!;
      const fits = this.#held + next.bytes <= this.capacity || this.#held === 0;
      if (!fits) return;
      this.#waiters.shift();
      next.grant();
    }
  }
}
