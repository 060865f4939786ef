import { describe, expect, it } from 'vitest';
import { makeTestAudio, makeTestVideo, TestMediaError } from './test-media.ts';
import { boxes, find, words } from './test-support/mp4-walk.ts';

const STBL = 'moov/trak/mdia/minf/stbl';

describe('makeTestVideo', () => {
  const video = makeTestVideo({ seconds: 3, fps: 10, width: 160, height: 120 });

  it('is a faststart MP4 whose boxes tile the file', () => {
    const top = boxes(video);
    expect(top.map((b) => b.type)).toEqual(['ftyp', 'moov', 'mdat']);
    expect(top.reduce((sum, b) => sum + b.size, 0)).toBe(video.length);
    const stsd = find(video, `${STBL}/stsd`);
    expect(String.fromCharCode(...stsd.payload.subarray(12, 16))).toBe('avc1');
  });

  it('lists every sample as a sync sample, with consistent counts, sizes and offsets', () => {
    const [entries, count, delta] = words(find(video, `${STBL}/stts`));
    expect([entries, count, delta]).toEqual([1, 30, 100]);
    const [syncCount, ...sync] = words(find(video, `${STBL}/stss`));
    expect(syncCount).toBe(30);
    expect(sync).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
    const [, sizeCount, ...sizes] = words(find(video, `${STBL}/stsz`));
    const [offsetCount, ...offsets] = words(find(video, `${STBL}/stco`));
    expect([sizeCount, offsetCount, sizes.length]).toEqual([30, 30, 30]);
    expect(words(find(video, `${STBL}/stsc`))).toEqual([1, 1, 1, 1]);
    const mdat = find(video, 'mdat');
    expect(offsets[0]).toBe(mdat.offset + 8);
    for (let i = 0; i < 30; i++) {
      const at = offsets[i]!;
      if (i > 0) expect(at).toBe(offsets[i - 1]! + sizes[i - 1]!);
      // One length-prefixed IDR slice NAL unit per sample.
      const view = new DataView(video.buffer, video.byteOffset + at, 5);
      expect(view.getUint32(0)).toBe(sizes[i]! - 4);
      expect(view.getUint8(4)).toBe(0x65);
    }
    expect(offsets[29]! + sizes[29]!).toBe(video.length);
  });

  it('states the same duration in the movie and the track', () => {
    const mvhd = words(find(video, 'moov/mvhd'));
    expect([mvhd[2], mvhd[3]]).toEqual([1000, 3000]); // timescale, duration
    const mdhd = words(find(video, 'moov/trak/mdia/mdhd'));
    expect(mdhd[3]! / mdhd[2]!).toBe(3);
    expect(words(find(video, 'moov/trak/tkhd'))[4]).toBe(3000);
  });

  it('grows linearly with duration at about 309 KB/s and is deterministic', () => {
    const longer = makeTestVideo({ seconds: 6 });
    const perSecond = (longer.length - video.length) / 3;
    expect(perSecond).toBeGreaterThan(300_000);
    expect(perSecond).toBeLessThan(320_000);
    expect(Buffer.from(makeTestVideo({ seconds: 3 })).equals(video)).toBe(true);
  });

  it('refuses impossible settings', () => {
    expect(() => makeTestVideo({ seconds: 0 })).toThrow(TestMediaError);
    expect(() => makeTestVideo({ seconds: 1, fps: 2.5 })).toThrow(TestMediaError);
    expect(() => makeTestVideo({ seconds: 1, width: 161 })).toThrow(TestMediaError);
  });
});

describe('makeTestAudio', () => {
  it('is a 16-bit mono PCM WAV of the requested length', () => {
    const wav = makeTestAudio({ seconds: 2, sampleRate: 8000 });
    const view = new DataView(wav.buffer, wav.byteOffset, wav.byteLength);
    const text = (at: number) => String.fromCharCode(...wav.subarray(at, at + 4));
    expect([text(0), text(8), text(12), text(36)]).toEqual(['RIFF', 'WAVE', 'fmt ', 'data']);
    expect(view.getUint32(4, true)).toBe(wav.length - 8);
    expect([view.getUint16(20, true), view.getUint16(22, true), view.getUint32(24, true)]).toEqual([
      1, 1, 8000,
    ]);
    expect(view.getUint16(34, true)).toBe(16);
    expect(view.getUint32(40, true)).toBe(2 * 8000 * 2);
    expect(wav.length).toBe(44 + 32_000);
    expect(Buffer.from(makeTestAudio({ seconds: 2, sampleRate: 8000 })).equals(wav)).toBe(true);
  });
});
