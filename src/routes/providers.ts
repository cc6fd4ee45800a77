/** /providers: what is configured, and keep/delete by selector for calls that have no id yet. */
import { createRoute, z } from '@hono/zod-openapi';
import { badRequest } from '../core/errors.ts';
import { CAPABILITIES } from '../core/provider.ts';
import { BreakerSchema, CLOSED_BREAKER_EXAMPLE } from '../schemas/breaker.ts';
import { IdempotencyHeaders } from '../schemas/idempotency.ts';
import { AUTH_ERRORS, errorResponses, PROVIDER_ERRORS } from '../schemas/problem.ts';
import { DeleteSelectorBody, InstanceParam, KeepSelectorBody } from '../schemas/requests.ts';
import { requires } from '../schemas/security.ts';
import { WriteResultSchema } from '../schemas/write-result.ts';
import { createRouter } from './router.ts';
import { selectorFrom } from './selector.ts';

const tags = ['providers'];

const ProviderInfoSchema = z
  .object({
    instance: z.string(),
    kind: z.string(),
    capabilities: z.array(z.enum(CAPABILITIES)),
    breaker: BreakerSchema,
    maxRps: z.number().int().nullable().openapi({
      description:
        '`<PREFIX>_MAX_RPS`: requests per second the gateway sends the instance at most (the whole fleet on the Worker); null when uncapped.',
    }),
  })
  .openapi('ProviderInfo');

const ProviderListSchema = z.object({ items: z.array(ProviderInfoSchema) }).openapi('ProviderList');

export const listProviders = createRoute({
  method: 'get',
  path: '/providers',
  operationId: 'listProviders',
  security: requires('calls:read'),
  summary: 'List provider instances',
  description:
    "Each configured instance, its kind, what it can do, its circuit breaker's state as every isolate shares it, and its cap on requests per second.",
  tags,
  responses: {
    200: {
      description: 'The instances.',
      content: {
        'application/json': {
          schema: ProviderListSchema,
          example: {
            items: [
              {
                instance: 'verba',
                kind: 'verba',
                // The Verba adapter implements every operation the gateway has.
                capabilities: [...CAPABILITIES],
                breaker: CLOSED_BREAKER_EXAMPLE,
                maxRps: null,
              },
            ],
          },
        },
      },
    },
    ...errorResponses(...AUTH_ERRORS),
  },
});

export const keepBySelector = createRoute({
  method: 'post',
  path: '/providers/{instance}/keep',
  operationId: 'keepBySelector',
  security: requires('calls:write'),
  summary: 'Keep the call on an extension',
  description:
    'Keeps the call picked by `extension` + `status` (e.g. `["ongoing","next"]`: the ongoing call, else the one starting within a minute), for calls whose id is not known yet.',
  tags,
  request: {
    params: InstanceParam,
    headers: IdempotencyHeaders,
    body: {
      required: true,
      content: {
        'application/json': {
          schema: KeepSelectorBody,
          example: { extension: '8856', status: ['ongoing', 'next'] },
        },
      },
    },
  },
  responses: {
    200: {
      description: 'Kept.',
      content: {
        'application/json': {
          schema: WriteResultSchema,
          example: {
            operation: 'keep',
            instance: 'verba',
            id: null,
            selector: { extension: '8856', status: ['ongoing', 'next'] },
          },
        },
      },
    },
    ...errorResponses(...AUTH_ERRORS, 404, 409, 413, 415, 422, ...PROVIDER_ERRORS),
  },
});

export const deleteBySelector = createRoute({
  method: 'post',
  path: '/providers/{instance}/delete',
  operationId: 'deleteBySelector',
  security: requires('calls:delete'),
  summary: 'Delete the call picked by a selector',
  description:
    'Deletes (or marks for deletion) the call picked by `extension` + `status`, `platformCallId`, `nativeId` or `meetingId`.',
  tags,
  request: {
    params: InstanceParam,
    headers: IdempotencyHeaders,
    body: {
      required: true,
      content: {
        'application/json': {
          schema: DeleteSelectorBody,
          example: { extension: '8856', status: ['last'] },
        },
      },
    },
  },
  responses: {
    200: {
      description: 'Deleted, or marked for deletion.',
      content: {
        'application/json': {
          schema: WriteResultSchema,
          example: {
            operation: 'delete',
            instance: 'verba',
            id: null,
            selector: { extension: '8856', status: ['last'] },
          },
        },
      },
    },
    ...errorResponses(...AUTH_ERRORS, 404, 409, 413, 415, 422, ...PROVIDER_ERRORS),
  },
});

export const providersRouter = createRouter()
  .openapi(listProviders, async (c) =>
    c.json(
      {
        items: await Promise.all(
          c
            .get('instances')
            .list()
            .map(async (instance) => ({
              instance: instance.name,
              kind: instance.kind,
              capabilities: [...instance.capabilities],
              breaker: await instance.breaker(),
              maxRps: instance.maxRps,
            })),
        ),
      },
      200,
    ),
  )
  .openapi(keepBySelector, async (c) => {
    const { instance: name } = c.req.valid('param');
    const body = c.req.valid('json');
    const instance = c.get('instances').named(name, 404);
    const selector = { extension: body.extension, status: body.status };
    await instance.keepBySelector(selector, body.type);
    return c.json({ operation: 'keep' as const, instance: name, id: null, selector }, 200);
  })
  .openapi(deleteBySelector, async (c) => {
    const { instance: name } = c.req.valid('param');
    const instance = c.get('instances').named(name, 404);
    const selector = selectorFrom(c.req.valid('json'), 'body');
    if (!selector)
      throw badRequest(
        'Give a selector: `extension` + `status`, `platformCallId`, `nativeId` or `meetingId`.',
        [{ field: 'body', message: 'no selector' }],
      );
    await instance.deleteBySelector(selector);
    return c.json({ operation: 'delete' as const, instance: name, id: null, selector }, 200);
  });
