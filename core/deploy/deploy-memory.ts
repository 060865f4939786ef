// How a budget plan (memory-budget.ts) turns into the deploy's knobs: encode lanes, the quilt cap,
// when a blob is stream-encoded instead of encoded whole, how many sliver bytes stay in memory
// before the spill, and the upload's in-flight cap. Without a plan (tests, callers that do not
// bound memory) the deploy behaves as it always did: two lanes, 64 MiB quilts, nothing spilled.
import { MemoryBudgetError, planForBudget, type BudgetPlan } from './memory-budget.ts';

export interface DeployMemory {
  /** Items encoded at once. */
  readonly lanes: number;
  /**
   * What the encodes running at once may hold together (each job's peak estimated from its size);
   * a job larger than this runs alone.
   */
  readonly encodeBytes: number;
  /** Largest quilt to pack (undefined: packing's own default). */
  readonly quiltCap: number | undefined;
  /** Blobs larger than this are encoded by the streaming encoder, never held whole. */
  readonly streamAbove: number;
  /** Bytes of the streaming encoder's column group. */
  readonly columnGroupBytes: number;
  /** Encoded sliver bytes kept in memory awaiting upload; the rest goes to the spill. */
  readonly inMemorySlivers: number;
  /** Sliver bytes in request bodies at once over the whole deploy (undefined: no cap). */
  readonly uploadInFlight: number | undefined;
}

const MiB = 1024 * 1024;
/**
 * Bytes of memory per byte of sliver in flight (see deployMemory). Measured on a 2 GB deploy
 * whose 1.5 MiB slivers kept the cap full: array buffers rose by about 3.8× the cap, not the 2×
 * of the two copies a request body has, as a third of the slivers are read through a buffer of
 * the file and freed buffers wait for a collection.
 */
const BODY_COPIES = 4;

export const UNBOUNDED_MEMORY: DeployMemory = {
  lanes: 2,
  encodeBytes: Number.POSITIVE_INFINITY,
  quiltCap: undefined,
  streamAbove: Number.POSITIVE_INFINITY,
  columnGroupBytes: 64 * MiB,
  inMemorySlivers: Number.POSITIVE_INFINITY,
  uploadInFlight: undefined,
};

export function deployMemory(plan: BudgetPlan | undefined): DeployMemory {
  if (!plan) return UNBOUNDED_MEMORY;
  return {
    lanes: plan.encodeWorkers,
    encodeBytes: Math.floor(plan.available / 2),
    quiltCap: stableQuiltCap(plan.quiltCap),
    // A blob encoded whole in a worker peaks like a quilt of its size, so the worker's share
    // (the quilt cap) is also the largest blob it may take; past it, the streaming encoder holds
    // one column group and its digest table whatever the blob's size.
    streamAbove: plan.quiltCap,
    columnGroupBytes: plan.columnGroupBytes,
    inMemorySlivers: plan.inMemorySlivers,
    // A sliver in a request body exists at least twice: as read for the upload and as the HTTP
    // client's copy of the body (Node's fetch copies an ArrayBufferView); garbage not yet
    // collected adds about as much again, so the cap counts each byte once for BODY_COPIES.
    uploadInFlight: Math.max(MiB, Math.floor(plan.uploadInFlight / BODY_COPIES)),
  };
}

/**
 * The plan's quilt cap rounded down to a step of 1, 1.5, 2, 3, 4, 6, 8, 12, 16 … MiB. The plan
 * depends on the process's baseline memory, which differs by a few MiB from run to run; packing
 * (so the quilts' blob IDs) depends on the cap, and a re-run after a failed deploy finds its
 * registered quilts only if it packs them the same way. Coarse steps keep the cap — and the
 * packing — the same across runs; half steps between powers of two keep a cap just under one
 * from losing half of it (more quilts cost more: each one's metadata is stored on every shard).
 */
export function stableQuiltCap(cap: number): number {
  const power = 2 ** Math.floor(Math.log2(Math.max(MiB, cap)));
  return Math.max(MiB, cap >= 1.5 * power ? 1.5 * power : power);
}

/**
 * Resident memory of one idle encode worker with walrus-wasm loaded, before any job: its own
 * JavaScript engine and the compiled WASM. Measured for a Node worker thread: two of them added
 * 155 MiB to the process.
 */
export const ENCODE_THREAD_BYTES = 80 * MiB;

/**
 * The budget plan for a process whose encode workers are not running yet: each worker's fixed
 * cost is added to the baseline, so the plan keeps the most workers whose fixed costs and encode
 * peaks all fit. Throws MemoryBudgetError when not even one does and the budget was `chosen`
 * (a default budget grows instead, see planForBudget).
 */
export function planWithWorkers(budget: number, baseline: number, cores: number, chosen = true): BudgetPlan {
  let lastError: unknown = null;
  for (let workers = Math.max(1, Math.floor(cores)); workers >= 1; workers--) {
    try {
      const plan = planForBudget(budget, baseline + workers * ENCODE_THREAD_BYTES, workers, chosen);
      if (plan.encodeWorkers === workers) return plan;
    } catch (error) {
      if (!(error instanceof MemoryBudgetError)) throw error;
      lastError = error;
    }
  }
  throw lastError;
}
