// `floe name set|show` as CLI commands: argument parsing around the handlers in name.ts.
import { NETWORK_OPTIONS, UsageError, networkOptions, parse, type Command } from '../cli/command.ts';
import { loadSigner } from '../keys.ts';
import { openNetwork } from '../network.ts';
import { NAME_SET_USAGE, NAME_SHOW_USAGE, nameSet, nameShow } from './name.ts';

export const nameSetCommand: Command = {
  name: 'name set',
  summary: 'point a name at a site (devnet registry, or a SuiNS name you own)',
  usage: NAME_SET_USAGE,
  async run(argv, io) {
    const { values, positionals } = parse(argv, NETWORK_OPTIONS, NAME_SET_USAGE);
    if (values.help) return (io.out(NAME_SET_USAGE), 0);
    if (positionals.length !== 2) throw new UsageError('expected a name and a site ID', NAME_SET_USAGE);
    const network = await openNetwork(networkOptions(values, NAME_SET_USAGE));
    const signer = await loadSigner({ network: network.network });
    return nameSet({
      name: positionals[0]!,
      siteId: positionals[1]!,
      network,
      signer: signer.keypair,
      json: values.json,
      out: io.out,
    });
  },
};

export const nameShowCommand: Command = {
  name: 'name show',
  summary: 'show the site a name points at',
  usage: NAME_SHOW_USAGE,
  async run(argv, io) {
    const { values, positionals } = parse(argv, NETWORK_OPTIONS, NAME_SHOW_USAGE);
    if (values.help) return (io.out(NAME_SHOW_USAGE), 0);
    if (positionals.length !== 1) throw new UsageError('expected one name', NAME_SHOW_USAGE);
    const network = await openNetwork(networkOptions(values, NAME_SHOW_USAGE));
    return nameShow({ name: positionals[0]!, network, json: values.json, out: io.out });
  },
};
