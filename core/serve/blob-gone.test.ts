import { describe, expect, it } from 'vitest';
import type { Committee } from '../walrus/committee.ts';
import { blobGone } from './blob-gone.ts';

// 10 shards: f = 3, so nodes holding 4 or more shards are needed.
const committee: Committee = {
  n: 10,
  members: [
    { url: 'http://a:1', shards: [0, 1, 2] },
    { url: 'http://b:1', shards: [3, 4] },
    { url: 'http://c:1', shards: [5, 6] },
    { url: 'http://d:1', shards: [7, 8, 9] },
  ],
};
const notStored = (node: string) => ({ node, what: 'metadata', reason: 'HTTP 404 METADATA_NOT_FOUND' });
const down = (node: string) => ({ node, what: 'metadata', reason: 'unreachable (connection refused)' });

describe('blobGone', () => {
  it('is gone once nodes holding more than a third of the shards say they do not store it', () => {
    expect(
      blobGone([notStored('http://a:1'), notStored('http://b:1/'), down('http://c:1')], committee),
    ).toEqual({
      nodes: 2,
      shards: 5,
      n: 10,
    });
  });

  it('is not gone on the word of nodes that could all be faulty', () => {
    expect(blobGone([notStored('http://a:1'), down('http://b:1'), down('http://c:1')], committee)).toBeNull();
    // The same node twice counts once.
    expect(blobGone([notStored('http://b:1'), notStored('http://b:1')], committee)).toBeNull();
  });

  it('is not gone when nodes only failed to answer', () => {
    const failures = committee.members.map((m) => down(m.url));
    expect(blobGone(failures, committee)).toBeNull();
    expect(
      blobGone([{ node: 'http://a:1', what: 'metadata', reason: 'HTTP 503 UNAVAILABLE' }], committee),
    ).toBeNull();
  });

  it('ignores nodes outside the committee', () => {
    expect(blobGone([notStored('http://x:1'), notStored('http://a:1')], committee)).toBeNull();
  });
});
