// `floe site show|list|destroy`: what a site holds on chain, the sites an address owns, and
// removing a site (resources, routes, redirects, then the object; with --delete-blobs also the
// quilts no other site of the owner still uses).
import type { Transaction } from '@mysten/sui/transactions';
import { normalizeSuiAddress, toHex } from '@mysten/sui/utils';
import { base36ToObjectId, objectIdToBase36 } from '../../core/site/base36.ts';
import { normalizeObjectId } from '../../core/site/object-id.ts';
import { QUILT_PATCH_HEADER } from '../../core/site/types.ts';
import { keypairExecutor } from '../../core/sui/execute.ts';
import { resolveSiteName } from '../../core/sui/names.ts';
import { portalSiteUrl } from '../../core/sui/networks.ts';
import { siteType } from '../../core/sui/site-fields.ts';
import { readSite, type OnChainSite } from '../../core/sui/site-read.ts';
import { buildDestroyTransactions } from '../../core/sui/site-tx.ts';
import { blobIdFromText } from '../../core/walrus/blob-id.ts';
import { parseInternalPatchId, quiltPatchIdToText } from '../../core/walrus/quilt.ts';
import { listOwnedBlobs } from '../../core/walrus/writer.ts';
import { deleteUnusedQuilts, unreferencedBlobIds } from '../../core/deploy/cleanup.ts';
import { formatCoin } from '../../core/deploy/format-coin.ts';
import { epochStartMs } from '../../core/deploy/expiry.ts';
import { formatBytes } from '../format.ts';
import { EXPIRY_WARNING_DAYS, endsWithin, epochClock, siteLease } from '../../core/deploy/site-lease.ts';
import { describeEnd, extendSite } from './site-expiry.ts';
import {
  NETWORK_OPTIONS,
  UsageError,
  networkOptions,
  parse,
  parseEpochsValue,
  toJson,
  type Command,
} from '../cli/command.ts';
import { loadSigner } from '../keys.ts';
import { openNetwork, type NetworkContext } from '../network.ts';

const SHOW_USAGE = `usage: floe site show <object-id | base36-label | name> [--network <name>] [--transport grpc|json-rpc] [--json]

Lists every resource of a site (path, SHA-256, quilt and patch ID, headers), its routes and redirects.`;
const LIST_USAGE = `usage: floe site list [--owner <address>] [--expiring-within <days>] [--network <name>] [--transport grpc|json-rpc] [--json]

Lists the sites owned by your address (or --owner): URL, files, bytes stored, when the first of
their quilts stops being stored (epoch and date) and the WAL one more epoch costs. Sites whose
storage ends within --expiring-within days (default ${EXPIRY_WARNING_DAYS}) are flagged; extend them with
floe site extend.`;
const EXTEND_USAGE = `usage: floe site extend <object-id | base36-label | name> --epochs <n|max> [--dry-run] [--network <name>] [--transport grpc|json-rpc] [--json]

Keeps every quilt of the site that you own stored until <n> epochs from now (max: as far ahead as
Walrus sells storage), in one transaction paid in WAL. Quilts that already live that long are left
as they are; --dry-run prints the cost and sends nothing.`;
const DESTROY_USAGE = `usage: floe site destroy <object-id> [--delete-blobs] [--network <name>] [--transport grpc|json-rpc] [--json]

Removes every resource, the routes and redirects, and burns the Site object. With --delete-blobs,
also deletes the site's quilts that no other site you own uses (their storage is refunded).`;

/** Object ID, base36 label, or a name (`foo`, `foo.sui`, `@foo`) → site object ID. */
export async function resolveSite(context: NetworkContext, input: string): Promise<string> {
  const id = normalizeObjectId(input);
  if (id && input.startsWith('0x')) return id;
  if (!input.includes('.') && !input.startsWith('@')) {
    const fromLabel = base36ToObjectId(input);
    // A base36 label shadows a name, as in the portals; fall through only if nothing is there.
    if (fromLabel && (await exists(context, fromLabel))) return fromLabel;
  }
  const record = await resolveSiteName(context.sui, context.network, input);
  if (!record?.siteId) throw new Error(`no site named ${input} on ${context.network.name}`);
  return record.siteId;
}

async function exists(context: NetworkContext, id: string): Promise<boolean> {
  const { objects } = await context.sui.core.getObjects({ objectIds: [id] });
  return !(objects[0] instanceof Error);
}

export const siteShowCommand: Command = {
  name: 'site show',
  summary: 'show the resources of a site',
  usage: SHOW_USAGE,
  async run(argv, io) {
    const { values, positionals } = parse(argv, NETWORK_OPTIONS, SHOW_USAGE);
    if (values.help) return (io.out(SHOW_USAGE), 0);
    if (positionals.length !== 1) throw new UsageError('expected one site ID or name', SHOW_USAGE);
    const context = await openNetwork(networkOptions(values, SHOW_USAGE));
    const siteId = await resolveSite(context, positionals[0]!);
    const site = await readSite(context.sui, siteId, {
      packageId: context.network.walrusSite.originalPackageId,
    });
    const resources = [...site.resources.values()].map((r) => {
      const internal = r.headers.get(QUILT_PATCH_HEADER);
      return {
        path: r.path,
        sha256: toHex(r.blobHash),
        blobId: r.blobId,
        patchId: internal ? patchIdOf(r.blobId, internal) : null,
        headers: Object.fromEntries(r.headers),
      };
    });
    const base36 = objectIdToBase36(site.id);
    if (values.json) {
      io.out(
        toJson({
          siteId: site.id,
          base36,
          url: portalSiteUrl(context.network, base36),
          name: site.name,
          owner: site.owner,
          version: site.version,
          metadata: site.metadata,
          resources,
          routes: site.routes,
          redirects: site.redirects.map(([pattern, r]) => ({ pattern, ...r })),
        }),
      );
      return 0;
    }
    io.out(describeSite(site, base36, portalSiteUrl(context.network, base36)));
    for (const r of resources) io.out(`  ${r.sha256}  ${r.path}  ${r.patchId ?? r.blobId}`);
    for (const [pattern, target] of site.routes) io.out(`  route     ${pattern} → ${target}`);
    for (const [pattern, r] of site.redirects)
      io.out(`  redirect  ${pattern} → ${r.location} (${r.statusCode})`);
    return 0;
  },
};

export const siteListCommand: Command = {
  name: 'site list',
  summary: 'list the sites you own',
  usage: LIST_USAGE,
  async run(argv, io) {
    const { values, positionals } = parse(
      argv,
      { ...NETWORK_OPTIONS, owner: { type: 'string' }, 'expiring-within': { type: 'string' } },
      LIST_USAGE,
    );
    if (values.help) return (io.out(LIST_USAGE), 0);
    if (positionals.length) throw new UsageError('site list takes no arguments', LIST_USAGE);
    const context = await openNetwork(networkOptions(values, LIST_USAGE));
    const owner = values.owner
      ? normalizeSuiAddress(values.owner)
      : (await loadSigner({ network: context.network })).address;
    const ids: string[] = [];
    let cursor: string | null = null;
    do {
      const page: Awaited<ReturnType<typeof context.sui.core.listOwnedObjects>> =
        await context.sui.core.listOwnedObjects({
          owner,
          type: siteType(context.network.walrusSite.originalPackageId),
          ...(cursor ? { cursor } : {}),
        });
      ids.push(...page.objects.map((o) => o.objectId));
      cursor = page.hasNextPage ? page.cursor : null;
    } while (cursor);
    const warnDays = parseDays(values['expiring-within']);
    const owned = [...(await listOwnedBlobs(context.walrus, context.sui, owner)).values()];
    const clock = await epochClock(context.walrus);
    const sites = [];
    for (const id of ids) {
      const site = await readSite(context.sui, id, {
        packageId: context.network.walrusSite.originalPackageId,
      });
      const base36 = objectIdToBase36(id);
      const lease = await siteLease(context.walrus, site, owned, clock);
      sites.push({
        siteId: id,
        name: site.name,
        base36,
        url: portalSiteUrl(context.network, base36),
        resources: site.resources.size,
        storedBytes: lease.storedBytes,
        endEpoch: lease.expiry.endEpoch,
        expiresAt: lease.expiresAtMs === null ? null : new Date(lease.expiresAtMs).toISOString(),
        expiringSoon: endsWithin(lease, warnDays),
        quiltsOwnedByOthers: lease.expiry.foreign,
        walPerEpoch: formatCoin(lease.walPerEpoch),
        lease,
      });
    }
    if (values.json)
      io.out(toJson({ owner, epoch: clock.currentEpoch, sites: sites.map(({ lease: _, ...rest }) => rest) }));
    else if (sites.length === 0) io.out(`${owner} owns no sites on ${context.network.name}`);
    else
      for (const s of sites) {
        io.out(`${s.siteId}  ${s.name}  (${s.resources} files, ${formatBytes(s.storedBytes)})  ${s.url}`);
        io.out(`  storage ends ${describeEnd(s.lease)}; one more epoch costs ${s.walPerEpoch} WAL`);
        if (s.expiringSoon)
          io.out(`  warning: ends within ${warnDays} days: floe site extend ${s.siteId} --epochs <n>`);
      }
    return 0;
  },
};

export const siteDestroyCommand: Command = {
  name: 'site destroy',
  summary: 'remove a site from chain',
  usage: DESTROY_USAGE,
  async run(argv, io) {
    const { values, positionals } = parse(
      argv,
      { ...NETWORK_OPTIONS, 'delete-blobs': { type: 'boolean', default: false } },
      DESTROY_USAGE,
    );
    if (values.help) return (io.out(DESTROY_USAGE), 0);
    if (positionals.length !== 1) throw new UsageError('expected one site ID', DESTROY_USAGE);
    const context = await openNetwork(networkOptions(values, DESTROY_USAGE));
    const signer = await loadSigner({ network: context.network });
    const siteId = await resolveSite(context, positionals[0]!);
    const pkg = context.network.walrusSite;
    const site = await readSite(context.sui, siteId, { packageId: pkg.originalPackageId });
    if (site.owner !== signer.address) {
      throw new Error(`site ${siteId} is owned by ${site.owner ?? 'no address'}, not by ${signer.address}`);
    }
    const execute = keypairExecutor(context.sui, signer.keypair);
    const txs = buildDestroyTransactions({
      packageId: pkg.packageId,
      siteId,
      paths: [...site.resources.keys()],
      hasRoutes: site.routes.length > 0,
      hasRedirects: site.redirects.length > 0,
    });
    for (const tx of txs) await run(context, execute, tx);
    let deleted = 0;
    if (values['delete-blobs'])
      deleted = (
        await deleteUnusedQuilts(
          {
            sui: context.sui,
            walrus: context.walrus,
            owner: signer.address,
            sitePackageOriginal: context.network.walrusSite.originalPackageId,
            execute,
          },
          unreferencedBlobIds(site.resources.values(), []),
          site.id,
        )
      ).length;
    if (values.json)
      io.out(toJson({ siteId, destroyed: true, transactions: txs.length, blobsDeleted: deleted }));
    else
      io.out(
        `destroyed site ${siteId} (${site.resources.size} resources, ${txs.length} transactions${deleted ? `, ${deleted} quilts deleted` : ''})`,
      );
    return 0;
  },
};

async function run(
  context: NetworkContext,
  execute: ReturnType<typeof keypairExecutor>,
  tx: Transaction,
): Promise<void> {
  const { digest } = await execute(tx);
  const result = await context.sui.core.waitForTransaction({ digest, include: { effects: true } });
  const done = result.Transaction ?? result.FailedTransaction;
  if (!done.status.success) throw new Error(`transaction ${digest} failed: ${done.status.error.message}`);
}

function describeSite(site: OnChainSite, base36: string, url: string): string {
  return (
    `site ${site.id} "${site.name}"\n` +
    `  owner   ${site.owner ?? '(not address-owned)'}\n` +
    `  base36  ${base36}\n` +
    `  url     ${url}\n` +
    `  ${site.resources.size} resources, ${site.routes.length} routes, ${site.redirects.length} redirects:`
  );
}

function patchIdOf(blobId: string, internalHex: string): string | null {
  const columns = parseInternalPatchId(internalHex);
  return columns && quiltPatchIdToText({ quiltId: blobIdFromText(blobId), ...columns });
}

export const siteExtendCommand: Command = {
  name: 'site extend',
  summary: "keep a site's quilts stored longer",
  usage: EXTEND_USAGE,
  async run(argv, io) {
    const { values, positionals } = parse(
      argv,
      { ...NETWORK_OPTIONS, epochs: { type: 'string' }, 'dry-run': { type: 'boolean', default: false } },
      EXTEND_USAGE,
    );
    if (values.help) return (io.out(EXTEND_USAGE), 0);
    if (positionals.length !== 1) throw new UsageError('expected one site ID or name', EXTEND_USAGE);
    const epochs = parseExtendEpochs(values.epochs);
    const context = await openNetwork(networkOptions(values, EXTEND_USAGE));
    const signer = await loadSigner({ network: context.network });
    const siteId = await resolveSite(context, positionals[0]!);
    const site = await readSite(context.sui, siteId, {
      packageId: context.network.walrusSite.originalPackageId,
    });
    const owned = [...(await listOwnedBlobs(context.walrus, context.sui, signer.address)).values()];
    const clock = await epochClock(context.walrus);
    const lease = await siteLease(context.walrus, site, owned, clock);
    if (lease.expiry.endEpoch === null)
      throw new Error(
        `${signer.address} owns none of the quilts of site ${siteId}: only their owner can extend them`,
      );
    const ahead = epochs === 'max' ? (await context.walrus.systemState()).future_accounting.length : epochs;
    const done = await extendSite(
      context,
      lease,
      clock.currentEpoch + ahead,
      signer.keypair,
      values['dry-run'],
    );
    const after = epochStartMs(done.endEpoch, clock);
    if (values.json)
      io.out(
        toJson({
          siteId,
          endEpoch: done.endEpoch,
          endsAt: new Date(after).toISOString(),
          quiltsExtended: done.quilts,
          wal: formatCoin(done.wal),
          dryRun: values['dry-run'],
          digest: done.digest,
          quiltsOwnedByOthers: lease.expiry.foreign,
        }),
      );
    else {
      const until = `epoch ${done.endEpoch} (${new Date(after).toISOString().slice(0, 10)})`;
      io.out(
        done.quilts === 0
          ? `site ${siteId} is already stored until ${until} or later: nothing to extend`
          : `${values['dry-run'] ? 'would extend' : 'extended'} ${done.quilts} quilt(s) of site ${siteId} until ${until} for ${formatCoin(done.wal)} WAL`,
      );
      if (lease.expiry.foreign > 0)
        io.out(
          `  ${lease.expiry.foreign} quilt(s) of the site belong to other addresses and were left as they are`,
        );
    }
    return 0;
  },
};

function parseDays(value: string | undefined): number {
  if (value === undefined) return EXPIRY_WARNING_DAYS;
  const days = Number(value);
  if (!Number.isFinite(days) || days < 0)
    throw new UsageError(`--expiring-within must be a number of days, got ${value}`, LIST_USAGE);
  return days;
}

function parseExtendEpochs(value: string | undefined): number | 'max' {
  if (value === undefined) throw new UsageError('--epochs is required (a number, or "max")', EXTEND_USAGE);
  return parseEpochsValue(value, EXTEND_USAGE);
}
