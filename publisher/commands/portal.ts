// `floe portal`: serve the portal app and sites (service worker + server-side fallback) for a
// network, until Ctrl-C.
import { portalDomainCookieWarning } from '../../portal/server/public-suffix.ts';
import { startPortal } from '../../portal/server/server.ts';
import { NETWORK_OPTIONS, UsageError, networkOptions, parse, type Command } from '../cli/command.ts';
import { loadNetworkConfig } from '../network.ts';
import { FastSourceError, parseFastSource } from '../../core/serve/fast-source.ts';

function parseFastSourceFlag(text: string): string {
  try {
    return parseFastSource(text);
  } catch (error) {
    if (error instanceof FastSourceError) throw new UsageError(`--fast-source: ${error.message}`, USAGE);
    throw error;
  }
}

const USAGE = `usage: floe portal [--port 3000] [--domain localhost] [--network <name>] [--transport grpc|json-rpc] [--dist dist/portal]
       [--fast-source <url>|aggregator]...

Serves the Floe portal: the app at http://<domain>:<port>/ and every site at
http://<base36-or-name>.<domain>:<port>/, read from the storage nodes and verified in the browser.
Build it first with \`npm run build\`. A --domain other than localhost should be on the Public
Suffix List, or sites can set cookies for each other and for the app (a warning says so).
--fast-source names an aggregator or cache that visitors' workers race with the storage nodes for
every file (\`aggregator\` is the network's own). Its bytes are checked against the chain's SHA-256
like the nodes', so it can only save time, never change a page. Off by default.`;

export const portalCommand: Command = {
  name: 'portal',
  summary: 'serve the portal and sites on localhost',
  usage: USAGE,
  async run(argv, io) {
    const { values, positionals } = parse(
      argv,
      {
        ...NETWORK_OPTIONS,
        port: { type: 'string', default: '3000' },
        domain: { type: 'string', default: 'localhost' },
        dist: { type: 'string', default: 'dist/portal' },
        'fast-source': { type: 'string', multiple: true, default: [] },
      },
      USAGE,
    );
    if (values.help) return (io.out(USAGE), 0);
    if (positionals.length) throw new UsageError('portal takes no arguments', USAGE);
    const port = Number(values.port);
    if (!Number.isInteger(port) || port < 0 || port > 65535)
      throw new UsageError(`--port must be a port number`, USAGE);
    const domain = values.domain.trim().toLowerCase();
    if (!domain) throw new UsageError('--domain must not be empty', USAGE);
    const network = await loadNetworkConfig(networkOptions(values, USAGE));
    const cookieWarning = portalDomainCookieWarning(domain);
    if (cookieWarning) io.err.write(`warning: ${cookieWarning}\n`);
    const fastSources = values['fast-source'].map((text) => {
      if (text !== 'aggregator') return parseFastSourceFlag(text);
      if (!network.aggregatorUrl)
        throw new UsageError(`--fast-source aggregator: ${network.name} names no aggregator`, USAGE);
      return parseFastSourceFlag(network.aggregatorUrl);
    });
    const portal = await startPortal({
      network,
      distDir: values.dist,
      port,
      portalHost: domain,
      fastSources,
      warmNodeConnections: true,
    });
    io.out(`Floe portal for ${network.name} at ${portal.url} (sites at ${portal.siteUrl('<label>')})`);
    await new Promise<void>((resolve) => {
      process.once('SIGINT', resolve);
      process.once('SIGTERM', resolve);
    });
    await portal.close();
    return 0;
  },
};
