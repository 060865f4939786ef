// The epoch as GetEpoch reports it: the devnet's single-validator system state (the same values
// `suix_getLatestSuiSystemState` serves, from api/system.ts) and protocol config (as
// `sui_getProtocolConfig`: version only, no flags or attributes) as `sui.rpc.v2` messages.
import type { GrpcTypes } from '@mysten/sui/grpc';
import { systemState } from '../api/system.ts';
import type { ChainStore } from '../state/store.ts';

type MoveTable = GrpcTypes.MoveTable;

/** The current `0x3::sui_system::SystemState` as a message. */
export function systemStateProto(store: ChainStore): GrpcTypes.SystemState {
  const s = systemState(store);
  const table = (id: string, size: string): MoveTable => ({ id, size: BigInt(size) });
  return {
    version: BigInt(s.systemStateVersion),
    epoch: BigInt(s.epoch),
    protocolVersion: BigInt(s.protocolVersion),
    validators: {
      totalStake: BigInt(s.totalStake),
      activeValidators: s.activeValidators.map((v) => ({
        name: v.name,
        address: v.suiAddress,
        description: v.description,
        imageUrl: v.imageUrl,
        projectUrl: v.projectUrl,
        votingPower: BigInt(v.votingPower),
        gasPrice: BigInt(v.gasPrice),
        nextEpochGasPrice: BigInt(v.nextEpochGasPrice),
        commissionRate: BigInt(v.commissionRate),
        stakingPool: { suiBalance: BigInt(v.stakingPoolSuiBalance) },
      })),
      pendingActiveValidators: table(s.pendingActiveValidatorsId, s.pendingActiveValidatorsSize),
      pendingRemovals: [],
      stakingPoolMappings: table(s.stakingPoolMappingsId, s.stakingPoolMappingsSize),
      inactiveValidators: table(s.inactivePoolsId, s.inactivePoolsSize),
      validatorCandidates: table(s.validatorCandidatesId, s.validatorCandidatesSize),
      atRiskValidators: {},
    },
    storageFund: {
      totalObjectStorageRebates: BigInt(s.storageFundTotalObjectStorageRebates),
      nonRefundableBalance: BigInt(s.storageFundNonRefundableBalance),
    },
    parameters: {
      epochDurationMs: BigInt(s.epochDurationMs),
      stakeSubsidyStartEpoch: BigInt(s.stakeSubsidyStartEpoch),
      maxValidatorCount: BigInt(s.maxValidatorCount),
      minValidatorJoiningStake: BigInt(s.minValidatorJoiningStake),
      validatorLowStakeThreshold: BigInt(s.validatorLowStakeThreshold),
      validatorVeryLowStakeThreshold: BigInt(s.validatorVeryLowStakeThreshold),
      validatorLowStakeGracePeriod: BigInt(s.validatorLowStakeGracePeriod),
    },
    referenceGasPrice: BigInt(s.referenceGasPrice),
    validatorReportRecords: [],
    stakeSubsidy: {
      balance: BigInt(s.stakeSubsidyBalance),
      distributionCounter: BigInt(s.stakeSubsidyDistributionCounter),
      currentDistributionAmount: BigInt(s.stakeSubsidyCurrentDistributionAmount),
      stakeSubsidyPeriodLength: BigInt(s.stakeSubsidyPeriodLength),
      stakeSubsidyDecreaseRate: s.stakeSubsidyDecreaseRate,
    },
    safeMode: s.safeMode,
    safeModeStorageRewards: BigInt(s.safeModeStorageRewards),
    safeModeComputationRewards: BigInt(s.safeModeComputationRewards),
    safeModeStorageRebates: BigInt(s.safeModeStorageRebates),
    safeModeNonRefundableStorageFee: BigInt(s.safeModeNonRefundableStorageFee),
    epochStartTimestampMs: BigInt(s.epochStartTimestampMs),
  };
}

/** The protocol config of the current version: the devnet has no feature flags or attributes. */
export function protocolConfigProto(store: ChainStore): GrpcTypes.ProtocolConfig {
  return {
    protocolVersion: BigInt(systemState(store).protocolVersion),
    featureFlags: {},
    attributes: {},
    configs: {},
  };
}
