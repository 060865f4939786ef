import { describe, expect, it } from 'vitest';
import { BitWriter } from './h264-bits.ts';
import { blankPicture, paintFrame } from './frame-pattern.ts';
import { ipcmIdrSlice } from './h264-ipcm.ts';
import { escapeEmulation, nalUnit } from './h264-nal.ts';
import { pictureParameterSet, sequenceParameterSet } from './h264-parameter-sets.ts';

/** Reads back what BitWriter wrote (test-only mirror of the spec's u(n)/ue(v)/se(v)). */
class BitReader {
  #at = 0;
  readonly data: Uint8Array;
  constructor(data: Uint8Array) {
    this.data = data;
  }
  bit(): number {
    const value = (this.data[this.#at >> 3]! >> (7 - (this.#at & 7))) & 1;
    this.#at++;
    return value;
  }
  bits(count: number): number {
    let value = 0;
    for (let i = 0; i < count; i++) value = value * 2 + this.bit();
    return value;
  }
  ue(): number {
    let zeros = 0;
    while (this.bit() === 0) zeros++;
    return 2 ** zeros - 1 + this.bits(zeros);
  }
  se(): number {
    const k = this.ue();
    return k % 2 ? (k + 1) / 2 : k === 0 ? 0 : -k / 2;
  }
}

describe('BitWriter', () => {
  it('writes Exp-Golomb codes as the spec tabulates them', () => {
    const bits = (w: BitWriter) =>
      [...w.trailingBits().finish()].map((b) => b.toString(2).padStart(8, '0')).join('');
    expect(bits(new BitWriter().ue(0))).toBe('11000000');
    expect(bits(new BitWriter().ue(3))).toBe('00100100'); // 00100 + stop bit
    expect(bits(new BitWriter().ue(25))).toBe('0000110101000000');
    expect(bits(new BitWriter().se(-1).se(1))).toBe('01101010'); // 011 010 + stop
    expect(() => new BitWriter().ue(-1)).toThrow(RangeError);
  });

  it('round-trips through a reader', () => {
    const w = new BitWriter().bits(0xabc, 12).ue(1000).se(-77).se(5).bit(1);
    const r = new BitReader(w.trailingBits().finish());
    expect([r.bits(12), r.ue(), r.se(), r.se(), r.bit()]).toEqual([0xabc, 1000, -77, 5, 1]);
  });

  it('refuses to finish mid-byte', () => {
    expect(() => new BitWriter().bit(1).finish()).toThrow();
  });
});

describe('NAL units', () => {
  it('escapes 00 00 0x for x ≤ 3 and leaves other bytes alone', () => {
    expect([...escapeEmulation(Uint8Array.of(0, 0, 0, 0, 1, 0, 0, 4, 0, 0, 3))]).toEqual([
      0, 0, 3, 0, 0, 3, 1, 0, 0, 4, 0, 0, 3, 3,
    ]);
    const plain = Uint8Array.of(0, 1, 0, 0, 9);
    expect(escapeEmulation(plain)).toBe(plain);
    expect([...nalUnit(3, 5, Uint8Array.of(0x80))]).toEqual([0x65, 0x80]);
  });
});

describe('parameter sets', () => {
  it('describe a cropped 160×120 Constrained Baseline picture', () => {
    const sps = sequenceParameterSet({ width: 160, height: 120 });
    expect(sps[0]).toBe(0x67);
    const r = new BitReader(sps.subarray(1));
    expect([r.bits(8), r.bits(8), r.bits(8)]).toEqual([66, 0xc0, 30]);
    const [id, log2FrameNum, pocType, refs, gaps] = [r.ue(), r.ue(), r.ue(), r.ue(), r.bit()];
    expect([id, log2FrameNum, pocType, refs, gaps]).toEqual([0, 0, 2, 1, 0]);
    const [columnsMinus1, rowsMinus1, frameMbsOnly, direct8x8, cropping] = [
      r.ue(),
      r.ue(),
      r.bit(),
      r.bit(),
      r.bit(),
    ];
    expect([columnsMinus1, rowsMinus1, frameMbsOnly, direct8x8, cropping]).toEqual([9, 7, 1, 1, 1]);
    const crop = [r.ue(), r.ue(), r.ue(), r.ue()];
    // 8 rows of 128 are cropped; in 4:2:0 each unit is two lines.
    expect((rowsMinus1 + 1) * 16 - 2 * crop[3]!).toBe(120);
    expect((columnsMinus1 + 1) * 16 - 2 * crop[1]!).toBe(160);
    expect([r.bit(), r.bit()]).toEqual([0, 1]); // no VUI, stop bit
    expect(pictureParameterSet()[0]).toBe(0x68);
  });

  it('refuse odd sizes', () => {
    expect(() => sequenceParameterSet({ width: 161, height: 120 })).toThrow(RangeError);
  });
});

describe('I_PCM slices', () => {
  it('carry every macroblock raw after one slice header', () => {
    const size = { width: 32, height: 16 };
    const picture = blankPicture(size);
    paintFrame(picture, size, { frame: 5, frames: 10, fps: 10 });
    const nal = ipcmIdrSlice(picture, 1);
    expect(nal[0]).toBe(0x65);
    const r = new BitReader(nal.subarray(1));
    // first_mb, slice_type, pps, frame_num(4), idr_pic_id, two marking flags, qp delta, deblocking, mb_type
    expect([r.ue(), r.ue(), r.ue(), r.bits(4), r.ue(), r.bit(), r.bit(), r.se(), r.ue(), r.ue()]).toEqual([
      0, 7, 0, 0, 1, 0, 0, 0, 1, 25,
    ]);
    const headerBytes = nal.length - 1 - (2 * 384 + 2 + 1);
    const firstMb = nal.subarray(1 + headerBytes, 1 + headerBytes + 384);
    expect([...firstMb.subarray(0, 16)]).toEqual([...picture.y.subarray(0, 16)]);
    expect([...nal.subarray(1 + headerBytes + 384, 1 + headerBytes + 386)]).toEqual([0x0d, 0x00]);
    expect(nal[nal.length - 1]).toBe(0x80);
  });

  it('keep PCM samples within video range', () => {
    const size = { width: 160, height: 120 };
    const picture = blankPicture(size);
    for (const frame of [0, 1, 0xffff]) {
      paintFrame(picture, size, { frame, frames: 0x10000, fps: 10 });
      for (const plane of [picture.y, picture.cb, picture.cr]) {
        expect(Math.min(...plane)).toBeGreaterThanOrEqual(16);
        expect(Math.max(...plane)).toBeLessThanOrEqual(240);
      }
    }
  });
});
