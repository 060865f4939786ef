// `floe site history <site>` and `floe rollback <site> [--to <version>]`. History is read from the
// chain (core/sui/site-history.ts); a rollback is one site update that points the site back at a
// past version's quilts, uploading nothing (core/deploy/rollback.ts).
import { commitSite } from '../../core/deploy/commit.ts';
import type { SiteVersion } from '../../core/deploy/history.ts';
import {
  VersionGoneError,
  missingQuilts,
  rollbackTarget,
  rollbackUpdate,
} from '../../core/deploy/rollback.ts';
import { checkOwner } from '../../core/deploy/promote-site.ts';
import { loadSiteVersions } from '../../core/deploy/site-versions.ts';
import { objectIdToBase36 } from '../../core/site/base36.ts';
import { keypairExecutor } from '../../core/sui/execute.ts';
import { portalSiteUrl } from '../../core/sui/networks.ts';
import { NETWORK_OPTIONS, UsageError, networkOptions, parse, toJson, type Command } from '../cli/command.ts';
import { loadSigner } from '../keys.ts';
import { openNetwork, type NetworkContext } from '../network.ts';
import { resolveSite } from './site.ts';

const HISTORY_USAGE = `usage: floe site history <site> [--network <name>] [--transport grpc|json-rpc] [--json]

Lists every version of a site, read from the chain: when, by which address, the files added,
changed and removed, the quilts it uses, and whether it can still be restored (all its quilts
stored). <site> is an object ID, a base36 label or a SuiNS name.`;

const ROLLBACK_USAGE = `usage: floe rollback <site> [--to <version>] [--dry-run] [--network <name>] [--transport grpc|json-rpc] [--json]

Brings back a past version of a site (default: the one before the live version): its files,
headers, routes, redirects and metadata, in one update with nothing uploaded. Refused when a
quilt of that version is no longer stored: deploys keep the last few versions restorable
(floe deploy --keep-versions). Nothing is deleted by a rollback; the version it replaces
stays restorable until later deploys push it out of that window.`;

async function loadHistory(context: NetworkContext, input: string) {
  const siteId = await resolveSite(context, input);
  const pkg = context.network.walrusSite;
  return loadSiteVersions(context.sui, siteId, { original: pkg.originalPackageId, published: pkg.packageId });
}

/** Which versions' quilts are all still stored. */
async function restorable(
  context: NetworkContext,
  versions: readonly SiteVersion[],
  owner: string | null,
): Promise<Set<number>> {
  const all = [...new Set(versions.flatMap((v) => v.quilts))];
  const missing = new Set(await missingQuilts(context.walrus, context.sui, owner, all));
  return new Set(
    versions.filter((v) => !v.partial && v.quilts.every((q) => !missing.has(q))).map((v) => v.number),
  );
}

export const siteHistoryCommand: Command = {
  name: 'site history',
  summary: 'list the versions of a site',
  usage: HISTORY_USAGE,
  async run(argv, io) {
    const { values, positionals } = parse(argv, NETWORK_OPTIONS, HISTORY_USAGE);
    if (values.help) return (io.out(HISTORY_USAGE), 0);
    if (positionals.length !== 1) throw new UsageError('expected one site ID or name', HISTORY_USAGE);
    const context = await openNetwork(networkOptions(values, HISTORY_USAGE));
    const { versions, live } = await loadHistory(context, positionals[0]!);
    const canRestore = await restorable(context, versions, live.owner);
    const latest = versions[versions.length - 1]!.number;
    const rows = versions.map((v) => ({
      version: v.number,
      live: v.number === latest,
      time: v.timestampMs === null ? null : new Date(v.timestampMs).toISOString(),
      sender: v.sender,
      transactions: v.digests,
      files: v.site.resources.size,
      added: v.added,
      changed: v.changed,
      removed: v.removed,
      quilts: v.quilts,
      partial: v.partial,
      restorable: canRestore.has(v.number),
    }));
    if (values.json) {
      io.out(toJson({ siteId: live.id, name: live.name, versions: rows }));
      return 0;
    }
    io.out(
      `${live.name} (${live.id}): ${versions.length} version${versions.length === 1 ? '' : 's'}, newest first`,
    );
    for (const row of [...rows].reverse()) {
      const state = row.live
        ? 'live'
        : row.partial
          ? 'stopped half-way'
          : row.restorable
            ? 'restorable'
            : 'quilts gone';
      io.out(
        `  v${row.version}  ${row.time?.replace('T', ' ').slice(0, 19) ?? 'unknown time'}  by ${row.sender}  ` +
          `${row.files} files  +${row.added.length} ~${row.changed.length} -${row.removed.length}  ` +
          `${row.quilts.length} quilt${row.quilts.length === 1 ? '' : 's'}  [${state}]`,
      );
      for (const [label, paths] of [
        ['added', row.added],
        ['changed', row.changed],
        ['removed', row.removed],
      ] as const) {
        if (paths.length === 0) continue;
        const shown = paths.slice(0, 5).join(', ');
        io.out(`      ${label}: ${shown}${paths.length > 5 ? `, … (${paths.length - 5} more)` : ''}`);
      }
    }
    return 0;
  },
};

export const rollbackCommand: Command = {
  name: 'rollback',
  summary: 'bring back a past version of a site, uploading nothing',
  usage: ROLLBACK_USAGE,
  async run(argv, io) {
    const { values, positionals } = parse(
      argv,
      { ...NETWORK_OPTIONS, to: { type: 'string' }, 'dry-run': { type: 'boolean', default: false } },
      ROLLBACK_USAGE,
    );
    if (values.help) return (io.out(ROLLBACK_USAGE), 0);
    if (positionals.length !== 1) throw new UsageError('expected one site ID or name', ROLLBACK_USAGE);
    let to: number | null = null;
    if (values.to !== undefined) {
      to = Number(values.to.replace(/^v/, ''));
      if (!Number.isSafeInteger(to) || to < 1) {
        throw new UsageError(
          `--to must be a version number (see floe site history), not ${values.to}`,
          ROLLBACK_USAGE,
        );
      }
    }
    const context = await openNetwork(networkOptions(values, ROLLBACK_USAGE));
    const signer = await loadSigner({ network: context.network });
    const { versions, live } = await loadHistory(context, positionals[0]!);
    checkOwner(live, signer.address);
    const target = rollbackTarget(versions, to);
    const missing = await missingQuilts(context.walrus, context.sui, live.owner, target.quilts);
    if (missing.length > 0) throw new VersionGoneError(target.number, missing);

    const plan = rollbackUpdate(live, target);
    const pkg = context.network.walrusSite;
    let digests: string[] = [];
    if (plan.update && !values['dry-run']) {
      ({ digests } = await commitSite(
        {
          sui: context.sui,
          execute: keypairExecutor(context.sui, signer.keypair),
          sitePackage: { original: pkg.originalPackageId, published: pkg.packageId },
        },
        plan.update,
      ));
    }
    const url = portalSiteUrl(context.network, objectIdToBase36(live.id));
    const counts = {
      added: plan.added,
      changed: plan.changed,
      removed: plan.removed,
      unchanged: plan.unchanged,
    };
    if (values.json) {
      io.out(
        toJson({
          siteId: live.id,
          url,
          restored: target.number,
          dryRun: values['dry-run'],
          ...counts,
          uploadedBytes: 0,
          transactions: digests.length,
        }),
      );
    } else if (!plan.update) {
      io.out(`site ${live.id} already serves version ${target.number}: nothing to do`);
    } else {
      io.out(
        `${values['dry-run'] ? 'would roll' : 'rolled'} ${live.id} back to version ${target.number}: ` +
          `${plan.added} added, ${plan.changed} changed, ${plan.removed} removed, ${plan.unchanged} unchanged, ` +
          `nothing uploaded\n  ${url}`,
      );
    }
    return 0;
  },
};
