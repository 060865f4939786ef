import { describe, expect, it } from 'vitest';
import { DaemonApiError } from './errors.ts';
import { checkRangeInBlob, parseDaemonRange } from './range.ts';

function message(header: string): string {
  const result = parseDaemonRange(header);
  if (!(result instanceof DaemonApiError)) throw new Error(`accepted ${header}`);
  expect(result.httpCode).toBe(416);
  expect(result.reason).toBe('INVALID_BYTE_RANGE');
  return result.message;
}

describe('parseDaemonRange', () => {
  it('takes one closed range, trimmed, as the daemon does', () => {
    expect(parseDaemonRange('bytes=0-499')).toEqual({ start: 0n, end: 499n });
    expect(parseDaemonRange(' bytes=10-20 ')).toEqual({ start: 10n, end: 20n });
    expect(parseDaemonRange('bytes=7-7')).toEqual({ start: 7n, end: 7n });
  });

  it('refuses what the daemon refuses, with its messages', () => {
    expect(message('bytes=500-')).toBe('invalid byte range parameters: must provide end index');
    expect(message('bytes=-500')).toBe('invalid byte range parameters: must provide start index');
    expect(message('bytes=100-50')).toBe(
      'invalid byte range parameters: start index must be less than end index',
    );
    expect(message('bytes=0-1,5-9')).toBe(
      'invalid byte range parameters: only support one range per request',
    );
    for (const bad of [
      'bytes=',
      'invalid',
      'items=0-1',
      'bytes=a-b',
      'bytes=0-99999999999999999999',
      'bytes=1-2,',
    ]) {
      expect(message(bad), bad).toMatch(/^invalid byte range parameters: invalid range header format/);
    }
  });

  it('refuses a range past the end of the blob, naming its exclusive end and the size', () => {
    expect(checkRangeInBlob({ start: 0n, end: 99n }, 100)).toBeNull();
    const past = checkRangeInBlob({ start: 10n, end: 100n }, 100);
    expect(past?.message).toBe(
      'invalid byte range parameters: byte range out of bounds: requested 10-101, blob size is 100',
    );
  });
});
