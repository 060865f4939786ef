// Command line of `devnet/node/main.ts`, parsed into a typed config without touching the process,
// so the rules are testable and `main.ts` stays a thin shell.
import { parseArgs } from 'node:util';
import type { CommitteeView } from './blob-state.ts';

export const USAGE = `usage: node devnet/node/main.ts --dir <dir> --bls-key <file> [--port <n>] [--host <ip>]
       [--devnet [--admin-port <n>]] [--n-shards <n> --shards <list> [--epoch <e>]]
  --shards takes indices and ranges, e.g. 0-99,250; the committee is required on first start
  and replaces the stored one when given.`;

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
}

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
        epoch: { type: 'string', default: '1' },
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
  const hasCommittee = values['n-shards'] !== undefined || values.shards !== undefined;
  if (hasCommittee && (values['n-shards'] === undefined || values.shards === undefined)) {
    throw new UsageError('--n-shards and --shards go together');
  }
  const nShards = hasCommittee ? integer(values['n-shards']!, '--n-shards', 1, 0xffff) : 0;
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
          epoch: integer(values.epoch, '--epoch', 0, 0xffff_ffff),
          shards: parseShardList(values.shards!),
        }
      : undefined,
  };
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

function integer(text: string, name: string, min: number, max: number): number {
  if (!/^\d+$/.test(text) || Number(text) < min || Number(text) > max) {
    throw new UsageError(`${name} must be an integer in ${min}..${max}, got ${JSON.stringify(text)}`);
  }
  return Number(text);
}
