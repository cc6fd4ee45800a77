/**
 * CallFire's recordings: in API 1.1 a call's dial attempts carry `RecordingMeta`s whose
 * `Link` is the audio (REST 1.1 has no other recording endpoint). The link is followed with
 * the instance's credentials, and only when it points at the instance's own CallFire
 * origin: a link elsewhere would hand those credentials to another server. CallFire serves
 * a recording whole and in its own format, so `format`, `start` and `end` are refused.
 */
import type { Origin } from '../../src/core/adapt.ts';
import { looksLikeMarkup, mediaTypeOf, sniffAudio } from '../../src/core/audio-type.ts';
import {
  badRequest,
  GatewayError,
  notFound,
  providerAuthFailed,
  providerBadResponse,
  providerError,
} from '../../src/core/errors.ts';
import type { AudioRequest, AudioStream, RecordingList } from '../../src/core/media.ts';
import type { AdapterContext } from '../../src/core/provider.ts';
import { peekBody } from '../../src/core/stream.ts';
import type { CallFireClient } from './client.ts';
import { callRecordingMetas } from './mapping.ts';

export class CallFireRecordings {
  private readonly client: CallFireClient;
  private readonly origin: Origin;
  private readonly instance: string;

  constructor(client: CallFireClient, origin: Origin) {
    this.client = client;
    this.origin = origin;
    this.instance = origin.instance;
  }

  async list(callId: string, ctx: AdapterContext): Promise<RecordingList> {
    const metas = await this.metas(callId, ctx);
    return { items: metas.map(({ recording }) => recording), live: false };
  }

  async audio(
    callId: string,
    recordingId: string,
    request: AudioRequest,
    ctx: AdapterContext,
  ): Promise<AudioStream> {
    const refused = (['format', 'start', 'end'] as const).filter(
      (name) => request[name] !== undefined,
    );
    if (refused.length) {
      throw badRequest(
        `CallFire serves a recording only whole and in its own format: drop ${refused.join(', ')} (Range is passed on).`,
        refused.map((name) => ({ field: `query.${name}`, message: 'not supported by callfire' })),
      );
    }
    const found = (await this.metas(callId, ctx)).find(
      ({ recording }) => recording.id === recordingId,
    );
    if (!found) {
      throw notFound('The call has no such recording.', {
        provider: 'callfire',
        instance: this.instance,
      });
    }
    const link = this.ownLink(found.link);
    const stream = await ctx.stream({
      operation: 'GetRecording',
      url: link,
      headers: {
        accept: 'audio/*, */*;q=0.5',
        authorization: this.client.authorizationHeader,
        ...(request.range ? { range: request.range } : {}),
      },
      maxBodyBytes: Number.MAX_SAFE_INTEGER,
    });
    const origin = this.origin;
    if (stream.status !== 200 && stream.status !== 206) {
      await stream.body.cancel();
      const extras = { ...origin, providerCode: String(stream.status) };
      if (stream.status === 404)
        throw notFound('CallFire has no audio for this recording.', extras);
      if (stream.status === 401 || stream.status === 403)
        throw providerAuthFailed(
          `CallFire instance '${this.instance}' refused the recording link (HTTP ${stream.status}).`,
          extras,
        );
      if (stream.status === 416)
        throw new GatewayError(
          416,
          'range_not_satisfiable',
          'The requested range is outside the recording.',
          origin,
        );
      throw providerError(
        `CallFire instance '${this.instance}' answered the recording link with HTTP ${stream.status}.`,
        extras,
      );
    }
    const { head, body } = await peekBody(stream.body, 16);
    const declared = mediaTypeOf(stream.header('content-type'));
    if (!declared?.startsWith('audio/') && looksLikeMarkup(head)) {
      await body.cancel();
      throw providerBadResponse(
        `CallFire instance '${this.instance}' answered the recording link with a document, not audio.`,
        origin,
      );
    }
    const length = stream.header('content-length');
    return {
      status: stream.status,
      contentType: declared?.startsWith('audio/')
        ? declared
        : (sniffAudio(head)?.contentType ?? declared ?? 'application/octet-stream'),
      contentLength:
        length && /^\d+$/.test(length) && !stream.header('content-encoding')
          ? Number(length)
          : null,
      contentRange: stream.status === 206 ? (stream.header('content-range') ?? null) : null,
      acceptRanges: stream.header('accept-ranges')?.toLowerCase() === 'bytes',
      body,
      done: stream.done,
    };
  }

  /** The link, when it is on the instance's own origin; a 502 otherwise. */
  private ownLink(url: string | null): string {
    const origin = new URL(this.client.baseUrl).origin;
    if (url && URL.canParse(url) && new URL(url).origin === origin) return url;
    throw providerBadResponse(
      url
        ? `CallFire instance '${this.instance}' gave a recording link outside ${origin}; it is not followed.`
        : `CallFire instance '${this.instance}' gave no link for this recording.`,
      this.origin,
    );
  }

  private async metas(callId: string, ctx: AdapterContext) {
    return callRecordingMetas(await this.client.getCall(callId, ctx));
  }
}
