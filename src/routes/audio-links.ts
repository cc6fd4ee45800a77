/**
 * Signed audio links (audio-links/signed-link.ts): `POST …/audio-links` makes one for a
 * caller holding `recordings:read`; `GET /audio-links/{id}/{recordingId}?…&sig=` plays it
 * with no header, for an `<audio src>`, a download or a media player. A link whose
 * signature does not match what it asks for is refused with a 403, one past its expiry
 * with a 410, before the provider is asked anything. A played link streams exactly as the
 * authenticated route does (routes/recordings.ts `streamRecordingAudio`), and its audit line
 * names the API key that made it.
 */
import { createRoute, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import {
  LINK_PATH,
  type LinkGrant,
  type LinkSigner,
  SIGNATURE,
} from '../audio-links/signed-link.ts';
import type { AppEnv } from '../core/env.ts';
import { badRequest, GatewayError, notFound } from '../core/errors.ts';
import { AUDIO_FORMATS, type AudioFormat } from '../core/media.ts';
import { PROBLEM_CONTENT_TYPE } from '../core/problem.ts';
import { auditListening } from '../middleware/listen-audit.ts';
import { AUTH_ERRORS, errorResponses, PROVIDER_ERRORS, ProblemSchema } from '../schemas/problem.ts';
import { PUBLIC, requires } from '../schemas/security.ts';
import {
  AUDIO_RESPONSES,
  AudioHeaders,
  AudioQuery,
  RecordingParams,
  streamRecordingAudio,
} from './recordings.ts';
import { createRouter } from './router.ts';

export const LINK_DEFAULT_SECONDS = 900;
export const LINK_MAX_SECONDS = 86_400;

const tags = ['calls'];
const VERBA_CALL = 'verba_a8343631-9f35-4a3a-83f0-9e81592339fb';
const VERBA_RECORDING = 'a8343631-9f35-4a3a-83f0-9e81592339fb';
const EXAMPLE_PATH = `${LINK_PATH}/${VERBA_CALL}/${VERBA_RECORDING}?format=mp3&start=10&end=14&expires=1795167302&keyName=ops&sig=Hq3Vt1t0bq2D8u9oWk8C2v5pQ3l4wqg3bGz1c8aX0yE`;

const seconds = (description: string) =>
  z.number().min(0).max(1_000_000).optional().openapi({ description, example: 10 });

export const AudioLinkRequest = z
  .object({
    format: z.enum(AUDIO_FORMATS).optional().openapi({
      description: 'As `format` of the audio route: the original when absent.',
      example: 'mp3',
    }),
    start: seconds('Start of a segment, in seconds.'),
    end: seconds("End of a segment, in seconds (default: the recording's end)."),
    expiresInSeconds: z
      .number()
      .int()
      .min(1)
      .max(LINK_MAX_SECONDS)
      .optional()
      .openapi({
        description: `How long the link plays: default ${LINK_DEFAULT_SECONDS} (15 minutes), at most ${LINK_MAX_SECONDS} (a day).`,
        example: LINK_DEFAULT_SECONDS,
      }),
  })
  .strict()
  .openapi('AudioLinkRequest');

export const AudioLinkSchema = z
  .object({
    url: z.string().openapi({
      description:
        'The link, absolute on the origin the request reached: it plays with no header until `expiresAt`.',
      example: `https://callgate.example.com${EXAMPLE_PATH}`,
    }),
    path: z.string().openapi({
      description: 'The same link as a path, for a gateway reached under another origin.',
      example: EXAMPLE_PATH,
    }),
    expiresAt: z
      .string()
      .datetime({ offset: true })
      .openapi({ example: '2026-11-20T09:35:02.000Z' }),
  })
  .openapi('AudioLink');

const problemExample = (status: number, code: string, title: string, detail: string) => ({
  description: detail,
  content: {
    [PROBLEM_CONTENT_TYPE]: {
      schema: ProblemSchema,
      example: {
        type: `urn:callgate:problem:${code}`,
        title,
        status,
        detail,
        code,
        requestId: '0f6b1c9e-2f4a-4c55-9d3e-6b1a2c3d4e5f',
      },
    },
  },
});

export const createAudioLink = createRoute({
  method: 'post',
  path: '/calls/{id}/recordings/{recordingId}/audio-links',
  operationId: 'createAudioLink',
  security: requires('recordings:read'),
  summary: 'Make a link that plays a recording',
  description:
    'A short-lived link to the audio, in the `format` and segment given, that plays with no header: for `<audio src>`, a download link or a media player. The link carries only a signature, bound to the call, the recording, the format, the segment, its expiry and the name of the API key that made it; each play is audited under that name. The recording is checked to exist first. Revoke every link at once by rotating the signing key (`AUDIO_LINK_KEY`).',
  tags,
  request: {
    params: RecordingParams,
    body: {
      required: false,
      content: { 'application/json': { schema: AudioLinkRequest, example: { format: 'mp3' } } },
    },
  },
  responses: {
    201: {
      description: 'The link.',
      headers: { Location: { description: 'The link, as `url`.', schema: { type: 'string' } } },
      content: {
        'application/json': {
          schema: AudioLinkSchema,
          example: {
            url: `https://callgate.example.com${EXAMPLE_PATH}`,
            path: EXAMPLE_PATH,
            expiresAt: '2026-11-20T09:35:02.000Z',
          },
        },
      },
    },
    ...errorResponses(...AUTH_ERRORS, 404, ...PROVIDER_ERRORS),
  },
});

const LinkQuery = AudioQuery.extend({
  expires: z.coerce.number().int().min(0).max(Number.MAX_SAFE_INTEGER).openapi({
    description: 'When the link stops playing, in seconds since the epoch.',
    example: 1795167302,
  }),
  keyName: z
    .string()
    .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/)
    .optional()
    .openapi({ description: 'The name of the API key that made the link.', example: 'ops' }),
  sig: z.string().regex(SIGNATURE, 'must be the signature the link came with').openapi({
    description: "The gateway's signature over everything else in the link.",
    example: 'Hq3Vt1t0bq2D8u9oWk8C2v5pQ3l4wqg3bGz1c8aX0yE',
  }),
});

export const playAudioLink = createRoute({
  method: 'get',
  path: `${LINK_PATH}/{id}/{recordingId}`,
  operationId: 'playAudioLink',
  security: PUBLIC,
  summary: 'Play a signed audio link',
  description:
    'What `POST …/audio-links` answered with, used as it is: the audio, streamed exactly as `GET …/audio` streams it (`Range` included), with no header needed. A link changed in any part, or signed by another key, is a 403; one past its expiry a 410. Neither reaches the provider. Every play leaves an audit line under the name of the key that made the link.',
  tags,
  request: { params: RecordingParams, query: LinkQuery, headers: AudioHeaders },
  responses: {
    ...AUDIO_RESPONSES,
    ...errorResponses(400, 404, 416, 502, 503, 504),
    403: problemExample(
      403,
      'link_invalid',
      'The audio link is not one this gateway signed',
      'The link was changed, or signed with a key this gateway no longer holds: ask for a new one.',
    ),
    410: problemExample(
      410,
      'link_expired',
      'The audio link has expired',
      'The link expired at 2026-11-20T09:35:02.000Z: ask for a new one.',
    ),
  },
});

export interface AudioLinkDeps {
  signer: LinkSigner;
  /** Milliseconds since the epoch. */
  now: () => number;
  /**
   * Whether the key named in a link may still listen: a key removed from GATEWAY_API_KEYS,
   * or stripped of `recordings:read`, takes its links with it. Null: the link was made on
   * a gateway running without keys.
   */
  mayListen: (keyName: string | null) => boolean;
}

export function audioLinksRouter({ signer, now, mayListen }: AudioLinkDeps) {
  const router = createRouter();
  // Open to anyone holding a link, so audited here: the audit middleware audits the
  // routes that need `recordings:read`.
  router.use(`${LINK_PATH}/*`, async (c, next) => {
    await next();
    auditListening(c, playAudioLink.operationId);
  });
  return router
    .openapi(createAudioLink, async (c) => {
      const { id, recordingId } = c.req.valid('param');
      const body = (c.req.valid('json') ?? {}) as z.infer<typeof AudioLinkRequest>;
      const { format, start, end } = body;
      if (start !== undefined && end !== undefined && start >= end) {
        throw badRequest('`start` must be before `end`.', [
          { field: 'body.start', message: 'must be less than end' },
        ]);
      }
      const { instance, callId } = c.get('instances').resolve(id);
      const { items } = await instance.recordings(callId);
      if (!items.some((recording) => recording.id === recordingId)) {
        throw notFound(`The call has no recording '${recordingId}': see /calls/${id}/recordings.`);
      }
      const expires = Math.floor(now() / 1000) + (body.expiresInSeconds ?? LINK_DEFAULT_SECONDS);
      const keyName = c.get('caller')?.name;
      const grant = grantOf({ id, recordingId, format, start, end, expires, keyName });
      const path = await signed(() => signer.sign(grant));
      const url = new URL(path, c.req.url).href;
      return c.json({ url, path, expiresAt: new Date(expires * 1000).toISOString() }, 201, {
        location: url,
      });
    })
    .openapi(playAudioLink, async (c) => {
      const { id, recordingId } = c.req.valid('param');
      const { format, start, end, expires, keyName, sig } = c.req.valid('query');
      const { range } = c.req.valid('header');
      const grant = grantOf({ id, recordingId, format, start, end, expires, keyName });
      if (!(await signed(() => signer.verify(grant, sig)))) throw linkInvalid();
      if (now() >= expires * 1000) throw linkExpired(expires);
      if (!mayListen(grant.keyName)) {
        throw linkInvalid('The API key that made this link may no longer listen to recordings.');
      }
      // The listener acts for the key that made the link: its audit line and its share.
      setLinkCaller(c, grant.keyName);
      return streamRecordingAudio(c, { id, recordingId, format, start, end, range });
    });
}

/** What a link grants, its absent values null: one shape for signing and for checking. */
function grantOf(
  values: Omit<LinkGrant, 'format' | 'start' | 'end' | 'keyName'> & {
    format?: AudioFormat | undefined;
    start?: number | undefined;
    end?: number | undefined;
    keyName?: string | undefined;
  },
): LinkGrant {
  return {
    id: values.id,
    recordingId: values.recordingId,
    format: values.format ?? null,
    start: values.start ?? null,
    end: values.end ?? null,
    expires: values.expires,
    keyName: values.keyName ?? null,
  };
}

function setLinkCaller(c: Context<AppEnv>, keyName: string | null): void {
  c.set('caller', keyName === null ? null : { name: keyName, scopes: ['recordings:read'] });
}

/** The signing key lives in the shared state unless configured: reaching it may fail. */
async function signed<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof GatewayError) throw error;
    throw new GatewayError(
      503,
      'state_unavailable',
      "The audio links' signing key cannot be read from the gateway's shared state.",
      {},
      { 'retry-after': '1' },
    );
  }
}

const linkInvalid = (
  detail = 'The link was changed, or signed with a key this gateway no longer holds: ask for a new one.',
) => new GatewayError(403, 'link_invalid', detail);

const linkExpired = (expires: number) =>
  new GatewayError(
    410,
    'link_expired',
    `The link expired at ${new Date(expires * 1000).toISOString()}: ask for a new one.`,
  );
