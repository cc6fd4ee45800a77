import { z } from '@hono/zod-openapi';
import { PROBLEM_CONTENT_TYPE } from '../problem.ts';

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
    outcome: z
      .literal('unknown')
      .optional()
      .openapi({ description: 'A write that timed out after it was sent: check before retrying.' }),
    errors: z
      .array(z.object({ field: z.string(), message: z.string() }))
      .optional()
      .openapi({ description: 'Each bad field, for validation errors.' }),
    capabilities: z
      .array(z.string())
      .optional()
      .openapi({ description: 'What the provider can do, for 501.' }),
  })
  .openapi('Problem', { description: 'RFC 9457 problem details.' });

const ERROR_DESCRIPTIONS = {
  400: 'Bad input: the problem names each bad field.',
  404: 'No such call or instance.',
  409: 'More than one call matches the selector.',
  413: 'Request body too large.',
  501: 'The provider does not support this operation.',
  502: 'The provider answered with an error or something unreadable.',
  503: 'The provider cannot be reached; retry after `Retry-After` seconds.',
  504: 'The provider did not answer in time; for writes, `outcome: unknown`.',
} as const;

export type ErrorStatus = keyof typeof ERROR_DESCRIPTIONS;

/** The error responses of a route, declared once so every route documents them alike. */
export function errorResponses(...statuses: ErrorStatus[]) {
  return Object.fromEntries(
    statuses.map((status) => [
      status,
      {
        description: ERROR_DESCRIPTIONS[status],
        content: { [PROBLEM_CONTENT_TYPE]: { schema: ProblemSchema } },
      },
    ]),
  ) as unknown as Record<
    ErrorStatus,
    { description: string; content: Record<string, { schema: typeof ProblemSchema }> }
  >;
}

/** Errors any route touching a provider can answer. */
export const PROVIDER_ERRORS: ErrorStatus[] = [400, 501, 502, 503, 504];
