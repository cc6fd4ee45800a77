/**
 * Real audio for the sandboxes: every recording is a deterministic sequence of one-second
 * tones (8 kHz mono, the telephone's rate), so any part of it can be produced at once, a
 * 200 MB recording streams without being held in memory, and a test can tell a segment cut
 * at the right place from one cut elsewhere. WAV (PCM16, PCM8, G.711 µ-law and A-law) is
 * written here; MP3 is encoded with @breezystack/lamejs, a kept pure-JavaScript LAME port.
 * Node only, like the sandboxes.
 */
import type { ServerResponse } from 'node:http';
import { Mp3Encoder } from '@breezystack/lamejs';

export const SAMPLE_RATE = 8000;
const TONES = 10;
const MP3_KBPS = 16;

export type WavEncoding = 'pcm16' | 'pcm8' | 'ulaw' | 'alaw';
export type SandboxAudioFormat = WavEncoding | 'mp3';

const WAV_TAG: Record<WavEncoding, number> = { pcm16: 1, pcm8: 1, ulaw: 7, alaw: 6 };
const BYTES_PER_SAMPLE: Record<WavEncoding, number> = { pcm16: 2, pcm8: 1, ulaw: 1, alaw: 1 };

/** One second of tone `k`: whole periods, so consecutive seconds join without a click. */
const toneBlocks: Int16Array[] = Array.from({ length: TONES }, (_, k) => {
  const block = new Int16Array(SAMPLE_RATE);
  const frequency = 300 + 70 * k;
  for (let i = 0; i < SAMPLE_RATE; i++) {
    block[i] = Math.round(6000 * Math.sin((2 * Math.PI * frequency * i) / SAMPLE_RATE));
  }
  return block;
});

const encodedBlocks = new Map<string, Buffer>();
function encodedBlock(tone: number, encoding: WavEncoding): Buffer {
  const key = `${tone} ${encoding}`;
  let block = encodedBlocks.get(key);
  if (!block) {
    block = encodeSamples(toneBlocks[tone] as Int16Array, encoding);
    encodedBlocks.set(key, block);
  }
  return block;
}

/** Which tone plays in second `second` of the recording named `seed`. */
function toneAt(seed: string, second: number): number {
  let hash = 0;
  for (let i = 0; i < seed.length; i++) hash = (hash * 31 + seed.charCodeAt(i)) >>> 0;
  return (hash + second * 7) % TONES;
}

export const samplesIn = (seconds: number) => Math.round(seconds * SAMPLE_RATE);

/** The recording's samples [from, to), in pieces of at most a second, as Int16 PCM. */
export function* pcmSamples(seed: string, from: number, to: number): Generator<Int16Array> {
  let at = from;
  while (at < to) {
    const second = Math.floor(at / SAMPLE_RATE);
    const offset = at - second * SAMPLE_RATE;
    const count = Math.min(SAMPLE_RATE - offset, to - at);
    yield (toneBlocks[toneAt(seed, second)] as Int16Array).subarray(offset, offset + count);
    at += count;
  }
}

/** The same samples encoded, each piece a view of a cached block: no copy per request. */
function* encodedSamples(
  seed: string,
  from: number,
  to: number,
  encoding: WavEncoding,
): Generator<Buffer> {
  const width = BYTES_PER_SAMPLE[encoding];
  let at = from;
  while (at < to) {
    const second = Math.floor(at / SAMPLE_RATE);
    const offset = at - second * SAMPLE_RATE;
    const count = Math.min(SAMPLE_RATE - offset, to - at);
    yield encodedBlock(toneAt(seed, second), encoding).subarray(
      offset * width,
      (offset + count) * width,
    );
    at += count;
  }
}

/** A WAV file's 44-byte header (RIFF, a 16-byte fmt chunk, the data chunk's header). */
export function wavHeader(encoding: WavEncoding, samples: number): Buffer {
  const width = BYTES_PER_SAMPLE[encoding];
  const data = samples * width;
  const header = Buffer.alloc(44);
  header.write('RIFF', 0, 'ascii');
  header.writeUInt32LE(36 + data, 4);
  header.write('WAVE', 8, 'ascii');
  header.write('fmt ', 12, 'ascii');
  header.writeUInt32LE(16, 16);
  header.writeUInt16LE(WAV_TAG[encoding], 20);
  header.writeUInt16LE(1, 22);
  header.writeUInt32LE(SAMPLE_RATE, 24);
  header.writeUInt32LE(SAMPLE_RATE * width, 28);
  header.writeUInt16LE(width, 32);
  header.writeUInt16LE(width * 8, 34);
  header.write('data', 36, 'ascii');
  header.writeUInt32LE(data, 40);
  return header;
}

export const wavSize = (encoding: WavEncoding, samples: number) =>
  44 + samples * BYTES_PER_SAMPLE[encoding];

/**
 * Bytes [first, last] (inclusive, as a Range names them) of the WAV file holding samples
 * [from, to) of the recording.
 */
export function* wavBytes(
  seed: string,
  from: number,
  to: number,
  encoding: WavEncoding,
  first = 0,
  last = wavSize(encoding, to - from) - 1,
): Generator<Buffer> {
  const width = BYTES_PER_SAMPLE[encoding];
  if (first < 44) yield wavHeader(encoding, to - from).subarray(first, Math.min(44, last + 1));
  const dataFirst = Math.max(0, first - 44);
  const dataEnd = last + 1 - 44;
  if (dataEnd <= dataFirst) return;
  // Whole samples around the range, then trimmed to its bytes.
  const startSample = from + Math.floor(dataFirst / width);
  const endSample = from + Math.ceil(dataEnd / width);
  let skip = dataFirst % width;
  let remaining = dataEnd - dataFirst;
  for (const piece of encodedSamples(seed, startSample, endSample, encoding)) {
    const part = piece.subarray(skip, skip + remaining);
    skip = 0;
    remaining -= part.byteLength;
    if (part.byteLength) yield part;
    if (remaining <= 0) return;
  }
}

/** Samples [from, to) encoded as MP3, piece by piece as the encoder produces them. */
export function* mp3Bytes(seed: string, from: number, to: number): Generator<Buffer> {
  const encoder = new Mp3Encoder(1, SAMPLE_RATE, MP3_KBPS);
  for (const piece of pcmSamples(seed, from, to)) {
    const out = encoder.encodeBuffer(piece);
    if (out.byteLength) yield Buffer.from(out.buffer, out.byteOffset, out.byteLength);
  }
  const tail = encoder.flush();
  if (tail.byteLength) yield Buffer.from(tail.buffer, tail.byteOffset, tail.byteLength);
}

/** An MP3 encoder fed a second at a time, for a live call. */
export function liveMp3(seed: string): { next(second: number): Buffer } {
  const encoder = new Mp3Encoder(1, SAMPLE_RATE, MP3_KBPS);
  return {
    next(second) {
      const [samples] = [
        ...pcmSamples(seed, second * SAMPLE_RATE, (second + 1) * SAMPLE_RATE),
      ] as Int16Array[];
      const out = encoder.encodeBuffer(samples as Int16Array);
      return Buffer.from(out.buffer, out.byteOffset, out.byteLength);
    },
  };
}

/**
 * Writes the pieces as the client takes them (waiting on `drain`) and stops when it goes
 * away. Resolves with the bytes written and whether the client left before the end.
 */
export async function writePieces(
  res: ServerResponse,
  pieces: Iterable<Buffer>,
): Promise<{ bytes: number; aborted: boolean }> {
  let bytes = 0;
  for (const piece of pieces) {
    if (res.destroyed) return { bytes, aborted: true };
    bytes += piece.byteLength;
    if (!res.write(piece)) {
      const closed = await new Promise<boolean>((resolve) => {
        const drained = () => finish(false);
        const closed = () => finish(true);
        const finish = (value: boolean) => {
          res.off('drain', drained);
          res.off('close', closed);
          resolve(value);
        };
        res.on('drain', drained);
        res.on('close', closed);
      });
      if (closed) return { bytes, aborted: true };
    }
  }
  if (res.destroyed) return { bytes, aborted: true };
  res.end();
  return { bytes, aborted: false };
}

function encodeSamples(samples: Int16Array, encoding: WavEncoding): Buffer {
  const out = Buffer.alloc(samples.length * BYTES_PER_SAMPLE[encoding]);
  for (let i = 0; i < samples.length; i++) {
    const sample = samples[i] as number;
    switch (encoding) {
      case 'pcm16':
        out.writeInt16LE(sample, i * 2);
        break;
      case 'pcm8':
        out[i] = (sample >> 8) + 128;
        break;
      case 'ulaw':
        out[i] = linearToUlaw(sample);
        break;
      case 'alaw':
        out[i] = linearToAlaw(sample);
        break;
    }
  }
  return out;
}

/** G.711 µ-law, as ITU-T G.711 and every telephony library encode it. */
function linearToUlaw(sample: number): number {
  const BIAS = 0x84;
  const sign = sample < 0 ? 0x80 : 0;
  let magnitude = Math.min(Math.abs(sample), 32635) + BIAS;
  let exponent = 7;
  for (let mask = 0x4000; (magnitude & mask) === 0 && exponent > 0; mask >>= 1) exponent--;
  const mantissa = (magnitude >> (exponent + 3)) & 0x0f;
  magnitude = ~(sign | (exponent << 4) | mantissa);
  return magnitude & 0xff;
}

/** G.711 A-law: the segment is the first whose end is at or above the 13-bit magnitude. */
const ALAW_SEGMENT_ENDS = [0x1f, 0x3f, 0x7f, 0xff, 0x1ff, 0x3ff, 0x7ff, 0xfff];
function linearToAlaw(sample: number): number {
  const mask = sample >= 0 ? 0xd5 : 0x55;
  const magnitude = sample >= 0 ? sample >> 3 : (-sample - 1) >> 3;
  const segment = ALAW_SEGMENT_ENDS.findIndex((end) => magnitude <= end);
  if (segment < 0) return 0x7f ^ mask;
  const mantissa = (segment < 2 ? magnitude >> 1 : magnitude >> segment) & 0x0f;
  return ((segment << 4) | mantissa) ^ mask;
}
