import { z } from '@hono/zod-openapi';
import { PROBLEM_CONTENT_TYPE } from '../core/problem.ts';

export const ProblemSchema = z
  .object({
    type: z.string().openapi({ example: 'urn:callgate:problem:not_found' }),
    title: z.string().openapi({ example: 'Not found' }),
    status: z.number().int().openapi({ example: 404 }),
    detail: z.string().openapi({ example: 'No such call.' }),
    code: z.string().openapi({ example: 'not_found' }),
    requestId: z.string().openapi({ example: '0f6b1c9e-2f4a-4c55-9d3e-6b1a2c3d4e5f' }),
    provider: z.string().optional().openapi({ example: 'verba' }),
    instance: z.string().optional().openapi({ example: 'verba' }),
    providerCode: z.string().optional().openapi({ example: '2' }),
    providerMessage: z.string().optional().openapi({
      example: 'Unable to retrieve the call information, because the call cannot be found.',
    }),
    outcome: z.literal('unknown').optional().openapi({
      description:
        "A write that may have reached the provider before it failed (a timeout, a broken connection, a proxy's error page): check the call before retrying.",
    }),
    errors: z
      .array(z.object({ field: z.string(), message: z.string() }))
      .optional()
      .openapi({ description: 'Each bad field, for validation errors.' }),
    capabilities: z
      .array(z.string())
      .optional()
      .openapi({ description: 'What the provider can do, for 501.' }),
    links: z
      .record(z.string(), z.string())
      .optional()
      .openapi({ description: 'Where to go instead: a finished call’s `recordings`, for 409.' }),
  })
  .openapi('Problem', { description: 'RFC 9457 problem details.' });

const ERROR_DESCRIPTIONS = {
  400: 'Bad input: the problem names each bad field; `unknown_instance` when the call id or `provider` names no configured instance.',
  401: 'No API key, or one the gateway does not know.',
  403: 'The API key lacks the scope this operation needs.',
  404: 'No such call; on `/providers/{instance}/…`, no such instance either (`unknown_instance`).',
  409: 'More than one call matches the selector (`conflict`); the call is protected from deletion (`call_protected`, Verba: its `recordingPolicy.doNotDelete`); or, for a write with an `Idempotency-Key`, a request with that key is still running (`idempotency_key_in_use`): repeat it after `Retry-After` seconds for its answer.',
  413: 'Request body too large.',
  415: 'The request body is not JSON.',
  416: 'The `Range` asked for is outside the recording.',
  422: 'The Idempotency-Key was already used for a different request.',
  429: 'A limit of the API key is reached: audio streams open at once (`too_many_streams`, `<PREFIX>_MAX_STREAMS_PER_KEY`; nothing was sent), calls watched, webhook endpoints; retry after `Retry-After` seconds where given.',
  501: 'The provider does not support this operation.',
  502: 'The provider answered with an error or something unreadable; for writes answered by something other than the provider, `outcome: unknown`.',
  503: "The provider cannot be reached, says it is overloaded, or failed so often that its circuit breaker is open; or the gateway's cap on requests per second to it is reached (`provider_rate_limited`, nothing was sent); or, for a write with an `Idempotency-Key`, the gateway's state could not be reached (`state_unavailable`, nothing was sent); or, for audio, the gateway relays as many streams from the instance as it may (`streams_busy`, `<PREFIX>_MAX_STREAMS`, nothing was sent); retry after `Retry-After` seconds.",
  504: 'The provider did not answer in time; for writes, `outcome: unknown`.',
} as const;

export type ErrorStatus = keyof typeof ERROR_DESCRIPTIONS;

const REQUEST_ID = '0f6b1c9e-2f4a-4c55-9d3e-6b1a2c3d4e5f';
const problem = (status: number, code: string, title: string, detail: string, extras = {}) => ({
  type: `urn:callgate:problem:${code}`,
  title,
  status,
  detail,
  code,
  requestId: REQUEST_ID,
  ...extras,
});

/** What the gateway answers against the Verba sandbox, one example per status. */
const ERROR_EXAMPLES: Record<ErrorStatus, ReturnType<typeof problem>> = {
  400: problem(400, 'bad_request', 'Bad request', 'Invalid query.status.', {
    errors: [
      {
        field: 'query.status',
        message:
          'Invalid option: expected one of "ongoing"|"next"|"last"|"ongoing,next"|"last,ongoing"',
      },
    ],
  }),
  401: problem(
    401,
    'unauthorized',
    'Unauthorized',
    'Send a gateway API key as `Authorization: Bearer <key>`.',
  ),
  403: problem(403, 'forbidden', 'Forbidden', "This API key lacks the scope 'calls:write'."),
  404: problem(404, 'not_found', 'Not found', 'No such call.', {
    provider: 'verba',
    instance: 'verba',
    providerCode: '2',
    providerMessage: 'Unable to retrieve the call information, because the call cannot be found.',
  }),
  409: problem(
    409,
    'conflict',
    'More than one call matches',
    'More than one call matches; narrow the selector or use the call id.',
    {
      provider: 'verba',
      instance: 'verba',
      providerCode: '-5',
      providerMessage: 'More than one record found for extension 7000 with status ongoing.',
    },
  ),
  413: problem(
    413,
    'payload_too_large',
    'Request body too large',
    'Request bodies are limited to 16384 bytes.',
  ),
  415: problem(
    415,
    'unsupported_media_type',
    'Unsupported media type',
    'Send the request body as application/json.',
  ),
  416: problem(
    416,
    'range_not_satisfiable',
    'The requested byte range is outside the recording',
    'The requested range is outside the recording.',
    { provider: 'verba', instance: 'verba' },
  ),
  422: problem(
    422,
    'idempotency_conflict',
    'Idempotency key reused with a different request',
    'This Idempotency-Key was used for a different request; use a new key for a new request.',
  ),
  429: problem(
    429,
    'too_many_streams',
    'This API key has as many audio streams open as it may',
    "This API key already has 8 audio streams open from instance 'verba', as many as it may; nothing was sent. Close one, or retry after Retry-After seconds.",
    { provider: 'verba', instance: 'verba' },
  ),
  501: problem(
    501,
    'not_implemented',
    'Operation not supported by this provider',
    "callfire instance 'callfire' does not support 'keep'.",
    { provider: 'callfire', instance: 'callfire', capabilities: ['get', 'find'] },
  ),
  502: problem(
    502,
    'provider_bad_response',
    'The provider answered with something unreadable',
    "verba instance 'verba' sent an unusable answer: answer exceeds 1048576 bytes.",
    { provider: 'verba', instance: 'verba' },
  ),
  503: problem(
    503,
    'provider_unavailable',
    'The provider cannot be reached',
    "verba instance 'verba' cannot be reached: cannot connect (ECONNREFUSED).",
    { provider: 'verba', instance: 'verba' },
  ),
  504: problem(
    504,
    'provider_timeout',
    'The provider did not answer in time',
    "verba instance 'verba' did not answer in time.",
    { provider: 'verba', instance: 'verba', outcome: 'unknown' },
  ),
};

/** The error responses of a route, declared once so every route documents them alike. */
export function errorResponses(...statuses: ErrorStatus[]) {
  return Object.fromEntries(
    statuses.map((status) => [
      status,
      {
        description: ERROR_DESCRIPTIONS[status],
        content: {
          [PROBLEM_CONTENT_TYPE]: { schema: ProblemSchema, example: ERROR_EXAMPLES[status] },
        },
      },
    ]),
  ) as unknown as Record<
    ErrorStatus,
    { description: string; content: Record<string, { schema: typeof ProblemSchema }> }
  >;
}

/** Errors of every operation that needs an API key. */
export const AUTH_ERRORS: ErrorStatus[] = [401, 403];

/** Errors any route touching a provider can answer. */
export const PROVIDER_ERRORS: ErrorStatus[] = [400, 501, 502, 503, 504];
