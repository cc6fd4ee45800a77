/**
 * CallFire's recordings: in API 1.1 a call's dial attempts carry `RecordingMeta`s whose
 * `Link` is the audio (REST 1.1 has no other recording endpoint). The link is followed with
 * the instance's credentials, and only when it is a recording path of the instance's own
 * CallFire origin: a link elsewhere, or to another path there, would hand those
 * credentials to something that is not a recording. CallFire serves
 * a recording whole and in its own format, so `format`, `start` and `end` are refused.
 */
import type { Origin } from '../../src/core/adapt.ts';
import { fetchAudio } from '../../src/core/audio-relay.ts';
import { badRequest, InstanceProblem, notFound } from '../../src/core/errors.ts';
import type { AudioRequest, AudioStream, RecordingList } from '../../src/core/media.ts';
import type { AdapterContext } from '../../src/core/provider.ts';
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
    const link = this.recordingLink(found.link, recordingId);
    const origin = this.origin;
    const answer = await fetchAudio(
      ctx,
      {
        operation: 'GetRecording',
        url: link,
        headers: { authorization: this.client.authorizationHeader },
        ...(request.range ? { range: request.range } : {}),
      },
      {
        refusal: (status) => {
          const extras = { providerCode: String(status) };
          if (status === 404)
            return notFound('CallFire has no audio for this recording.', { ...origin, ...extras });
          if (status === 401 || status === 403)
            return new InstanceProblem(
              'provider_auth_failed',
              `refused the recording link (HTTP ${status}).`,
              extras,
            );
          return undefined;
        },
      },
    );
    if (answer.kind === 'audio') return answer.audio;
    throw new InstanceProblem(
      'provider_bad_response',
      'answered the recording link with a document, not audio.',
    );
  }

  /**
   * The link, when it is one of the recording paths of the instance's own origin; a 502
   * otherwise. Another path of that origin (an account page, an API that writes) must not
   * get the instance's credentials either.
   */
  private recordingLink(url: string | null, recordingId: string): string {
    const base = new URL(this.client.baseUrl);
    if (url && isRecordingLink(url, base, recordingId)) return url;
    throw new InstanceProblem(
      'provider_bad_response',
      url
        ? `gave a recording link outside its recording paths on ${base.origin}; it is not followed.`
        : 'gave no link for this recording.',
    );
  }

  private async metas(callId: string, ctx: AdapterContext) {
    return callRecordingMetas(await this.client.getCall(callId, ctx));
  }
}

/**
 * CallFire's recording paths on the instance's origin: API 1.1's `<base>/recording/<id>`
 * (with `.wav` or `.mp3`), and the v2 forms `/v2/calls/recordings/<id>.mp3` and
 * `/v2/calls/<call>/recordings/<name>.mp3` (PROVIDERS.md). No query, no user info.
 */
export function isRecordingLink(raw: string, base: URL, recordingId: string): boolean {
  if (!URL.canParse(raw)) return false;
  const url = new URL(raw);
  if (url.origin !== base.origin || url.search || url.hash || url.username || url.password)
    return false;
  // The path as it was written: a `..` or an encoded separator is no recording path.
  if (/%2e|%2f|%5c/i.test(url.pathname) || raw.includes('/..')) return false;
  const basePath = base.pathname.replace(/\/+$/, '');
  const id = escapeRegExp(recordingId);
  const forms = [
    new RegExp(`^${escapeRegExp(basePath)}/recording/${id}(\\.(wav|mp3))?$`),
    new RegExp(`^/v2/calls/recordings/${id}\\.mp3$`),
    /^\/v2\/calls\/\d{1,19}\/recordings\/[A-Za-z0-9._-]{1,128}\.mp3$/,
  ];
  return forms.some((form) => form.test(url.pathname));
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
