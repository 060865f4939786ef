// Command line of `devnet/node/main.ts`, parsed into a typed config without touching the process,
// so the rules are testable and `main.ts` stays a thin shell.
import { parseArgs } from 'node:util';
import { normalizeSuiAddress } from '@mysten/sui/utils';
import type { GeoLink } from '../geo/regions.ts';
import { checkLink, ShapingError } from '../geo/shaping.ts';
import type { CommitteeView } from './blob-state.ts';

export const USAGE = `usage: node devnet/node/main.ts --dir <dir> --bls-key <file> [--port <n>] [--host <ip>]
       [--tls-cert <file> --tls-key <file>]
       [--devnet [--admin-port <n>] [--geo-link <json>]]
       [--rpc <url> --walrus-package <0x…> --staking-object <0x…> --node-id <0x…> [--poll-ms <n>]
        | --n-shards <n> --shards <list> [--epoch <e>]]
  With --rpc the node follows that Sui chain: its shards come from the Staking object's committee
  and blob state from the Walrus events. Without it the committee is given here (--shards takes
  indices and ranges, e.g. 0-99,250): required on first start, replacing the stored one when given.
  --geo-link makes the public API answer as if far away, e.g.
  '{"rttMs":150,"jitterMs":15,"bandwidthBytesPerSec":3125000,"setupMs":300}' (setupMs defaults to
  2 × rttMs: TCP + TLS handshakes).
  --tls-cert/--tls-key (PEM: certificate chain, private key) serve the public API over TLS, HTTP/2
  with HTTP/1.1 fallback, at an https URL.`;

export class UsageError extends Error {
  override name = 'UsageError';
}

export interface NodeArgs {
  readonly dir: string;
  readonly blsKey: string;
  readonly host: string;
  readonly port: number;
  readonly devnet: boolean;
  readonly adminPort: number | undefined;
  readonly committee: CommitteeView | undefined;
  /** Set with `--rpc`: the chain to follow. */
  readonly chain: ChainArgs | undefined;
  /** Set with `--geo-link` (devnet only): the latency and bandwidth the public API emulates. */
  readonly geoLink: GeoLink | undefined;
  /** Set with `--tls-cert` and `--tls-key`: PEM files the public API serves TLS with. */
  readonly tls: TlsArgs | undefined;
}

export interface TlsArgs {
  readonly certPath: string;
  readonly keyPath: string;
}

export interface ChainArgs {
  readonly rpcUrl: string;
  readonly packageId: string;
  readonly stakingObjectId: string;
  readonly nodeId: string;
  readonly pollMs: number;
}

const CHAIN_FLAGS = ['walrus-package', 'staking-object', 'node-id', 'poll-ms'] as const;

export function parseNodeArgs(argv: readonly string[]): NodeArgs {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: {
        dir: { type: 'string' },
        'bls-key': { type: 'string' },
        host: { type: 'string', default: '127.0.0.1' },
        port: { type: 'string', default: '0' },
        devnet: { type: 'boolean', default: false },
        'admin-port': { type: 'string' },
        'n-shards': { type: 'string' },
        shards: { type: 'string' },
        epoch: { type: 'string' },
        rpc: { type: 'string' },
        'walrus-package': { type: 'string' },
        'staking-object': { type: 'string' },
        'node-id': { type: 'string' },
        'poll-ms': { type: 'string' },
        'geo-link': { type: 'string' },
        'tls-cert': { type: 'string' },
        'tls-key': { type: 'string' },
      },
      strict: true,
    }));
  } catch (cause) {
    throw new UsageError((cause as Error).message, { cause });
  }
  if (!values.dir) throw new UsageError('--dir is required');
  if (!values['bls-key']) throw new UsageError('--bls-key is required');
  if (values['admin-port'] !== undefined && !values.devnet) {
    throw new UsageError('--admin-port needs --devnet: the admin API exists only on a devnet');
  }
  if (values['geo-link'] !== undefined && !values.devnet) {
    throw new UsageError('--geo-link needs --devnet: emulated distance is a devnet tool');
  }
  const certPath = values['tls-cert'];
  const keyPath = values['tls-key'];
  if ((certPath === undefined) !== (keyPath === undefined))
    throw new UsageError('--tls-cert and --tls-key go together');
  if (certPath === '' || keyPath === '') throw new UsageError('--tls-cert and --tls-key need a file');
  const hasCommittee = values['n-shards'] !== undefined || values.shards !== undefined;
  if (hasCommittee && (values['n-shards'] === undefined || values.shards === undefined)) {
    throw new UsageError('--n-shards and --shards go together');
  }
  const nShards = hasCommittee ? integer(values['n-shards']!, '--n-shards', 1, 0xffff) : 0;
  let chain: ChainArgs | undefined;
  if (values.rpc !== undefined) {
    if (hasCommittee || values.epoch !== undefined)
      throw new UsageError('with --rpc the committee comes from the chain: drop --n-shards/--shards');
    chain = {
      rpcUrl: httpUrl(values.rpc, '--rpc'),
      packageId: suiId(values['walrus-package'], '--walrus-package'),
      stakingObjectId: suiId(values['staking-object'], '--staking-object'),
      nodeId: suiId(values['node-id'], '--node-id'),
      pollMs: integer(values['poll-ms'] ?? '100', '--poll-ms', 1, 60_000),
    };
  } else {
    const stray = CHAIN_FLAGS.find((flag) => values[flag] !== undefined);
    if (stray) throw new UsageError(`--${stray} needs --rpc`);
  }
  return {
    dir: values.dir,
    blsKey: values['bls-key'],
    host: values.host,
    port: integer(values.port, '--port', 0, 65535),
    devnet: values.devnet,
    adminPort: values.devnet ? integer(values['admin-port'] ?? '0', '--admin-port', 0, 65535) : undefined,
    committee: hasCommittee
      ? {
          nShards,
          epoch: integer(values.epoch ?? '1', '--epoch', 0, 0xffff_ffff),
          shards: parseShardList(values.shards!),
        }
      : undefined,
    chain,
    geoLink: values['geo-link'] === undefined ? undefined : parseGeoLink(values['geo-link']),
    tls: certPath !== undefined && keyPath !== undefined ? { certPath, keyPath } : undefined,
  };
}

/** `--geo-link` JSON: the four numbers of a `GeoLink`, `setupMs` optional (2 × RTT). */
export function parseGeoLink(text: string): GeoLink {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new UsageError(`--geo-link must be JSON, got ${JSON.stringify(text)}`);
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json))
    throw new UsageError('--geo-link must be a JSON object');
  const fields = json as Record<string, unknown>;
  const known = ['rttMs', 'jitterMs', 'bandwidthBytesPerSec', 'setupMs'];
  const stray = Object.keys(fields).find((key) => !known.includes(key));
  if (stray !== undefined) throw new UsageError(`--geo-link has an unknown field ${JSON.stringify(stray)}`);
  const number = (key: string): number => {
    const value = fields[key];
    if (typeof value !== 'number') throw new UsageError(`--geo-link needs a number ${key}`);
    return value;
  };
  const rttMs = number('rttMs');
  try {
    return checkLink({
      rttMs,
      jitterMs: number('jitterMs'),
      bandwidthBytesPerSec: number('bandwidthBytesPerSec'),
      setupMs: fields.setupMs === undefined ? 2 * rttMs : number('setupMs'),
    });
  } catch (error) {
    if (error instanceof ShapingError) throw new UsageError(`--geo-link: ${error.message}`, { cause: error });
    throw error;
  }
}

/** `0-3,7` → [0, 1, 2, 3, 7]; the empty string is no shards. */
export function parseShardList(text: string): number[] {
  const shards: number[] = [];
  for (const part of text.split(',').map((p) => p.trim())) {
    if (part === '') continue;
    const match = /^(\d+)(?:-(\d+))?$/.exec(part);
    if (!match) throw new UsageError(`bad shard list entry ${JSON.stringify(part)}`);
    const from = Number(match[1]);
    const to = match[2] === undefined ? from : Number(match[2]);
    if (to < from || to > 0xffff) throw new UsageError(`bad shard range ${JSON.stringify(part)}`);
    for (let shard = from; shard <= to; shard++) shards.push(shard);
  }
  return shards;
}

/** A Sui object ID or address, 0x + 1..64 hex digits, normalized to 64. */
function suiId(text: string | undefined, name: string): string {
  if (text === undefined) throw new UsageError(`--rpc needs ${name}`);
  if (!/^0x[0-9a-fA-F]{1,64}$/.test(text))
    throw new UsageError(`${name} must be 0x and hex, got ${JSON.stringify(text)}`);
  return normalizeSuiAddress(text.toLowerCase());
}

function httpUrl(text: string, name: string): string {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new UsageError(`${name} must be a URL, got ${JSON.stringify(text)}`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new UsageError(`${name} must be an http(s) URL, got ${JSON.stringify(text)}`);
  }
  return text;
}

function integer(text: string, name: string, min: number, max: number): number {
  if (!/^\d+$/.test(text) || Number(text) < min || Number(text) > max) {
    throw new UsageError(`${name} must be an integer in ${min}..${max}, got ${JSON.stringify(text)}`);
  }
  return Number(text);
}
