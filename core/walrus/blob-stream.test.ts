import { describe, expect, it } from 'vitest';
import type { EncodedBlob } from './encoding.ts';
import { geometry, primarySliverSize, rotationOffset } from './geometry.ts';
import { openRowStream, type BlobStream } from './blob-stream.ts';
import { rowSpan } from './row-window.ts';
import {
  IntegrityError,
  InvalidReadRequestError,
  MetadataUnavailableError,
  NotEnoughSliversError,
} from './read-errors.ts';
import { WalrusReader } from './reader.ts';
import { sha256 } from './sha256.ts';
import { expectBytes } from './test-support/bytes.ts';
import { encodedBlob } from './test-support/fixtures.ts';
import { memoryNetwork, type MemoryNetwork } from './test-support/memory-nodes.ts';

const PRIMARY = /\/slivers\/(\d+)\/primary$/;

/**
 * A network of `n` shards on 10 nodes holding one blob, and a reader whose fetch the test may wrap.
 * It keeps no rows between streams unless `keepRowBytes` says so: most tests count row requests.
 */
function setup(
  n: number,
  length: number,
  wrap: (net: MemoryNetwork) => MemoryNetwork['fetch'] = (net) => net.fetch,
  keepRowBytes = 0,
) {
  const { data, encoded } = encodedBlob(n, length, 7);
  const net = memoryNetwork(n, 10);
  net.add(encoded);
  const reader = new WalrusReader({ committee: net.committee, fetch: wrap(net), keepRowBytes });
  const rowSize = primarySliverSize(geometry(n), encoded.symbolSize);
  return { data, encoded, net, reader, rowSize };
}

/** Rows requested from nodes so far, in order. */
function rowRequests(net: MemoryNetwork): number[] {
  return net.log.flatMap((path) => {
    const match = PRIMARY.exec(path);
    return match ? [Number(match[1])] : [];
  });
}

/** The shard holding row `row` of a blob (primary sliver of pair `row`). */
function shardOfRow(encoded: EncodedBlob, n: number, row: number): number {
  return (row + rotationOffset(encoded.blobId, n)) % n;
}

/** Reads the body to its end or its error, keeping what arrived before an error. */
async function drain(stream: BlobStream): Promise<{ bytes: Uint8Array; chunks: number; error?: unknown }> {
  const reader = stream.body.getReader();
  const parts: Uint8Array[] = [];
  let error: unknown;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      parts.push(value);
    }
  } catch (e) {
    error = e;
  }
  const bytes = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    bytes.set(p, at);
    at += p.length;
  }
  return { bytes, chunks: parts.length, ...(error === undefined ? {} : { error }) };
}

/** A gate the test opens; requests waiting at it give up when their signal aborts. */
function gate() {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  const wait = (signal: AbortSignal | null | undefined) =>
    new Promise<void>((resolve, reject) => {
      void opened.then(resolve);
      signal?.addEventListener('abort', () => reject(signal.reason as Error), { once: true });
    });
  return { open, wait };
}

const tick = () => new Promise((resolve) => setTimeout(resolve, 20));

describe('WalrusReader.openStream', () => {
  it('streams the whole blob and ranges byte-exact, fetching only the covering rows', async () => {
    // n=100 has 34 rows; 60 kB leaves the last row partly padding.
    const { data, encoded, net, reader, rowSize: R } = setup(100, 60_000);
    const rows = Math.ceil(data.length / R);
    expect(data.length % R).not.toBe(0);
    const cases: [number | undefined, number | undefined][] = [
      [undefined, undefined],
      [0, data.length],
      [R + 5, 3 * R - 1], // first and last rows cut
      [2 * R, 3 * R], // exactly one row
      [7, 9], // inside one row
      [(rows - 1) * R + 3, data.length - 2], // inside the padded last row
      [data.length - 1000, data.length], // ending at the length
      [data.length - 1000, undefined],
      [500, 500], // empty
      [data.length + 10, data.length + 20], // past the end: clamped to empty
      [data.length - 10, data.length + 100], // clamped end
    ];
    await reader.blobLength(encoded.blobId);
    for (const [start, end] of cases) {
      net.log.length = 0;
      const stream = await reader.openStream({
        blobId: encoded.blobId,
        ...(start === undefined ? {} : { start }),
        ...(end === undefined ? {} : { end }),
      });
      const from = Math.min(start ?? 0, data.length);
      const to = Math.min(end ?? data.length, data.length);
      expect([stream.length, stream.start, stream.end]).toEqual([data.length, from, to]);
      const { bytes, error } = await drain(stream);
      expect(error).toBeUndefined();
      expectBytes(bytes, data.subarray(from, to));
      const expected = [];
      for (let r = stream.firstRow; r <= stream.lastRow; r++) expected.push(r);
      if (to > from)
        expect([stream.firstRow, stream.lastRow]).toEqual([Math.floor(from / R), Math.floor((to - 1) / R)]);
      else expect(stream.firstRow).toBeGreaterThan(stream.lastRow);
      // Only the covering rows, each once, and no further metadata request (cached).
      expect(rowRequests(net).sort((a, b) => a - b)).toEqual(expected);
      expect(net.log.length).toBe(expected.length);
    }
  });

  it('n=1000: streams a blob of 225 rows and a range of it', async () => {
    const { data, encoded, net, reader, rowSize: R } = setup(1000, 300_000);
    const whole = await reader.openStream({ blobId: encoded.blobId, sha256: await sha256(data) });
    expect([whole.firstRow, whole.lastRow]).toEqual([0, Math.ceil(data.length / R) - 1]);
    expectBytes((await drain(whole)).bytes, data);
    net.log.length = 0;
    const part = await reader.openStream({ blobId: encoded.blobId, start: 100_000, end: 100_000 + 3 * R });
    expectBytes((await drain(part)).bytes, data.subarray(100_000, 100_000 + 3 * R));
    expect(rowRequests(net)).toHaveLength(4);
    expect(net.log).toHaveLength(4);
  });

  it('serves rows a stream verified to the next streams of the blob from memory', async () => {
    const { data, encoded, net, reader, rowSize: R } = setup(100, 60_000, undefined, 10 * 1876);
    expect(R).toBe(1876);
    const start = await reader.openStream({ blobId: encoded.blobId, end: 3 * R });
    expectBytes((await drain(start)).bytes, data.subarray(0, 3 * R));
    expect(rowRequests(net).sort()).toEqual([0, 1, 2]);
    // A player asking for the start again, then a range over kept and new rows.
    net.log.length = 0;
    const again = await reader.openStream({ blobId: encoded.blobId, start: 10, end: 2 * R });
    expectBytes((await drain(again)).bytes, data.subarray(10, 2 * R));
    const overlap = await reader.openStream({ blobId: encoded.blobId, start: 2 * R + 7, end: 5 * R });
    expectBytes((await drain(overlap)).bytes, data.subarray(2 * R + 7, 5 * R));
    expect(rowRequests(net).sort()).toEqual([3, 4]);
    // Past the budget (10 rows) the least recently used rows go: the whole blob needs them again.
    net.log.length = 0;
    const whole = await reader.openStream({ blobId: encoded.blobId, sha256: await sha256(data) });
    expectBytes((await drain(whole)).bytes, data);
    expect(rowRequests(net)).toHaveLength(Math.ceil(data.length / R) - 5);
    net.log.length = 0;
    await drain(await reader.openStream({ blobId: encoded.blobId, start: 0, end: R }));
    expect(rowRequests(net)).toEqual([0]);
  });

  it('keeps at most the window of rows requested ahead of the consumer', async () => {
    const rowsGate = gate();
    let asked = 0;
    const {
      data,
      encoded,
      reader,
      rowSize: R,
    } = setup(100, 60_000, (net) => async (input, init) => {
      if (PRIMARY.test(input)) {
        asked++;
        await rowsGate.wait(init?.signal);
      }
      return net.fetch(input, init);
    });
    const opening = reader.openStream({ blobId: encoded.blobId, windowBytes: 3 * R + 1 });
    await expect.poll(() => asked).toBe(1);
    await tick();
    expect(asked).toBe(1); // the first row alone, so nothing competes with the first byte
    rowsGate.open();
    const stream = await opening;
    await tick();
    expect(asked).toBe(3); // nothing read yet: the window stays full, not longer
    const body = stream.body.getReader();
    expectBytes((await body.read()).value!, data.subarray(0, R));
    await tick();
    expect(asked).toBe(3);
    expectBytes((await body.read()).value!, data.subarray(R, 2 * R));
    await tick();
    expect(asked).toBe(4); // one row delivered, one more started
    body.releaseLock();
    const rest = await drain(stream);
    expectBytes(rest.bytes, data.subarray(2 * R));
    expect(asked).toBe(Math.ceil(data.length / R));
  });

  it('grows the window by a row per row delivered, so an early cancel leaves little in flight', async () => {
    // A player reads a file's start and then seeks; a cut download hangs up. The rows a cancelled
    // stream had asked for still cost the node that holds them (neighbouring rows share a node),
    // in front of the next request.
    const { encoded, net, reader, rowSize: R } = setup(100, 60_000);
    const stream = await reader.openStream({ blobId: encoded.blobId, windowBytes: 6 * R });
    const body = stream.body.getReader();
    const ahead: number[] = [];
    for (let delivered = 1; delivered <= 8; delivered++) {
      await body.read();
      await tick();
      ahead.push(rowRequests(net).length - delivered);
    }
    expect(ahead).toEqual([2, 2, 3, 4, 5, 5, 5, 5]);
    await body.cancel();
    await tick();
    expect(rowRequests(net)).toHaveLength(8 + 5);
  });

  it('resolves after the first row while later rows are still on their way', async () => {
    const later = gate();
    const {
      data,
      encoded,
      reader,
      rowSize: R,
    } = setup(10, 20_000, (net) => async (input, init) => {
      const row = PRIMARY.exec(input)?.[1];
      if (row !== undefined && row !== '0') await later.wait(init?.signal);
      return net.fetch(input, init);
    });
    const stream = await reader.openStream({ blobId: encoded.blobId });
    later.open();
    const { bytes } = await drain(stream);
    expectBytes(bytes, data);
    expect(R).toBeLessThan(data.length);
  });

  it('does not count a row fetched ahead as late while it waits for the consumer', async () => {
    // A video plays at its own pace: rows fetched ahead wait seconds for their turn. Were the hedge's
    // clock running meanwhile, every such row would be rebuilt from symbols for nothing.
    const { data, encoded, net } = setup(10, 20_000);
    const reader = new WalrusReader({ committee: net.committee, fetch: net.fetch, hedgeAfterMs: 30 });
    const stream = await reader.openStream({ blobId: encoded.blobId });
    const body = stream.body.getReader();
    const first = await body.read();
    await new Promise((resolve) => setTimeout(resolve, 200));
    const symbols = () => net.log.filter((path) => /Symbols$/.test(path)).length;
    expect(symbols()).toBe(0);
    body.releaseLock();
    const rest = await drain(stream);
    expectBytes(rest.bytes, data.subarray(first.value!.length));
    expect(symbols()).toBe(0);
  });

  it('asks no node for symbols when a stream with rows fetched ahead is cancelled', async () => {
    // A `<video>` seek or a client hanging up cancels a stream whose window is fetched but not yet
    // verified. Rebuilding those rows from symbols would cost every node CPU for nothing; on the
    // devnet it kept all ten busy for over 10 s after each cut download.
    const { encoded, net } = setup(10, 20_000);
    const reader = new WalrusReader({ committee: net.committee, fetch: net.fetch, hedgeAfterMs: 30 });
    const stream = await reader.openStream({ blobId: encoded.blobId });
    const body = stream.body.getReader();
    await body.read();
    await new Promise((resolve) => setTimeout(resolve, 50)); // the window's rows are in, waiting
    expect(rowRequests(net).length).toBeGreaterThan(2);
    await body.cancel();
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(net.log.filter((path) => /Symbols$/.test(path))).toEqual([]);
  });

  it('streams past a node that is down, asking each other node for its rows’ symbols together', async () => {
    // Row by row, every node would read all its slivers once per row of the node that is down; on
    // the devnet that timed out and broke a 200 MiB stream after 7 rows.
    const { data, encoded, net, reader } = setup(100, 300_000);
    const memberOfRow = (row: number) =>
      net.committee.members.findIndex((m) => m.shards.includes(shardOfRow(encoded, 100, row)));
    const down = memberOfRow(0);
    net.setFault(down, { kind: 'down' });
    const stream = await reader.openStream({ blobId: encoded.blobId });
    const rowsDown = Array.from({ length: stream.lastRow + 1 }, (_, row) => row).filter(
      (row) => memberOfRow(row) === down,
    ).length;
    const { bytes, error } = await drain(stream);
    expect(error).toBeUndefined();
    expectBytes(bytes, data);
    const symbolRequests = net.log.filter((path) => /Symbols$/.test(path)).length;
    expect(rowsDown).toBeGreaterThan(3);
    // The first row alone, then the rest of the window together: at most the 9 nodes up, twice
    // (asked row by row: 28).
    expect(symbolRequests).toBeLessThanOrEqual(2 * 9);
  });

  it('rebuilds a corrupt row from other nodes’ symbols', async () => {
    const { data, encoded, net, reader } = setup(10, 20_000);
    net.corruptShards([shardOfRow(encoded, 10, 1)]);
    const { bytes, error } = await drain(await reader.openStream({ blobId: encoded.blobId }));
    expect(error).toBeUndefined();
    expectBytes(bytes, data);
    expect(net.log.some((path) => path.endsWith('/decodingSymbols'))).toBe(true);
  });

  it('errors after the preceding rows when a corrupt row cannot be rebuilt, never decoding the whole blob', async () => {
    const { data, encoded, net, reader, rowSize: R } = setup(10, 20_000);
    net.corruptShards([shardOfRow(encoded, 10, 2)]);
    for (let m = 0; m < 10; m++) net.setFault(m, { kind: 'no-symbols' });
    const stream = await reader.openStream({ blobId: encoded.blobId, windowBytes: 1 });
    const { bytes, error } = await drain(stream);
    expect(error).toBeInstanceOf(NotEnoughSliversError);
    expect((error as NotEnoughSliversError).failures.some((f) => f.what === 'primary sliver 2')).toBe(true);
    expectBytes(bytes, data.subarray(0, 2 * R));
    // No whole-blob fallback: no secondary slivers, and each row asked for once.
    expect(net.log.some((path) => path.endsWith('/secondary'))).toBe(false);
    expect(rowRequests(net).sort((a, b) => a - b)).toEqual([0, 1, 2, 3]);
  });

  it('rejects openStream when the first row cannot be had', async () => {
    const { encoded, net, reader } = setup(10, 20_000);
    net.corruptShards([shardOfRow(encoded, 10, 0)]);
    for (let m = 0; m < 10; m++) net.setFault(m, { kind: 'no-symbols' });
    await expect(reader.openStream({ blobId: encoded.blobId })).rejects.toBeInstanceOf(NotEnoughSliversError);
  });

  it('withholds the last chunk and errors when the whole blob does not match its SHA-256', async () => {
    const { data, encoded, reader, rowSize: R } = setup(10, 20_000);
    const rows = Math.ceil(data.length / R);
    const wrong = await sha256(new Uint8Array(1));
    const bad = await drain(await reader.openStream({ blobId: encoded.blobId, sha256: wrong }));
    expect(bad.error).toBeInstanceOf(IntegrityError);
    expect(bad.chunks).toBe(rows - 1);
    expectBytes(bad.bytes, data.subarray(0, (rows - 1) * R));

    const good = await drain(await reader.openStream({ blobId: encoded.blobId, sha256: await sha256(data) }));
    expect(good.error).toBeUndefined();
    expectBytes(good.bytes, data);
    // A partial range is checked per row only; the whole-file hash does not apply to it.
    const part = await drain(await reader.openStream({ blobId: encoded.blobId, start: 1, sha256: wrong }));
    expectBytes(part.bytes, data.subarray(1));
  });

  it('rejects openStream for a one-row blob whose SHA-256 does not match', async () => {
    const { encoded, reader } = setup(10, 10); // one row of 14 bytes
    const wrong = await sha256(new Uint8Array(1));
    await expect(reader.openStream({ blobId: encoded.blobId, sha256: wrong })).rejects.toBeInstanceOf(
      IntegrityError,
    );
    const empty = setup(10, 0);
    await expect(
      empty.reader.openStream({ blobId: empty.encoded.blobId, sha256: wrong }),
    ).rejects.toBeInstanceOf(IntegrityError);
    const ok = await empty.reader.openStream({
      blobId: empty.encoded.blobId,
      sha256: await sha256(new Uint8Array(0)),
    });
    expect((await drain(ok)).bytes).toHaveLength(0);
  });

  /** A reader whose nodes answer row 0 and hold every other row until its request is aborted. */
  function stalledAfterFirstRow() {
    const never = gate();
    const waiting: AbortSignal[] = [];
    const { encoded, reader } = setup(100, 60_000, (net) => async (input, init) => {
      const row = PRIMARY.exec(input)?.[1];
      if (row !== undefined && row !== '0') {
        waiting.push(init!.signal!);
        await never.wait(init?.signal);
      }
      return net.fetch(input, init);
    });
    return { encoded, reader, waiting };
  }

  it('cancelling the body aborts the requests in flight', async () => {
    const { encoded, reader, waiting } = stalledAfterFirstRow();
    const stream = await reader.openStream({ blobId: encoded.blobId });
    await expect.poll(() => waiting.length).toBeGreaterThan(1);
    expect(waiting.every((s) => !s.aborted)).toBe(true);
    await stream.body.cancel();
    expect(waiting.every((s) => s.aborted)).toBe(true);
  });

  it('the caller’s signal aborts the stream and its requests', async () => {
    const { encoded, reader, waiting } = stalledAfterFirstRow();
    const controller = new AbortController();
    const stream = await reader.openStream({ blobId: encoded.blobId, signal: controller.signal });
    await expect.poll(() => waiting.length).toBeGreaterThan(1);
    controller.abort(new Error('client went away'));
    expect(waiting.every((s) => s.aborted)).toBe(true);
    const { bytes, error } = await drain(stream);
    expect((error as Error).message).toBe('client went away');
    expect(bytes.length).toBeGreaterThan(0); // row 0, verified before the abort
  });

  it('rejects bad requests before any node request, and unknown blobs clearly', async () => {
    const { encoded, net, reader } = setup(10, 1000);
    net.log.length = 0;
    for (const bad of [{ start: -1 }, { start: 5, end: 2 }, { end: 1.5 }, { windowBytes: 0 }]) {
      await expect(reader.openStream({ blobId: encoded.blobId, ...bad })).rejects.toBeInstanceOf(
        InvalidReadRequestError,
      );
    }
    await expect(reader.openStream({ blobId: encoded.blobId, sha256: new Uint8Array(3) })).rejects.toThrow(
      /32 bytes/,
    );
    expect(net.log).toHaveLength(0);
    const other = encodedBlob(10, 1001).encoded;
    await expect(reader.openStream({ blobId: other.blobId })).rejects.toBeInstanceOf(
      MetadataUnavailableError,
    );
  });
});

describe('WalrusReader.blobLength', () => {
  it('asks for the metadata once and shares it with streams', async () => {
    const { data, encoded, net, reader } = setup(10, 5000);
    const [a, b] = await Promise.all([reader.blobLength(encoded.blobId), reader.blobLength(encoded.blobId)]);
    expect([a, b]).toEqual([data.length, data.length]);
    expect(await reader.blobLength(encoded.blobId)).toBe(data.length);
    await drain(await reader.openStream({ blobId: encoded.blobId }));
    expect(net.log.filter((path) => path.endsWith('/metadata'))).toHaveLength(1);
  });
});

describe('openRowStream: when rows are verified', () => {
  /** A 10-row blob whose rows are fetched at once; records which rows were let through to verification. */
  function turnedStream(window: number) {
    const rowSize = 4;
    const verified: number[] = [];
    const settled: number[] = [];
    const plan = {
      blobId: new Uint8Array(32),
      length: 10 * rowSize,
      span: rowSpan(10 * rowSize, rowSize),
      window,
      fetchRow: async (row: number, signal: AbortSignal, turn: () => Promise<void>) => {
        try {
          await turn();
          signal.throwIfAborted(); // as a real source does: no verification for a cancelled stream
          verified.push(row);
          return new Uint8Array(rowSize).fill(row);
        } finally {
          settled.push(row);
        }
      },
    };
    return { verified, settled, opening: openRowStream(plan) };
  }

  it('verifies a row fetched ahead only when the consumer is one row short of it', async () => {
    const { verified, opening } = turnedStream(6);
    const stream = await opening;
    await tick();
    // Row 0 went out; row 1 may be checked while it does; rows 2–5 are fetched but wait.
    expect(verified).toEqual([0, 1]);
    const body = stream.body.getReader();
    expect((await body.read()).value).toEqual(new Uint8Array(4).fill(0));
    expect((await body.read()).value).toEqual(new Uint8Array(4).fill(1));
    await tick();
    expect(verified).toEqual([0, 1, 2]);
    body.releaseLock();
  });

  it('a cancelled stream lets its waiting rows go unverified, leaving nothing hanging', async () => {
    const { verified, settled, opening } = turnedStream(6);
    const stream = await opening;
    await tick();
    await stream.body.cancel();
    await tick();
    // Row 2 was fetched but never verified, and every source returned; the window had not grown
    // past two rows beyond the first (rows 3–5 were never asked for).
    expect(verified).toEqual([0, 1]);
    expect(settled.sort()).toEqual([0, 1, 2]);
  });
});
