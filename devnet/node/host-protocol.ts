// What a storage-node host (`host-main.ts`) and its launcher say to each other over the Node IPC
// channel: stop or start one hosted node, and the answer. Plain JSON-able objects, checked on
// arrival because a message can come from any process holding the channel.

/** What a host prints (once, as its ready line) and answers for each running node. */
export interface HostedNodeInfo {
  readonly name: string;
  readonly url: string;
  readonly adminUrl: string | null;
  readonly publicKey: string;
  readonly epoch: number;
  readonly shards: readonly number[];
  readonly nodeId: string;
}

/** The ready line: every node started with the host (those with `start: false` are absent). */
export interface HostReady {
  readonly nodes: readonly HostedNodeInfo[];
}

export interface HostCommand {
  /** Echoed in the reply, to pair it with its command. */
  readonly id: number;
  readonly op: 'stop' | 'start';
  readonly name: string;
}

export type HostReply =
  | { readonly id: number; readonly ok: true; readonly node: HostedNodeInfo | null }
  | { readonly id: number; readonly ok: false; readonly error: string };

/** The command in `message`, or undefined when it is not one. */
export function parseHostCommand(message: unknown): HostCommand | undefined {
  if (typeof message !== 'object' || message === null) return undefined;
  const { id, op, name } = message as Record<string, unknown>;
  if (!Number.isInteger(id) || (op !== 'stop' && op !== 'start') || typeof name !== 'string')
    return undefined;
  return { id: id as number, op, name };
}

/** The reply in `message`, or undefined when it is not one. */
export function parseHostReply(message: unknown): HostReply | undefined {
  if (typeof message !== 'object' || message === null) return undefined;
  const reply = message as Record<string, unknown>;
  if (!Number.isInteger(reply.id)) return undefined;
  if (reply.ok === true && (reply.node === null || typeof reply.node === 'object')) {
    return reply as unknown as HostReply;
  }
  if (reply.ok === false && typeof reply.error === 'string') return reply as unknown as HostReply;
  return undefined;
}
