// The read committee: which node serves which shards. Built from chain state by callers (devnet
// JSON, Sui objects) and handed to the reader, which only needs URLs and shard lists.
import { pairToShard, rotationOffset } from './geometry.ts';

export class CommitteeError extends Error {
  override name = 'CommitteeError';
}

export interface CommitteeMember {
  /** Base URL with scheme, e.g. `https://node.example:9185`. */
  readonly url: string;
  readonly shards: readonly number[];
  readonly name?: string;
  /** On-chain node ID; writers need it to order storage confirmations like the committee. */
  readonly nodeId?: string;
  /** BLS12-381 min_pk public key (compressed G1, 48 bytes), to check a node's confirmation. */
  readonly publicKey?: Uint8Array;
}

export interface Committee {
  readonly n: number;
  readonly epoch?: number;
  readonly members: readonly CommitteeMember[];
}

/** Committee with a shard → member lookup table, validated once. */
export class ShardMap {
  readonly committee: Committee;
  readonly #owner: Int32Array;

  constructor(committee: Committee) {
    const { n, members } = committee;
    if (!Number.isInteger(n) || n < 1) throw new CommitteeError(`committee has invalid shard count ${n}`);
    this.committee = committee;
    this.#owner = new Int32Array(n).fill(-1);
    members.forEach((member, i) => {
      for (const shard of member.shards) {
        if (!Number.isInteger(shard) || shard < 0 || shard >= n) {
          throw new CommitteeError(`${member.url} lists shard ${shard}, outside 0..${n - 1}`);
        }
        if (this.#owner[shard] !== -1) {
          throw new CommitteeError(
            `shard ${shard} is assigned to both ${members[this.#owner[shard]!]!.url} and ${member.url}`,
          );
        }
        this.#owner[shard] = i;
      }
    });
    const missing = this.#owner.indexOf(-1);
    if (missing !== -1) throw new CommitteeError(`shard ${missing} has no node in the committee`);
  }

  get n(): number {
    return this.committee.n;
  }

  memberIndexOfShard(shard: number): number {
    return this.#owner[shard]!;
  }

  /** The member holding sliver pair `pair` of the blob whose rotation offset is `offset`. */
  memberIndexOfPair(pair: number, offset: number): number {
    return this.#owner[pairToShard(pair, offset, this.n)]!;
  }

  member(index: number): CommitteeMember {
    return this.committee.members[index]!;
  }

  offsetOf(blobId: Uint8Array): number {
    return rotationOffset(blobId, this.n);
  }
}
