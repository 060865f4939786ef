// What each test video frame shows, so a person (or a screenshot) can tell frames apart: the
// frame number in binary as 16 light and dark vertical bands, a tint that changes every second,
// and a progress bar along the bottom. Samples stay within video range (luma 16–235, chroma 16–240)
// because early H.264 editions forbid a PCM sample of 0.
import { macroblocks, type PictureSize } from './h264-parameter-sets.ts';
import type { YuvPicture } from './h264-ipcm.ts';

const BANDS = 16;
/** (Cb, Cr) tints, one per second of video, cycling. */
const TINTS: readonly (readonly [number, number])[] = [
  [90, 240],
  [54, 34],
  [240, 110],
  [166, 16],
  [128, 128],
  [16, 146],
  [202, 222],
  [110, 90],
];

export interface FramePosition {
  readonly frame: number;
  readonly frames: number;
  readonly fps: number;
}

/** A reusable picture buffer for `size`, padded to whole macroblocks. */
export function blankPicture(size: PictureSize): YuvPicture {
  const { columns, rows } = macroblocks(size);
  const luma = columns * 16 * rows * 16;
  return {
    columns,
    rows,
    y: new Uint8Array(luma).fill(16),
    cb: new Uint8Array(luma / 4).fill(128),
    cr: new Uint8Array(luma / 4).fill(128),
  };
}

/** Paints frame `position.frame` into `picture` (whose padding is left as it is). */
export function paintFrame(picture: YuvPicture, size: PictureSize, position: FramePosition): void {
  const { width, height } = size;
  const { frame, frames, fps } = position;
  const barTop = Math.floor((height * 3) / 4);
  const progress = Math.round((width * (frame + 1)) / frames);
  const stride = picture.columns * 16;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      let luma: number;
      if (y < barTop) {
        const bit = (frame >> (BANDS - 1 - Math.floor((x * BANDS) / width))) & 1;
        luma = bit ? 210 : 50;
      } else {
        luma = x < progress ? 180 : 35;
      }
      picture.y[y * stride + x] = luma;
    }
  }
  const [cb, cr] = TINTS[Math.floor(frame / fps) % TINTS.length]!;
  const chromaStride = picture.columns * 8;
  for (let y = 0; y < height / 2; y++) {
    const inBar = y * 2 >= barTop;
    picture.cb.fill(inBar ? 128 : cb, y * chromaStride, y * chromaStride + width / 2);
    picture.cr.fill(inBar ? 128 : cr, y * chromaStride, y * chromaStride + width / 2);
  }
}
