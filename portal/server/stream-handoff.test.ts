import { describe, expect, it } from 'vitest';
import { STREAMED_HEADER } from '../../core/serve/portal-protocol.ts';
import { ReadSlots } from './read-slots.ts';
import { answerHoldingSlots } from './stream-handoff.ts';

/** A send that finishes only when the test says so, noting what it was given. */
function pendingSend() {
  let finish!: () => void;
  const sent: Response[] = [];
  const done = new Promise<void>((resolve) => (finish = resolve));
  return { sent, finish, send: (response: Response) => (sent.push(response), done) };
}

function streamed(onCancel: () => void = () => {}): Response {
  const body = new ReadableStream<Uint8Array>({ cancel: onCancel });
  return new Response(body, { headers: { [STREAMED_HEADER]: '1' } });
}

describe('answerHoldingSlots', () => {
  it('holds the read slot until a whole answer is sent', async () => {
    const reads = new ReadSlots(1);
    const streams = new ReadSlots(1);
    const out = pendingSend();
    const serving = answerHoldingSlots({
      release: reads.tryAcquire()!,
      streams,
      answer: async () => new Response('page'),
      send: out.send,
      busy: () => expect.unreachable(),
    });
    await expect.poll(() => out.sent.length).toBe(1);
    expect(reads.inUse).toBe(1);
    expect(streams.inUse).toBe(0);
    out.finish();
    await serving;
    expect(reads.inUse).toBe(0);
  });

  it('gives a stream’s read slot back as soon as the answer is ready, and holds a stream slot while it is sent', async () => {
    const reads = new ReadSlots(1);
    const streams = new ReadSlots(1);
    const out = pendingSend();
    const serving = answerHoldingSlots({
      release: reads.tryAcquire()!,
      streams,
      answer: async () => streamed(),
      send: out.send,
      busy: () => expect.unreachable(),
    });
    await expect.poll(() => out.sent.length).toBe(1);
    // A page read can start while the video is still going out.
    expect(reads.inUse).toBe(0);
    expect(reads.tryAcquire()).not.toBeNull();
    expect(streams.inUse).toBe(1);
    out.finish();
    await serving;
    expect(streams.inUse).toBe(0);
  });

  it('answers busy and cancels the stream when every stream slot is taken', async () => {
    const reads = new ReadSlots(1);
    const streams = new ReadSlots(1);
    const taken = streams.tryAcquire()!;
    let cancelled = false;
    let busy = 0;
    const out = pendingSend();
    await answerHoldingSlots({
      release: reads.tryAcquire()!,
      streams,
      answer: async () => streamed(() => (cancelled = true)),
      send: out.send,
      busy: () => busy++,
    });
    expect({ busy, cancelled, sent: out.sent.length }).toEqual({ busy: 1, cancelled: true, sent: 0 });
    expect(reads.inUse).toBe(0);
    taken();
  });

  it('gives the read slot back when the read fails', async () => {
    const reads = new ReadSlots(1);
    const failure = new Error('no nodes');
    await expect(
      answerHoldingSlots({
        release: reads.tryAcquire()!,
        streams: new ReadSlots(1),
        answer: () => Promise.reject(failure),
        send: () => expect.unreachable(),
        busy: () => expect.unreachable(),
      }),
    ).rejects.toBe(failure);
    expect(reads.inUse).toBe(0);
  });
});
