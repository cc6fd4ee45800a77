/** Liveness and readiness, open to every caller (load balancers have no keys). */
import { createRoute, z } from '@hono/zod-openapi';
import type { ReadinessProbes } from '../resilience/readiness.ts';
import { BreakerStateSchema } from '../schemas/breaker.ts';
import { ProblemSchema } from '../schemas/problem.ts';
import { PUBLIC } from '../schemas/security.ts';
import { createRouter } from './router.ts';

const tags = ['health'];

/**
 * The probes take no input, so the gateway itself never refuses one; the HTTP server in front
 * of it (Node's, or Cloudflare's edge) still can, before the gateway sees the request.
 */
const REFUSED_BY_SERVER = {
  '4XX': {
    description:
      "Refused by the HTTP server before the gateway reads it: a malformed request (400) or headers beyond its limit (431, over 16 KiB on Node). Node answers with a problem; Cloudflare's edge answers in its own format.",
    content: {
      'application/problem+json': {
        schema: ProblemSchema,
        example: {
          type: 'urn:callgate:problem:headers_too_large',
          title: 'Request Header Fields Too Large',
          status: 431,
          detail: 'The request headers are too large.',
          code: 'headers_too_large',
          requestId: '0f6b1c9e-2f4a-4c55-9d3e-6b1a2c3d4e5f',
        },
      },
    },
  },
};

const HealthSchema = z.object({ status: z.literal('ok') }).openapi('Health');
const ReadinessSchema = z
  .object({
    status: z.enum(['ready', 'not_ready']),
    instances: z.record(
      z.string(),
      z.object({
        reachable: z.boolean(),
        detail: z.string().nullable(),
        breaker: BreakerStateSchema,
      }),
    ),
  })
  .openapi('Readiness');

export const healthz = createRoute({
  method: 'get',
  path: '/healthz',
  operationId: 'healthz',
  security: PUBLIC,
  summary: 'Liveness',
  description: 'The process is up and answering.',
  tags,
  responses: {
    200: {
      description: 'Alive.',
      content: { 'application/json': { schema: HealthSchema, example: { status: 'ok' } } },
    },
    ...REFUSED_BY_SERVER,
  },
});

export const readyz = createRoute({
  method: 'get',
  path: '/readyz',
  operationId: 'readyz',
  security: PUBLIC,
  summary: 'Readiness',
  description:
    'Configuration is valid and every provider instance answers. Each instance is probed at most once per interval (5 s unless configured otherwise) and this answers from its last probe in between; an instance whose circuit breaker is open is reported without a probe. A probe is one attempt and never counts toward the breaker.',
  tags,
  responses: {
    200: {
      description: 'Every instance answers.',
      content: {
        'application/json': {
          schema: ReadinessSchema,
          example: {
            status: 'ready',
            instances: { verba: { reachable: true, detail: null, breaker: 'closed' } },
          },
        },
      },
    },
    503: {
      description: 'Some instance does not answer.',
      content: {
        'application/json': {
          schema: ReadinessSchema,
          example: {
            status: 'not_ready',
            instances: {
              verba: {
                reachable: false,
                detail: 'The provider is failing; calls to it are paused',
                breaker: 'open',
              },
            },
          },
        },
      },
    },
    ...REFUSED_BY_SERVER,
  },
});

/** `readiness` is the app's: its last probes outlive the request that asked for them. */
export const healthRouter = (readiness: ReadinessProbes) =>
  createRouter()
    .openapi(healthz, (c) => c.json({ status: 'ok' as const }, 200))
    .openapi(readyz, async (c) => {
      const results = await Promise.all(
        c
          .get('instances')
          .list()
          .map(async (instance) => {
            const breaker = instance.breaker().state;
            // An open breaker already says the instance is failing: no probe needed to know.
            if (breaker === 'open') {
              const detail = 'The provider is failing; calls to it are paused';
              return [instance.name, { reachable: false, detail, breaker }] as const;
            }
            const result = await readiness.check(instance.name, () => instance.ping());
            return [instance.name, { ...result, breaker }] as const;
          }),
      );
      const ready = results.every(([, r]) => r.reachable);
      const body = {
        status: ready ? ('ready' as const) : ('not_ready' as const),
        instances: Object.fromEntries(results),
      };
      return ready ? c.json(body, 200) : c.json(body, 503);
    });
