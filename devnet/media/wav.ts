// A RIFF/WAVE file of 16-bit PCM (the canonical 44-byte header, then little-endian samples):
// every browser plays it and any byte offset maps linearly to a time, so it is seekable anywhere.

export interface WavFormat {
  readonly sampleRate: number;
  readonly channels: number;
}

export const WAV_HEADER_BYTES = 44;

/** A WAV file of `samples` (interleaved, −32768..32767). */
export function wavFile(format: WavFormat, samples: Int16Array): Uint8Array {
  const { sampleRate, channels } = format;
  const dataBytes = samples.length * 2;
  const out = new Uint8Array(WAV_HEADER_BYTES + dataBytes);
  const view = new DataView(out.buffer);
  const ascii = (at: number, text: string) => {
    for (let i = 0; i < text.length; i++) out[at + i] = text.charCodeAt(i);
  };
  ascii(0, 'RIFF');
  view.setUint32(4, out.length - 8, true);
  ascii(8, 'WAVE');
  ascii(12, 'fmt ');
  view.setUint32(16, 16, true); // fmt chunk size
  view.setUint16(20, 1, true); // WAVE_FORMAT_PCM
  view.setUint16(22, channels, true);
  view.setUint32(24, sampleRate, true);
  view.setUint32(28, sampleRate * channels * 2, true); // byte rate
  view.setUint16(32, channels * 2, true); // block align
  view.setUint16(34, 16, true); // bits per sample
  ascii(36, 'data');
  view.setUint32(40, dataBytes, true);
  samples.forEach((sample, i) => view.setInt16(WAV_HEADER_BYTES + 2 * i, sample, true));
  return out;
}
