// Bounded-parallel work queue: the reader may have hundreds of sliver requests to make, and a
// browser or a storage node should not see them all at once.

/**
 * Runs `worker` over `items` with at most `concurrency` in flight, pulling the next item when one
 * finishes. `shouldStop` is checked before each start, so callers can stop early once satisfied.
 */
export async function runPool<T>(
  items: readonly T[],
  concurrency: number,
  worker: (item: T) => Promise<void>,
  shouldStop: () => boolean = () => false,
): Promise<void> {
  let next = 0;
  const lane = async (): Promise<void> => {
    while (next < items.length && !shouldStop()) {
      const item = items[next++]!;
      await worker(item);
    }
  };
  const lanes = Array.from({ length: Math.max(1, Math.min(concurrency, items.length)) }, lane);
  await Promise.all(lanes);
}
