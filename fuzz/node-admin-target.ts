// Fuzz target over the storage node's devnet admin API (fault settings, committee and blob
// events as JSON), driven in-process against a persisted state in a scratch folder. The answer
// must be JSON, never a 5xx, with an `{error}` message for anything refused, and a refused
// request must leave the faults, the committee and every blob's state as they were.
import type { Server } from 'node:http';
import { createAdminServer } from '../devnet/node/admin-server.ts';
import type { CommitteeView } from '../devnet/node/blob-state.ts';
import { Faults } from '../devnet/node/faults.ts';
import { fakeObjectId } from '../devnet/node/memory-state.ts';
import { NodeStore } from '../devnet/node/store.ts';
import { StoredBlobState } from '../devnet/node/stored-state.ts';
import { mutateText, showText, type MutateContext } from './engine.ts';
import { closedForConnect, encodeRequest, exchange, HTTP_METHODS, isParserRejection } from './http-driver.ts';
import { mutateJsonText } from './json-mutation.ts';
import { blobs, N, SHARDS } from './node-world.ts';
import {
  clientEncode,
  defineRequestTarget,
  removeDir,
  RequestRejected,
  scratchDir,
  violation,
} from './request-target.ts';

interface AdminRequest {
  readonly method: string;
  readonly target: string;
  /** JSON text (or not: the mutator breaks it too). */
  readonly body: string;
}

interface AdminWorld {
  dir: string;
  store: NodeStore;
  state: StoredBlobState;
  readonly faults: Faults;
  server: Server;
  readonly errors: string[];
}

const ADMIN_COMMITTEE: CommitteeView = { epoch: 3, nShards: N, shards: [...SHARDS] };

async function openAdminState(world: Pick<AdminWorld, 'faults' | 'errors'>) {
  const dir = await scratchDir('floe-fuzz-admin-');
  const store = await NodeStore.open(dir);
  const state = await StoredBlobState.open(store, ADMIN_COMMITTEE);
  const server = createAdminServer({
    faults: world.faults,
    state,
    maxBodyBytes: 64 * 1024,
    onError: (error, context) =>
      world.errors.push(`${context}: ${error instanceof Error ? error.message : String(error)}`),
  });
  return { dir, store, state, server };
}

async function openAdminWorld(): Promise<AdminWorld> {
  const partial = { faults: new Faults(), errors: [] as string[] };
  return Object.assign(partial, await openAdminState(partial));
}

function adminSnapshot(world: AdminWorld): string {
  const statuses = blobs().map((b) => JSON.stringify(world.state.status(b.encoded.blobId)));
  return JSON.stringify([
    world.faults.config,
    world.state.committee(),
    world.state.eventProgress(),
    statuses,
  ]);
}

function adminSeeds(): AdminRequest[] {
  const [a, b, c] = blobs();
  const object = (i: number) => fakeObjectId(i);
  const event = (kind: string, blobText: string, extra: Record<string, unknown>) => ({
    kind,
    blobId: blobText,
    epoch: 3,
    ...extra,
  });
  const events = (list: unknown[]) => JSON.stringify({ events: list });
  return [
    { method: 'GET', target: '/faults', body: '' },
    {
      method: 'PUT',
      target: '/faults',
      body: JSON.stringify({ latencyMs: 0, dropRate: 0.25, corruptRate: 1, refuseAll: true }),
    },
    { method: 'PUT', target: '/faults', body: JSON.stringify({ denyBlobs: [a!.text, b!.text] }) },
    { method: 'PUT', target: '/faults', body: JSON.stringify({ latencyMs: 600_001 }) },
    { method: 'POST', target: '/faults/reset', body: '' },
    { method: 'GET', target: '/state/committee', body: '' },
    { method: 'PUT', target: '/state/committee', body: JSON.stringify({ epoch: 4, shards: [0, 9] }) },
    { method: 'PUT', target: '/state/committee', body: JSON.stringify({ epoch: 4, shards: [0, 0, 10] }) },
    {
      method: 'POST',
      target: '/state/events',
      body: events([
        event('registered', a!.text, { objectId: object(1), endEpoch: 9, deletable: false, size: 1000 }),
        event('certified', a!.text, { objectId: object(1), endEpoch: 9, deletable: false }),
        event('registered', b!.text, {
          objectId: object(2),
          endEpoch: 5,
          deletable: true,
          eventId: { txDigest: 'x', eventSeq: '7' },
        }),
        event('deleted', b!.text, { objectId: object(2) }),
        event('invalid', c!.text, {}),
      ]),
    },
    {
      method: 'POST',
      target: '/state/events',
      body: events([
        event('certified', c!.text, { objectId: object(3), endEpoch: 4, deletable: true, isExtension: true }),
      ]),
    },
    { method: 'POST', target: '/state/events', body: events([]) },
    { method: 'POST', target: '/state/events', body: '{"events": [{"kind": "registered"}]}' },
    { method: 'GET', target: '/state/events', body: '' },
    { method: 'DELETE', target: '/faults', body: '' },
    { method: 'GET', target: '/nothing', body: '' },
  ];
}

const ADMIN_TARGETS: readonly string[] = [
  '/faults',
  '/faults/reset',
  '/state/committee',
  '/state/events',
  '/faults/',
  '//faults',
  '/faults?x=1',
  '/%66aults',
  '/state',
  '/',
  '*',
];
const ADMIN_TOKENS: readonly string[] = [
  '"kind"',
  '"registered"',
  '"certified"',
  '"deleted"',
  '"invalid"',
  '"blobId"',
  '"objectId"',
  '"epoch"',
  '"endEpoch"',
  '"shards"',
  '"events"',
  '"latencyMs"',
  '"denyBlobs"',
  '4294967295',
  '4294967296',
  '-1',
  '0.5',
  '1e309',
];

function mutateAdminRequest(input: AdminRequest, { rng, seeds }: MutateContext<AdminRequest>): AdminRequest {
  let { method, target, body } = input;
  for (let k = 1 + rng.size(2); k > 0; k--) {
    const choice = rng.below(8);
    if (choice === 0) method = rng.pick(HTTP_METHODS);
    else if (choice === 1)
      target = rng.chance(0.7)
        ? rng.pick(ADMIN_TARGETS)
        : mutateText(target, rng, { tokens: ADMIN_TARGETS, maxLength: 2000 });
    else if (choice === 2) body = rng.pick(seeds).body;
    else
      body = mutateJsonText(
        body,
        { rng, seeds: seeds.map((s) => s.body) },
        { tokens: ADMIN_TOKENS, maxLength: 100_000 },
      );
  }
  return { method, target: clientEncode(target), body };
}

async function checkAdminRequest(world: AdminWorld, input: AdminRequest): Promise<void> {
  const before = adminSnapshot(world);
  world.errors.length = 0;
  const body = new TextEncoder().encode(input.body);
  const outcome = await exchange(
    world.server,
    encodeRequest({
      method: input.method,
      target: input.target,
      headers: [
        ['connection', 'close'],
        ['content-type', 'application/json'],
      ],
      body,
    }),
    { head: input.method === 'HEAD' },
  );
  const after = adminSnapshot(world);
  try {
    if (world.errors.length > 0) violation(`the admin server reported an internal error: ${world.errors[0]}`);
    if (outcome.kind === 'closed') {
      if (after !== before) violation('a request without an answer changed the state');
      if (closedForConnect(input, outcome.written)) throw new RequestRejected('CONNECT: closed by node:http');
      violation('the connection closed without an answer');
    }
    const { response } = outcome;
    if (response.status >= 500)
      violation(`answered ${response.status}: ${new TextDecoder().decode(response.body).slice(0, 300)}`);
    if (isParserRejection(response)) {
      if (after !== before) violation('a request the HTTP parser refused changed the state');
      throw new RequestRejected(`${response.status} from the HTTP parser (malformed request)`);
    }
    if (input.method === 'HEAD') {
      if (after !== before && response.status !== 200) violation('a refused HEAD request changed the state');
      if (response.status >= 400) throw new RequestRejected(`${response.status} to HEAD`);
      return;
    }
    let json: unknown;
    try {
      json = JSON.parse(new TextDecoder().decode(response.body));
    } catch {
      violation(`a ${response.status} answer whose body is not JSON`);
    }
    if (response.status === 200) {
      if (input.method === 'GET' && after !== before) violation('a GET changed the state');
      return;
    }
    if (after !== before)
      violation(`a refused request (${response.status}) changed the faults, the committee or blob state`);
    const message = (json as { error?: unknown }).error;
    if (typeof message !== 'string' || message.trim() === '')
      violation(`a ${response.status} answer without an error message`);
    if (![400, 404, 405, 409, 413].includes(response.status))
      violation(`unexpected status ${response.status}`);
    throw new RequestRejected(`${response.status}: ${message}`);
  } finally {
    if (after !== before) await restoreAdminWorld(world);
  }
}

async function restoreAdminWorld(world: AdminWorld): Promise<void> {
  world.faults.reset();
  const old = { dir: world.dir, store: world.store };
  Object.assign(world, await openAdminState(world));
  await old.store.close();
  await removeDir(old.dir);
}

export const nodeAdminTarget = defineRequestTarget<AdminRequest, AdminWorld>({
  name: 'node.adminApi',
  parsers: 'storage node admin API: faults, committee and event JSON',
  perInputMs: 250,
  open: openAdminWorld,
  seeds: adminSeeds,
  mutate: mutateAdminRequest,
  check: checkAdminRequest,
  format: (input, max) =>
    `${showText(input.method, 40)} ${showText(input.target, 100)} body ${showText(input.body, max)}`,
  close: async (world) => {
    await world.store.close();
    await removeDir(world.dir);
  },
});
