// Replaying a site's transactions to learn what the site was at each version. A full node keeps
// transactions (their commands and pure inputs) far longer than old object versions, and every
// walrus_site call that changes a site takes its data as pure inputs: so applying a transaction's
// walrus_site calls to the state before it gives the state after it, with no past-object reads.
// The replay is checked against the live site by the caller (site-history.ts): a transaction it
// misread would show up there as a difference.
import { bcs, type BcsType } from '@mysten/sui/bcs';
import type { SuiClientTypes } from '@mysten/sui/client';
import { fromBase64, normalizeSuiAddress } from '@mysten/sui/utils';
import type { Redirect, SiteMetadata, SiteResource } from '../site/types.ts';
import { blobIdToText } from '../walrus/blob-id.ts';
import { SuiSiteError } from './errors.ts';
import { isRedirectStatus } from './site-bcs.ts';

/** What a site is at one version: the part of `OnChainSite` a transaction can change. */
export interface SiteSnapshot {
  readonly name: string;
  readonly metadata: SiteMetadata;
  /** Keyed by path, in insertion order (sort before comparing with a read). */
  readonly resources: Map<string, SiteResource>;
  /** null when the site has no routes field at all. */
  readonly routes: [pattern: string, target: string][] | null;
  readonly redirects: [pattern: string, redirect: Redirect][] | null;
  readonly burned: boolean;
}

/** A transaction touches the site in a way the replay cannot follow. */
export class SiteReplayError extends SuiSiteError {
  override readonly name = 'SiteReplayError';
  readonly digest: string;
  constructor(digest: string, message: string) {
    super(`cannot replay transaction ${digest}: ${message}`);
    this.digest = digest;
  }
}

export function cloneSnapshot(s: SiteSnapshot): SiteSnapshot {
  return {
    ...s,
    resources: new Map(s.resources),
    routes: s.routes && s.routes.map(([p, t]) => [p, t]),
    redirects: s.redirects && s.redirects.map(([p, r]) => [p, r]),
  };
}

type Value =
  | { readonly kind: 'site' }
  | { readonly kind: 'metadata'; readonly metadata: SiteMetadata }
  | { readonly kind: 'range'; readonly range: SiteResource['range'] }
  | { kind: 'resource'; resource: SiteResource }
  | { readonly kind: 'other' };

// The SDK types inputs and commands as one-key unions; these views read them without narrowing
// each access.
type Arg =
  | { readonly Input: number }
  | { readonly Result: number }
  | { readonly NestedResult: readonly [number, number] }
  | { readonly GasCoin: true };
interface InputView {
  readonly Pure?: { readonly bytes: string };
  readonly Object?: {
    readonly ImmOrOwnedObject?: { readonly objectId: string };
    readonly SharedObject?: { readonly objectId: string };
  };
  /** An object input of a transaction not built yet (tests replay those). */
  readonly UnresolvedObject?: { readonly objectId: string };
}
interface CommandView {
  readonly MoveCall?: {
    readonly package: string;
    readonly module: string;
    readonly function: string;
    readonly arguments: readonly Arg[];
  };
}

const OptionString = bcs.option(bcs.string());
const OptionU64 = bcs.option(bcs.u64());

export interface ReplayOptions {
  /** The site whose state is followed. */
  readonly siteId: string;
  /** Every ID the walrus_site package was published at (original and upgrades). */
  readonly packageIds: ReadonlySet<string>;
}

/**
 * The site after `tx`, given the site before it (null for the transaction that creates it).
 * Calls outside walrus_site that take the site (a transfer, say) do not change what it serves
 * and are ignored; a walrus_site call the replay does not know aborts it with SiteReplayError.
 */
export function replaySiteTransaction(
  before: SiteSnapshot | null,
  tx: SuiClientTypes.TransactionData,
  digest: string,
  options: ReplayOptions,
): SiteSnapshot {
  const siteId = normalizeSuiAddress(options.siteId);
  const packages = new Set([...options.packageIds].map((id) => normalizeSuiAddress(id)));
  let state = before ? cloneSnapshot(before) : null;
  const results: Value[][] = [];
  const inputs = tx.inputs as readonly InputView[];
  const commands = tx.commands as readonly CommandView[];
  const fail = (message: string): never => {
    throw new SiteReplayError(digest, message);
  };

  const value = (arg: Arg): Value => {
    if ('Input' in arg && arg.Input !== undefined) {
      const input = inputs[arg.Input];
      const object = input?.Object;
      const id =
        object?.ImmOrOwnedObject?.objectId ??
        object?.SharedObject?.objectId ??
        input?.UnresolvedObject?.objectId;
      if (id !== undefined && normalizeSuiAddress(id) === siteId) return { kind: 'site' };
      return { kind: 'other' };
    }
    if ('Result' in arg && arg.Result !== undefined) return results[arg.Result]?.[0] ?? { kind: 'other' };
    if ('NestedResult' in arg && arg.NestedResult !== undefined) {
      const [command, index] = arg.NestedResult;
      return results[command]?.[index] ?? { kind: 'other' };
    }
    return { kind: 'other' };
  };
  const pure = <T>(arg: Arg | undefined, type: BcsType<T>, what: string): T => {
    if (!arg || !('Input' in arg) || arg.Input === undefined) return fail(`${what} is not a pure input`);
    const bytes = inputs[arg.Input]?.Pure?.bytes;
    if (bytes === undefined) return fail(`${what} is not a pure input`);
    try {
      return type.parse(fromBase64(bytes));
    } catch (error) {
      return fail(`${what} does not decode: ${(error as Error).message}`);
    }
  };
  const site = (): SiteSnapshot => state ?? fail('a call changes the site before it exists');
  const str = (arg: Arg | undefined, what: string) => pure(arg, bcs.string(), what);

  for (const command of commands) {
    const call = command.MoveCall;
    if (!call) {
      results.push([]);
      continue;
    }
    const args = call.arguments;
    const known = packages.has(normalizeSuiAddress(call.package));
    const touchesSite = args.some((a) => value(a).kind === 'site');
    if (!known) {
      if (touchesSite) fail(`${call.package}::${call.module}::${call.function} takes the site`);
      results.push([{ kind: 'other' }]);
      continue;
    }
    const fn = `${call.module}::${call.function}`;
    const onSite = () => {
      if (value(args[0]!).kind !== 'site') fail(`${fn} is called on another site`);
      return site();
    };
    let out: Value = { kind: 'other' };
    switch (fn) {
      case 'metadata::new_metadata': {
        const [link, imageUrl, description, projectUrl, creator] = args.map((a, i) =>
          pure(a, OptionString, `new_metadata argument ${i}`),
        );
        out = {
          kind: 'metadata',
          metadata: {
            link: link ?? null,
            imageUrl: imageUrl ?? null,
            description: description ?? null,
            projectUrl: projectUrl ?? null,
            creator: creator ?? null,
          },
        };
        break;
      }
      case 'site::new_site': {
        if (state) fail('it creates a second site');
        const metadata = value(args[1]!);
        if (metadata.kind !== 'metadata') fail('new_site takes metadata the replay did not build');
        state = {
          name: str(args[0], 'the site name'),
          metadata: (metadata as { metadata: SiteMetadata }).metadata,
          resources: new Map(),
          routes: null,
          redirects: null,
          burned: false,
        };
        out = { kind: 'site' };
        break;
      }
      case 'site::new_range_option':
      case 'site::new_range': {
        const start = pure(args[0], OptionU64, 'range start');
        const end = pure(args[1], OptionU64, 'range end');
        out = {
          kind: 'range',
          range:
            start == null && end == null
              ? null
              : { start: start == null ? null : BigInt(start), end: end == null ? null : BigInt(end) },
        };
        break;
      }
      case 'site::new_resource': {
        const range = value(args[3]!);
        out = {
          kind: 'resource',
          resource: {
            path: str(args[0], 'the resource path'),
            headers: new Map(),
            blobId: blobIdToText(Uint8Array.from(pure(args[1], bcs.bytes(32), 'the blob ID'))),
            blobHash: Uint8Array.from(pure(args[2], bcs.bytes(32), 'the blob hash')),
            range: range.kind === 'range' ? range.range : null,
          },
        };
        break;
      }
      case 'site::add_header': {
        const target = value(args[0]!);
        if (target.kind !== 'resource') fail('add_header on a resource the replay did not build');
        const resource = (target as { resource: SiteResource }).resource;
        const headers = new Map(resource.headers);
        headers.set(str(args[1], 'a header name'), str(args[2], 'a header value'));
        (target as { resource: SiteResource }).resource = { ...resource, headers };
        break;
      }
      case 'site::add_resource': {
        const s = onSite();
        const resource = value(args[1]!);
        if (resource.kind !== 'resource') fail('add_resource of a resource the replay did not build');
        const r = (resource as { resource: SiteResource }).resource;
        s.resources.set(r.path, r);
        break;
      }
      case 'site::remove_resource':
      case 'site::remove_resource_if_exists':
        onSite().resources.delete(str(args[1], 'the removed path'));
        break;
      case 'site::move_resource': {
        const s = onSite();
        const from = str(args[1], 'the moved path');
        const to = str(args[2], 'the new path');
        const resource = s.resources.get(from);
        if (resource) {
          s.resources.delete(from);
          s.resources.set(to, { ...resource, path: to });
        }
        break;
      }
      case 'site::create_routes':
        setRoutes(onSite(), []);
        break;
      case 'site::remove_all_routes_if_exist':
        setRoutes(onSite(), null);
        break;
      case 'site::insert_route': {
        const s = onSite();
        setRoutes(s, [...(s.routes ?? []), [str(args[1], 'a route'), str(args[2], 'a route target')]]);
        break;
      }
      case 'site::fill_routes': {
        const s = onSite();
        const from = Array.from(pure(args[1], bcs.vector(bcs.string()), 'route patterns'));
        const to = Array.from(pure(args[2], bcs.vector(bcs.string()), 'route targets'));
        const added: [string, string][] = from.map((p, i) => [p, to[i]!]);
        // fill_routes inserts its vectors from the last pair to the first.
        setRoutes(s, [...(s.routes ?? []), ...added.reverse()]);
        break;
      }
      case 'site::remove_route': {
        const s = onSite();
        const pattern = str(args[1], 'the removed route');
        setRoutes(
          s,
          (s.routes ?? []).filter(([p]) => p !== pattern),
        );
        break;
      }
      case 'site::create_redirects':
        setRedirects(onSite(), []);
        break;
      case 'site::take_redirects':
      case 'site::take_redirects_if_exist':
        setRedirects(onSite(), null);
        break;
      case 'site::insert_redirect': {
        const s = onSite();
        const status = pure(args[3], bcs.u16(), 'a redirect status');
        if (!isRedirectStatus(status)) fail(`a redirect has status ${status}`);
        const redirect: Redirect = {
          location: str(args[2], 'a redirect location'),
          statusCode: status as Redirect['statusCode'],
        };
        setRedirects(s, [...(s.redirects ?? []), [str(args[1], 'a redirect pattern'), redirect]]);
        break;
      }
      case 'site::remove_redirect': {
        const s = onSite();
        const pattern = str(args[1], 'the removed redirect');
        setRedirects(
          s,
          (s.redirects ?? []).filter(([p]) => p !== pattern),
        );
        break;
      }
      case 'site::update_name':
        state = { ...onSite(), name: str(args[1], 'the new name') };
        break;
      case 'site::update_metadata': {
        const s = onSite();
        const metadata = value(args[1]!);
        if (metadata.kind !== 'metadata') fail('update_metadata with metadata the replay did not build');
        state = { ...s, metadata: (metadata as { metadata: SiteMetadata }).metadata };
        break;
      }
      case 'site::burn':
        state = { ...onSite(), burned: true };
        break;
      case 'site::set_suins_reverse_lookup':
        break;
      default:
        if (touchesSite) fail(`it calls ${fn}, which the replay does not know`);
    }
    results.push([out]);
  }
  return state ?? fail('it neither creates nor changes the site');

  function setRoutes(s: SiteSnapshot, routes: SiteSnapshot['routes']): void {
    state = { ...s, routes };
  }
  function setRedirects(s: SiteSnapshot, redirects: SiteSnapshot['redirects']): void {
    state = { ...s, redirects };
  }
}
