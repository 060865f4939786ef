// How the portal server writes a site answer to the client, over real HTTP: a streamed big file
// reaches the client chunk by chunk (the server never holds it whole), a body that fails midway
// cuts the connection short of its Content-Length instead of ending it cleanly, and a first
// visit's page is still buffered to get the worker's register tag.
import { createServer, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { REGISTER_TAG } from './register-tag.ts';
import { sendResponse } from './send-response.ts';

let server: Server | undefined;
afterEach(async () => {
  server?.closeAllConnections();
  await new Promise((resolve) => server?.close(resolve) ?? resolve(undefined));
  server = undefined;
});

/** A server that answers every request with `answer()`, sent by sendResponse. */
async function serve(answer: () => Response, firstVisit = false): Promise<number> {
  server = createServer((_req, res) => void sendResponse(res, answer(), firstVisit));
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}

interface Received {
  readonly headers: Record<string, string | string[] | undefined>;
  /** Each chunk as it arrived. */
  readonly chunks: Buffer[];
  /** Whether the connection ended before the body did. */
  readonly aborted: boolean;
}

/** GETs `/` and calls `onChunk` for each chunk as it arrives. */
function get(port: number, onChunk: (chunk: Buffer) => void = () => {}): Promise<Received> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port, path: '/' }, (res) => {
      const chunks: Buffer[] = [];
      let aborted = false;
      res.on('data', (chunk: Buffer) => {
        chunks.push(chunk);
        onChunk(chunk);
      });
      res.on('aborted', () => (aborted = true));
      res.on('error', () => (aborted = true));
      res.on('close', () => resolve({ headers: res.headers, chunks, aborted: aborted || !res.complete }));
    });
    req.on('error', reject);
    req.end();
  });
}

/** A streamed answer of `rows` rows of 1000 bytes; each row is sent once `release(row)` is called. */
function gatedFile(rows: number, failAt?: number) {
  const opens: (() => void)[] = [];
  const gates = Array.from({ length: rows }, () => new Promise<void>((open) => opens.push(open)));
  let row = 0;
  const body = new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        if (row === rows) return controller.close();
        await gates[row];
        if (row === failAt) return controller.error(new Error(`row ${row} failed verification`));
        controller.enqueue(new Uint8Array(1000).fill(row++));
      },
    },
    { highWaterMark: 0 },
  );
  const response = new Response(body, {
    headers: { 'content-type': 'video/mp4', 'content-length': String(rows * 1000), 'x-floe-streamed': '1' },
  });
  return { response, release: (n: number) => opens[n]?.() };
}

describe('sendResponse', () => {
  it('sends a streamed body chunk by chunk, each before the next is read', async () => {
    const file = gatedFile(3);
    const port = await serve(() => file.response);
    file.release(0);
    let received = 0;
    const answer = await get(port, (chunk) => {
      received += chunk.length;
      // The next row is only read once the client has this one.
      if (received % 1000 === 0) file.release(received / 1000);
    });

    expect(answer.aborted).toBe(false);
    expect(answer.headers['content-length']).toBe('3000');
    expect(Buffer.concat(answer.chunks)).toEqual(
      Buffer.concat([0, 1, 2].map((row) => Buffer.alloc(1000, row))),
    );
  });

  it('cuts the connection when the body fails midway, short of its Content-Length', async () => {
    const file = gatedFile(4, 2);
    const port = await serve(() => file.response);
    [0, 1, 2].forEach(file.release);
    const answer = await get(port);

    expect(answer.aborted).toBe(true);
    expect(answer.headers['content-length']).toBe('4000');
    expect(Buffer.concat(answer.chunks).length).toBe(2000);
  });

  it('adds the register tag to a first visit page, and streams a first visit of a big file as it is', async () => {
    const html = '<!doctype html><head><title>hi</title></head><body>hello</body>';
    let port = await serve(
      () => new Response(html, { headers: { 'content-type': 'text/html; charset=utf-8' } }),
      true,
    );
    const page = await get(port);
    expect(Buffer.concat(page.chunks).toString()).toContain(REGISTER_TAG);

    await new Promise((resolve) => server!.close(resolve));
    const file = gatedFile(2);
    port = await serve(() => file.response, true);
    file.release(0);
    file.release(1);
    const video = await get(port);
    expect(video.aborted).toBe(false);
    expect(Buffer.concat(video.chunks).length).toBe(2000);
  });
});
