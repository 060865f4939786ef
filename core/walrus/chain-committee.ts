// The write committee as Walrus keeps it on chain: Staking's committee (node ID → shards, in the
// order certificates index signers by) joined with each node's StakingPool for its address and
// BLS key. Readers and writers on testnet/mainnet get their nodes from here; the devnet serves the
// same objects, so one code path covers all networks.
import { bcs } from '@mysten/sui/bcs';
import type { ClientWithCoreApi } from '@mysten/sui/client';
import type { WalrusClient } from '@mysten/walrus';
import { CommitteeError, type Committee, type CommitteeMember } from './committee.ts';

/** Sui caps multi-get requests at 50 objects. */
const MULTI_GET_LIMIT = 50;

// Only the leading fields of `staking_pool::StakingPool` up to `node_info`; BCS is positional, so
// the rest of the (long, upgrade-prone) struct need not be described to read the node's identity.
// Floe's own: @mysten/walrus reads pools with generated layouts it does not export, and its client
// offers `stakingState()` (used below) but no read of the pools.
const StakingPoolPrefix = bcs.struct('StakingPoolPrefix', {
  id: bcs.Address,
  state: bcs.enum('PoolState', { Active: null, Withdrawing: bcs.u32(), Withdrawn: null }),
  voting_params: bcs.struct('VotingParams', {
    storage_price: bcs.u64(),
    write_price: bcs.u64(),
    node_capacity: bcs.u64(),
  }),
  node_info: bcs.struct('StorageNodeInfoPrefix', {
    name: bcs.string(),
    node_id: bcs.Address,
    network_address: bcs.string(),
    public_key: bcs.struct('Element', { bytes: bcs.vector(bcs.u8()) }),
  }),
});

export interface ChainCommitteeOptions {
  /** `http` on the devnet, `https` on public networks (node addresses on chain carry no scheme). */
  readonly scheme?: 'http' | 'https';
}

/** Reads the current committee; members are in Staking's committee order. */
export async function loadChainCommittee(
  walrus: WalrusClient,
  sui: ClientWithCoreApi,
  options: ChainCommitteeOptions = {},
): Promise<Committee> {
  const scheme = options.scheme ?? 'https';
  const staking = await walrus.stakingState();
  const entries = staking.committee[0].contents;
  const pools = new Map<string, ReturnType<typeof StakingPoolPrefix.parse>>();
  for (let i = 0; i < entries.length; i += MULTI_GET_LIMIT) {
    const ids = entries.slice(i, i + MULTI_GET_LIMIT).map((e) => e.key);
    const { objects } = await sui.core.getObjects({ objectIds: ids, include: { content: true } });
    objects.forEach((object, j) => {
      if (object instanceof Error) {
        throw new CommitteeError(`cannot read the staking pool of node ${ids[j]}: ${object.message}`, {
          cause: object,
        });
      }
      pools.set(ids[j]!, StakingPoolPrefix.parse(object.content));
    });
  }
  const members: CommitteeMember[] = entries.map(({ key, value }) => {
    const info = pools.get(key)!.node_info;
    return {
      url: `${scheme}://${info.network_address}`,
      shards: value,
      name: info.name,
      nodeId: key,
      publicKey: Uint8Array.from(info.public_key.bytes),
    };
  });
  return { n: staking.n_shards, epoch: staking.epoch, members };
}
