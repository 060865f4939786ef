// The SuiNS resolution rules on hand-made records, including the subname shapes the devnet's
// `register` module cannot create yet (leaf and node subnames).
import { describe, expect, it } from 'vitest';
import { normalizeSuiAddress } from '@mysten/sui/utils';
import { parseDomain, type DomainValue } from '../natives/names/domain.ts';
import type { NameRecordValue } from '../natives/names/modules.ts';
import {
  nameDomain,
  resolveDefaultName,
  resolveName,
  type NameEntry,
  type NameRecords,
} from './name-lookup.ts';

const NOW = 1_000_000n;
const ALICE = normalizeSuiAddress('0xa11ce');
const BOB = normalizeSuiAddress('0xb0b');
const NFT = normalizeSuiAddress('0x1001');
const OTHER_NFT = normalizeSuiAddress('0x1002');

function domain(name: string): DomainValue {
  const parsed = parseDomain(name);
  if (!parsed) throw new Error(`bad test name ${name}`);
  return parsed;
}

function records(
  entries: Record<string, Partial<NameRecordValue>>,
  reverse: Record<string, string> = {},
): NameRecords {
  const byName = new Map<string, NameEntry>(
    Object.entries(entries).map(([name, record], i) => [
      name,
      {
        id: normalizeSuiAddress(`0xf${i}`),
        domain: domain(name),
        record: {
          nft_id: NFT,
          expiration_timestamp_ms: NOW + 1n,
          target_address: ALICE,
          data: { contents: [] },
          ...record,
        },
      },
    ]),
  );
  return {
    record: (d) => byName.get([...d.labels].reverse().join('.')),
    reverse: (owner) => (reverse[owner] === undefined ? undefined : domain(reverse[owner])),
  };
}

describe('resolveName', () => {
  it('resolves a name until the millisecond its record expires', () => {
    const registry = records({ 'floe.sui': { expiration_timestamp_ms: NOW } });
    expect(resolveName(registry, domain('floe.sui'), NOW).kind).toBe('active');
    expect(resolveName(registry, domain('floe.sui'), NOW + 1n).kind).toBe('expired');
    expect(resolveName(registry, domain('other.sui'), NOW).kind).toBe('unregistered');
  });

  it('keeps a leaf subname alive exactly as long as the parent that issued it', () => {
    const leaf = { expiration_timestamp_ms: 0n, target_address: BOB };
    const live = records({ 'floe.sui': {}, 'app.floe.sui': leaf });
    expect(resolveName(live, domain('app.floe.sui'), NOW)).toMatchObject({ kind: 'active' });

    const parentExpired = records({
      'floe.sui': { expiration_timestamp_ms: NOW - 1n },
      'app.floe.sui': leaf,
    });
    expect(resolveName(parentExpired, domain('app.floe.sui'), NOW).kind).toBe('expired');

    // The parent was re-registered by someone else: the old holder's leaves die with the old NFT.
    const parentResold = records({ 'floe.sui': { nft_id: OTHER_NFT }, 'app.floe.sui': leaf });
    expect(resolveName(parentResold, domain('app.floe.sui'), NOW).kind).toBe('expired');

    const orphan = records({ 'app.floe.sui': leaf });
    expect(resolveName(orphan, domain('app.floe.sui'), NOW).kind).toBe('expired');
  });

  it('judges a node subname by its own expiry, not its parent', () => {
    const registry = records({
      'floe.sui': { expiration_timestamp_ms: NOW - 1n },
      'app.floe.sui': { nft_id: OTHER_NFT, expiration_timestamp_ms: NOW + 5n },
    });
    expect(resolveName(registry, domain('app.floe.sui'), NOW).kind).toBe('active');
  });
});

describe('resolveDefaultName', () => {
  it('counts a default name only while it is active and points at the address', () => {
    const registry = records(
      { 'alice.sui': {}, 'old.sui': { expiration_timestamp_ms: NOW - 1n, target_address: BOB } },
      { [ALICE]: 'alice.sui', [BOB]: 'old.sui' },
    );
    expect(resolveDefaultName(registry, ALICE, NOW)).toMatchObject({ kind: 'active' });
    expect(resolveDefaultName(registry, BOB, NOW).kind).toBe('expired');
    expect(resolveDefaultName(registry, normalizeSuiAddress('0xc'), NOW).kind).toBe('unset');

    const pointedAway = records({ 'moved.sui': { target_address: BOB } }, { [ALICE]: 'moved.sui' });
    expect(resolveDefaultName(pointedAway, ALICE, NOW).kind).toBe('elsewhere');
    const noTarget = records({ 'unset.sui': { target_address: null } }, { [ALICE]: 'unset.sui' });
    expect(resolveDefaultName(noTarget, ALICE, NOW).kind).toBe('elsewhere');
    const gone = records({}, { [ALICE]: 'gone.sui' });
    expect(resolveDefaultName(gone, ALICE, NOW).kind).toBe('unset');
  });
});

describe('nameDomain', () => {
  it('accepts both SuiNS forms and rejects what SuiNS rejects', () => {
    expect(nameDomain('floe.sui')).toEqual({ labels: ['sui', 'floe'] });
    expect(nameDomain('@floe')).toEqual({ labels: ['sui', 'floe'] });
    expect(nameDomain('app@floe')).toEqual({ labels: ['sui', 'floe', 'app'] });
    expect(nameDomain('Not A Name')).toBeUndefined();
    expect(nameDomain('-floe.sui')).toBeUndefined();
  });
});
