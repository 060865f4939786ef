// Devnet-only admin API, bound to loopback by `startStorageNode`: fault injection and request
// counts for tests and, on nodes that do not follow a chain, the feed of committee and blob
// events. Plain JSON in and out.
//
//   GET  /faults            current fault settings
//   PUT  /faults            merge settings: {latencyMs, dropRate, corruptRate, refuseAll, denyBlobs,
//                           corruptPairs, corruptBlobs, refuseSymbolsFor}
//                           corruptPairs: sliver pairs always served with flipped symbol bytes (both
//                           types), for every blob or only the blob IDs in corruptBlobs;
//                           refuseSymbolsFor: blob IDs whose decodingSymbols/recoverySymbols get 503
//   POST /faults/reset      back to no faults
//   GET  /requests?blob=ID  {primary: {pair: n}, secondary: {pair: n}, symbols: n} for that blob:
//                           sliver GETs served (corrupted ones included) and symbol requests received
//                           (refused ones included) since start or the last reset
//   POST /requests/reset    forget all counts
//   GET  /state/committee   {epoch, nShards, shards}
//   PUT  /state/committee   {epoch, shards}
//   POST /state/events      {events: [{kind: registered|certified|deleted|invalid, blobId, ...}]}
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { AdminInputError, parseCommittee, parseEvents } from './admin-input.ts';
import type { BlobEvent } from './blob-info.ts';
import { StateError, type CommitteeView } from './blob-state.ts';
import { BodyTooLargeError, readBody } from './body.ts';
import { FaultConfigError, parseFaultPatch, type Faults } from './faults.ts';
import type { RequestLog } from './request-log.ts';

/** What the admin API may change in a state source (the persisted one implements it). */
export interface StateControl {
  committee(): CommitteeView;
  setCommittee(committee: CommitteeView): Promise<void>;
  apply(events: readonly BlobEvent[]): Promise<void>;
  eventProgress(): { readonly persisted: number; readonly pending: number };
}

export interface AdminServerOptions {
  readonly faults: Faults;
  /** Served-request counts; without it `/requests` answers 404. */
  readonly requestLog?: RequestLog;
  /** Absent when the node follows a chain: then chain state is not the admin's to change. */
  readonly state?: StateControl;
  readonly maxBodyBytes: number;
  readonly onError?: (error: unknown, context: string) => void;
}

class HttpError extends Error {
  override name = 'HttpError';
  readonly status: number;

  constructor(status: number, message: string) {
    super(message);
    this.status = status;
  }
}

export function createAdminServer(options: AdminServerOptions): Server {
  const { faults, state, requestLog } = options;
  const onError = options.onError ?? (() => {});

  async function route(req: IncomingMessage): Promise<unknown> {
    let path: string;
    let query: URLSearchParams;
    try {
      ({ pathname: path, searchParams: query } = new URL(req.url ?? '/', 'http://admin.invalid'));
    } catch {
      // `//` followed by no valid host: not a path of any endpoint.
      throw new HttpError(404, `no admin endpoint ${JSON.stringify((req.url ?? '').slice(0, 200))}`);
    }
    const method = req.method ?? 'GET';
    const allow = (...methods: string[]) => {
      if (!methods.includes(method)) throw new HttpError(405, `${method} is not allowed on ${path}`);
    };
    switch (path) {
      case '/faults':
        allow('GET', 'PUT');
        return method === 'GET' ? faults.config : faults.update(parseFaultPatch(await json(req)));
      case '/faults/reset':
        allow('POST');
        return faults.reset();
      case '/requests': {
        allow('GET');
        const blob = query.get('blob');
        if (blob === null || !/^[A-Za-z0-9_-]{43}$/.test(blob)) {
          throw new HttpError(400, 'expected ?blob=<blob ID>');
        }
        return requireLog().counts(blob);
      }
      case '/requests/reset':
        allow('POST');
        requireLog().reset();
        return { reset: true };
      case '/state/committee': {
        allow('GET', 'PUT');
        const control = requireState();
        if (method === 'PUT')
          await control.setCommittee(parseCommittee(await json(req), control.committee().nShards));
        return control.committee();
      }
      case '/state/events': {
        allow('POST');
        const control = requireState();
        const events = parseEvents(await json(req), control.eventProgress().persisted);
        await control.apply(events);
        return { applied: events.length };
      }
      default:
        throw new HttpError(404, `no admin endpoint ${path}`);
    }
  }

  function requireLog(): RequestLog {
    if (!requestLog) throw new HttpError(404, 'this node keeps no request log');
    return requestLog;
  }

  function requireState(): StateControl {
    if (!state) throw new HttpError(409, 'this node takes its state from the chain');
    return state;
  }

  async function json(req: IncomingMessage): Promise<unknown> {
    const body = await readBody(req, options.maxBodyBytes);
    try {
      return JSON.parse(new TextDecoder().decode(body));
    } catch {
      throw new HttpError(400, 'the body is not JSON');
    }
  }

  return createServer((req, res) => {
    route(req).then(
      (result) => send(res, 200, result),
      (error: unknown) => {
        if (error instanceof HttpError) return send(res, error.status, { error: error.message });
        if (error instanceof BodyTooLargeError) return send(res, 413, { error: error.message });
        if (
          error instanceof AdminInputError ||
          error instanceof FaultConfigError ||
          error instanceof StateError
        ) {
          return send(res, 400, { error: error.message });
        }
        onError(error, `admin ${req.method} ${req.url}`);
        send(res, 500, { error: 'internal error' });
      },
    );
  });
}

function send(res: ServerResponse, status: number, body: unknown): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  const text = JSON.stringify(body);
  res
    .writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) })
    .end(text);
}
