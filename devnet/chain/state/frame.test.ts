import { describe, expect, it } from 'vitest';
import { decodeRecord, encodeRecord, type LogRecord } from './codec.ts';
import { CorruptLogError } from './errors.ts';
import { encodeFrame, LOG_MAGIC, scanLog } from './frame.ts';

const log = (...payloads: string[]) => {
  const parts = [LOG_MAGIC, ...payloads.map((p) => encodeFrame(new TextEncoder().encode(p)))];
  return Uint8Array.from(parts.flatMap((p) => [...p]));
};
const texts = (bytes: Uint8Array) => scanLog(bytes).frames.map((f) => new TextDecoder().decode(f.payload));

describe('log frames', () => {
  it('reads back every intact frame', () => {
    expect(texts(log('a', 'bb', 'ccc'))).toEqual(['a', 'bb', 'ccc']);
    expect(scanLog(log('a')).torn).toBe(false);
  });

  it('treats every prefix of the last frame as a torn tail', () => {
    const whole = log('first', 'second record');
    const intact = log('first').length;
    for (let cut = intact + 1; cut < whole.length; cut++) {
      const scan = scanLog(whole.subarray(0, cut));
      expect(scan).toMatchObject({ validLength: intact, torn: true });
      expect(scan.frames).toHaveLength(1);
    }
  });

  it('treats a prefix of the last frame padded with zeros as torn', () => {
    const whole = log('first', 'second record');
    const intact = log('first').length;
    for (const cut of [intact + 3, intact + 12, whole.length - 1]) {
      const padded = new Uint8Array(whole.length + 64);
      padded.set(whole.subarray(0, cut));
      expect(scanLog(padded)).toMatchObject({ validLength: intact, torn: true });
    }
  });

  it('refuses damage that has an intact frame after it', () => {
    const bytes = log('first', 'second', 'third');
    const second = log('first').length;
    for (const at of [second + 2, second + 9, second + 13]) {
      const damaged = bytes.slice();
      damaged[at]! ^= 1;
      expect(() => scanLog(damaged)).toThrow(CorruptLogError);
    }
  });

  it('accepts a file torn inside the magic and refuses other files', () => {
    expect(scanLog(LOG_MAGIC.subarray(0, 3))).toMatchObject({ validLength: 0, torn: true });
    expect(() => scanLog(new TextEncoder().encode('{"kind":"epoch"}'))).toThrow(/bad magic/);
  });
});

describe('log record codec', () => {
  it('round-trips bigints and byte arrays', () => {
    const record: LogRecord = {
      kind: 'epoch',
      epoch: { epoch: 2n ** 70n, startTimestampMs: 5, durationMs: 6, referenceGasPrice: 1000n },
    };
    expect(decodeRecord(encodeRecord(record))).toEqual(record);
    const withBytes = JSON.parse(
      new TextDecoder().decode(encodeRecord({ ...record, bytes: new Uint8Array([1, 2]) } as LogRecord)),
    );
    expect(withBytes.bytes).toEqual({ $b: 'AQI=' });
  });

  it('refuses records of unknown kind', () => {
    expect(() => decodeRecord(new TextEncoder().encode('{"kind":"mystery"}'), 77)).toThrow(
      /mystery.*byte 77/,
    );
  });
});
