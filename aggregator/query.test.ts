import { describe, expect, it } from 'vitest';
import { AggregatorError } from './errors.ts';
import { parseByteRangeQuery, parsePublisherQuery, parseReadOptions, type PublisherQuery } from './query.ts';

const ADDRESS = `0x${'11'.repeat(32)}`;
const DEFAULT: PublisherQuery = {
  epochs: 1,
  persistence: 'deletable',
  force: false,
  reuseResources: false,
  postStore: { kind: 'keep' },
};

function refusal(parse: () => unknown): { status: number; body: string } {
  try {
    parse();
  } catch (error) {
    if (error instanceof AggregatorError) return error.answer();
    throw error;
  }
  throw new Error('accepted');
}

describe('parsePublisherQuery', () => {
  it('applies the daemon defaults: one epoch, deletable, kept by the publisher', () => {
    expect(parsePublisherQuery('')).toEqual(DEFAULT);
  });

  // The cases of the daemon's own `test_parse_publisher_query`.
  it.each([
    ['epochs=11', { ...DEFAULT, epochs: 11 }],
    [`send_object_to=${ADDRESS}`, { ...DEFAULT, postStore: { kind: 'send', address: ADDRESS } }],
    ['force=true', { ...DEFAULT, force: true }],
    ['share=true', { ...DEFAULT, postStore: { kind: 'share' } }],
    ['reuse_resources=true', { ...DEFAULT, reuseResources: true }],
    ['share=false', DEFAULT],
    ['permanent=true', { ...DEFAULT, persistence: 'permanent' }],
    ['deletable=true&encoding_type=RS2&quilt_version=V1', DEFAULT],
    ['send_object_to=0xAB', { ...DEFAULT, postStore: { kind: 'send', address: `0x${'0'.repeat(62)}ab` } }],
  ] as const)('%s', (query, expected) => {
    expect(parsePublisherQuery(query)).toEqual(expected);
  });

  it.each([
    [`share=true&send_object_to=${ADDRESS}`, 400],
    [`send_object_to=${ADDRESS}&share=true`, 400],
    ['share=false&share=true', 400],
    ['epochs=-1', 400],
    ['epochs=4294967296', 400],
    ['epochs=two', 400],
    ['force=yes', 400],
    ['encoding_type=RS1', 400],
    ['send_object_to=bob', 400],
    ['colour=blue', 400],
  ])('refuses %s', (query, status) => {
    const answer = refusal(() => parsePublisherQuery(query));
    expect(answer.status).toBe(status);
    expect(answer.body).toMatch(/^Failed to deserialize query string: /);
  });

  it('refuses a blob both deletable and permanent with the JSON error of the daemon', () => {
    const answer = refusal(() => parsePublisherQuery('deletable=true&permanent=true'));
    expect(JSON.parse(answer.body)).toEqual({
      error: {
        status: 'INVALID_ARGUMENT',
        code: 400,
        message: 'the blob cannot be defined as both deletable and permanent',
        details: [
          {
            '@type': 'ErrorInfo',
            reason: 'INVALID_BLOB_PERSISTENCE',
            domain: 'daemon.walrus.space',
            metadata: {},
          },
        ],
      },
    });
  });
});

describe('parseReadOptions and parseByteRangeQuery', () => {
  it('reads the consistency flags and u64 positions', () => {
    expect(parseReadOptions('skip_consistency_check=true')).toEqual({
      strictConsistencyCheck: false,
      skipConsistencyCheck: true,
    });
    expect(parseByteRangeQuery('start=%2B0&length=18446744073709551615')).toEqual({
      start: 0n,
      length: 18446744073709551615n,
    });
    expect(refusal(() => parseByteRangeQuery('start=0&length=18446744073709551616')).body).toBe(
      'Failed to deserialize query string: number too large to fit in target type',
    );
    expect(refusal(() => parseReadOptions('skip_consistency_check=1&skip_consistency_check=1')).body).toBe(
      'Failed to deserialize query string: duplicate field `skip_consistency_check`',
    );
  });
});
