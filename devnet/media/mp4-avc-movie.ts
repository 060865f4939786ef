// A progressive ("faststart") MP4 of one H.264 video track: ftyp, then moov with the complete
// sample tables, then mdat, so a player knows every sample's time and offset after reading the
// first few kilobytes and can seek with one range request. Every sample is listed as a sync sample.
import {
  box,
  boxHeader,
  fourcc,
  fullBox,
  u16,
  u32,
  u32s,
  u8,
  UNITY_MATRIX,
  zeros,
  type Bytes,
} from './mp4-boxes.ts';
import { concatBytes as concat } from '../chain/bytes.ts';
import { CONSTRAINT_FLAGS, LEVEL_IDC, PROFILE_IDC } from './h264-parameter-sets.ts';

export interface AvcMovie {
  readonly width: number;
  readonly height: number;
  /** Ticks per second of the track; each sample lasts `sampleDelta` ticks. */
  readonly timescale: number;
  readonly sampleDelta: number;
  /** NAL units without start codes. */
  readonly sps: Bytes;
  readonly pps: Bytes;
  /** One access unit each, NAL units already prefixed with their 4-byte lengths. */
  readonly samples: readonly Bytes[];
}

/** Movie header timescale: milliseconds. */
const MOVIE_TIMESCALE = 1000;
/** `und` in the packed ISO-639-2/T form of `mdhd`. */
const LANGUAGE_UND = 0x55c4;

export function faststartMp4(movie: AvcMovie): Bytes {
  const ftyp = box(
    'ftyp',
    fourcc('isom'),
    u32(0x200),
    fourcc('isom'),
    fourcc('iso2'),
    fourcc('avc1'),
    fourcc('mp41'),
  );
  const sizes = movie.samples.map((s) => s.length);
  // The chunk offsets depend on moov's size, which does not depend on their values.
  const moovLength = moov(movie, sizes, new Array<number>(sizes.length).fill(0)).length;
  const offsets: number[] = [];
  let offset = ftyp.length + moovLength + 8;
  for (const size of sizes) {
    offsets.push(offset);
    offset += size;
  }
  const mdatLength = offset - (ftyp.length + moovLength + 8);
  return concat([ftyp, moov(movie, sizes, offsets), boxHeader('mdat', mdatLength), ...movie.samples]);
}

function moov(movie: AvcMovie, sizes: readonly number[], offsets: readonly number[]): Bytes {
  const count = sizes.length;
  const mediaDuration = count * movie.sampleDelta;
  const movieDuration = Math.round((mediaDuration * MOVIE_TIMESCALE) / movie.timescale);
  const mvhd = fullBox(
    'mvhd',
    0,
    0,
    u32(0), // creation_time
    u32(0), // modification_time
    u32(MOVIE_TIMESCALE),
    u32(movieDuration),
    u32(0x0001_0000), // rate 1.0
    u16(0x0100), // volume 1.0
    zeros(10),
    UNITY_MATRIX,
    zeros(24), // pre_defined
    u32(2), // next_track_ID
  );
  const tkhd = fullBox(
    'tkhd',
    0,
    0x3, // track_enabled | track_in_movie
    u32(0),
    u32(0),
    u32(1), // track_ID
    zeros(4),
    u32(movieDuration),
    zeros(8),
    u16(0), // layer
    u16(0), // alternate_group
    u16(0), // volume: a video track is silent
    zeros(2),
    UNITY_MATRIX,
    u32(movie.width * 0x1_0000),
    u32(movie.height * 0x1_0000),
  );
  const mdhd = fullBox(
    'mdhd',
    0,
    0,
    u32(0),
    u32(0),
    u32(movie.timescale),
    u32(mediaDuration),
    u16(LANGUAGE_UND),
    u16(0),
  );
  const hdlr = fullBox(
    'hdlr',
    0,
    0,
    u32(0),
    fourcc('vide'),
    zeros(12),
    new TextEncoder().encode('VideoHandler\0'),
  );
  const vmhd = fullBox('vmhd', 0, 1, u16(0), zeros(6));
  const dinf = box('dinf', fullBox('dref', 0, 0, u32(1), fullBox('url ', 0, 1)));
  const stbl = box(
    'stbl',
    fullBox('stsd', 0, 0, u32(1), avc1(movie)),
    fullBox('stts', 0, 0, u32(1), u32s([count, movie.sampleDelta])),
    fullBox('stss', 0, 0, u32(count), u32s(sizes.map((_, i) => i + 1))),
    // One sample per chunk: one table entry covers them all and stco lists every sample.
    fullBox('stsc', 0, 0, u32(1), u32s([1, 1, 1])),
    fullBox('stsz', 0, 0, u32(0), u32(count), u32s(sizes)),
    fullBox('stco', 0, 0, u32(count), u32s(offsets)),
  );
  const minf = box('minf', vmhd, dinf, stbl);
  return box('moov', mvhd, box('trak', tkhd, box('mdia', mdhd, hdlr, minf)));
}

/** The `avc1` visual sample entry (ISO/IEC 14496-12 §12.1.3) with its `avcC` (14496-15 §5.3.3). */
function avc1(movie: AvcMovie): Bytes {
  const avcC = box(
    'avcC',
    u8(1), // configurationVersion
    u8(PROFILE_IDC),
    u8(CONSTRAINT_FLAGS),
    u8(LEVEL_IDC),
    u8(0xfc | 3), // lengthSizeMinusOne = 3: 4-byte NAL lengths
    u8(0xe0 | 1), // one SPS
    u16(movie.sps.length),
    movie.sps,
    u8(1), // one PPS
    u16(movie.pps.length),
    movie.pps,
  );
  return box(
    'avc1',
    zeros(6),
    u16(1), // data_reference_index
    zeros(16), // pre_defined and reserved
    u16(movie.width),
    u16(movie.height),
    u32(0x0048_0000), // 72 dpi
    u32(0x0048_0000),
    zeros(4),
    u16(1), // frame_count
    zeros(32), // compressorname
    u16(0x0018), // depth
    u16(0xffff), // pre_defined = -1
    avcC,
  );
}
