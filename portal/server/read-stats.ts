// The portal's read statistics: `POST /__floe/read-report` on a site origin takes a service
// worker's counts, and `GET /__floe/read-stats` on the apex answers the server's own reads plus all
// reports, for the network page. Reports come from site origins, where the site's own scripts run
// and can post anything: they are checked (shape, size, committee members only), kept apart from
// everything that serves reads, and only ever displayed — never used to choose or judge nodes.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { MAX_REPORT_BYTES, parseReadReport, ReadReportError } from '../../core/serve/read-report.ts';
import {
  combineTallies,
  memberKeys,
  ReadTally,
  type ReadTallySnapshot,
} from '../../core/serve/read-tally.ts';
import type { Committee } from '../../core/walrus/committee.ts';

export interface ReadStatsOptions {
  /** The committee reads go to: reports may only name its members. */
  readonly committee: () => Promise<Committee>;
  /** The server's own reads (its SiteService's tally). */
  readonly own: () => ReadTallySnapshot;
}

export class ReadStats {
  readonly #options: ReadStatsOptions;
  /** Workers' reports, display only. */
  readonly #reported = new ReadTally();

  constructor(options: ReadStatsOptions) {
    this.#options = options;
  }

  /** `POST /__floe/read-report`: 200 when counted; 4xx or 503 with the reason, nothing counted, otherwise. */
  async report(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (req.method !== 'POST') return reply(res, 405, { error: 'POST a report' }, { allow: 'POST' });
    // A JSON content type cannot be sent cross-origin without a preflight, which is not answered:
    // only pages of this portal's own origins can report.
    if (!/^application\/json\s*(;|$)/i.test(req.headers['content-type'] ?? ''))
      return reply(res, 415, { error: 'a report is application/json' });
    const body = await readBody(req, MAX_REPORT_BYTES);
    if (body === null)
      return reply(
        res,
        413,
        { error: `a report is at most ${MAX_REPORT_BYTES} bytes` },
        { connection: 'close' },
      );
    let report: ReadTallySnapshot;
    try {
      report = parseReadReport(body);
    } catch (error) {
      if (error instanceof ReadReportError) return reply(res, 400, { error: error.message });
      throw error;
    }
    let members: ReadonlySet<string>;
    try {
      members = memberKeys((await this.#options.committee()).members);
    } catch {
      return reply(res, 503, { error: 'the storage committee cannot be read now' });
    }
    // Nodes outside the committee (another epoch's, or made up) are dropped, the rest counted.
    const ignored = this.#reported.merge(report, members);
    reply(res, 200, { ignoredNodes: ignored });
  }

  /** `GET /__floe/read-stats`: the server's reads and the workers' reports together. */
  stats(req: IncomingMessage, res: ServerResponse): void {
    if (req.method !== 'GET' && req.method !== 'HEAD')
      return reply(res, 405, { error: 'GET the stats' }, { allow: 'GET, HEAD' });
    reply(res, 200, combineTallies(this.#options.own(), this.#reported.snapshot()));
  }
}

/**
 * The request body as text, or null as soon as it is longer than `max` bytes (the rest is not
 * read; the 413 closes the connection).
 */
function readBody(req: IncomingMessage, max: number): Promise<string | null> {
  if (Number(req.headers['content-length'] ?? 0) > max) return Promise.resolve(null);
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let length = 0;
    const onData = (chunk: Buffer) => {
      length += chunk.length;
      if (length <= max) return void chunks.push(chunk);
      req.off('data', onData).off('end', onEnd).pause();
      resolve(null);
    };
    const onEnd = () => resolve(Buffer.concat(chunks).toString('utf8'));
    req.on('data', onData).on('end', onEnd).once('error', reject);
  });
}

function reply(
  res: ServerResponse,
  status: number,
  json: unknown,
  headers: Record<string, string> = {},
): void {
  res.writeHead(status, {
    'content-type': 'application/json',
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
    ...headers,
  });
  res.end(JSON.stringify(json));
}
