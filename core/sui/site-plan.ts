// The Move calls of a site update, described as data, and their split into transactions. The
// same call lists drive the size estimate and the transaction builder (site-tx.ts), so what we
// measure is what we send. Limits follow the site-builder (MystenLabs/walrus-sites site-builder).
import { bcs } from '@mysten/sui/bcs';
import type { Redirect, SiteMetadata, SiteResource } from '../site/types.ts';
import { InvalidSiteUpdateError } from './errors.ts';
import { metadataToBcs, resourceToBcs } from './site-bcs.ts';

/** One step of an update, in the order it runs. Each becomes a few Move calls in one transaction. */
export type SiteOp =
  | { readonly kind: 'deleteResource'; readonly path: string }
  | { readonly kind: 'createResource'; readonly resource: SiteResource }
  | { readonly kind: 'clearRoutes' }
  | { readonly kind: 'createRoutes' }
  | { readonly kind: 'insertRoute'; readonly pattern: string; readonly target: string }
  | { readonly kind: 'clearRedirects' }
  | { readonly kind: 'createRedirects' }
  | { readonly kind: 'insertRedirect'; readonly pattern: string; readonly redirect: Redirect }
  | { readonly kind: 'updateName'; readonly name: string }
  | { readonly kind: 'updateMetadata'; readonly metadata: SiteMetadata }
  | { readonly kind: 'burn' };

export interface PtbLimits {
  /** Move calls (and other commands) per transaction. Sui refuses 1024 or more. */
  readonly maxMoveCalls: number;
  /**
   * Estimated bytes of commands plus inputs per transaction. Sui rejects transactions over
   * 128 KiB; the default leaves about 8 KiB for sender, gas payment, expiration and signatures.
   */
  readonly maxBytes: number;
}

/** site-builder's PTB_MAX_MOVE_CALLS and PTB_MAX_BYTES (#603, #674). */
export const DEFAULT_PTB_LIMITS: PtbLimits = { maxMoveCalls: 1000, maxBytes: 120_000 };

/** Sui's `max_pure_argument_size`: a pure input of this many bytes or more is rejected before execution. */
export const MAX_PURE_ARGUMENT_BYTES = 16 * 1024;

/**
 * Move type of a pure argument. The builder only shares an input between arguments of the same
 * type and bytes, so every use of a shared input is valid whatever type Sui reads it at.
 */
export type PureType = 'string' | 'u256' | 'u16' | 'option<u64>' | 'option<string>' | 'address';

/** An argument of a planned call: the site, a pure value (BCS), or the result of an earlier call of the same op. */
export type CallArg =
  | { readonly kind: 'site' }
  | { readonly kind: 'pure'; readonly type: PureType; readonly bytes: Uint8Array }
  | { readonly kind: 'result'; readonly call: number };

export interface PlannedCall {
  readonly module: 'site' | 'metadata';
  readonly fn: string;
  readonly args: readonly CallArg[];
}

export interface Cost {
  readonly calls: number;
  readonly bytes: number;
}

const SITE: CallArg = { kind: 'site' };
const pure = (type: PureType, bytes: Uint8Array): CallArg => ({ kind: 'pure', type, bytes });
const result = (call: number): CallArg => ({ kind: 'result', call });
const str = (text: string) => pure('string', bcs.string().serialize(text).toBytes());
const OptionU64 = bcs.option(bcs.u64());
const OptionString = bcs.option(bcs.string());

/** `new_metadata(link, image_url, description, project_url, creator)`: a struct cannot be a pure input. */
export function metadataCall(metadata: SiteMetadata): PlannedCall {
  const v = metadataToBcs(metadata);
  const args = [v.link, v.image_url, v.description, v.project_url, v.creator].map((field) =>
    pure('option<string>', OptionString.serialize(field).toBytes()),
  );
  return { module: 'metadata', fn: 'new_metadata', args };
}

/** Creating a site: `new_metadata` then `new_site`, whose result (call 1) is the new Site. */
export function newSiteCalls(name: string, metadata: SiteMetadata): PlannedCall[] {
  return [metadataCall(metadata), { module: 'site', fn: 'new_site', args: [str(name), result(0)] }];
}

/** The calls of one op, in order; `result` args index into this list. */
export function opCalls(op: SiteOp): PlannedCall[] {
  switch (op.kind) {
    case 'deleteResource':
      // `_if_exists` so a re-run after a partial failure does not abort; its Option<Resource>
      // result has `drop` and is left unused.
      return [{ module: 'site', fn: 'remove_resource_if_exists', args: [SITE, str(op.path)] }];
    case 'createResource': {
      const value = resourceToBcs(op.resource);
      const range = op.resource.range;
      const calls: PlannedCall[] = [
        {
          module: 'site',
          fn: 'new_range_option',
          args: [
            pure('option<u64>', OptionU64.serialize(range?.start ?? null).toBytes()),
            pure('option<u64>', OptionU64.serialize(range?.end ?? null).toBytes()),
          ],
        },
        {
          module: 'site',
          fn: 'new_resource',
          // A u256's BCS is its 32 little-endian bytes, i.e. the raw blob ID and digest.
          args: [
            str(value.path),
            pure('u256', Uint8Array.from(value.blob_id)),
            pure('u256', Uint8Array.from(value.blob_hash)),
            result(0),
          ],
        },
      ];
      for (const [name, headerValue] of op.resource.headers) {
        calls.push({ module: 'site', fn: 'add_header', args: [result(1), str(name), str(headerValue)] });
      }
      calls.push({ module: 'site', fn: 'add_resource', args: [SITE, result(1)] });
      return calls;
    }
    case 'clearRoutes':
      return [{ module: 'site', fn: 'remove_all_routes_if_exist', args: [SITE] }];
    case 'createRoutes':
      return [{ module: 'site', fn: 'create_routes', args: [SITE] }];
    case 'insertRoute':
      // One call per route rather than `fill_routes`, which inserts its vectors in reverse.
      return [{ module: 'site', fn: 'insert_route', args: [SITE, str(op.pattern), str(op.target)] }];
    case 'clearRedirects':
      return [{ module: 'site', fn: 'take_redirects_if_exist', args: [SITE] }];
    case 'createRedirects':
      return [{ module: 'site', fn: 'create_redirects', args: [SITE] }];
    case 'insertRedirect':
      return [
        {
          module: 'site',
          fn: 'insert_redirect',
          args: [
            SITE,
            str(op.pattern),
            str(op.redirect.location),
            pure('u16', bcs.u16().serialize(op.redirect.statusCode).toBytes()),
          ],
        },
      ];
    case 'updateName':
      return [{ module: 'site', fn: 'update_name', args: [SITE, str(op.name)] }];
    case 'updateMetadata':
      return [metadataCall(op.metadata), { module: 'site', fn: 'update_metadata', args: [SITE, result(0)] }];
    case 'burn':
      return [{ module: 'site', fn: 'burn', args: [SITE] }];
  }
}

const ulebLength = (n: number) => (n < 0x80 ? 1 : n < 0x4000 ? 2 : n < 0x200000 ? 3 : 4);
const vecLength = (n: number) => ulebLength(n) + n;

/** The site object as an input (CallArg + ObjectArg tags, ID, version, digest). */
export const SITE_INPUT_BYTES = 1 + 1 + 32 + 8 + 33;
/** A `TransferObjects([site], owner)`: the command and its 32-byte address input. */
export const TRANSFER_COST: Cost = { calls: 1, bytes: 1 + 1 + 3 + 3 + (1 + vecLength(32)) };

/**
 * Upper bound of the serialized size of `calls`: each MoveCall command (package, module,
 * function, arguments) plus one fresh pure input per pure argument. The builder reuses equal
 * pure inputs within a transaction, so the real size can only be smaller.
 */
export function estimateCalls(calls: readonly PlannedCall[]): Cost {
  let bytes = 0;
  for (const call of calls) {
    bytes += 1 + 32 + vecLength(call.module.length) + vecLength(call.fn.length) + 1;
    bytes += ulebLength(call.args.length) + 3 * call.args.length;
    for (const arg of call.args) {
      if (arg.kind !== 'pure') continue;
      if (arg.bytes.length >= MAX_PURE_ARGUMENT_BYTES) {
        throw new InvalidSiteUpdateError(
          `an argument of ${call.module}::${call.fn} has ${arg.bytes.length} bytes; Sui accepts at most ${MAX_PURE_ARGUMENT_BYTES - 1}`,
        );
      }
      bytes += 1 + vecLength(arg.bytes.length);
    }
  }
  return { calls: calls.length, bytes };
}

export function estimateOp(op: SiteOp): Cost {
  return estimateCalls(opCalls(op));
}

/**
 * Splits `ops` greedily, in order, into batches that each stay within `limits`, counting
 * `reserve` against every batch (the site input) and `firstReserve` on top for the first
 * (creating and transferring a new site). Throws if one op cannot fit in a batch on its own.
 */
export function splitOps(
  ops: readonly SiteOp[],
  limits: PtbLimits,
  reserve: Cost,
  firstReserve: Cost = { calls: 0, bytes: 0 },
): SiteOp[][] {
  const batches: SiteOp[][] = [[]];
  let used = add(reserve, firstReserve);
  for (const op of ops) {
    const cost = estimateOp(op);
    if (!fits(add(used, cost), limits)) {
      const current = batches.at(-1)!;
      // An empty first batch can still be closed: it creates the site and moves on.
      if (current.length > 0 || batches.length === 1) {
        batches.push([]);
        used = reserve;
      }
      if (!fits(add(used, cost), limits)) {
        throw new InvalidSiteUpdateError(
          `${describe(op)} needs ${cost.calls} calls and ~${cost.bytes} bytes, over the per-transaction limits (${limits.maxMoveCalls} calls, ${limits.maxBytes} bytes)`,
        );
      }
    }
    batches.at(-1)!.push(op);
    used = add(used, cost);
  }
  return batches;
}

const add = (a: Cost, b: Cost): Cost => ({ calls: a.calls + b.calls, bytes: a.bytes + b.bytes });
const fits = (c: Cost, limits: PtbLimits) => c.calls <= limits.maxMoveCalls && c.bytes <= limits.maxBytes;

function describe(op: SiteOp): string {
  switch (op.kind) {
    case 'deleteResource':
      return `deleting ${op.path}`;
    case 'createResource':
      return `resource ${op.resource.path}`;
    case 'insertRoute':
    case 'insertRedirect':
      return `${op.kind === 'insertRoute' ? 'route' : 'redirect'} ${op.pattern}`;
    default:
      return op.kind;
  }
}
