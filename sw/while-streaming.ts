// A streamed answer (a big file read row by row as the page plays it) outlives its fetch event's
// answer: respondWith settles when the response starts, while the worker still reads and verifies
// rows for the rest of the body. The browser may stop an idle worker meanwhile, which would cut the
// body short; the event's waitUntil keeps it running until the body ends, fails or is cancelled.
import { STREAMED_HEADER } from '../core/serve/portal-protocol.ts';

/**
 * `response` as is, or, for a streamed answer, the same answer whose body settles the promise
 * handed to `waitUntil` when it ends, errors, or the page cancels it.
 */
export function aliveWhileStreaming(
  response: Response,
  waitUntil: (work: Promise<unknown>) => void,
): Response {
  if (!response.body || !response.headers.has(STREAMED_HEADER)) return response;
  const reader = response.body.getReader();
  let finish!: () => void;
  waitUntil(new Promise<void>((resolve) => (finish = resolve)));
  const body = new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        try {
          const next = await reader.read();
          if (next.done) {
            controller.close();
            finish();
          } else controller.enqueue(next.value);
        } catch (error) {
          controller.error(error);
          finish();
        }
      },
      async cancel(reason) {
        finish();
        await reader.cancel(reason);
      },
    },
    // Pass each row on as the page asks for it; no buffer beyond the reader's own window.
    { highWaterMark: 0 },
  );
  return new Response(body, {
    status: response.status,
    statusText: response.statusText,
    headers: response.headers,
  });
}
