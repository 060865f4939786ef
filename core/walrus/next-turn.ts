// Long CPU work in core (the streaming encoder) gives the event loop a turn now and then, so
// timers, a progress display and the network I/O of concurrent uploads keep moving while it runs.
// Awaiting a resolved promise would not do: microtasks run before any I/O or timer. setTimeout(0)
// would, but is clamped (1 ms in Node, 4 ms in browsers once timers nest). So: Node's setImmediate
// (~15 µs a turn, after pending I/O callbacks), else a message to oneself (browsers and workers;
// in Node the first MessageChannel costs ~100 ms of loading, which is why it is not used there).

type Immediate = (callback: () => void) => unknown;

/** Resolves in a later task of the event loop, after pending I/O callbacks and due timers. */
export function nextTurn(): Promise<void> {
  // Read off globalThis: core is typed without Node's globals.
  const setImmediate = (globalThis as { setImmediate?: Immediate }).setImmediate;
  if (setImmediate) return new Promise((resolve) => setImmediate(resolve));
  if (typeof MessageChannel === 'undefined') return new Promise((resolve) => setTimeout(resolve, 0));
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => {
      channel.port1.close();
      resolve();
    };
    channel.port2.postMessage(null);
  });
}

/**
 * A check to call between small steps of a long computation: it gives the event loop a turn
 * (`nextTurn`) once `sliceMs` have passed since the last one, and is a no-op otherwise, so a
 * computation made of many tiny steps pays for few turns. Resolves to whether it yielded.
 */
export function timeSlicer(
  sliceMs: number,
  now: () => number = () => performance.now(),
): () => Promise<boolean> {
  let since = now();
  return async () => {
    if (now() - since < sliceMs) return false;
    await nextTurn();
    since = now();
    return true;
  };
}
