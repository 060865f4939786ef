// The devnet's storage nodes as the runner drives them: stop (SIGKILL or SIGTERM), restart and
// wait until the node has caught up with the chain, set or clear faults through the admin API,
// and bring everything back to healthy between schedules. Keeps the real state of every node
// (the same shape the schedule generator models) so invariants know what was down when.
import type { Devnet } from '../devnet/launcher/launcher.ts';
import { waitCaughtUp } from '../devnet/launcher/test-support/devnet-clients.ts';
import { HEALTHY, healthyNodes, type FaultSettings, type NodeState, type Nodes } from './node-state.ts';

export class Cluster {
  readonly #devnet: Devnet;
  readonly #nodes: NodeState[];

  constructor(devnet: Devnet) {
    this.#devnet = devnet;
    this.#nodes = healthyNodes(devnet.config.nodes.length);
  }

  /** A copy of every node's state now. */
  snapshot(): Nodes {
    return [...this.#nodes];
  }

  async kill(index: number, signal: 'SIGKILL' | 'SIGTERM'): Promise<void> {
    await this.#devnet.stopNode(index, signal === 'SIGKILL');
    this.#nodes[index] = { up: false, faults: HEALTHY };
  }

  /** Starts a stopped node and waits until its chain follower has caught up. */
  async restart(index: number): Promise<void> {
    await this.#devnet.startNode(index);
    await waitCaughtUp(this.#devnet.config.nodes[index]!.url, 60_000);
    this.#nodes[index] = { up: true, faults: HEALTHY };
  }

  async setFaults(index: number, faults: FaultSettings): Promise<void> {
    if (!this.#nodes[index]!.up) throw new Error(`node-${index} is down; cannot set its faults`);
    await this.#admin(index, '/faults', 'PUT', faults);
    this.#nodes[index] = { up: true, faults };
  }

  async heal(index: number): Promise<void> {
    if (!this.#nodes[index]!.up) return;
    await this.#admin(index, '/faults/reset', 'POST');
    this.#nodes[index] = { up: true, faults: HEALTHY };
  }

  /**
   * Every node running, caught up and without faults. A node that should be running but does not
   * answer its admin API (it died by itself) is killed, restarted and named in the result.
   */
  async healAll(): Promise<string[]> {
    const dead: string[] = [];
    await Promise.all(
      this.#nodes.map(async (node, i) => {
        if (!node.up) return this.restart(i);
        try {
          await this.heal(i);
        } catch (error) {
          dead.push(`node-${i} stopped answering (${(error as Error).message})`);
          await this.#devnet.stopNode(i, true);
          await this.restart(i);
        }
      }),
    );
    return dead;
  }

  /**
   * One admin request. A connection failure is retried for a few seconds (on a loaded machine a
   * node can take that long to accept) before the node counts as dead.
   */
  async #admin(index: number, path: string, method: string, body?: unknown): Promise<void> {
    const adminUrl = this.#devnet.config.nodes[index]!.adminUrl;
    for (let attempt = 1; ; attempt++) {
      let response: Response;
      try {
        response = await fetch(`${adminUrl}${path}`, {
          method,
          headers: { 'content-type': 'application/json' },
          signal: AbortSignal.timeout(10_000),
          ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        });
      } catch (error) {
        const cause = (error as { cause?: { code?: string; message?: string } }).cause;
        const why = `${(error as Error).message}${cause ? ` (${cause.code ?? cause.message})` : ''}`;
        if (attempt >= 4) throw new Error(`node-${index} admin ${method} ${path}: ${why}`, { cause: error });
        await new Promise((resolve) => setTimeout(resolve, 1000 * attempt));
        continue;
      }
      if (!response.ok) {
        throw new Error(`node-${index} admin ${method} ${path}: ${response.status} ${await response.text()}`);
      }
      return;
    }
  }
}
