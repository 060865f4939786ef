// The storage nodes of a running devnet, whichever way they are hosted: one process per node (the
// default profile, where a node can be SIGKILLed on its own) or many nodes per host process
// (`devnet/node/host-main.ts`, the large profiles), where one node stops and starts through the
// host's IPC channel. The launcher sees the same five operations either way.
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { GeoLink } from '../geo/regions.ts';
import {
  parseHostReply,
  type HostedNodeInfo,
  type HostReady,
  type HostReply,
} from '../node/host-protocol.ts';
import type { HostedNodeSpec, HostSpec } from '../node/host-spec.ts';
import { startChild, type Child } from './process.ts';

const HERE = import.meta.dirname;
const NODE_MAIN = join(HERE, '..', 'node', 'main.ts');
const HOST_MAIN = join(HERE, '..', 'node', 'host-main.ts');
/** A host reads its committee and opens a store per node before its ready line: allow for 25+. */
const HOST_START_TIMEOUT_MS = 180_000;
const COMMAND_TIMEOUT_MS = 60_000;

/** Everything one node needs to start, whichever way it is hosted. */
export interface NodeLaunch {
  readonly name: string;
  readonly dir: string;
  readonly blsKey: string;
  readonly port: number;
  readonly adminPort: number;
  readonly chain: HostedNodeSpec['chain'];
  readonly geoLink?: GeoLink;
}

export interface NodeUrls {
  readonly url: string;
  readonly adminUrl: string | null;
}

export interface NodeFleet {
  /** URLs of a running node, or undefined when it is stopped. */
  urls(index: number): NodeUrls | undefined;
  start(index: number): Promise<NodeUrls>;
  /** `kill`: SIGKILL the node's process (process per node) or drop it without grace (hosted). */
  stop(index: number, kill?: boolean): Promise<void>;
  stopAll(): Promise<void>;
  /** The OS processes running nodes, for measurements. */
  processes(): readonly { readonly name: string; readonly pid: number }[];
}

export class FleetError extends Error {
  override name = 'FleetError';
}

/** One `devnet/node/main.ts` process per node; `initial` are started now. */
export async function startProcessFleet(
  launches: readonly NodeLaunch[],
  initial: readonly number[],
  logDir: string,
): Promise<NodeFleet> {
  const children: (Child<NodeUrls> | undefined)[] = [];
  const start = async (index: number): Promise<NodeUrls> => {
    const node = launches[index]!;
    const child = await startChild<NodeUrls>(
      node.name,
      NODE_MAIN,
      [
        ...['--dir', node.dir, '--bls-key', node.blsKey],
        ...['--port', String(node.port), '--devnet', '--admin-port', String(node.adminPort)],
        ...['--rpc', node.chain.rpcUrl, '--walrus-package', node.chain.packageId],
        ...['--staking-object', node.chain.stakingObjectId, '--node-id', node.chain.nodeId],
        ...(node.chain.pollMs !== undefined ? ['--poll-ms', String(node.chain.pollMs)] : []),
        ...(node.geoLink ? ['--geo-link', JSON.stringify(node.geoLink)] : []),
      ],
      join(logDir, `${node.name}.log`),
    );
    children[index] = child;
    return child.info;
  };
  const fleet: NodeFleet = {
    urls: (index) => children[index]?.info,
    start: async (index) => children[index]?.info ?? (await start(index)),
    stop: async (index, kill = false) => {
      const child = children[index];
      if (!child) return;
      if (kill) child.process.kill('SIGKILL');
      await child.stop();
      children[index] = undefined;
    },
    stopAll: async () => {
      await Promise.all(children.map((c) => c?.stop()));
    },
    processes: () => children.flatMap((c) => (c?.process.pid ? [{ name: c.name, pid: c.process.pid }] : [])),
  };
  try {
    await Promise.all(initial.map(start));
  } catch (error) {
    await fleet.stopAll();
    throw error;
  }
  return fleet;
}

/**
 * Nodes grouped into host processes (`groups[h]` = node indices of host h), each reading its spec
 * from `<specDir>/host-<h>.json`. Only `initial` nodes start with their host.
 */
export async function startHostedFleet(
  launches: readonly NodeLaunch[],
  groups: readonly (readonly number[])[],
  initial: readonly number[],
  dirs: { readonly specDir: string; readonly logDir: string },
  tls?: HostSpec['tls'],
): Promise<NodeFleet> {
  const starting = new Set(initial);
  const hostOf = new Map<number, number>();
  const urls = new Map<number, NodeUrls>();
  const byName = new Map(launches.map((node, index) => [node.name, index]));
  const record = (info: HostedNodeInfo) => {
    const index = byName.get(info.name);
    if (index === undefined) throw new FleetError(`a host reported an unknown node ${info.name}`);
    urls.set(index, { url: info.url, adminUrl: info.adminUrl });
  };
  const settled = await Promise.allSettled(
    groups.map(async (group, h) => {
      for (const index of group) hostOf.set(index, h);
      const spec: HostSpec = {
        nodes: group.map((index) => ({ ...launches[index]!, start: starting.has(index) })),
        ...(tls ? { tls } : {}),
      };
      const file = join(dirs.specDir, `host-${h}.json`);
      await writeFile(file, `${JSON.stringify(spec, null, 2)}\n`);
      return startChild<HostReady>(`host-${h}`, HOST_MAIN, [file], join(dirs.logDir, `host-${h}.log`), {
        ipc: true,
        timeoutMs: HOST_START_TIMEOUT_MS,
      });
    }),
  );
  const failed = settled.find((s) => s.status === 'rejected');
  const hosts = settled.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
  if (failed) {
    // The hosts that did start would be orphans: the caller only learns of the failure.
    await Promise.all(hosts.map((host) => host.stop()));
    throw failed.reason;
  }
  for (const host of hosts) for (const info of host.info.nodes) record(info);

  let nextId = 1;
  const command = (h: number, op: 'stop' | 'start', name: string): Promise<HostReply & { ok: true }> => {
    const host = hosts[h]!;
    const id = nextId++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        host.process.off('message', onMessage);
        reject(new FleetError(`${host.name} did not answer "${op} ${name}" within ${COMMAND_TIMEOUT_MS} ms`));
      }, COMMAND_TIMEOUT_MS);
      const onMessage = (message: unknown) => {
        const reply = parseHostReply(message);
        if (reply?.id !== id) return;
        clearTimeout(timer);
        host.process.off('message', onMessage);
        if (reply.ok) resolve(reply);
        else reject(new FleetError(`${host.name} could not ${op} ${name}: ${reply.error}`));
      };
      host.process.on('message', onMessage);
      host.process.send({ id, op, name });
    });
  };
  return {
    urls: (index) => urls.get(index),
    start: async (index) => {
      const known = urls.get(index);
      if (known) return known;
      const reply = await command(hostOf.get(index)!, 'start', launches[index]!.name);
      if (!reply.node) throw new FleetError(`the host of ${launches[index]!.name} started it without URLs`);
      record(reply.node);
      return urls.get(index)!;
    },
    // A host cannot SIGKILL one of its nodes: `kill` closes it like a stop.
    stop: async (index) => {
      if (!urls.has(index)) return;
      await command(hostOf.get(index)!, 'stop', launches[index]!.name);
      urls.delete(index);
    },
    stopAll: async () => {
      await Promise.all(hosts.map((host) => host.stop(15_000)));
      urls.clear();
    },
    processes: () => hosts.flatMap((h) => (h.process.pid ? [{ name: h.name, pid: h.process.pid }] : [])),
  };
}
