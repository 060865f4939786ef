import { describe, expect, it } from 'vitest';
import { blobIdToText } from '../../core/walrus/blob-id.ts';
import { AdminInputError, parseEvents } from './admin-input.ts';

const blobId = blobIdToText(new Uint8Array(32).fill(3));

describe('admin event input', () => {
  it('should name the accepted event kinds when the kind is missing or unknown (found by fuzzing)', () => {
    for (const [kind, shown] of [
      [undefined, 'got none'],
      ['exploded', 'got "exploded"'],
      [{ kind: 'registered' }, 'got {"kind":"registered"}'],
    ] as const) {
      const event = { blobId, epoch: 1, ...(kind === undefined ? {} : { kind }) };
      const parse = () => parseEvents({ events: [event] }, 0);
      expect(parse).toThrow(AdminInputError);
      // It used to read "unknown event kind undefined".
      expect(parse).toThrow(`event kind must be one of registered, certified, deleted, invalid; ${shown}`);
    }
  });

  it('should describe a kind nested too deeply to print instead of overflowing the stack', () => {
    const kind = JSON.parse(`${'['.repeat(100_000)}${']'.repeat(100_000)}`) as unknown;
    expect(() => parseEvents({ events: [{ kind, blobId, epoch: 1 }] }, 0)).toThrow(
      /got a list nested too deeply to show/,
    );
  });
});
