// The answer for a big standalone-blob resource, over a fake reader that cuts a file into rows the
// way the stream contract says: what each kind of request gets (whole file, range, bad range,
// HEAD), that the bytes are exact, and that a whole file whose hash is wrong never arrives whole.
import { describe, expect, it } from 'vitest';
import type { SiteResource } from '../site/types.ts';
import { IntegrityError, MetadataUnavailableError } from '../walrus/read-errors.ts';
import { sha256 } from '../walrus/sha256.ts';
import type { BlobStream, StreamRequest } from '../walrus/blob-stream.ts';
import { blobResponse, type BlobStreamSource } from './blob-response.ts';

const ROW = 10;
const FILE = Uint8Array.from({ length: 95 }, (_, i) => i);
const URL_A = 'http://site.localhost:3000/video.mp4';

/** A reader of one blob, `file`, in rows of ROW bytes; records what it was asked. */
class FakeSource implements BlobStreamSource {
  readonly opened: StreamRequest[] = [];
  /** What the file hashes to, as the reader would find while streaming it. */
  actualHash: Uint8Array | undefined;
  failOpen: Error | undefined;

  readonly file: Uint8Array;

  constructor(file: Uint8Array) {
    this.file = file;
  }

  async blobLength(): Promise<number> {
    return this.file.length;
  }

  async openStream(request: StreamRequest): Promise<BlobStream> {
    this.opened.push(request);
    if (this.failOpen) throw this.failOpen;
    const length = this.file.length;
    const start = Math.min(request.start ?? 0, length);
    const end = Math.min(request.end ?? length, length);
    const firstRow = Math.floor(start / ROW);
    const lastRow = end > start ? Math.floor((end - 1) / ROW) : firstRow - 1;
    const chunks: Uint8Array[] = [];
    for (let row = firstRow; row <= lastRow; row++)
      chunks.push(this.file.slice(Math.max(start, row * ROW), Math.min(end, (row + 1) * ROW)));
    const whole = start === 0 && end === length;
    const actual = this.actualHash ?? (await sha256(this.file));
    const mismatch = whole && request.sha256 !== undefined && !sameBytes(actual, request.sha256);
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        const chunk = chunks.shift();
        // The contract: the last chunk of a whole file is withheld until the hash matches.
        if (chunk && mismatch && chunks.length === 0)
          controller.error(new IntegrityError('the file does not hash to the SHA-256 on chain'));
        else if (chunk) controller.enqueue(chunk);
        else controller.close();
      },
    });
    return { length, start, end, firstRow, lastRow, body };
  }
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

async function resource(headers: [string, string][] = []): Promise<SiteResource> {
  return {
    path: '/video.mp4',
    headers: new Map(headers),
    blobId: 'blob-of-the-video',
    blobHash: await sha256(FILE),
    range: null,
  };
}

const get = (headers: Record<string, string> = {}) => new Request(URL_A, { headers });

/** Every chunk of `body` as it arrived, and the error it ended with, if any. */
async function drain(body: ReadableStream<Uint8Array> | null) {
  const chunks: Uint8Array[] = [];
  const reader = body!.getReader();
  try {
    for (let r = await reader.read(); !r.done; r = await reader.read()) chunks.push(r.value);
    return { chunks, bytes: concat(chunks), error: undefined };
  } catch (error) {
    return { chunks, bytes: concat(chunks), error };
  }
}

function concat(chunks: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let at = 0;
  for (const chunk of chunks) {
    out.set(chunk, at);
    at += chunk.length;
  }
  return out;
}

describe('blobResponse', () => {
  it('streams the whole file with its length, checked against the chain SHA-256', async () => {
    const source = new FakeSource(FILE);
    const res = await resource();
    const answer = await blobResponse(source, get(), res, { status: 200, debugHeader: true });

    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-length')).toBe('95');
    expect(answer.headers.get('accept-ranges')).toBe('bytes');
    expect(answer.headers.get('content-type')).toBe('video/mp4');
    expect(answer.headers.get('x-floe-streamed')).toBe('1');
    expect(answer.headers.get('x-floe-read')).toBe('blob; source=nodes; mode=stream; rows=0..9');
    const { chunks, bytes, error } = await drain(answer.body);
    expect(error).toBeUndefined();
    expect(bytes).toEqual(FILE);
    // Row by row, not gathered: a player starts on the first row.
    expect(chunks.length).toBeGreaterThan(1);
    expect(source.opened).toEqual([{ blobId: res.blobId, sha256: res.blobHash, signal: expect.anything() }]);
  });

  it('withholds the last chunk and errors the body when the file does not hash to the chain SHA-256', async () => {
    const source = new FakeSource(FILE);
    source.actualHash = new Uint8Array(32);
    const answer = await blobResponse(source, get(), await resource(), { status: 200 });

    expect(answer.headers.get('content-length')).toBe('95');
    const { bytes, error } = await drain(answer.body);
    expect(error).toBeInstanceOf(IntegrityError);
    expect(bytes).toEqual(FILE.subarray(0, 90));
  });

  it.each([
    ['bytes=20-34', 20, 34, '2..3'],
    ['bytes=90-', 90, 94, '9..9'],
    ['bytes=-7', 88, 94, '8..9'],
    ['bytes=0-1000', 0, 94, '0..9'],
  ])(
    'answers %s with 206 and exactly those bytes, read from the rows covering them',
    async (header, first, last, rows) => {
      const source = new FakeSource(FILE);
      const answer = await blobResponse(source, get({ range: header }), await resource(), {
        status: 200,
        debugHeader: true,
      });

      expect(answer.status).toBe(206);
      expect(answer.headers.get('content-range')).toBe(`bytes ${first}-${last}/95`);
      expect(answer.headers.get('content-length')).toBe(String(last - first + 1));
      expect(answer.headers.get('x-floe-read')).toBe(`blob; source=nodes; mode=stream; rows=${rows}`);
      expect((await drain(answer.body)).bytes).toEqual(FILE.subarray(first, last + 1));
      // A range is checked per row; the file's hash does not apply to it.
      expect(source.opened).toEqual([
        { blobId: 'blob-of-the-video', start: first, end: last + 1, signal: expect.anything() },
      ]);
    },
  );

  it('answers a range past the end with 416 and reads no row', async () => {
    const source = new FakeSource(FILE);
    const answer = await blobResponse(source, get({ range: 'bytes=95-' }), await resource(), { status: 200 });

    expect(answer.status).toBe(416);
    expect(answer.headers.get('content-range')).toBe('bytes */95');
    expect(answer.body).toBeNull();
    expect(source.opened).toEqual([]);
  });

  it('answers HEAD with the headers of the whole file and reads no row', async () => {
    const source = new FakeSource(FILE);
    const request = new Request(URL_A, { method: 'HEAD', headers: { range: 'bytes=0-9' } });
    const answer = await blobResponse(source, request, await resource(), { status: 200 });

    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-length')).toBe('95');
    expect(answer.headers.get('accept-ranges')).toBe('bytes');
    expect(answer.body).toBeNull();
    expect(source.opened).toEqual([]);
  });

  it("passes the site's headers as other files get them, and serves no range of a 404 page", async () => {
    const source = new FakeSource(FILE);
    const res = {
      ...(await resource([
        ['content-type', 'application/octet-stream'],
        ['cache-control', 'max-age=60'],
        ['set-cookie', 'a=b'],
        ['x-floe-streamed', 'forged'],
      ])),
      path: '/404.html',
    };
    const answer = await blobResponse(source, get({ range: 'bytes=0-9' }), res, { status: 404 });

    expect(answer.status).toBe(404);
    expect(answer.headers.get('content-type')).toBe('application/octet-stream');
    expect(answer.headers.get('cache-control')).toBe('max-age=60');
    expect(answer.headers.has('set-cookie')).toBe(false);
    expect(answer.headers.has('content-range')).toBe(false);
    expect(answer.headers.has('x-floe-read')).toBe(false);
    expect(answer.headers.get('x-floe-streamed')).toBe('1');
    expect((await drain(answer.body)).bytes).toEqual(FILE);
  });

  it('rejects with the reader error when not even the first row can be served', async () => {
    const source = new FakeSource(FILE);
    source.failOpen = new MetadataUnavailableError(new Uint8Array(32), []);
    await expect(blobResponse(source, get(), await resource(), { status: 200 })).rejects.toBeInstanceOf(
      MetadataUnavailableError,
    );
  });
});
