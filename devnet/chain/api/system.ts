// `suix_getLatestSuiSystemState`: the single devnet validator's view of the epoch. The SDK reads
// `epoch` and `referenceGasPrice`; the rest mirrors Sui's shape so wallets and explorers cope.
import type { ChainStore } from '../state/store.ts';

export const VALIDATOR_ADDRESS = `0x${'f1'.repeat(32)}`;

export function systemState(store: ChainStore) {
  const epoch = store.epoch();
  const price = String(epoch.referenceGasPrice);
  return {
    epoch: String(epoch.epoch),
    protocolVersion: '100',
    systemStateVersion: '2',
    storageFundTotalObjectStorageRebates: '0',
    storageFundNonRefundableBalance: '0',
    referenceGasPrice: price,
    safeMode: false,
    safeModeStorageRewards: '0',
    safeModeComputationRewards: '0',
    safeModeStorageRebates: '0',
    safeModeNonRefundableStorageFee: '0',
    epochStartTimestampMs: String(epoch.startTimestampMs),
    epochDurationMs: String(epoch.durationMs),
    stakeSubsidyStartEpoch: '0',
    maxValidatorCount: '1',
    minValidatorJoiningStake: '0',
    validatorLowStakeThreshold: '0',
    validatorVeryLowStakeThreshold: '0',
    validatorLowStakeGracePeriod: '0',
    stakeSubsidyBalance: '0',
    stakeSubsidyDistributionCounter: '0',
    stakeSubsidyCurrentDistributionAmount: '0',
    stakeSubsidyPeriodLength: '0',
    stakeSubsidyDecreaseRate: 0,
    totalStake: '0',
    activeValidators: [
      {
        suiAddress: VALIDATOR_ADDRESS,
        name: 'floe-devnet',
        description: 'The single validator of a Floe devnet',
        imageUrl: '',
        projectUrl: '',
        votingPower: '10000',
        gasPrice: price,
        nextEpochGasPrice: price,
        commissionRate: '0',
        stakingPoolSuiBalance: '0',
      },
    ],
    pendingActiveValidatorsId: `0x${'00'.repeat(32)}`,
    pendingActiveValidatorsSize: '0',
    pendingRemovals: [],
    stakingPoolMappingsId: `0x${'00'.repeat(32)}`,
    stakingPoolMappingsSize: '0',
    inactivePoolsId: `0x${'00'.repeat(32)}`,
    inactivePoolsSize: '0',
    validatorCandidatesId: `0x${'00'.repeat(32)}`,
    validatorCandidatesSize: '0',
    atRiskValidators: [],
    validatorReportRecords: [],
  };
}
