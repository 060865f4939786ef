// What every `floe` command shares: its help text, option parsing that rejects unknown flags with
// the command's usage, and the common options (--network, --devnet-dir, --json).
import type { Writable } from 'node:stream';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import {
  parseNetworkName,
  parseTransport,
  type NetworkName,
  type SuiTransport,
} from '../../core/sui/networks.ts';

/** A mistake in how the command was called: exit code 2 and the usage. */
export class UsageError extends Error {
  override name = 'UsageError';
  readonly usage: string;
  constructor(message: string, usage: string) {
    super(message);
    this.usage = usage;
  }
}

export interface Io {
  /** Result output (stdout). */
  readonly out: (line: string) => void;
  /** Progress and diagnostics (stderr). */
  readonly err: Writable & { isTTY?: boolean };
  readonly stdin: NodeJS.ReadableStream & { isTTY?: boolean };
}

export interface Command {
  readonly name: string;
  readonly summary: string;
  readonly usage: string;
  run(argv: string[], io: Io): Promise<number>;
}

type Options = NonNullable<ParseArgsConfig['options']>;

export const NETWORK_OPTIONS = {
  network: { type: 'string', default: 'devnet' },
  'devnet-dir': { type: 'string' },
  transport: { type: 'string' },
  json: { type: 'boolean', default: false },
  help: { type: 'boolean', short: 'h', default: false },
} as const satisfies Options;

/**
 * A blob, patch or object ID in URL-safe base64 that starts with `-` (one in 64 does): no option of
 * ours looks like this (short options are one letter), so it is an argument, not a flag.
 */
const DASHED_ID = /^-[A-Za-z0-9_-]{20,}$/;

export function parse<O extends Options>(argv: string[], options: O, usage: string) {
  // Held out of parseArgs, which would read them as unknown short options, and put back after.
  const held = new Map<string, string>();
  const args = argv.map((arg, i) => {
    if (!DASHED_ID.test(arg)) return arg;
    const stand = `\u0000arg${i}`;
    held.set(stand, arg);
    return stand;
  });
  let parsed;
  try {
    parsed = parseArgs({ args, options, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError((error as Error).message, usage);
  }
  if (held.size === 0) return parsed;
  const restore = (value: unknown) => (typeof value === 'string' ? (held.get(value) ?? value) : value);
  for (const key of Object.keys(parsed.values))
    (parsed.values as Record<string, unknown>)[key] = restore(
      (parsed.values as Record<string, unknown>)[key],
    );
  return { ...parsed, positionals: parsed.positionals.map((p) => held.get(p) ?? p) };
}

export function networkOf(value: string | undefined, usage: string): NetworkName {
  try {
    return parseNetworkName(value ?? 'devnet');
  } catch (error) {
    throw new UsageError((error as Error).message, usage);
  }
}

/** `--network` and `--devnet-dir` as `openNetwork` / `loadNetworkConfig` take them. */
export function networkOptions(
  values: { network?: string | undefined; 'devnet-dir'?: string | undefined; transport?: string | undefined },
  usage: string,
): { network: NetworkName; devnetDir?: string; transport?: SuiTransport } {
  let transport: SuiTransport | undefined;
  try {
    transport = values.transport === undefined ? undefined : parseTransport(values.transport);
  } catch (error) {
    throw new UsageError((error as Error).message, usage);
  }
  return {
    network: networkOf(values.network, usage),
    ...(values['devnet-dir'] ? { devnetDir: values['devnet-dir'] } : {}),
    ...(transport ? { transport } : {}),
  };
}

/** JSON with bigints as decimal strings and byte arrays left out. */
export function toJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => (typeof v === 'bigint' ? v.toString() : v), 2);
}

/** An `--epochs` value: a positive whole number of Walrus epochs, or `max`. */
export function parseEpochsValue(value: string, usage: string): number | 'max' {
  if (value === 'max') return 'max';
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1)
    throw new UsageError(`--epochs must be a positive integer or "max", got ${value}`, usage);
  return n;
}
