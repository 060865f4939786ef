import { describe, expect, it } from 'vitest';
import type { OwnedBlob } from '../walrus/writer.ts';
import { deployResult, plannedQuilts, type DeployFacts } from './deploy-result.ts';
import type { LocalFile } from './plan.ts';
import { deployPlan } from './test-support/deploy-plan.ts';

function file(path: string): LocalFile {
  return { path, size: 1, sha256: new Uint8Array(32), headers: new Map() };
}

const PLAN = deployPlan({
  upload: [file('/a'), file('/b'), file('/c')],
  unchanged: [file('/d')],
  remove: ['/gone'],
});

const FACTS: DeployFacts = { newSite: true, dryRun: false, plan: PLAN, files: 4, endEpoch: 12, phases: {} };
const NO_COST = { wal: 0n, sui: 0n, suiEstimated: false };

function certified(blobId: string): OwnedBlob {
  return { objectId: '0x1', blobId, size: 9, certified: true, endEpoch: 20, deletable: true };
}

describe('plannedQuilts', () => {
  it('should mark quilts the deployer holds certified as reused and the others as planned', () => {
    const quilts = plannedQuilts({
      packed: [[file('/a'), file('/b')], [file('/c')]],
      encoded: [{ size: 100 }, { size: 50 }],
      storePlan: { ids: ['Q1', 'Q2'], reuse: new Map([[1, certified('Q2')]]) },
    });
    expect(quilts).toEqual([
      { blobId: 'Q1', files: 2, size: 100, outcome: 'planned' },
      { blobId: 'Q2', files: 1, size: 50, outcome: 'reused-certified' },
    ]);
  });
});

describe('deployResult', () => {
  const quilts = [
    { blobId: 'Q1', files: 2, size: 100, outcome: 'uploaded' },
    { blobId: 'Q2', files: 1, size: 50, outcome: 'reused-certified' },
  ];

  it('should count files in quilts sent now as uploaded and the rest as reused', () => {
    const result = deployResult(FACTS, {
      siteId: '0xsite',
      quilts,
      bytesUploaded: 300,
      quiltsDeleted: [],
      transactions: 3,
      cost: NO_COST,
      durationMs: 5,
    });
    expect(result).toMatchObject({
      uploaded: 2,
      reused: 2,
      removed: 1,
      files: 4,
      created: true,
      endEpoch: 12,
    });
  });

  it('should not call a site created before there is one', () => {
    const result = deployResult(FACTS, {
      siteId: null,
      quilts,
      bytesUploaded: 0,
      quiltsDeleted: [],
      transactions: 0,
      cost: NO_COST,
      durationMs: 1,
    });
    expect(result.created).toBe(false);
  });
});
