// The sequence and picture parameter sets of an intra-only H.264 stream (ITU-T H.264 §7.3.2.1,
// §7.3.2.2): Constrained Baseline, CAVLC, every picture an IDR, deblocking switchable per slice.
import { BitWriter } from './h264-bits.ts';
import { NAL_TYPE, nalUnit } from './h264-nal.ts';

/** Constrained Baseline: profile_idc 66 with constraint_set0 and constraint_set1. */
export const PROFILE_IDC = 66;
export const CONSTRAINT_FLAGS = 0b1100_0000;
/**
 * Level 3.0 (10 Mbit/s, 1620 macroblocks a frame): I_PCM costs 384 bytes a macroblock, so even a
 * small picture needs far more bitrate than the lowest levels allow.
 */
export const LEVEL_IDC = 30;
/** frame_num is always 0 (every picture is an IDR), so its field has the minimum 4 bits. */
export const LOG2_MAX_FRAME_NUM = 4;

export interface PictureSize {
  readonly width: number;
  readonly height: number;
}

/** Macroblock columns and rows covering the picture; the overhang is cropped away in the SPS. */
export function macroblocks({ width, height }: PictureSize): { columns: number; rows: number } {
  return { columns: Math.ceil(width / 16), rows: Math.ceil(height / 16) };
}

export function sequenceParameterSet(size: PictureSize): Uint8Array {
  const { width, height } = size;
  if (width < 2 || height < 2 || width % 2 || height % 2) {
    throw new RangeError(`picture size ${width}×${height}: 4:2:0 needs even dimensions`);
  }
  const { columns, rows } = macroblocks(size);
  const cropRight = columns * 16 - width;
  const cropBottom = rows * 16 - height;
  const w = new BitWriter()
    .bits(PROFILE_IDC, 8)
    .bits(CONSTRAINT_FLAGS, 8)
    .bits(LEVEL_IDC, 8)
    .ue(0) // seq_parameter_set_id
    .ue(LOG2_MAX_FRAME_NUM - 4)
    .ue(2) // pic_order_cnt_type 2: output order is decoding order
    .ue(1) // max_num_ref_frames
    .bit(0) // gaps_in_frame_num_value_allowed_flag
    .ue(columns - 1)
    .ue(rows - 1)
    .bit(1) // frame_mbs_only_flag
    .bit(1) // direct_8x8_inference_flag
    .bit(cropRight + cropBottom > 0 ? 1 : 0);
  // Crop offsets count chroma samples in 4:2:0: two luma samples each.
  if (cropRight + cropBottom > 0)
    w.ue(0)
      .ue(cropRight / 2)
      .ue(0)
      .ue(cropBottom / 2);
  w.bit(0); // vui_parameters_present_flag: MP4 carries the timing
  return nalUnit(3, NAL_TYPE.sps, w.trailingBits().finish());
}

export function pictureParameterSet(): Uint8Array {
  const w = new BitWriter()
    .ue(0) // pic_parameter_set_id
    .ue(0) // seq_parameter_set_id
    .bit(0) // entropy_coding_mode_flag: CAVLC
    .bit(0) // bottom_field_pic_order_in_frame_present_flag
    .ue(0) // num_slice_groups_minus1
    .ue(0) // num_ref_idx_l0_default_active_minus1
    .ue(0) // num_ref_idx_l1_default_active_minus1
    .bit(0) // weighted_pred_flag
    .bits(0, 2) // weighted_bipred_idc
    .se(0) // pic_init_qp_minus26
    .se(0) // pic_init_qs_minus26
    .se(0) // chroma_qp_index_offset
    .bit(1) // deblocking_filter_control_present_flag
    .bit(0) // constrained_intra_pred_flag
    .bit(0); // redundant_pic_cnt_present_flag
  return nalUnit(3, NAL_TYPE.pps, w.trailingBits().finish());
}
