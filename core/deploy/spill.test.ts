import { describe } from 'vitest';
import { memorySpillStore } from './spill.ts';
import { spillStoreContract } from './test-support/spill-contract.ts';

describe('memorySpillStore', () => {
  spillStoreContract(async () => memorySpillStore());
});
