/**
 * Recordings and their audio, as every provider kind hands them to the routes: named for
 * the gateway, never for a provider's protocol.
 */
import type { StreamEnd } from './stream.ts';

/**
 * Encodings a caller may ask a recording in. `mp3` is MPEG audio; the others are WAV:
 * 16-bit and 8-bit linear PCM, G.711 µ-law and A-law. A kind that cannot convert says so.
 */
export const AUDIO_FORMATS = ['mp3', 'pcm16', 'pcm8', 'ulaw', 'alaw'] as const;
export type AudioFormat = (typeof AUDIO_FORMATS)[number];

/** One recording of a call, as a provider knows it. */
export interface ProviderRecording {
  /** Unique within the call; what the audio route takes as `recordingId`. */
  id: string;
  name: string | null;
  startedAt: string | null;
  durationSeconds: number | null;
  /** The recording's own encoding, where the provider says or its link shows. */
  format: string | null;
  contentType: string | null;
}

export interface RecordingList {
  items: ProviderRecording[];
  /** The call is going on and its audio can be followed live. */
  live: boolean;
}

export interface AudioRequest {
  /** Re-encoded to this; the original when absent. */
  format?: AudioFormat;
  /** Seconds from the start of the recording. */
  start?: number;
  /** Seconds; the end of the recording when absent. */
  end?: number;
  /** The caller's `Range` header, passed on as it came. */
  range?: string;
}

/** Audio on its way from the provider, to be relayed as it arrives. */
export interface AudioStream {
  /** 206 when the provider honoured a Range, else 200. */
  status: 200 | 206;
  contentType: string;
  contentLength: number | null;
  contentRange: string | null;
  /** The provider said it takes byte ranges. */
  acceptRanges: boolean;
  body: ReadableStream<Uint8Array>;
  done: Promise<StreamEnd>;
}
