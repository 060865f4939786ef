import { describe, expect, it } from 'vitest';
import { parseNodeArgs, parseShardList, UsageError } from './cli-args.ts';

describe('node command line', () => {
  it('parses shard lists and committees', () => {
    expect(parseShardList('0-3, 7,9-9')).toEqual([0, 1, 2, 3, 7, 9]);
    expect(parseShardList('')).toEqual([]);
    expect(() => parseShardList('3-1')).toThrow(UsageError);
    expect(
      parseNodeArgs(['--dir', 'd', '--bls-key', 'k', '--devnet', '--n-shards', '10', '--shards', '0-1']),
    ).toEqual({
      dir: 'd',
      blsKey: 'k',
      host: '127.0.0.1',
      port: 0,
      devnet: true,
      adminPort: 0,
      committee: { nShards: 10, epoch: 1, shards: [0, 1] },
    });
  });

  it('parses the chain to follow', () => {
    const chain = [
      '--rpc',
      'http://127.0.0.1:9000',
      '--walrus-package',
      '0xABC',
      '--staking-object',
      `0x${'1'.repeat(64)}`,
      '--node-id',
      '0x2',
    ];
    expect(parseNodeArgs(['--dir', 'd', '--bls-key', 'k', ...chain])).toMatchObject({
      committee: undefined,
      chain: {
        rpcUrl: 'http://127.0.0.1:9000',
        packageId: `0x${'0'.repeat(61)}abc`,
        stakingObjectId: `0x${'1'.repeat(64)}`,
        nodeId: `0x${'0'.repeat(63)}2`,
        pollMs: 100,
      },
    });
    expect(parseNodeArgs(['--dir', 'd', '--bls-key', 'k', ...chain, '--poll-ms', '250']).chain?.pollMs).toBe(
      250,
    );
    for (const extra of [
      ['--n-shards', '10', '--shards', '0-1'],
      ['--epoch', '2'],
      ['--poll-ms', '0'],
      ['--node-id', 'xyz'],
      ['--rpc', 'ftp://x'],
    ]) {
      expect(() => parseNodeArgs(['--dir', 'd', '--bls-key', 'k', ...chain, ...extra])).toThrow(UsageError);
    }
    // Every chain flag needs the others, and none goes without --rpc.
    for (let i = 2; i < chain.length; i += 2) {
      const partial = [...chain.slice(0, i), ...chain.slice(i + 2)];
      expect(() => parseNodeArgs(['--dir', 'd', '--bls-key', 'k', ...partial])).toThrow(UsageError);
    }
    expect(() => parseNodeArgs(['--dir', 'd', '--bls-key', 'k', ...chain.slice(2)])).toThrow(UsageError);
  });

  it('parses the emulated distance of the public API', () => {
    const base = ['--dir', 'd', '--bls-key', 'k', '--devnet'];
    const link = { rttMs: 150, jitterMs: 15, bandwidthBytesPerSec: 3_125_000 };
    expect(parseNodeArgs(base).geoLink).toBeUndefined();
    // setupMs defaults to two round trips: TCP and TLS handshakes.
    expect(parseNodeArgs([...base, '--geo-link', JSON.stringify(link)]).geoLink).toEqual({
      ...link,
      setupMs: 300,
    });
    expect(
      parseNodeArgs([...base, '--geo-link', JSON.stringify({ ...link, setupMs: 10 })]).geoLink?.setupMs,
    ).toBe(10);
    for (const bad of [
      'not json',
      '[1]',
      JSON.stringify({ ...link, rttMs: '150' }),
      JSON.stringify({ ...link, bandwidthBytesPerSec: 0 }),
      JSON.stringify({ ...link, jitterMs: -1 }),
      JSON.stringify({ ...link, latency: 5 }),
      JSON.stringify({ rttMs: 1, jitterMs: 1 }),
    ]) {
      expect(() => parseNodeArgs([...base, '--geo-link', bad])).toThrow(UsageError);
    }
    // Only a devnet node pretends to be far away.
    expect(() => parseNodeArgs(['--dir', 'd', '--bls-key', 'k', '--geo-link', JSON.stringify(link)])).toThrow(
      /needs --devnet/,
    );
  });

  it('parses the TLS certificate and key of the public API, only as a pair', () => {
    const base = ['--dir', 'd', '--bls-key', 'k'];
    expect(parseNodeArgs(base).tls).toBeUndefined();
    expect(parseNodeArgs([...base, '--tls-cert', 'c.pem', '--tls-key', 'k.pem']).tls).toEqual({
      certPath: 'c.pem',
      keyPath: 'k.pem',
    });
    for (const partial of [
      ['--tls-cert', 'c.pem'],
      ['--tls-key', 'k.pem'],
      ['--tls-cert', '', '--tls-key', 'k.pem'],
    ]) {
      expect(() => parseNodeArgs([...base, ...partial])).toThrow(UsageError);
    }
  });

  it('refuses inconsistent flags', () => {
    for (const argv of [
      ['--bls-key', 'k'],
      ['--dir', 'd'],
      ['--dir', 'd', '--bls-key', 'k', '--admin-port', '1'],
      ['--dir', 'd', '--bls-key', 'k', '--shards', '0-3'],
      ['--dir', 'd', '--bls-key', 'k', '--port', '70000'],
      ['--dir', 'd', '--bls-key', 'k', '--what'],
    ]) {
      expect(() => parseNodeArgs(argv)).toThrow(UsageError);
    }
  });
});
