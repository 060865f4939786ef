// The body a site's service worker posts to the portal server with what its reads counted since
// its last report (a `ReadTallySnapshot` as JSON), and the server's strict check of it. Site
// origins also run the site's own scripts, which can post anything here: a report is shaped and
// bounded before it is counted, and the counts are only ever displayed, never used to pick nodes.
import { READ_PATHS, type NodeTally, type ReadTallySnapshot } from './read-tally.ts';

/** A report's body is at most this long (a 100-node committee's report is about 7 KiB). */
export const MAX_REPORT_BYTES = 16 * 1024;
/** Nodes named in one report. */
export const MAX_REPORT_NODES = 200;
/** Any one count in one report; a worker reports every few seconds, far below this. */
export const MAX_REPORT_COUNT = 100_000;

export class ReadReportError extends Error {
  override name = 'ReadReportError';
}

/** The report in `body`, or a ReadReportError saying what is wrong with it. */
export function parseReadReport(body: string): ReadTallySnapshot {
  if (body.length > MAX_REPORT_BYTES)
    throw new ReadReportError(`a report is at most ${MAX_REPORT_BYTES} bytes`);
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    throw new ReadReportError('a report is JSON');
  }
  const report = record(json, 'the report', ['reads', 'nodes']);
  const reads = record(report['reads'] ?? {}, 'reads', READ_PATHS);
  const nodes = record(report['nodes'] ?? {}, 'nodes', null);
  const urls = Object.keys(nodes);
  if (urls.length > MAX_REPORT_NODES)
    throw new ReadReportError(`a report names at most ${MAX_REPORT_NODES} nodes`);
  const parsed: Record<string, NodeTally> = {};
  for (const url of urls) {
    if (!isNodeUrl(url)) throw new ReadReportError(`${JSON.stringify(url.slice(0, 80))} is not a node URL`);
    const node = record(nodes[url], `nodes[${url}]`, ['recovered', 'failures']);
    parsed[url] = {
      recovered: count(node['recovered'], 'recovered'),
      failures: count(node['failures'], 'failures'),
    };
  }
  return {
    reads: {
      direct: count(reads['direct'], 'reads.direct'),
      recovered: count(reads['recovered'], 'reads.recovered'),
      fallback: count(reads['fallback'], 'reads.fallback'),
    },
    nodes: parsed,
  };
}

/** A plain object with only the `allowed` keys (any keys when null). */
function record(value: unknown, what: string, allowed: readonly string[] | null): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new ReadReportError(`${what} is an object`);
  const entries = value as Record<string, unknown>;
  const extra = allowed ? Object.keys(entries).find((key) => !allowed.includes(key)) : undefined;
  if (extra !== undefined) throw new ReadReportError(`${what} has an unknown field ${JSON.stringify(extra)}`);
  return entries;
}

/** A count: absent means 0. */
function count(value: unknown, what: string): number {
  if (value === undefined) return 0;
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0 || value > MAX_REPORT_COUNT)
    throw new ReadReportError(`${what} is a whole number from 0 to ${MAX_REPORT_COUNT}`);
  return value;
}

/** An http(s) URL of at most 200 characters, without query or fragment (as committee URLs are). */
function isNodeUrl(text: string): boolean {
  if (text.length > 200) return false;
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return false;
  }
  return (url.protocol === 'http:' || url.protocol === 'https:') && url.search === '' && url.hash === '';
}
