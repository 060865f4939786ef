// The short form of the parser fuzzers for CI: every target with a fixed seed and 1500 inputs
// (fewer for the request handlers; a few seconds in all). `npx node fuzz/run.ts --runs 100000` is
// the long form; a failure here prints the command that replays it.
import { afterAll, describe, expect, it } from 'vitest';
import { createServer } from 'node:http';
import { describeFailures, fuzz, fuzzAsync, inputAt, mutateBytes, mutateText, Rng } from './engine.ts';
import { encodeRequest, exchange } from './http-driver.ts';
import { TARGETS } from './targets.ts';

const SEED = process.env.FUZZ_SEED !== undefined ? Number(process.env.FUZZ_SEED) : 0x5eed;
const RUNS = 1500;
/** Request-handler targets cost more per input (a request through node:http, a store, a chain). */
const SHORT_RUNS: Readonly<Record<string, number>> = {
  'node.publicApi': 1000,
  'node.adminApi': 1000,
  'chain.jsonRpc': 500,
};

describe('parser fuzzers (short form)', () => {
  afterAll(async () => {
    for (const target of TARGETS) await target.close?.();
  });

  for (const target of TARGETS) {
    const runs = SHORT_RUNS[target.name] ?? RUNS;
    it(`${target.name}: ${runs} inputs, no failures`, async () => {
      // A loaded CI machine gets more slack per input than the long form's 50 ms; hangs still show.
      const report = await target.run({ runs, seed: SEED, perInputMs: 250 });
      expect(report.inputs).toBe(runs);
      expect(report.failures, `\n${describeFailures(report)}`).toBe(0);
      // Every target must both accept and reject something, or its seeds or mutator are broken.
      expect(report.ok).toBeGreaterThan(0);
      if (
        !['serve.matchRedirect', 'serve.matchRoute', 'serve.parseRange', 'base36.base36ToObjectId'].includes(
          target.name,
        )
      ) {
        expect(report.expectedErrors).toBeGreaterThan(0);
      }
    });
  }

  it('covers every target once', () => {
    expect(new Set(TARGETS.map((t) => t.name)).size).toBe(TARGETS.length);
  });
});

describe('fuzz engine', () => {
  const mutate = (text: string, { rng }: { rng: Rng }) => mutateText(text, rng);

  it('derives every input from (seed, name, iteration) alone, so one input replays without the rest', () => {
    const seeds = ['{"a": [1, 2]}', '/a/b'];
    for (const iteration of [0, 1, 2, 77, 5000]) {
      expect(inputAt('t', seeds, mutate, 9, iteration)).toBe(inputAt('t', seeds, mutate, 9, iteration));
    }
    expect(inputAt('t', seeds, mutate, 9, 1)).toBe('/a/b');
    const inputs = new Set(Array.from({ length: 50 }, (_, i) => inputAt('t', seeds, mutate, 9, i + 2)));
    expect(inputs.size).toBeGreaterThan(40);
    expect(inputAt('u', seeds, mutate, 9, 100)).not.toBe(inputAt('t', seeds, mutate, 9, 100));
    const rng = new Rng(3);
    expect(mutateBytes(Uint8Array.from([1, 2, 3]), rng)).toBeInstanceOf(Uint8Array);
  });

  it('classifies returns and documented errors as fine, anything else as a failure with its replay', () => {
    class DocumentedError extends Error {}
    const report = fuzz(
      'demo',
      ['abc'],
      mutate,
      (text) => {
        if (text.length % 5 === 0) throw new DocumentedError(`rejected ${text.length} characters`);
        if (text.length % 5 === 1) throw new TypeError('oops');
        if (text.length % 5 === 2) throw new DocumentedError('value is undefined');
      },
      { runs: 400, seed: 1, expected: [DocumentedError] },
    );
    expect(report.inputs).toBe(400);
    expect(report.ok + report.expectedErrors + report.failures).toBe(400);
    expect(report.expectedErrors).toBeGreaterThan(0);
    const kinds = report.samples.map((s) => s.kind);
    expect(kinds).toContain('crash');
    expect(kinds).toContain('unclear-error');
    const crash = report.samples.find((s) => s.kind === 'crash')!;
    expect(crash.error).toBe('TypeError: oops');
    expect(crash.replay).toBe(`FUZZ_SEED=1 FUZZ_ONLY=demo FUZZ_ITER=${crash.iteration} npx node fuzz/run.ts`);
    const replayed = fuzz('demo', ['abc'], mutate, (text) => expect(text.length % 5).toBe(1), {
      runs: 400,
      seed: 1,
      only: crash.iteration,
    });
    expect(replayed).toMatchObject({ inputs: 1, ok: 1 });
  });

  it('flags inputs slower than the per-input limit', () => {
    const report = fuzz(
      'slow',
      ['x'],
      mutate,
      () => {
        const until = performance.now() + 15;
        while (performance.now() < until);
      },
      { runs: 2, seed: 1, perInputMs: 5 },
    );
    expect(report.samples[0]).toMatchObject({ kind: 'slow', count: 2 });
  });

  it('runs async checks in order, classifies them the same way, and reports one that never settles', async () => {
    class DocumentedError extends Error {}
    const seen: number[] = [];
    const report = await fuzzAsync(
      'async',
      // Seed 1 ('x') never settles.
      ['abc', 'x'],
      mutate,
      async (text) => {
        seen.push(text.length);
        await new Promise((resolve) => setImmediate(resolve));
        if (text.length % 3 === 0) throw new DocumentedError(`rejected ${text.length}`);
        if (text.length === 1) await new Promise(() => {});
      },
      { runs: 300, seed: 2, expected: [DocumentedError], hangMs: 20 },
    );
    expect(seen.slice(0, 2)).toEqual([3, 1]);
    expect(report.ok + report.expectedErrors + report.failures).toBe(300);
    expect(report.expectedErrors).toBeGreaterThan(0);
    expect(report.samples[0]).toMatchObject({ kind: 'hang', iteration: 1 });
    expect(report.samples.every((s) => s.kind === 'hang')).toBe(true);
  });
});

describe('HTTP driver', () => {
  const server = createServer((req, res) => {
    if (req.url === '/close-delimited') {
      res.socket!.end('HTTP/1.1 400 Bad Request\r\nconnection: close\r\n\r\nbye');
      return;
    }
    let size = 0;
    req.on('data', (chunk: Buffer) => (size += chunk.length));
    req.on('end', () => res.writeHead(201, { 'x-size': String(size) }).end(`${req.method} ${req.url}`));
  });
  const send = (method: string, target: string, body = new Uint8Array(0), chunks = 1) =>
    exchange(server, encodeRequest({ method, target, headers: [], body }), {
      chunks,
      head: method === 'HEAD',
    });

  it('drives a node:http server in-process and parses its answer', async () => {
    const put = await send('PUT', '/a?b', new Uint8Array(1000), 7);
    expect(put).toMatchObject({ kind: 'response', response: { status: 201 } });
    if (put.kind !== 'response') return;
    expect(new TextDecoder().decode(put.response.body)).toBe('PUT /a?b');
    expect(put.response.headers.get('x-size')).toBe('1000');
    expect(await send('HEAD', '/h')).toMatchObject({
      kind: 'response',
      response: { status: 201, body: new Uint8Array(0) },
    });
    const closed = await send('GET', '/close-delimited');
    expect(closed).toMatchObject({ kind: 'response', response: { status: 400 } });
    // Not a request line: node:http's own parser answers (the default clientError handler).
    expect(await send('G E T', '/')).toMatchObject({ kind: 'response', response: { status: 400 } });
  });
});
