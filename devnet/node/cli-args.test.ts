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
