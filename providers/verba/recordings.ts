/**
 * A Verba call's recording: one per call, its media, named by the call's own id. The
 * original comes from GetMedia; a format or a part of it from GetMediaSegment, whose call
 * parameter is `cid` and whose `end` defaults to 10 s, so the gateway always sends one
 * (the call's duration when the caller gave none). A call still going on has no recording
 * yet, only its live audio (GetMediaLive, MP3 only).
 */
import { answeredWithout } from '../../src/core/adapt.ts';
import { badRequest, GatewayError, notFound } from '../../src/core/errors.ts';
import type {
  AudioFormat,
  AudioRequest,
  AudioStream,
  RecordingList,
} from '../../src/core/media.ts';
import { type AdapterContext, gatewayCallId } from '../../src/core/provider.ts';
import type { VerbaClient } from './client.ts';
import { parseDuration, verbaRecordings } from './mapping.ts';
import { openVerbaMedia } from './media.ts';
import type { VerbaCdr } from './xml.ts';

const CONTENT_TYPES: Record<AudioFormat, string> = {
  mp3: 'audio/mpeg',
  pcm16: 'audio/wav',
  pcm8: 'audio/wav',
  ulaw: 'audio/wav',
  alaw: 'audio/wav',
};

const isFinished = (cdr: VerbaCdr) => cdr['@state'] === '1';

export class VerbaRecordings {
  private readonly client: VerbaClient;
  private readonly instance: string;
  private readonly timeZone: string;

  constructor(client: VerbaClient, instance: string, timeZone: string) {
    this.client = client;
    this.instance = instance;
    this.timeZone = timeZone;
  }

  async list(callId: string, ctx: AdapterContext): Promise<RecordingList> {
    const cdr = await this.cdr(callId, ctx);
    const items = verbaRecordings(cdr, this.timeZone).map((recording) => ({
      ...recording,
      // The call's id as the caller wrote it, as the audio route is asked with it.
      id: callId,
    }));
    return { items, live: cdr['@state'] === '0' };
  }

  async audio(
    callId: string,
    recordingId: string,
    request: AudioRequest,
    ctx: AdapterContext,
  ): Promise<AudioStream> {
    if (recordingId.toLowerCase() !== callId.toLowerCase()) {
      throw notFound(`A Verba call has one recording, named by the call's id (${callId}).`, {
        provider: 'verba',
        instance: this.instance,
      });
    }
    const range = request.range ? { range: request.range } : {};
    if (request.format === undefined && request.start === undefined && request.end === undefined) {
      return openVerbaMedia(this.client, 'GetMedia', { callID: callId }, ctx, range);
    }
    const cdr = await this.cdr(callId, ctx);
    if (!isFinished(cdr)) throw this.stillGoing(callId);
    const duration = parseDuration(cdr.duration);
    const start = request.start ?? 0;
    const end = Math.min(request.end ?? duration ?? Number.POSITIVE_INFINITY, duration ?? Infinity);
    if (!Number.isFinite(end)) {
      throw badRequest('Verba gave no duration for this call: give `end`.', [
        { field: 'query.end', message: 'required for this call' },
      ]);
    }
    if (start >= end) {
      throw badRequest(`\`start\` must be before \`end\` and the recording's end (${end} s).`, [
        { field: 'query.start', message: `must be less than ${end}` },
      ]);
    }
    const params: Record<string, string> = {
      cid: callId,
      start: String(start),
      end: String(end),
      // Unconfirmed: which encoding GetMediaSegment picks without `format`; PCM16 WAV is asked.
      format: request.format ?? 'pcm16',
    };
    return openVerbaMedia(this.client, 'GetMediaSegment', params, ctx, {
      ...range,
      expectedType: CONTENT_TYPES[request.format ?? 'pcm16'],
    });
  }

  async live(callId: string, ctx: AdapterContext): Promise<AudioStream> {
    const cdr = await this.cdr(callId, ctx);
    if (isFinished(cdr)) {
      const recordings = `/calls/${gatewayCallId(this.instance, callId)}/recordings`;
      throw new GatewayError(
        409,
        'call_ended',
        `The call has ended: its recording is at ${recordings}.`,
        {
          provider: 'verba',
          instance: this.instance,
          links: { recordings },
        },
      );
    }
    return openVerbaMedia(this.client, 'GetMediaLive', { callID: callId, format: 'mp3' }, ctx, {
      expectedType: 'audio/mpeg',
    });
  }

  private stillGoing(callId: string): GatewayError {
    const live = `/calls/${gatewayCallId(this.instance, callId)}/live-audio`;
    return new GatewayError(
      409,
      'call_in_progress',
      `The call is still going on: follow it at ${live}.`,
      {
        provider: 'verba',
        instance: this.instance,
        links: { liveAudio: live },
      },
    );
  }

  private async cdr(callId: string, ctx: AdapterContext): Promise<VerbaCdr> {
    const answer = await this.client.call('GetCallInformation', { callID: callId }, ctx);
    if (!answer.cdr?.ccdr_id) {
      throw answeredWithout('a verbacdr record');
    }
    return answer.cdr;
  }
}
