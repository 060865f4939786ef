// `floe promote <preview> <site>`: the live site takes a preview's resources, routes, redirects and
// metadata in one update, with nothing uploaded (core/deploy/promote-site.ts). Quilts only the old live
// version used are then deleted and refunded, as after a deploy, unless another of your sites
// (the preview, for one) still uses them.
import { promoteSite } from '../../core/deploy/promote-site.ts';
import { objectIdToBase36 } from '../../core/site/base36.ts';
import { keypairExecutor } from '../../core/sui/execute.ts';
import { portalSiteUrl } from '../../core/sui/networks.ts';
import { NETWORK_OPTIONS, UsageError, networkOptions, parse, toJson, type Command } from '../cli/command.ts';
import { loadSigner } from '../keys.ts';
import { openNetwork } from '../network.ts';
import { resolveSite } from './site.ts';

const USAGE = `usage: floe promote <preview> <site> [--keep-old-quilts] [--network <name>] [--transport grpc|json-rpc] [--json]

Makes <site> (the live one) equal to <preview> (a site deployed with floe deploy --preview):
the same files, headers, routes, redirects and metadata, in one update with nothing uploaded.
Both must be yours. Like a deploy, it keeps the last 3 versions of <site> restorable (floe
rollback); quilts only older versions used are deleted and their storage refunded, unless
--keep-old-quilts or another of your sites still uses them.`;

export const promoteCommand: Command = {
  name: 'promote',
  summary: 'make a live site equal to a preview, uploading nothing',
  usage: USAGE,
  async run(argv, io) {
    const { values, positionals } = parse(
      argv,
      { ...NETWORK_OPTIONS, 'keep-old-quilts': { type: 'boolean', default: false } },
      USAGE,
    );
    if (values.help) return (io.out(USAGE), 0);
    if (positionals.length !== 2) throw new UsageError('expected a preview and a site', USAGE);
    const context = await openNetwork(networkOptions(values, USAGE));
    const signer = await loadSigner({ network: context.network });
    const [previewId, liveId] = await Promise.all(positionals.map((p) => resolveSite(context, p)));
    if (previewId === liveId) throw new UsageError('the preview and the site are the same object', USAGE);
    const pkg = context.network.walrusSite;
    const { preview, live, plan, digests, quiltsDeleted } = await promoteSite(
      {
        sui: context.sui,
        walrus: context.walrus,
        owner: signer.address,
        execute: keypairExecutor(context.sui, signer.keypair),
        sitePackage: { original: pkg.originalPackageId, published: pkg.packageId },
        keepOldQuilts: values['keep-old-quilts'],
        warn: (message) => io.err.write(`warning: ${message}\n`),
      },
      previewId!,
      liveId!,
    );
    const deleted = quiltsDeleted.length;
    const url = portalSiteUrl(context.network, objectIdToBase36(live.id));
    const counts = {
      changed: plan.changed,
      added: plan.added,
      removed: plan.removed,
      unchanged: plan.unchanged,
    };
    if (values.json)
      io.out(
        toJson({
          siteId: live.id,
          previewId: preview.id,
          url,
          ...counts,
          transactions: digests.length,
          quiltsDeleted: deleted,
        }),
      );
    else if (!plan.update) io.out(`site ${live.id} already equals ${preview.id}: nothing to do`);
    else
      io.out(
        `promoted ${preview.id} to ${live.id}: ${plan.added} added, ${plan.changed} changed, ${plan.removed} removed, ` +
          `${plan.unchanged} unchanged, nothing uploaded${deleted ? `, ${deleted} old quilt(s) deleted` : ''}\n  ${url}`,
      );
    return 0;
  },
};
