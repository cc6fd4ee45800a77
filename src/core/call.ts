import { z } from '@hono/zod-openapi';
import type { ProviderRecording } from './media.ts';

const timestamp = z.string().datetime({ offset: true });

/**
 * `schema | null` for a registered schema. `.nullable()` on one is written to the OpenAPI
 * 3.1 document as a bare `$ref`, dropping the null (asteasolutions/zod-to-openapi#387).
 */
const nullable = <T extends z.ZodType>(schema: T) => z.union([schema, z.null()]);

export const CALL_STATES = ['scheduled', 'in_progress', 'completed', 'failed', 'unknown'] as const;
export const CALL_OUTCOMES = [
  'answered',
  'voicemail',
  'busy',
  'no_answer',
  'failed',
  'transferred',
  'do_not_call',
  'not_dialed',
  'postponed',
  'sent',
  'abandoned',
  'invalid_number',
  'unknown',
] as const;
export const DIRECTIONS = ['inbound', 'outbound', 'internal', 'unknown'] as const;

export const PartySchema = z
  .object({
    number: z.string().nullable().openapi({
      description:
        'E.164 where the provider gives a full number; else as the provider wrote it (an extension).',
    }),
    name: z.string().nullable(),
  })
  .openapi('Party');

/**
 * One recording of a call, as `GET /calls/{id}/recordings` lists it and the call itself
 * carries it: `links.audio` is the gateway's own audio route. A provider's link to its
 * audio, which needs the provider's credentials, stays in `raw`.
 */
export const CallRecordingSchema = z
  .object({
    id: z.string().openapi({
      description: 'The recording, within its call.',
      example: 'a8343631-9f35-4a3a-83f0-9e81592339fb',
    }),
    callId: z.string().openapi({ example: 'verba_a8343631-9f35-4a3a-83f0-9e81592339fb' }),
    name: z.string().nullable(),
    startedAt: timestamp.nullable(),
    durationSeconds: z.number().nullable(),
    format: z
      .string()
      .nullable()
      .openapi({ description: "The recording's own encoding, where the provider says." }),
    contentType: z.string().nullable(),
    links: z.object({
      audio: z.string().openapi({ description: 'The audio, streamed (scope `recordings:read`).' }),
    }),
  })
  .openapi('CallRecording');

/** Where a recording's audio is: the gateway's route, never the provider's link. */
export const recordingAudioPath = (callId: string, recordingId: string) =>
  `/calls/${callId}/recordings/${encodeURIComponent(recordingId)}/audio`;

/** A provider's recording of the call `callId` (a gateway id), as the gateway shows it. */
export function callRecording(callId: string, recording: ProviderRecording): CallRecording {
  return {
    id: recording.id,
    callId,
    name: recording.name,
    startedAt: recording.startedAt,
    durationSeconds: recording.durationSeconds,
    format: recording.format,
    contentType: recording.contentType,
    links: { audio: recordingAudioPath(callId, recording.id) },
  };
}

export const IvrAnswerSchema = z
  .object({ question: z.string(), answer: z.string().nullable() })
  .openapi('IvrAnswer');

export const AttemptSchema = z
  .object({
    id: z.string().nullable(),
    outcome: z.enum(CALL_OUTCOMES).nullable(),
    providerOutcome: z.string().nullable(),
    startedAt: timestamp.nullable(),
    answeredAt: timestamp.nullable(),
    endedAt: timestamp.nullable(),
    durationSeconds: z.number().nullable(),
    billedAmount: z.number().nullable(),
    ivrAnswers: z.array(IvrAnswerSchema),
    recordings: z.array(CallRecordingSchema),
  })
  .openapi('Attempt');

export const RecordingPolicySchema = z
  .object({
    onDemand: z
      .boolean()
      .nullable()
      .openapi({ description: 'Recorded only when someone keeps it.' }),
    kept: z.boolean().nullable().openapi({ description: 'Marked to be kept (recorded).' }),
    doNotDelete: z.boolean().nullable().openapi({ description: 'Protected from deletion.' }),
  })
  .openapi('RecordingPolicy');

export const CallSchema = z
  .object({
    id: z.string().openapi({ example: 'verba_a8343631-9f35-4a3a-83f0-9e81592339fb' }),
    provider: z.string().openapi({ description: 'Provider kind.', example: 'verba' }),
    instance: z
      .string()
      .openapi({ description: 'Configured provider instance.', example: 'verba' }),
    providerCallId: z.string(),
    state: z.enum(CALL_STATES),
    providerState: z.string().nullable(),
    outcome: z.enum(CALL_OUTCOMES).nullable(),
    providerOutcome: z.string().nullable(),
    direction: z.enum(DIRECTIONS),
    from: nullable(PartySchema),
    to: z.array(PartySchema),
    startedAt: timestamp.nullable(),
    answeredAt: timestamp.nullable(),
    endedAt: timestamp.nullable(),
    durationSeconds: z.number().nullable(),
    createdAt: timestamp
      .nullable()
      .openapi({ description: 'When the provider created its record of the call.' }),
    updatedAt: timestamp
      .nullable()
      .openapi({ description: 'When the provider last changed its record of the call.' }),
    attempts: z.array(AttemptSchema),
    recordings: z.array(CallRecordingSchema).openapi({
      description:
        "What `GET /calls/{id}/recordings` lists: every recording of the call, each with the gateway's audio link.",
    }),
    labels: z.array(z.string()),
    recordingPolicy: nullable(RecordingPolicySchema),
    externalIds: z.record(z.string(), z.string()).openapi({
      description:
        "The provider's other identifiers of this call (platform, native, meeting, broadcast, contact…).",
    }),
    links: z.object({
      self: z.string(),
      providerUrl: z.string().nullable().openapi({
        description:
          "Route answering with the call's URL in the provider's own UI, when it has one.",
      }),
    }),
    raw: z
      .unknown()
      .optional()
      .openapi({ description: "The provider's own payload, only with `include=raw`." }),
  })
  .openapi('Call');

export type Call = z.infer<typeof CallSchema>;
export type Party = z.infer<typeof PartySchema>;
export type Attempt = z.infer<typeof AttemptSchema>;
export type CallRecording = z.infer<typeof CallRecordingSchema>;
export type CallState = (typeof CALL_STATES)[number];
export type CallOutcome = (typeof CALL_OUTCOMES)[number];
export type Direction = (typeof DIRECTIONS)[number];

export const CallPageSchema = z
  .object({
    items: z.array(CallSchema),
    nextCursor: z
      .string()
      .nullable()
      .openapi({ description: 'Pass as `cursor` for the next page; null on the last.' }),
  })
  .openapi('CallPage');

export type CallPage = z.infer<typeof CallPageSchema>;
