// An IDR picture coded as one I slice of I_PCM macroblocks (ITU-T H.264 §7.3.3–§7.3.5): every
// macroblock carries its 256 luma and 2 × 64 chroma samples raw, so no transform or entropy coder
// is needed, every picture decodes on its own and a seek can land on any of them.
import { BitWriter } from './h264-bits.ts';
import { NAL_TYPE, nalUnit } from './h264-nal.ts';
import { LOG2_MAX_FRAME_NUM } from './h264-parameter-sets.ts';

/** mb_type of I_PCM in an I slice (Table 7-11). */
const I_PCM = 25;
/** ue(25) is 9 bits (0000 11010); with pcm_alignment_zero_bits, 0x0D 0x00 once byte aligned. */
const ALIGNED_I_PCM_PREFIX = [0x0d, 0x00] as const;
const SAMPLES_PER_MB = 256 + 64 + 64;

/** A 4:2:0 picture padded to whole macroblocks: planes of `columns·16 × rows·16` and half that. */
export interface YuvPicture {
  readonly columns: number;
  readonly rows: number;
  readonly y: Uint8Array;
  readonly cb: Uint8Array;
  readonly cr: Uint8Array;
}

/**
 * The IDR slice NAL unit of `picture`. Consecutive IDR pictures must differ in `idr_pic_id`
 * (§7.4.3), so callers alternate it.
 */
export function ipcmIdrSlice(picture: YuvPicture, idrPicId: number): Uint8Array {
  const { columns, rows } = picture;
  const header = new BitWriter()
    .ue(0) // first_mb_in_slice
    .ue(7) // slice_type: I, and every slice of the picture is I
    .ue(0) // pic_parameter_set_id
    .bits(0, LOG2_MAX_FRAME_NUM) // frame_num
    .ue(idrPicId)
    .bit(0) // no_output_of_prior_pics_flag
    .bit(0) // long_term_reference_flag
    .se(0) // slice_qp_delta
    .ue(1) // disable_deblocking_filter_idc: PCM samples are final
    .ue(I_PCM) // mb_type of the first macroblock
    .alignZero()
    .finish();
  const count = columns * rows;
  const rbsp = new Uint8Array(header.length + SAMPLES_PER_MB + (count - 1) * (2 + SAMPLES_PER_MB) + 1);
  rbsp.set(header, 0);
  let o = header.length;
  for (let mb = 0; mb < count; mb++) {
    if (mb > 0) {
      rbsp.set(ALIGNED_I_PCM_PREFIX, o);
      o += 2;
    }
    o = writeMacroblockSamples(picture, mb % columns, Math.floor(mb / columns), rbsp, o);
  }
  rbsp[o] = 0x80; // rbsp_slice_trailing_bits: stop bit and alignment
  return nalUnit(3, NAL_TYPE.idrSlice, rbsp);
}

/** pcm_sample_luma in raster order within the macroblock, then Cb, then Cr (§7.3.5). */
function writeMacroblockSamples(
  p: YuvPicture,
  mbx: number,
  mby: number,
  out: Uint8Array,
  at: number,
): number {
  let o = at;
  const lumaStride = p.columns * 16;
  for (let row = 0; row < 16; row++) {
    const start = (mby * 16 + row) * lumaStride + mbx * 16;
    out.set(p.y.subarray(start, start + 16), o);
    o += 16;
  }
  const chromaStride = p.columns * 8;
  for (const plane of [p.cb, p.cr]) {
    for (let row = 0; row < 8; row++) {
      const start = (mby * 8 + row) * chromaStride + mbx * 8;
      out.set(plane.subarray(start, start + 8), o);
      o += 8;
    }
  }
  return o;
}
