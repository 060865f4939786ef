// The official Walrus Sites portal's read path (walrus-sites 2.12, `portal/common/lib`), rebuilt
// for the geo benchmark from the behaviour its source shows, so Floe can be timed against it on the
// same emulated network. For every request, independently and with no cache, as `UrlFetcher`
// does:
//   1. the base36 subdomain → the Site's object ID (no chain request);
//   2. in parallel, one multi-get of [Site, resource field] (`ResourceFetcher.fetchObjectPairData`)
//      and one of [routes field, redirects field] (`WalrusSitesRouter.getRoutesAndRedirects`), over
//      gRPC, the transport 2.12 uses;
//   3. `GET /v1/blobs/by-quilt-patch-id/<id>` (or `/v1/blobs/<id>`) from an aggregator;
//   4. SHA-256 of the body against the resource's `blob_hash`, then the answer with its headers.
// What it leaves out: SuiNS names, redirects between Site objects, routes and the 404 fallback (the
// benchmark's pages exist), and the blocklist, none of which the visits reach. It runs as a
// loopback server standing in for the portal's service worker, so unlike the real one it pays no
// worker install: it is measured at its best.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ClientWithCoreApi } from '@mysten/sui/client';
import { FastSourceError, readFastSource } from '../../core/serve/fast-source.ts';
import { base36ToObjectId } from '../../core/site/base36.ts';
import { QUILT_PATCH_HEADER } from '../../core/site/types.ts';
import { parseResourceField } from '../../core/sui/site-bcs.ts';
import { redirectsFieldId, resourceFieldId, routesFieldId } from '../../core/sui/site-fields.ts';

export interface OfficialPathOptions {
  readonly sui: ClientWithCoreApi;
  /** The walrus_site package's original ID. */
  readonly packageId: string;
  /** Base URL of the aggregator, e.g. `http://127.0.0.1:31415`. */
  readonly aggregatorUrl: string;
}

export interface OfficialPath {
  /** `http://<label>.localhost:<port><path>` */
  url(label: string, path: string): string;
  /** Requests answered, and the chain and aggregator requests they made. */
  readonly counts: { requests: number; chain: number; aggregator: number };
  close(): Promise<void>;
}

/** walrus-sites `domain_parsing.ts`: a path ending in `/` means its `index.html`. */
function resourcePath(pathname: string): string {
  const path = decodeURIComponent(pathname);
  return path.endsWith('/') ? `${path}index.html` : path;
}

export async function startOfficialPath(options: OfficialPathOptions): Promise<OfficialPath> {
  const counts = { requests: 0, chain: 0, aggregator: 0 };
  const { sui, packageId } = options;

  async function answer(req: IncomingMessage, res: ServerResponse): Promise<void> {
    counts.requests++;
    const label = (req.headers.host ?? '').split('.')[0] ?? '';
    const siteId = base36ToObjectId(label);
    if (!siteId) return plain(res, 404, 'no site for this host');
    const path = resourcePath(new URL(req.url ?? '/', 'http://x').pathname);
    counts.chain += 2;
    const [pair] = await Promise.all([
      sui.core.getObjects({
        objectIds: [siteId, resourceFieldId(siteId, path, packageId)],
        include: { content: true },
      }),
      sui.core.getObjects({
        objectIds: [routesFieldId(siteId), redirectsFieldId(siteId)],
        include: { content: true },
      }),
    ]);
    const field = pair.objects[1];
    if (!field || field instanceof Error) return plain(res, 404, `no resource ${path}`);
    const resource = parseResourceField(field.content);
    counts.aggregator++;
    // The same request and SHA-256 check as Floe's fast sources make (core/serve/fast-source.ts).
    let body: Uint8Array;
    try {
      body = await readFastSource(fetch, options.aggregatorUrl, resource, new AbortController().signal);
    } catch (error) {
      if (error instanceof FastSourceError) return plain(res, 503, error.message);
      throw error;
    }
    const headers: Record<string, string> = {};
    for (const [name, value] of resource.headers) if (name !== QUILT_PATCH_HEADER) headers[name] = value;
    res.writeHead(200, { ...headers, 'content-length': String(body.length) }).end(body);
  }

  const server = createServer((req, res) => {
    answer(req, res).catch((error: unknown) => plain(res, 502, (error as Error).message));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: (label, path) => `http://${label}.localhost:${port}${path}`,
    counts,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

function plain(res: ServerResponse, status: number, text: string): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8' }).end(`${text}\n`);
}
