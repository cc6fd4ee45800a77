/**
 * The Verba sandbox's media and search actions, as Verba's pages "Get Media", "Get Media
 * Segment", "Get Media Live" and "Search Calls" describe them: GetMedia streams the
 * recording in its original format (WAV PCM16 here), GetMediaSegment cuts and re-encodes
 * it (`cid`, `start`/`end` in seconds, defaults 0 and 10, `format`), GetMediaLive streams
 * an ongoing call as MP3 while it lasts, and SearchCalls lists the CDRs whose start falls
 * in a window given in the API user's zone.
 *
 * What the pages leave open is decided here, and the gateway must not rely on it: GetMedia
 * honours one byte range (GetMediaSegment ignores Range), the content types are
 * audio/wav and audio/mpeg except for one call served as application/octet-stream, and
 * SearchCalls wraps its records in `verbacdrlist`, as a third-party client reads them.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  liveMp3,
  mp3Bytes,
  type SandboxAudioFormat,
  samplesIn,
  type WavEncoding,
  wavBytes,
  wavSize,
  writePieces,
} from '../../sandbox/audio.ts';

/** What the media actions need to know of a sandbox call. */
export interface MediaCall {
  id: string;
  status: 'ongoing' | 'next' | 'finished';
  /** Seconds recorded: the call's duration, or so far for an ongoing call. */
  recordedSeconds(): number;
  /** The original is served as application/octet-stream, as some servers label files. */
  untypedMedia: boolean;
}

/** A Verba error answer, raised by the media actions before any byte is written. */
export class MediaRefusal extends Error {
  readonly code: string;
  constructor(code: string, message: string) {
    super(message);
    this.code = code;
  }
}

export const MEDIA_ACTIONS = ['GetMedia', 'GetMediaSegment', 'GetMediaLive'] as const;
const SEGMENT_FORMATS: readonly SandboxAudioFormat[] = ['mp3', 'pcm16', 'pcm8', 'ulaw', 'alaw'];
// Formats Verba lists that the sandbox has no encoder for.
const UNSUPPORTED_FORMATS = [
  'msadpcm',
  'gsmfr',
  'speex',
  'speex_vad',
  'speex_hq',
  'speex_vad_hq',
  'opus',
  'opus_vad',
  'opus_hq',
];

export interface MediaResult {
  bytes: number;
  aborted: boolean;
}

export interface LiveOptions {
  /** Wall-clock milliseconds per second of live audio. */
  secondMs: number;
  /** Whether the call is still going on. */
  ongoing(): boolean;
}

/** GetMedia: the whole original, or the byte range asked for. */
export function serveMedia(
  call: MediaCall,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<MediaResult> {
  if (call.status !== 'finished') {
    throw new MediaRefusal('-7', 'The call is still being recorded; use GetMediaLive.');
  }
  const samples = samplesIn(call.recordedSeconds());
  const size = wavSize('pcm16', samples);
  const type = call.untypedMedia ? 'application/octet-stream' : 'audio/wav';
  const range = parseRange(req.headers.range, size);
  if (range === 'unsatisfiable') {
    res.writeHead(416, { 'content-range': `bytes */${size}`, 'content-type': 'text/plain' });
    res.end('Requested range not satisfiable');
    return Promise.resolve({ bytes: 0, aborted: false });
  }
  const [first, last] = range ?? [0, size - 1];
  res.writeHead(range ? 206 : 200, {
    'content-type': type,
    'content-length': last - first + 1,
    'accept-ranges': 'bytes',
    ...(range ? { 'content-range': `bytes ${first}-${last}/${size}` } : {}),
  });
  return writePieces(res, wavBytes(call.id, 0, samples, 'pcm16', first, last));
}

/** GetMediaSegment: `start`..`end` seconds, re-encoded as `format`. Range is not honoured. */
export function serveSegment(
  call: MediaCall,
  params: URLSearchParams,
  res: ServerResponse,
): Promise<MediaResult> {
  if (call.status !== 'finished') {
    throw new MediaRefusal('-7', 'The call is still being recorded; use GetMediaLive.');
  }
  const seconds = (name: string, fallback: number) => {
    const raw = params.get(name);
    if (raw === null || raw === '') return fallback;
    if (!/^\d+(\.\d+)?$/.test(raw)) throw new MediaRefusal('-4', `Invalid ${name} '${raw}'.`);
    return Number(raw);
  };
  const duration = call.recordedSeconds();
  const start = seconds('start', 0);
  const end = Math.min(seconds('end', 10), duration);
  if (start >= end) throw new MediaRefusal('-4', `Invalid segment ${start}-${end} s.`);
  const format = (params.get('format') ?? 'pcm16') as SandboxAudioFormat;
  if (UNSUPPORTED_FORMATS.includes(format)) {
    throw new MediaRefusal('-4', `The format '${format}' is not available on this server.`);
  }
  if (!SEGMENT_FORMATS.includes(format))
    throw new MediaRefusal('-4', `Invalid format '${format}'.`);
  const from = samplesIn(start);
  const to = samplesIn(end);
  if (format === 'mp3') {
    res.writeHead(200, { 'content-type': 'audio/mpeg' });
    return writePieces(res, mp3Bytes(call.id, from, to));
  }
  const encoding = format as WavEncoding;
  res.writeHead(200, {
    'content-type': 'audio/wav',
    'content-length': wavSize(encoding, to - from),
  });
  return writePieces(res, wavBytes(call.id, from, to, encoding));
}

/** GetMediaLive: MP3, a second at a time as it is "spoken", until the call ends. */
export async function serveLive(
  call: MediaCall,
  params: URLSearchParams,
  res: ServerResponse,
  options: LiveOptions,
): Promise<MediaResult> {
  if (call.status !== 'ongoing') {
    throw new MediaRefusal('-7', 'The call is not ongoing; use GetMedia for its recording.');
  }
  const format = params.get('format') ?? 'mp3';
  if (format !== 'mp3')
    throw new MediaRefusal('-4', 'Only the mp3 format is supported for live calls.');
  res.writeHead(200, { 'content-type': 'audio/mpeg', 'cache-control': 'no-store' });
  const encoder = liveMp3(call.id);
  let second = Math.floor(call.recordedSeconds());
  let bytes = 0;
  while (options.ongoing()) {
    if (res.destroyed) return { bytes, aborted: true };
    const piece = encoder.next(second++);
    bytes += piece.byteLength;
    res.write(piece);
    await new Promise<void>((resolve) => {
      const timer = setTimeout(done, options.secondMs);
      function done() {
        clearTimeout(timer);
        res.off('close', done);
        resolve();
      }
      res.once('close', done);
    });
  }
  if (res.destroyed) return { bytes, aborted: true };
  res.end();
  return { bytes, aborted: false };
}

/**
 * Answers a fault that stalls: the headers and the first bytes of the audio, then silence
 * until the client gives up.
 */
export function serveStall(call: MediaCall, res: ServerResponse): void {
  const samples = samplesIn(Math.min(call.recordedSeconds(), 10));
  res.writeHead(200, { 'content-type': 'audio/wav' });
  for (const piece of wavBytes(call.id, 0, samples, 'pcm16', 0, 16 * 1024 - 1)) res.write(piece);
}

/** `bytes=a-b`, `bytes=a-` or `bytes=-n`; null when absent or not a single byte range. */
function parseRange(
  header: string | undefined,
  size: number,
): [number, number] | 'unsatisfiable' | null {
  const match = header ? /^bytes=(\d*)-(\d*)$/.exec(header.trim()) : null;
  if (!match || (match[1] === '' && match[2] === '')) return null;
  let first: number;
  let last: number;
  if (match[1] === '') {
    first = Math.max(0, size - Number(match[2]));
    last = size - 1;
  } else {
    first = Number(match[1]);
    last = match[2] === '' ? size - 1 : Math.min(Number(match[2]), size - 1);
  }
  if (first >= size || first > last) return 'unsatisfiable';
  return [first, last];
}
