import { describe, expect, it } from 'vitest';
import { CommitteeJsonError, committeeFromJson, committeeToJson } from './committee-json.ts';
import type { Committee } from './committee.ts';

const COMMITTEE: Committee = {
  n: 4,
  epoch: 3,
  members: [
    { url: 'https://a.example:9185', shards: [0, 2], name: 'a', nodeId: `0x${'1'.repeat(64)}` },
    { url: 'https://b.example', shards: [1, 3], publicKey: new Uint8Array(48) },
  ],
};

describe('committee JSON', () => {
  it('round-trips what readers need, leaving public keys out', () => {
    const json = JSON.parse(JSON.stringify(committeeToJson(COMMITTEE))) as unknown;
    expect(committeeFromJson(json)).toEqual({
      n: 4,
      epoch: 3,
      members: [
        { url: 'https://a.example:9185', shards: [0, 2], name: 'a', nodeId: `0x${'1'.repeat(64)}` },
        { url: 'https://b.example', shards: [1, 3] },
      ],
    });
  });

  it.each([
    ['not an object', null, 'not an object'],
    ['a bad shard count', { n: 0, members: [] }, 'n must be a shard count'],
    ['no members', { n: 4, members: [] }, 'members must be a non-empty array'],
    [
      'a URL that is not http(s)',
      { n: 1, members: [{ url: 'javascript:alert(1)', shards: [0] }] },
      'must be http(s)',
    ],
    [
      'a shard out of range',
      { n: 2, members: [{ url: 'https://a', shards: [0, 2] }] },
      'shards must be integers below 2',
    ],
    [
      'a shard owned twice',
      {
        n: 2,
        members: [
          { url: 'https://a', shards: [0, 1] },
          { url: 'https://b', shards: [1] },
        ],
      },
      'shard 1 is assigned to both',
    ],
    ['a shard nobody owns', { n: 3, members: [{ url: 'https://a', shards: [0, 1] }] }, 'shard 2 has no node'],
  ])('refuses %s', (_name, json, message) => {
    expect(() => committeeFromJson(json)).toThrow(CommitteeJsonError);
    expect(() => committeeFromJson(json)).toThrow(message);
  });
});
