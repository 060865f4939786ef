import { describe, expect, it } from 'vitest';
import { bcs } from '@mysten/sui/bcs';
import { GrpcTypes } from '@mysten/sui/grpc';
import { normalizeSuiAddress } from '@mysten/sui/utils';
import { parseType } from '../move/types.ts';
import { PKG as WALRUS } from '../natives/walrus/constants.ts';
import { WALRUS_SITE_PACKAGE as SITE } from '../natives/packages.ts';
import { devnetRegistry } from '../registry.ts';
import { moveJson, render } from './render-json.ts';

const registry = devnetRegistry();
const id = normalizeSuiAddress('0xabc');

/** What the SDK makes of the `json` field: the message through protobuf and back to plain JSON. */
function asClient(value: ReturnType<typeof moveJson>): unknown {
  const message = GrpcTypes.Object.fromBinary(GrpcTypes.Object.toBinary({ json: value }));
  return (GrpcTypes.Object.toJson(message) as { json?: unknown }).json;
}

describe("Sui's gRPC JSON for Move values", () => {
  it('renders a coin: UID as its address, Balance as a decimal string', () => {
    const bytes = bcs
      .struct('Coin', { id: bcs.Address, balance: bcs.u64() })
      .serialize({ id, balance: 2n ** 63n })
      .toBytes();
    expect(asClient(moveJson(registry, '0x2::coin::Coin<0x2::sui::SUI>', bytes))).toEqual({
      id,
      balance: '9223372036854775808',
    });
  });

  it('renders nested structs as plain maps, Options as value or null, vector<u8> as base64', () => {
    const type = parseType(`${SITE}::site::Resource`);
    const value = {
      path: '/a.html',
      headers: { contents: [{ key: 'content-type', value: 'text/html' }] },
      blob_id: 5n,
      blob_hash: 6n,
      range: { start: 10n, end: null },
    };
    expect(render(registry, type, value)).toEqual({
      path: '/a.html',
      headers: { contents: [{ key: 'content-type', value: 'text/html' }] },
      blob_id: '5',
      blob_hash: '6',
      range: { start: '10', end: null },
    });
    expect(render(registry, parseType('vector<u8>'), Uint8Array.from([1, 2, 3]))).toBe('AQID');
    expect(render(registry, parseType('vector<u16>'), [1, 2])).toEqual([1, 2]);
  });

  it('renders enum variants with @variant: unit, positional and named payloads', () => {
    const state = parseType(`${WALRUS}::staking_pool::PoolState`);
    expect(render(registry, state, { $kind: 'Active', Active: true })).toEqual({ '@variant': 'Active' });
    expect(render(registry, state, { $kind: 'Withdrawing', Withdrawing: 7 })).toEqual({
      '@variant': 'Withdrawing',
      pos0: 7,
    });
    const rate = parseType(`${WALRUS}::exchange_rate::PoolExchangeRate`);
    expect(
      render(registry, rate, { $kind: 'Variable', Variable: { wal_amount: 3n, share_amount: 4n } }),
    ).toEqual({ '@variant': 'Variable', wal_amount: '3', share_amount: '4' });
  });

  it('leaves json unset for a type without a known layout', () => {
    expect(moveJson(registry, `${SITE}::site::Nope`, new Uint8Array(8))).toBeUndefined();
  });
});
