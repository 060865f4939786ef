// The storage committee as JSON, for the portal to hand its service worker at start: reading it
// from the chain costs the worker three sequential round trips on every cold start (the staking
// object, its inner state, the staking pools). The portal already serves the worker's code, so its
// word on where the nodes are adds nothing to what the worker trusts; and a wrong committee could
// only cost availability, since every byte read is verified against the chain's hashes.
import { ShardMap, type Committee, type CommitteeMember } from './committee.ts';

/** JSON that is not a usable committee, naming what is wrong with it. */
export class CommitteeJsonError extends Error {
  override name = 'CommitteeJsonError';
}

export interface CommitteeJson {
  readonly n: number;
  readonly epoch?: number;
  readonly members: readonly { url: string; shards: readonly number[]; name?: string; nodeId?: string }[];
}

/** What readers need of a committee (public keys stay out: only writers check confirmations). */
export function committeeToJson(committee: Committee): CommitteeJson {
  return {
    n: committee.n,
    ...(committee.epoch !== undefined ? { epoch: committee.epoch } : {}),
    members: committee.members.map((m) => ({
      url: m.url,
      shards: [...m.shards],
      ...(m.name !== undefined ? { name: m.name } : {}),
      ...(m.nodeId !== undefined ? { nodeId: m.nodeId } : {}),
    })),
  };
}

/** Parses and checks a committee: http(s) node URLs, every shard owned exactly once. */
export function committeeFromJson(json: unknown): Committee {
  const root = json as Partial<CommitteeJson> | null;
  if (typeof root !== 'object' || root === null) throw new CommitteeJsonError('committee: not an object');
  const { n, epoch, members } = root;
  if (!Number.isInteger(n) || n! < 1 || n! > 65_535)
    throw new CommitteeJsonError(`committee: n must be a shard count, got ${String(n)}`);
  if (epoch !== undefined && !(Number.isInteger(epoch) && epoch >= 0))
    throw new CommitteeJsonError(`committee: epoch must be a non-negative integer, got ${String(epoch)}`);
  if (!Array.isArray(members) || members.length === 0)
    throw new CommitteeJsonError('committee: members must be a non-empty array');
  const parsed: CommitteeMember[] = members.map((member, i) => {
    const m = member as Partial<CommitteeJson['members'][number]> | null;
    if (typeof m !== 'object' || m === null)
      throw new CommitteeJsonError(`committee: member ${i} is not an object`);
    let url: URL;
    try {
      url = new URL(String(m.url));
    } catch {
      throw new CommitteeJsonError(`committee: member ${i} has no valid URL`);
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:')
      throw new CommitteeJsonError(`committee: member ${i}'s URL must be http(s), got ${url.protocol}`);
    if (!Array.isArray(m.shards) || !m.shards.every((s) => Number.isInteger(s) && s >= 0 && s < n!))
      throw new CommitteeJsonError(`committee: member ${i}'s shards must be integers below ${n}`);
    return {
      url: String(m.url).replace(/\/+$/, ''),
      shards: [...m.shards],
      ...(typeof m.name === 'string' ? { name: m.name } : {}),
      ...(typeof m.nodeId === 'string' ? { nodeId: m.nodeId } : {}),
    };
  });
  const committee: Committee = { n: n!, ...(epoch !== undefined ? { epoch } : {}), members: parsed };
  try {
    // The same checks every reader applies: each shard has exactly one owner.
    new ShardMap(committee);
  } catch (error) {
    throw new CommitteeJsonError(`committee: ${(error as Error).message}`);
  }
  return committee;
}
