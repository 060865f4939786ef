// A read slot bounds the portal's costly work: fetching a file from the nodes and holding it in
// memory. A streamed file (a big media blob) needs that only until its first verified row; after
// that its reads are paced by its client, a window of rows at a time, for as long as the client
// takes (minutes for a video on a slow link). Held in a read slot, a few slow downloads would
// starve every page read behind them, so a stream trades its read slot for a stream slot, from a
// pool of its own, the moment its answer is ready.
import { STREAMED_HEADER } from '../../core/serve/portal-protocol.ts';
import type { ReadSlots } from './read-slots.ts';

export interface StreamHandoff {
  /** The read slot this request holds (given back exactly once, whatever happens). */
  readonly release: () => void;
  /** Slots for answers still streaming to their clients. */
  readonly streams: ReadSlots;
  /** Produces the answer (the read). */
  readonly answer: () => Promise<Response>;
  /** Sends an answer; resolves when it is sent or given up. */
  readonly send: (response: Response) => Promise<void>;
  /** Answers "busy" when no stream slot is free (the stream's body is already cancelled). */
  readonly busy: () => void;
}

/** Reads and sends one answer, holding a read slot for the read and a stream slot for a stream. */
export async function answerHoldingSlots(handoff: StreamHandoff): Promise<void> {
  const { release, streams, answer, send, busy } = handoff;
  let response: Response;
  try {
    response = await answer();
  } catch (error) {
    release();
    throw error;
  }
  if (!response.headers.has(STREAMED_HEADER)) {
    try {
      await send(response);
    } finally {
      release();
    }
    return;
  }
  const streaming = streams.tryAcquire();
  release();
  if (!streaming) {
    // Cancelling stops the stream's reads at once; its first row was verified for nothing.
    await response.body?.cancel().catch(() => {});
    busy();
    return;
  }
  try {
    await send(response);
  } finally {
    streaming();
  }
}
