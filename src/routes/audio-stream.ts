/**
 * The streaming part of the audio routes, for every route that serves a recording or a
 * call's live audio (the authenticated routes in recordings.ts, and any other way in to
 * the same audio): the stream budget taken before anything is sent, the provider's audio
 * fetched through the core (core/audio-relay.ts), and the answer with the gateway's own
 * headers. No Hono context: a caller passes what the request says.
 */
import { extensionOf } from '../core/audio-type.ts';
import type { RequestInstance } from '../core/instance.ts';
import type { AudioRequest, AudioStream } from '../core/media.ts';
import type { StreamEnd } from '../core/stream.ts';

export interface RecordingStreamRequest {
  /** The instance, as the request resolved it (`instances.resolve(id)`). */
  instance: RequestInstance;
  /** The provider's call id, and the gateway's (`<instance>_<callId>`, for the file name). */
  callId: string;
  gatewayId: string;
  /** A recording of the call; null for the call's live audio. */
  recordingId: string | null;
  /** Format, segment and the caller's Range (Range is the only one live audio takes). */
  audio: AudioRequest;
  /** The caller's request: when it ends, the upstream one does too. */
  signal?: AbortSignal;
  /** Whose stream it is: the per-key share of the stream budget, and the audit line's name. */
  keyName: string | null;
  /**
   * Breaks the caller's connection (Node: destroys the socket) when the audio is cut short,
   * so the caller sees a broken answer; see `responseCutter`.
   */
  cut?: () => void;
}

export interface RecordingStream {
  response: Response;
  /** Settles once the audio has ended, however it ended (for the audit line); never rejects. */
  done: Promise<StreamEnd>;
}

/**
 * The audio as a Response. Throws the problem (a GatewayError) when there is none: over
 * budget (429/503, nothing sent), refused by the provider, not audio.
 */
export async function streamRecording(request: RecordingStreamRequest): Promise<RecordingStream> {
  const { instance, callId, recordingId, signal } = request;
  const release = instance.admitStream(request.keyName);
  let audio: AudioStream;
  try {
    audio =
      recordingId === null
        ? await instance.liveAudio(callId, signal)
        : await instance.audio(callId, recordingId, request.audio, signal);
  } catch (error) {
    release();
    throw error;
  }
  void audio.done.then(release);
  const stem = `${request.gatewayId}_${recordingId ?? 'live'}`;
  const body = quietlyCut(audio.body, request.cut);
  return { response: audioResponse({ ...audio, body }, stem), done: audio.done };
}

/**
 * The body as the runtime should see it end when the upstream breaks (a reset, the media
 * cap): an error thrown into the runtime is logged as uncaught (Node's server adapter
 * prints it; Workers count an invocation error) for an outcome the gateway has already
 * logged once and audited. So the connection is cut where the runtime allows it, and the
 * stream ends without an error.
 */
function quietlyCut(
  body: ReadableStream<Uint8Array>,
  cut: (() => void) | undefined,
): ReadableStream<Uint8Array> {
  const reader = body.getReader();
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        let chunk: Awaited<ReturnType<typeof reader.read>>;
        try {
          chunk = await reader.read();
        } catch {
          cut?.();
          controller.close();
          return;
        }
        if (chunk.done) controller.close();
        else controller.enqueue(chunk.value);
      },
      cancel(reason) {
        return reader.cancel(reason);
      },
    },
    { highWaterMark: 0 },
  );
}

/**
 * How to break a request's connection: on Node the server adapter hands the app the
 * response object (`env.outgoing`); the Worker has no such handle (docs/workers.md).
 */
export function responseCutter(env: unknown): (() => void) | undefined {
  const outgoing = (env as { outgoing?: { destroy?: unknown } } | undefined)?.outgoing;
  if (!outgoing || typeof outgoing.destroy !== 'function') return undefined;
  return () => (outgoing.destroy as () => void).call(outgoing);
}

/** The provider's audio as the answer: its bytes untouched, the headers the gateway's own. */
function audioResponse(audio: AudioStream, fileStem: string): Response {
  const headers = new Headers({
    'content-type': audio.contentType,
    'content-disposition': `inline; filename="${fileStem}.${extensionOf(audio.contentType)}"`,
    'cache-control': 'private, no-store',
    'x-content-type-options': 'nosniff',
    'accept-ranges': audio.acceptRanges ? 'bytes' : 'none',
  });
  if (audio.contentLength !== null) headers.set('content-length', String(audio.contentLength));
  if (audio.contentRange) headers.set('content-range', audio.contentRange);
  return new Response(audio.body, { status: audio.status, headers });
}
