import { describe, expect, it } from 'vitest';
import type { OwnedBlob } from '../walrus/writer.ts';
import { deployResult, plannedItems, type DeployFacts } from './deploy-result.ts';
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

const FACTS: DeployFacts = {
  newSite: true,
  dryRun: false,
  plan: PLAN,
  files: 4,
  endEpoch: 12,
  blobThreshold: 1 << 25,
  phases: {},
};
const NO_COST = { wal: 0n, sui: 0n, suiEstimated: false };

function certified(blobId: string): OwnedBlob {
  return { objectId: '0x1', blobId, size: 9, certified: true, endEpoch: 20, deletable: true };
}

describe('plannedItems', () => {
  it('should mark quilts the deployer holds certified as reused and the others as planned', () => {
    const { quilts, blobs } = plannedItems({
      packed: [[file('/a'), file('/b')], [file('/c')]],
      encoded: [
        { kind: 'quilt', size: 100 },
        { kind: 'quilt', size: 50 },
      ],
      storePlan: { ids: ['Q1', 'Q2'], reuse: new Map([[1, certified('Q2')]]) },
    });
    expect(quilts).toEqual([
      { blobId: 'Q1', files: 2, size: 100, outcome: 'planned' },
      { blobId: 'Q2', files: 1, size: 50, outcome: 'reused-certified' },
    ]);
    expect(blobs).toEqual([]);
  });

  it('should list files stored as blobs apart from quilts, by path', () => {
    const { quilts, blobs } = plannedItems({
      packed: [[file('/a')], [file('/big.mp4')], [file('/huge.mp4')]],
      encoded: [
        { kind: 'quilt', size: 100 },
        { kind: 'blob', size: 2_000_000 },
        { kind: 'blob', size: 3_000_000 },
      ],
      storePlan: { ids: ['Q1', 'B1', 'B2'], reuse: new Map([[2, certified('B2')]]) },
    });
    expect(quilts).toEqual([{ blobId: 'Q1', files: 1, size: 100, outcome: 'planned' }]);
    expect(blobs).toEqual([
      { blobId: 'B1', path: '/big.mp4', size: 2_000_000, outcome: 'planned' },
      { blobId: 'B2', path: '/huge.mp4', size: 3_000_000, outcome: 'reused-certified' },
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
      blobs: [],
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

  it('should count a blob sent now as one uploaded file', () => {
    const result = deployResult(FACTS, {
      siteId: '0xsite',
      quilts,
      blobs: [
        { blobId: 'B1', path: '/c', size: 9, outcome: 'uploaded' },
        { blobId: 'B2', path: '/d', size: 9, outcome: 'reused-certified' },
      ],
      bytesUploaded: 300,
      quiltsDeleted: [],
      transactions: 3,
      cost: NO_COST,
      durationMs: 5,
    });
    expect(result).toMatchObject({ uploaded: 3, reused: 1, blobThreshold: 1 << 25 });
    expect(result.blobs.map((b) => b.path)).toEqual(['/c', '/d']);
  });

  it('should not call a site created before there is one', () => {
    const result = deployResult(FACTS, {
      siteId: null,
      quilts,
      blobs: [],
      bytesUploaded: 0,
      quiltsDeleted: [],
      transactions: 0,
      cost: NO_COST,
      durationMs: 1,
    });
    expect(result.created).toBe(false);
  });
});
