// The Walrus packages (`walrus` and `wal`) as native modules, plus genesis and epoch changes.
import type { NativeModule } from '../../move/registry.ts';
import { BLOB_MODULES } from './blob.ts';
import { FRAMEWORK_EXTRA_MODULES } from './framework-extras.ts';
import { STAKING_MODULES } from './staking.ts';
import { SYSTEM_MODULES } from './system.ts';

export const WALRUS_MODULES: readonly NativeModule[] = [
  ...FRAMEWORK_EXTRA_MODULES,
  ...SYSTEM_MODULES,
  ...BLOB_MODULES,
  ...STAKING_MODULES,
];

export { PKG as WALRUS_PACKAGE_ID, WAL_COIN_TYPE, WALRUS_VERSION } from './constants.ts';
export { walrusGenesis, WalrusGenesisError } from './genesis.ts';
export type { WalrusDeployment, WalrusGenesisOptions, WalrusNode, WalrusNodeSpec } from './genesis.ts';
export {
  advanceWalrusEpoch,
  finishWalrusEpochChange,
  walrusEpochChangeBatch,
  WalrusEpochError,
} from './epoch.ts';
export type { WalrusEpochChangeOptions, WalrusObjectIds } from './epoch.ts';
export { walrusSchema } from './schema.ts';
