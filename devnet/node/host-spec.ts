// The node list of a storage-node host (`host-main.ts`): a JSON file the launcher writes, parsed
// and checked here without touching the process, so a bad spec names its field before any node
// starts.
import type { GeoLink } from '../geo/regions.ts';
import { checkLink, ShapingError } from '../geo/shaping.ts';

export interface HostSpec {
  readonly nodes: readonly HostedNodeSpec[];
  /** PEM files every node of this host serves its public API with; absent: plain HTTP. */
  readonly tls?: { readonly certPath: string; readonly keyPath: string };
}

export interface HostedNodeSpec {
  /** Unique within the host; names the node in the ready line, logs and `stop`/`start` commands. */
  readonly name: string;
  /** Data folder (`node.sqlite`). */
  readonly dir: string;
  /** BLS key file (`key-file.ts`). */
  readonly blsKey: string;
  readonly port: number;
  readonly adminPort: number;
  readonly chain: {
    readonly rpcUrl: string;
    readonly packageId: string;
    readonly stakingObjectId: string;
    readonly nodeId: string;
    readonly pollMs?: number;
    readonly committeeCheckMs?: number;
  };
  /** Emulated distance of the public API (devnet/geo). */
  readonly geoLink?: GeoLink;
  /** Start with the host. @default true (false: the node is down until a `start` command). */
  readonly start?: boolean;
}

export class HostSpecError extends Error {
  override name = 'HostSpecError';
}

export function parseHostSpec(text: string): HostSpec {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (cause) {
    throw new HostSpecError(`the host spec is not JSON: ${(cause as Error).message}`, { cause });
  }
  const root = record(json, 'spec');
  known(root, ['nodes', 'tls'], 'spec');
  if (!Array.isArray(root.nodes) || root.nodes.length === 0) {
    throw new HostSpecError('spec.nodes must be a non-empty array');
  }
  const nodes = root.nodes.map((node, i) => parseNode(node, `nodes[${i}]`));
  for (const [key, what] of [
    ['name', 'name'],
    ['dir', 'data folder'],
    ['port', 'port'],
    ['adminPort', 'admin port'],
  ] as const) {
    const seen = new Set<unknown>();
    for (const node of nodes) {
      const value = node[key];
      if (seen.has(value)) throw new HostSpecError(`two nodes share the ${what} ${JSON.stringify(value)}`);
      // Port 0 is "any free port": many nodes may ask for it.
      if (value !== 0) seen.add(value);
    }
  }
  if (root.tls === undefined) return { nodes };
  const tls = record(root.tls, 'tls');
  known(tls, ['certPath', 'keyPath'], 'tls');
  return {
    nodes,
    tls: { certPath: nonEmpty(tls.certPath, 'tls.certPath'), keyPath: nonEmpty(tls.keyPath, 'tls.keyPath') },
  };
}

function parseNode(value: unknown, where: string): HostedNodeSpec {
  const node = record(value, where);
  known(node, ['name', 'dir', 'blsKey', 'port', 'adminPort', 'chain', 'geoLink', 'start'], where);
  const chain = record(node.chain, `${where}.chain`);
  known(
    chain,
    ['rpcUrl', 'packageId', 'stakingObjectId', 'nodeId', 'pollMs', 'committeeCheckMs'],
    `${where}.chain`,
  );
  const optionalMs = (key: 'pollMs' | 'committeeCheckMs') =>
    chain[key] === undefined ? {} : { [key]: integer(chain[key], `${where}.chain.${key}`, 1, 600_000) };
  if (node.start !== undefined && typeof node.start !== 'boolean') {
    throw new HostSpecError(`${where}.start must be true or false`);
  }
  return {
    name: nonEmpty(node.name, `${where}.name`),
    dir: nonEmpty(node.dir, `${where}.dir`),
    blsKey: nonEmpty(node.blsKey, `${where}.blsKey`),
    port: integer(node.port, `${where}.port`, 0, 65535),
    adminPort: integer(node.adminPort, `${where}.adminPort`, 0, 65535),
    chain: {
      rpcUrl: httpUrl(chain.rpcUrl, `${where}.chain.rpcUrl`),
      packageId: suiId(chain.packageId, `${where}.chain.packageId`),
      stakingObjectId: suiId(chain.stakingObjectId, `${where}.chain.stakingObjectId`),
      nodeId: suiId(chain.nodeId, `${where}.chain.nodeId`),
      ...optionalMs('pollMs'),
      ...optionalMs('committeeCheckMs'),
    },
    ...(node.geoLink === undefined ? {} : { geoLink: geoLink(node.geoLink, `${where}.geoLink`) }),
    ...(node.start === undefined ? {} : { start: node.start }),
  };
}

function geoLink(value: unknown, where: string): GeoLink {
  const link = record(value, where);
  known(link, ['rttMs', 'jitterMs', 'bandwidthBytesPerSec', 'setupMs'], where);
  const number = (key: string): number => {
    const value = link[key];
    if (typeof value !== 'number') throw new HostSpecError(`${where}.${key} must be a number`);
    return value;
  };
  try {
    return checkLink({
      rttMs: number('rttMs'),
      jitterMs: number('jitterMs'),
      bandwidthBytesPerSec: number('bandwidthBytesPerSec'),
      setupMs: link.setupMs === undefined ? 2 * number('rttMs') : number('setupMs'),
    });
  } catch (cause) {
    if (!(cause instanceof ShapingError)) throw cause;
    throw new HostSpecError(`${where}: ${cause.message}`, { cause });
  }
}

function record(value: unknown, where: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new HostSpecError(`${where} must be a JSON object`);
  }
  return value as Record<string, unknown>;
}

/** Unknown keys are an error, so a typo (`adminport`) does not silently fall back to a default. */
function known(value: Record<string, unknown>, keys: readonly string[], where: string): void {
  const stray = Object.keys(value).find((key) => !keys.includes(key));
  if (stray !== undefined) throw new HostSpecError(`${where} has an unknown field ${JSON.stringify(stray)}`);
}

function nonEmpty(value: unknown, where: string): string {
  if (typeof value !== 'string' || value === '')
    throw new HostSpecError(`${where} must be a non-empty string`);
  return value;
}

function integer(value: unknown, where: string, min: number, max: number): number {
  if (!Number.isInteger(value) || (value as number) < min || (value as number) > max) {
    throw new HostSpecError(`${where} must be an integer in ${min}..${max}, got ${JSON.stringify(value)}`);
  }
  return value as number;
}

function httpUrl(value: unknown, where: string): string {
  const text = nonEmpty(value, where);
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new HostSpecError(`${where} must be an http(s) URL, got ${JSON.stringify(text)}`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new HostSpecError(`${where} must be an http(s) URL, got ${JSON.stringify(text)}`);
  }
  return text;
}

function suiId(value: unknown, where: string): string {
  const text = nonEmpty(value, where);
  if (!/^0x[0-9a-fA-F]{1,64}$/.test(text)) {
    throw new HostSpecError(`${where} must be a Sui object ID (0x + hex), got ${JSON.stringify(text)}`);
  }
  return text;
}
