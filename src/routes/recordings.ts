/**
 * A call's recordings and their audio. The list is call metadata (`calls:read`); audio is
 * the recording itself and needs `recordings:read`, and every audio request is audited
 * (middleware/listen-audit.ts). Audio is relayed as it arrives, never buffered.
 */
import { createRoute, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { CallRecordingSchema, callRecording } from '../core/call.ts';
import type { AppEnv } from '../core/env.ts';
import { badRequest } from '../core/errors.ts';
import { AUDIO_FORMATS, type AudioFormat } from '../core/media.ts';
import { PROBLEM_CONTENT_TYPE } from '../core/problem.ts';
import { AUTH_ERRORS, errorResponses, PROVIDER_ERRORS, ProblemSchema } from '../schemas/problem.ts';
import { CallIdParam, RangeHeader, segmentSeconds } from '../schemas/requests.ts';
import { requires } from '../schemas/security.ts';
import { responseCutter, streamRecording } from './audio-stream.ts';
import { createRouter } from './router.ts';

const tags = ['calls'];
const VERBA_CALL = 'verba_a8343631-9f35-4a3a-83f0-9e81592339fb';
const VERBA_RECORDING = 'a8343631-9f35-4a3a-83f0-9e81592339fb';

const RECORDINGS_EXAMPLE = {
  callId: VERBA_CALL,
  items: [
    {
      id: VERBA_RECORDING,
      callId: VERBA_CALL,
      name: null,
      startedAt: '2026-11-20T09:15:02.120Z',
      durationSeconds: 754,
      format: null,
      contentType: null,
      links: { audio: `/calls/${VERBA_CALL}/recordings/${VERBA_RECORDING}/audio` },
    },
  ],
  links: { liveAudio: null },
};

const CALLFIRE_RECORDINGS_EXAMPLE = {
  callId: 'callfire_224205641003',
  items: [
    {
      id: '88100002',
      callId: 'callfire_224205641003',
      name: 'menu-choice',
      startedAt: '2014-06-19T09:12:14.000Z',
      durationSeconds: 12,
      format: 'wav',
      contentType: 'audio/wav',
      links: { audio: '/calls/callfire_224205641003/recordings/88100002/audio' },
    },
  ],
  links: { liveAudio: null },
};

export const CallRecordingListSchema = z
  .object({
    callId: z.string(),
    items: z.array(CallRecordingSchema),
    links: z.object({
      liveAudio: z.string().nullable().openapi({
        description: 'While the call goes on: its live audio (scope `recordings:read`).',
      }),
    }),
  })
  .openapi('CallRecordingList');

export const RecordingParams = CallIdParam.extend({
  recordingId: z
    .string()
    .regex(/^[A-Za-z0-9._-]{1,128}$/, 'must be a recording id from the recording list')
    .openapi({
      param: { name: 'recordingId', in: 'path' },
      description: 'A recording `id` from `GET /calls/{id}/recordings`.',
      example: VERBA_RECORDING,
    }),
});

export const AudioQuery = z.object({
  format: z.enum(AUDIO_FORMATS).optional().openapi({
    description:
      'Re-encode: `mp3`, or WAV as `pcm16`, `pcm8`, `ulaw` (G.711 µ-law), `alaw` (G.711 A-law). The original when absent.',
    example: 'mp3',
  }),
  start: segmentSeconds('Start of a segment, in seconds (default 0).', {
    positive: false,
    example: 30,
  }),
  end: segmentSeconds(
    "End of a segment, in seconds, after `start` (default: the recording's end).",
    { positive: true, example: 90 },
  ),
});

export const AudioHeaders = z.object({ range: RangeHeader });

const binary = z.string().openapi({ format: 'binary' });
const AUDIO_TYPES = ['audio/wav', 'audio/mpeg', 'application/octet-stream'];
const audioContent = Object.fromEntries(
  AUDIO_TYPES.map((type) => [type, { schema: binary, example: `(${type} bytes)` }]),
);
const str = { type: 'string' as const };
const AUDIO_HEADERS = {
  'Content-Type': {
    description: 'What the audio is, from the provider or its first bytes.',
    schema: str,
  },
  'Content-Length': {
    description: 'When the provider says.',
    schema: { type: 'integer' as const },
  },
  'Content-Disposition': {
    description: '`inline`, with a file name made of the gateway ids.',
    schema: str,
  },
  'Cache-Control': {
    description: '`private, no-store`: audio stays out of shared caches.',
    schema: str,
  },
  'Accept-Ranges': {
    description: '`bytes` when the provider takes ranges, else `none`.',
    schema: str,
  },
};

/** A recording's audio, whole or the byte range asked for: what signed links answer too. */
export const AUDIO_RESPONSES = {
  200: { description: 'The audio.', headers: AUDIO_HEADERS, content: audioContent },
  206: {
    description: 'The byte range asked for, when the provider honours `Range`.',
    headers: {
      ...AUDIO_HEADERS,
      'Content-Range': { description: 'The part sent, and the whole size.', schema: str },
    },
    content: audioContent,
  },
};

const ENDED_CALL = {
  description: 'The call has ended: `links.recordings` is where its recording is.',
  content: {
    [PROBLEM_CONTENT_TYPE]: {
      schema: ProblemSchema,
      example: {
        type: 'urn:callgate:problem:call_ended',
        title: 'The call has ended',
        status: 409,
        detail: `The call has ended: its recording is at /calls/${VERBA_CALL}/recordings.`,
        code: 'call_ended',
        requestId: '0f6b1c9e-2f4a-4c55-9d3e-6b1a2c3d4e5f',
        provider: 'verba',
        instance: 'verba',
        links: { recordings: `/calls/${VERBA_CALL}/recordings` },
      },
    },
  },
};

export const listRecordings = createRoute({
  method: 'get',
  path: '/calls/{id}/recordings',
  operationId: 'listRecordings',
  security: requires('calls:read'),
  summary: "List a call's recordings",
  description:
    "The call's recordings, each with `links.audio`. A Verba call has one (its media) once it has ended; a CallFire call one per recording of its dial attempts. While a Verba call goes on, `links.liveAudio` follows it.",
  tags,
  request: { params: CallIdParam },
  responses: {
    200: {
      description: 'The recordings.',
      content: {
        'application/json': {
          schema: CallRecordingListSchema,
          examples: {
            verba: { summary: 'A finished Verba call', value: RECORDINGS_EXAMPLE },
            callfire: { summary: 'A CallFire recording', value: CALLFIRE_RECORDINGS_EXAMPLE },
          },
        },
      },
    },
    ...errorResponses(...AUTH_ERRORS, 404, ...PROVIDER_ERRORS),
  },
});

export const getRecordingAudio = createRoute({
  method: 'get',
  path: '/calls/{id}/recordings/{recordingId}/audio',
  operationId: 'getRecordingAudio',
  security: requires('recordings:read'),
  summary: 'Stream a recording',
  description:
    'The audio, relayed as it arrives. Without a query, the original recording; with `format`, `start` or `end`, a segment re-encoded by the provider (Verba; `end` defaults to the end of the call). CallFire serves its recordings whole, in their own format: it refuses `format`, `start` and `end` with a 400. `Range` is passed on. Every request leaves an audit line.',
  tags,
  request: { params: RecordingParams, query: AudioQuery, headers: AudioHeaders },
  responses: {
    ...AUDIO_RESPONSES,
    ...errorResponses(...AUTH_ERRORS, 404, 416, 429, ...PROVIDER_ERRORS),
    409: {
      description: 'The call is still going on: `links.liveAudio` follows it.',
      content: {
        [PROBLEM_CONTENT_TYPE]: {
          schema: ProblemSchema,
          example: {
            type: 'urn:callgate:problem:call_in_progress',
            title: 'The call is still going on',
            status: 409,
            detail:
              'The call is still going on: follow it at /calls/verba_5d0b6f0c-7f64-4d3e-9a51-2c1f0f6e8a10/live-audio.',
            code: 'call_in_progress',
            requestId: '0f6b1c9e-2f4a-4c55-9d3e-6b1a2c3d4e5f',
            provider: 'verba',
            instance: 'verba',
            links: { liveAudio: '/calls/verba_5d0b6f0c-7f64-4d3e-9a51-2c1f0f6e8a10/live-audio' },
          },
        },
      },
    },
  },
});

export const getLiveAudio = createRoute({
  method: 'get',
  path: '/calls/{id}/live-audio',
  operationId: 'getLiveAudio',
  security: requires('recordings:read'),
  summary: 'Listen to a call going on',
  description:
    'The live audio of an ongoing call, as MP3, for as long as the call lasts. A call that has ended is a 409 whose `links.recordings` points at its recording. Every request leaves an audit line.',
  tags,
  request: { params: CallIdParam },
  responses: {
    200: {
      description: 'MP3, streamed while the call lasts.',
      headers: AUDIO_HEADERS,
      content: { 'audio/mpeg': { schema: binary, example: '(audio/mpeg bytes)' } },
    },
    ...errorResponses(...AUTH_ERRORS, 404, 429, ...PROVIDER_ERRORS),
    409: ENDED_CALL,
  },
});

export const recordingsRouter = createRouter()
  .openapi(listRecordings, async (c) => {
    const { id } = c.req.valid('param');
    const { instance, callId } = c.get('instances').resolve(id);
    const list = await instance.recordings(callId);
    const canListen = instance.capabilities.includes('liveAudio');
    return c.json(
      {
        callId: id,
        items: list.items.map((recording) => callRecording(id, recording)),
        links: { liveAudio: list.live && canListen ? `/calls/${id}/live-audio` : null },
      },
      200,
    );
  })
  .openapi(getRecordingAudio, async (c) => {
    const { id, recordingId } = c.req.valid('param');
    const { format, start, end } = c.req.valid('query');
    const { range } = c.req.valid('header');
    return streamRecordingAudio(c, { id, recordingId, format, start, end, range });
  })
  .openapi(getLiveAudio, async (c) => {
    const { id } = c.req.valid('param');
    const { instance, callId } = c.get('instances').resolve(id);
    const { response, done } = await streamRecording({
      instance,
      callId,
      gatewayId: id,
      recordingId: null,
      audio: {},
      signal: c.req.raw.signal,
      keyName: c.get('caller')?.name ?? null,
      ...cutOf(c.env),
    });
    c.set('listening', { format: 'mp3', start: null, end: null, done });
    return response;
  });

const cutOf = (env: unknown) => {
  const cut = responseCutter(env);
  return cut ? { cut } : {};
};

/** A recording's audio as the authenticated route streams it: what signed links play too. */
export interface RecordingAudio {
  id: string;
  recordingId: string;
  format?: AudioFormat | undefined;
  start?: number | undefined;
  end?: number | undefined;
  /** The caller's `Range` header, passed on. */
  range?: string | undefined;
}

export async function streamRecordingAudio(
  c: Context<AppEnv>,
  { id, recordingId, format, start, end, range }: RecordingAudio,
): Promise<Response> {
  if (start !== undefined && end !== undefined && start >= end) {
    throw badRequest('`start` must be before `end`.', [
      { field: 'query.start', message: 'must be less than end' },
    ]);
  }
  const { instance, callId } = c.get('instances').resolve(id);
  const { response, done } = await streamRecording({
    instance,
    callId,
    gatewayId: id,
    recordingId,
    audio: {
      ...(format ? { format } : {}),
      ...(start !== undefined ? { start } : {}),
      ...(end !== undefined ? { end } : {}),
      ...(range ? { range } : {}),
    },
    signal: c.req.raw.signal,
    keyName: c.get('caller')?.name ?? null,
    ...cutOf(c.env),
  });
  c.set('listening', { format: format ?? null, start: start ?? null, end: end ?? null, done });
  return response;
}
