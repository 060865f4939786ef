// Fuzz target over the devnet chain's JSON-RPC server: mutated JSON-RPC bodies (every method the
// emulator serves, batches, notifications, wrong types, huge numbers, deep nesting, transaction
// bytes mutated and re-signed) sent over loopback to a chain started by the target
// (`startChain` only hands out its URL). Every answer must be JSON-RPC 2.0 with the right error
// codes (-32700 unparsable, -32600 not a request, -32601 unknown method, -32602 bad params, the
// executor's own codes for refused transactions); -32603 (internal error) means a handler threw
// something it did not mean to, and is a failure. The chain must not move unless a transaction was
// executed: every new checkpoint belongs to a `sui_executeTransactionBlock` that answered a result.
import { cp, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ed25519 } from '@noble/curves/ed25519.js';
import { blake2b } from '@noble/hashes/blake2.js';
import { Ed25519Keypair } from '@mysten/sui/keypairs/ed25519';
import { Transaction } from '@mysten/sui/transactions';
import { normalizeSuiAddress } from '@mysten/sui/utils';
import { startChain, type Chain } from '../devnet/chain/chain.ts';
import { WALRUS_SITE_PACKAGE } from '../devnet/chain/natives/packages.ts';
import type { Rng } from './engine.ts';
import { isUnclearMessage, mutateBytes, showText, type MutateContext } from './engine.ts';
import { encodeRequest, exchange } from './http-driver.ts';
import { mutateJsonText, mutateJsonValue } from './json-mutation.ts';
import { defineRequestTarget, removeDir, RequestRejected, scratchDir, violation } from './request-target.ts';

/** The faucet key of the fuzz chain: genesis gives it 50 coins, which the seed transactions spend. */
const SECRET = new Uint8Array(32).fill(7);
const KEY = Ed25519Keypair.fromSecretKey(SECRET);
const OWNER = KEY.toSuiAddress();
const OTHER = normalizeSuiAddress('0xb0b');
const NOW = 1_700_000_000_000;

/** JSON-RPC codes the chain answers with; -32603 (internal error) is not among them on purpose. */
const KNOWN_CODES = new Set([-32700, -32600, -32601, -32602, -32002]);

// ---- the world ----------------------------------------------------------------------------------

interface RpcWorld {
  /** A chain folder right after genesis, never opened again: each restore copies it. */
  readonly baseline: string;
  dir: string;
  chain: Chain;
  host: string;
  port: number;
}

async function openRpcWorld(): Promise<RpcWorld> {
  const baseline = await scratchDir('floe-fuzz-chain-');
  await writeFile(join(baseline, 'faucet.key'), `${KEY.getSecretKey()}\n`, { mode: 0o600 });
  const genesis = await startChain({ dir: baseline, now: () => NOW });
  await genesis.close();
  return { baseline, ...(await startCopy(baseline)) };
}

async function startCopy(baseline: string): Promise<Omit<RpcWorld, 'baseline'>> {
  const dir = await scratchDir('floe-fuzz-chain-');
  await cp(baseline, dir, { recursive: true });
  const chain = await startChain({ dir, now: () => NOW });
  const url = new URL(chain.url);
  return { dir, chain, host: url.hostname, port: Number(url.port) };
}

async function restoreRpcWorld(world: RpcWorld): Promise<void> {
  const old = { dir: world.dir, chain: world.chain };
  await old.chain.close();
  await removeDir(old.dir);
  Object.assign(world, await startCopy(world.baseline));
}

/** Everything a refused request must leave alone: the checkpoint chain and the seed owner's coins. */
function chainSnapshot(world: RpcWorld): { sequence: bigint; text: string } {
  const { store } = world.chain;
  const latest = store.latestCheckpoint();
  const coins = store.ownedBy(OWNER).map((o) => `${o.id}@${o.version}`);
  return {
    sequence: latest.sequenceNumber,
    text: `${latest.sequenceNumber}/${latest.digest}/${store.epoch().epoch}/${coins.join(',')}`,
  };
}

// ---- seeds --------------------------------------------------------------------------------------

const call = (method: string, params: unknown[], id: unknown = 1) =>
  JSON.stringify({ jsonrpc: '2.0', id, method, params });

/** `signTransaction` done synchronously (the mutator cannot await): Ed25519 over the intent digest. */
export function signTransactionSync(txBytes: Uint8Array): string {
  const intent = new Uint8Array(3 + txBytes.length);
  intent.set(txBytes, 3); // scope TransactionData, version V0, app Sui: three zero bytes
  const signature = ed25519.sign(blake2b(intent, { dkLen: 32 }), SECRET);
  const serialized = new Uint8Array(1 + 64 + 32);
  serialized.set(signature, 1); // flag 0x00: Ed25519
  serialized.set(KEY.getPublicKey().toRawBytes(), 65);
  return Buffer.from(serialized).toString('base64');
}

async function rpcSeeds(world: RpcWorld): Promise<string[]> {
  const { store } = world.chain;
  const coins = store.ownedBy(OWNER);
  const ref = (i: number) => ({
    objectId: coins[i]!.id,
    version: String(coins[i]!.version),
    digest: coins[i]!.digest,
  });
  const build = async (gas: number, body: (tx: Transaction) => void, kindOnly = false) => {
    const tx = new Transaction();
    tx.setSender(OWNER);
    tx.setGasPayment([ref(gas)]);
    tx.setGasPrice(1000);
    tx.setGasBudget(50_000_000);
    body(tx);
    return tx.build({ onlyTransactionKind: kindOnly });
  };
  const split = await build(0, (tx) => {
    const [coin] = tx.splitCoins(tx.gas, [tx.pure.u64(5), tx.pure.u64(7)]);
    tx.transferObjects([coin!], tx.pure.address(OWNER));
  });
  const transfer = await build(1, (tx) => tx.transferObjects([tx.objectRef(ref(2))], tx.pure.address(OTHER)));
  const merge = await build(3, (tx) => tx.mergeCoins(tx.gas, [tx.objectRef(ref(4)), tx.objectRef(ref(5))]));
  const moveCall = await build(6, (tx) => {
    tx.moveCall({
      target: `${WALRUS_SITE_PACKAGE}::metadata::new_metadata`,
      arguments: [
        tx.pure.option('string', 'https://floe.example'),
        tx.pure.option('string', null),
        tx.pure.option('string', 'fuzz'),
        tx.pure.option('string', null),
        tx.pure.option('string', null),
      ],
    });
  });
  const kind = await build(
    7,
    (tx) => {
      const [coin] = tx.splitCoins(tx.gas, [tx.pure.u64(1)]);
      tx.transferObjects([coin!], tx.pure.address(OTHER));
    },
    true,
  );
  const b64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64');
  const checkpoint = store.latestCheckpoint();
  const genesisTx = checkpoint.transactions[0]!;
  const coinType = '0x2::coin::Coin<0x2::sui::SUI>';
  const options = {
    showInput: true,
    showEffects: true,
    showEvents: true,
    showObjectChanges: true,
    showBalanceChanges: true,
    showRawInput: true,
  };
  const objectOptions = {
    showType: true,
    showOwner: true,
    showContent: true,
    showBcs: true,
    showDisplay: true,
    showPreviousTransaction: true,
    showStorageRebate: true,
  };
  return [
    call('sui_getObject', [coins[0]!.id, objectOptions]),
    call('sui_getObject', ['0x5', { showContent: true }]),
    call('sui_multiGetObjects', [[coins[0]!.id, coins[1]!.id, '0x6'], objectOptions]),
    call('suix_getOwnedObjects', [
      OWNER,
      { filter: { StructType: coinType }, options: objectOptions },
      null,
      3,
    ]),
    call('suix_getOwnedObjects', [
      OWNER,
      { filter: { MatchAll: [{ AddressOwner: OWNER }, { MatchNone: [{ Package: '0x2' }] }] } },
      coins[1]!.id,
      2,
    ]),
    call('suix_getOwnedObjects', [
      OWNER,
      {
        filter: {
          MatchAny: [
            { MoveModule: { package: '0x2', module: 'coin' } },
            { ObjectIds: [coins[0]!.id] },
            { Version: '1' },
          ],
        },
      },
    ]),
    call('suix_getDynamicFields', ['0x5', null, 10]),
    call('suix_getDynamicFieldObject', ['0x5', { type: 'u64', value: '1' }]),
    call('suix_getCoins', [OWNER, coinType, null, 5]),
    call('suix_getAllCoins', [OWNER, coins[3]!.id, 50]),
    call('suix_getBalance', [OWNER]),
    call('suix_getAllBalances', [OWNER]),
    call('sui_getTransactionBlock', [genesisTx, options]),
    call('sui_multiGetTransactionBlocks', [[genesisTx], { showEffects: true }]),
    call('sui_getTotalTransactionBlocks', []),
    call('suix_queryEvents', [
      { All: [{ Sender: OWNER }, { MoveEventModule: { package: '0x2', module: 'coin' } }] },
      null,
      5,
      true,
    ]),
    call('suix_queryEvents', [{ Transaction: genesisTx }, { txDigest: genesisTx, eventSeq: '0' }, 5, false]),
    call('suix_queryEvents', [
      { MoveEventType: `${WALRUS_SITE_PACKAGE}::site::SiteCreated` },
      null,
      null,
      null,
    ]),
    call('sui_getCheckpoint', ['0']),
    call('sui_getCheckpoint', [checkpoint.digest]),
    call('sui_getCheckpoints', [null, 10, false]),
    call('sui_getLatestCheckpointSequenceNumber', []),
    call('sui_getChainIdentifier', []),
    call('suix_getReferenceGasPrice', []),
    call('suix_getLatestSuiSystemState', []),
    call('sui_getProtocolConfig', [null]),
    call('sui_getNormalizedMoveFunction', ['0x2', 'coin', 'value']),
    call('sui_getNormalizedMoveModule', [WALRUS_SITE_PACKAGE, 'site']),
    call('sui_getNormalizedMoveModulesByPackage', ['0x2']),
    call('suix_resolveNameServiceAddress', ['floe.sui']),
    call('suix_resolveNameServiceNames', [OWNER, null, 10]),
    call('sui_executeTransactionBlock', [
      b64(split),
      [signTransactionSync(split)],
      options,
      'WaitForLocalExecution',
    ]),
    call('sui_executeTransactionBlock', [
      b64(transfer),
      [signTransactionSync(transfer)],
      { showEffects: true },
    ]),
    call('sui_executeTransactionBlock', [
      b64(moveCall),
      [signTransactionSync(moveCall)],
      { showObjectChanges: true },
    ]),
    call('sui_dryRunTransactionBlock', [b64(merge)]),
    call('sui_dryRunTransactionBlock', [b64(moveCall)]),
    call('sui_devInspectTransactionBlock', [OWNER, b64(kind), '1000', null]),
    `[${call('suix_getBalance', [OWNER], 1)}, ${call('sui_getChainIdentifier', [], 'two')}, {"jsonrpc":"2.0","method":"sui_getChainIdentifier","params":[]}]`,
    '{"jsonrpc":"2.0","method":"suix_getReferenceGasPrice"}',
    call('sui_noSuchMethod', [], null),
    '[]',
    '{"jsonrpc": "2.0", "method": ',
  ];
}

// ---- mutation -----------------------------------------------------------------------------------

interface RpcRequest {
  readonly httpMethod: string;
  readonly path: string;
  readonly body: string;
}

const METHOD_NAMES: readonly string[] = [
  'sui_getObject',
  'sui_multiGetObjects',
  'suix_getOwnedObjects',
  'suix_getDynamicFields',
  'suix_getDynamicFieldObject',
  'suix_getCoins',
  'suix_getAllCoins',
  'suix_getBalance',
  'suix_getAllBalances',
  'sui_getTransactionBlock',
  'sui_multiGetTransactionBlocks',
  'suix_queryEvents',
  'sui_getCheckpoint',
  'sui_getCheckpoints',
  'sui_executeTransactionBlock',
  'sui_dryRunTransactionBlock',
  'sui_devInspectTransactionBlock',
  'sui_getNormalizedMoveFunction',
  'sui_getNormalizedMoveModule',
  'sui_getNormalizedMoveModulesByPackage',
  'suix_resolveNameServiceAddress',
  'suix_resolveNameServiceNames',
  'toString',
  '__proto__',
  'hasOwnProperty',
];
const RPC_TOKENS: readonly string[] = [
  ...METHOD_NAMES.map((m) => `"${m}"`),
  '"jsonrpc"',
  '"2.0"',
  '"params"',
  '"id"',
  '"method"',
  '0x2',
  '"0x5"',
  '18446744073709551615',
  '1e400',
  '-0',
];
const HTTP_METHODS: readonly string[] = ['POST', 'GET', 'PUT', 'OPTIONS', 'DELETE', 'HEAD', 'post'];
const PATHS: readonly string[] = ['/', '/health', '/x', '/?a=b', '//', '/v1'];

function mutateRpcRequest(input: RpcRequest, { rng, seeds }: MutateContext<RpcRequest>): RpcRequest {
  let { httpMethod, path, body } = input;
  const bodies = seeds.map((s) => s.body);
  const choice = rng.below(40);
  if (choice === 0) httpMethod = rng.pick(HTTP_METHODS);
  else if (choice === 1) path = rng.pick(PATHS);
  else if (choice <= 3) body = otherMethod(body, rng);
  else if (choice <= 5)
    body = `[${Array.from({ length: 1 + rng.size(MAX_BATCH - 1) }, () => rng.pick(bodies)).join(',')}]`;
  else if (choice <= 8) body = resigned(body, rng) ?? body;
  else if (choice <= 24) body = mutatedParams(body, rng, bodies) ?? body;
  else body = mutateJsonText(body, { rng, seeds: bodies }, { tokens: RPC_TOKENS, maxLength: 1_000_000 });
  return { httpMethod, path, body: capBatch(body) };
}

const MAX_BATCH = 50;

/**
 * Batches of at most MAX_BATCH requests. The server takes any number and runs them one after the
 * other (a thousand heavy reads hold it for seconds), which is a matter of load, not of parsing.
 */
function capBatch(body: string): string {
  if (!body.startsWith('[')) return body;
  try {
    const batch = JSON.parse(body) as unknown;
    if (Array.isArray(batch) && batch.length > MAX_BATCH) return JSON.stringify(batch.slice(0, MAX_BATCH));
  } catch {
    // Not JSON: sent as it is.
  }
  return body;
}

/** One request's params mutated structurally, the envelope left valid: what reaches the handlers. */
function mutatedParams(body: string, rng: Rng, bodies: readonly string[]): string | null {
  try {
    const request = JSON.parse(body) as unknown;
    if (typeof request !== 'object' || request === null || Array.isArray(request)) return null;
    const { params } = request as { params?: unknown };
    const donors = bodies.flatMap((b) => {
      try {
        return [(JSON.parse(b) as { params?: unknown }).params];
      } catch {
        return [];
      }
    });
    let next: unknown = params ?? [];
    for (let k = 1 + rng.size(3); k > 0; k--) next = mutateJsonValue(next, rng, donors);
    return JSON.stringify({ ...request, params: next });
  } catch {
    // Not JSON, or nested too deep to print again: left as it is.
    return null;
  }
}

/** The same params sent to another method. */
function otherMethod(body: string, rng: Rng): string {
  try {
    const request = JSON.parse(body) as Record<string, unknown>;
    if (typeof request === 'object' && request !== null && !Array.isArray(request)) {
      return JSON.stringify({ ...request, method: rng.pick(METHOD_NAMES) });
    }
  } catch {
    // Not JSON: left as it is.
  }
  return body;
}

/** An execute or dry run with its transaction bytes mutated and, for execute, signed again. */
function resigned(body: string, rng: Rng): string | null {
  let request: { method?: unknown; params?: unknown };
  try {
    request = JSON.parse(body) as typeof request;
  } catch {
    return null;
  }
  const params = request?.params;
  if (!Array.isArray(params) || typeof params[0] !== 'string') return null;
  const bytes = mutateBytes(Buffer.from(params[0], 'base64'), rng, { maxStack: 3 });
  const next = [...params];
  next[0] = Buffer.from(bytes).toString('base64');
  if (request.method === 'sui_executeTransactionBlock') next[1] = [signTransactionSync(bytes)];
  return JSON.stringify({ ...request, params: next });
}

// ---- checks -------------------------------------------------------------------------------------

interface RpcResponse {
  jsonrpc?: unknown;
  id?: unknown;
  result?: unknown;
  error?: { code?: unknown; message?: unknown };
}

function checkResponseObject(response: unknown, what: string): RpcResponse {
  if (typeof response !== 'object' || response === null || Array.isArray(response))
    violation(`${what} is not an object`);
  const r = response as RpcResponse;
  if (r.jsonrpc !== '2.0') violation(`${what} has no jsonrpc "2.0"`);
  if (!(typeof r.id === 'string' || typeof r.id === 'number' || r.id === null))
    violation(`${what} has id ${String(r.id)}`);
  if ('result' in r === 'error' in r)
    violation(`${what} has ${'result' in r ? 'both' : 'neither'} result and error`);
  if ('error' in r) {
    const { code, message } = r.error ?? {};
    if (typeof code !== 'number' || !Number.isInteger(code))
      violation(`${what} has error code ${String(code)}`);
    if (typeof message !== 'string' || message.trim() === '') violation(`${what} has an empty error message`);
    if (code === -32603)
      violation(`${what}: internal error (-32603) for client input: ${message.slice(0, 300)}`);
    if (!KNOWN_CODES.has(code)) violation(`${what}: unexpected error code ${code}: ${message.slice(0, 200)}`);
    if (isUnclearMessage(message)) violation(`${what}: unclear error message: ${message.slice(0, 300)}`);
  }
  return r;
}

/** The requests of a parsed body that must get an answer, with their ids (invalid items get id null). */
function expectedReplies(items: readonly unknown[]): { id: unknown; method: unknown }[] {
  return items.flatMap((item) => {
    if (typeof item !== 'object' || item === null || Array.isArray(item))
      return [{ id: null, method: undefined }];
    const { id, method, jsonrpc, params } = item as Record<string, unknown>;
    const validId = id === null || typeof id === 'string' || typeof id === 'number';
    // A notification gets no answer, except (server.ts, unlike JSON-RPC 2.0 §4.1) when its params
    // are neither an array nor null: that one gets -32602 with id null.
    const badParams = params !== undefined && params !== null && !Array.isArray(params);
    if (id === undefined && jsonrpc === '2.0' && typeof method === 'string' && !badParams) return [];
    // The answer carries the id as JSON can: 1e999 parses to Infinity and goes back as null.
    return [{ id: validId ? (JSON.parse(JSON.stringify(id)) as unknown) : null, method }];
  });
}

async function checkRpcRequest(world: RpcWorld, input: RpcRequest): Promise<void> {
  const before = chainSnapshot(world);
  const bytes = encodeRequest({
    method: input.httpMethod,
    target: input.path,
    headers: [
      ['connection', 'close'],
      ['content-type', 'application/json'],
    ],
    body: new TextEncoder().encode(input.body),
  });
  const outcome = await exchange({ host: world.host, port: world.port }, bytes, {
    head: input.httpMethod === 'HEAD',
  });
  const after = chainSnapshot(world);
  let executed = 0;
  try {
    if (outcome.kind === 'closed')
      violation(`the connection closed without an answer (${outcome.written.length} bytes)`);
    const { response } = outcome;
    if (response.status >= 500) violation(`answered HTTP ${response.status}`);
    if (response.status === 400 && response.body.length === 0)
      throw new RequestRejected('400 from the HTTP parser');
    if (input.httpMethod === 'HEAD') throw new RequestRejected(`HEAD answered ${response.status}`);
    if (input.httpMethod === 'OPTIONS') {
      if (response.status !== 204) violation(`a preflight answered ${response.status}`);
      return;
    }
    if (response.status === 204) {
      // Only notifications: nothing to answer.
      return;
    }
    let reply: unknown;
    try {
      reply = JSON.parse(new TextDecoder().decode(response.body));
    } catch {
      violation(`HTTP ${response.status} with a body that is not JSON`);
    }
    // Every POST is JSON-RPC, whatever its path (the faucet's /v2/gas is not among the paths tried).
    if (input.httpMethod !== 'POST') {
      if (input.httpMethod === 'GET' && input.path === '/health') return;
      if (response.status !== 405) violation(`${input.httpMethod} ${input.path} answered ${response.status}`);
      checkResponseObject(reply, 'the 405 answer');
      throw new RequestRejected('405: JSON-RPC requests must use POST');
    }
    if (response.status !== 200) violation(`a JSON-RPC POST answered HTTP ${response.status}`);
    let payload: unknown;
    let parsed = true;
    try {
      payload = JSON.parse(input.body);
    } catch {
      parsed = false;
    }
    const replies = Array.isArray(reply) ? reply : [reply];
    const checked = replies.map((r, i) => checkResponseObject(r, `answer ${i}`));
    if (!parsed) {
      if (checked.length !== 1 || checked[0]!.error?.code !== -32700)
        violation('an unparsable body did not get -32700');
    } else if (Array.isArray(payload) && payload.length > 0) {
      const expected = expectedReplies(payload);
      if (!Array.isArray(reply)) violation('a batch was not answered with an array');
      if (checked.length !== expected.length)
        violation(`a batch of ${expected.length} answered ${checked.length} times`);
      checked.forEach((r, i) => {
        if (r.id !== expected[i]!.id)
          violation(`answer ${i} has id ${JSON.stringify(r.id)}, not ${JSON.stringify(expected[i]!.id)}`);
        if (expected[i]!.method === 'sui_executeTransactionBlock' && 'result' in r) executed += 1;
      });
    } else if (!Array.isArray(payload)) {
      const expected = expectedReplies([payload]);
      if (checked.length !== 1 || expected.length !== 1) violation('a single request was not answered once');
      if (checked[0]!.id !== expected[0]!.id)
        violation(`the answer has id ${JSON.stringify(checked[0]!.id)}`);
      if (expected[0]!.method === 'sui_executeTransactionBlock' && 'result' in checked[0]!) executed = 1;
    }
    if (after.sequence - before.sequence !== BigInt(executed)) {
      violation(
        `the chain moved ${after.sequence - before.sequence} checkpoints for ${executed} executed transactions`,
      );
    }
    if (executed === 0 && after.text !== before.text)
      violation('a request that executed nothing changed the chain');
    const errors = checked.filter((r) => 'error' in r);
    if (errors.length === checked.length) {
      throw new RequestRejected(
        errors
          .slice(0, 3)
          .map((r) => `${String(r.error!.code)}: ${String(r.error!.message)}`)
          .join('; '),
      );
    }
  } finally {
    if (after.text !== before.text) await restoreRpcWorld(world);
  }
}

export const chainRpcTarget = defineRequestTarget<RpcRequest, RpcWorld>({
  name: 'chain.jsonRpc',
  parsers: "devnet chain JSON-RPC: framing, batches, every method's params, tx bytes and signatures",
  // A batch of 50 dry runs or inspections takes a few hundred ms; hangs still show.
  perInputMs: 1000,
  open: openRpcWorld,
  seeds: async (world) => (await rpcSeeds(world)).map((body) => ({ httpMethod: 'POST', path: '/', body })),
  mutate: mutateRpcRequest,
  check: checkRpcRequest,
  format: (input, max) => `${input.httpMethod} ${showText(input.path, 40)} ${showText(input.body, max)}`,
  close: async (world) => {
    await world.chain.close();
    await removeDir(world.dir);
    await removeDir(world.baseline);
  },
});
