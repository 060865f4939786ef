// Deterministic media files for tests and benches, written without ffmpeg: a faststart MP4 of
// intra-only H.264 (I_PCM, so every frame is a sync sample and any time is seekable) whose
// frames show their number, and a WAV of 16-bit PCM tones.
import { blankPicture, paintFrame } from './frame-pattern.ts';
import { ipcmIdrSlice } from './h264-ipcm.ts';
import { pictureParameterSet, sequenceParameterSet } from './h264-parameter-sets.ts';
import { faststartMp4 } from './mp4-avc-movie.ts';
import { wavFile } from './wav.ts';

export class TestMediaError extends Error {
  override name = 'TestMediaError';
}

export interface TestVideoOptions {
  readonly seconds: number;
  /** Frames per second, an integer. @default 10 */
  readonly fps?: number;
  /** Even, in pixels. @default 160 */
  readonly width?: number;
  /** Even, in pixels. @default 120 */
  readonly height?: number;
}

/** Track ticks per frame: the timescale is `fps · TICKS_PER_FRAME`, so durations are exact. */
const TICKS_PER_FRAME = 100;

/**
 * An MP4 of `round(seconds · fps)` frames (at least one). Every frame costs 386 bytes per
 * macroblock (the picture padded to multiples of 16) plus a few: 160×120 (80 macroblocks) at
 * 10 fps ≈ 309 KB/s, so 48 MiB is about 163 s.
 */
export function makeTestVideo(options: TestVideoOptions): Uint8Array {
  const { seconds, fps = 10, width = 160, height = 120 } = options;
  if (!(seconds > 0) || !Number.isFinite(seconds))
    throw new TestMediaError(`seconds must be > 0, got ${seconds}`);
  if (!Number.isInteger(fps) || fps < 1 || fps > 120)
    throw new TestMediaError(`fps must be an integer in 1..120`);
  for (const [name, value] of [
    ['width', width],
    ['height', height],
  ] as const) {
    if (!Number.isInteger(value) || value < 16 || value > 1920 || value % 2) {
      throw new TestMediaError(`${name} must be an even integer in 16..1920, got ${value}`);
    }
  }
  const size = { width, height };
  const frames = Math.max(1, Math.round(seconds * fps));
  const picture = blankPicture(size);
  const samples: Uint8Array[] = [];
  for (let frame = 0; frame < frames; frame++) {
    paintFrame(picture, size, { frame, frames, fps });
    samples.push(lengthPrefixed(ipcmIdrSlice(picture, frame % 2)));
  }
  return faststartMp4({
    width,
    height,
    timescale: fps * TICKS_PER_FRAME,
    sampleDelta: TICKS_PER_FRAME,
    sps: sequenceParameterSet(size),
    pps: pictureParameterSet(),
    samples,
  });
}

export interface TestAudioOptions {
  readonly seconds: number;
  /** @default 22050 */
  readonly sampleRate?: number;
}

/**
 * A mono WAV whose tone steps up every second (so a seek is audible), 2 bytes a sample:
 * 44.1 KB/s at the default rate.
 */
export function makeTestAudio(options: TestAudioOptions): Uint8Array {
  const { seconds, sampleRate = 22050 } = options;
  if (!(seconds > 0) || !Number.isFinite(seconds))
    throw new TestMediaError(`seconds must be > 0, got ${seconds}`);
  if (!Number.isInteger(sampleRate) || sampleRate < 8000 || sampleRate > 192_000) {
    throw new TestMediaError(`sampleRate must be an integer in 8000..192000, got ${sampleRate}`);
  }
  const samples = new Int16Array(Math.max(1, Math.round(seconds * sampleRate)));
  for (let i = 0; i < samples.length; i++) {
    const hz = 220 * 2 ** ((Math.floor(i / sampleRate) % 12) / 12);
    samples[i] = Math.round(8000 * Math.sin((2 * Math.PI * hz * i) / sampleRate));
  }
  return wavFile({ sampleRate, channels: 1 }, samples);
}

function lengthPrefixed(nal: Uint8Array): Uint8Array {
  const out = new Uint8Array(4 + nal.length);
  new DataView(out.buffer).setUint32(0, nal.length);
  out.set(nal, 4);
  return out;
}
