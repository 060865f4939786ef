import { describe, expect, it } from 'vitest';
import { canRollBack, versionState } from './version-state.ts';

const version = (number: number, quilts: string[], partial = false) => ({ number, quilts, partial });

describe('versionState', () => {
  const missing = new Set(['gone']);

  it('calls the latest version live, whatever its quilts', () => {
    expect(versionState(version(3, ['gone']), 3, missing)).toBe('live');
    expect(versionState(version(3, ['q'], true), 3, missing)).toBe('live');
  });

  it('is restorable only when every quilt is still stored', () => {
    expect(versionState(version(1, ['a', 'b']), 3, missing)).toBe('restorable');
    expect(versionState(version(1, ['a', 'gone']), 3, missing)).toBe('quilts gone');
    expect(versionState(version(1, []), 3, missing)).toBe('restorable');
  });

  it('never offers an update that stopped half-way', () => {
    expect(versionState(version(2, ['a'], true), 3, missing)).toBe('stopped half-way');
  });
});

describe('canRollBack', () => {
  it("needs a restorable version and the owner's wallet", () => {
    expect(canRollBack('restorable', '0xa', '0xa')).toBe(true);
    expect(canRollBack('restorable', '0xb', '0xa')).toBe(false);
    expect(canRollBack('restorable', null, '0xa')).toBe(false);
    expect(canRollBack('restorable', '0xa', null)).toBe(false);
    for (const state of ['live', 'quilts gone', 'stopped half-way'] as const)
      expect(canRollBack(state, '0xa', '0xa')).toBe(false);
  });
});
