/** Liveness and readiness, open to every caller (load balancers have no keys). */
import { createRoute, z } from '@hono/zod-openapi';
import { BreakerStateSchema } from '../schemas/breaker.ts';
import { PUBLIC } from '../schemas/security.ts';
import { createRouter } from './router.ts';

const tags = ['health'];
const READY_TIMEOUT_MS = 3_000;

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
  },
});

export const readyz = createRoute({
  method: 'get',
  path: '/readyz',
  operationId: 'readyz',
  security: PUBLIC,
  summary: 'Readiness',
  description: 'Configuration is valid and every provider instance answers.',
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
  },
});

export const healthRouter = createRouter()
  .openapi(healthz, (c) => c.json({ status: 'ok' as const }, 200))
  .openapi(readyz, async (c) => {
    const results = await Promise.all(
      c
        .get('instances')
        .list()
        .map(async (instance) => {
          // Read after the probe, which may itself open, close or half-open the breaker.
          const state = () => ({ breaker: instance.breaker().state });
          try {
            await withTimeout(instance.ping(), READY_TIMEOUT_MS);
            return [instance.name, { reachable: true, detail: null, ...state() }] as const;
          } catch (error) {
            const detail =
              error instanceof Error && 'title' in error ? String(error.title) : 'no answer';
            return [instance.name, { reachable: false, detail, ...state() }] as const;
          }
        }),
    );
    const ready = results.every(([, r]) => r.reachable);
    const body = {
      status: ready ? ('ready' as const) : ('not_ready' as const),
      instances: Object.fromEntries(results),
    };
    return ready ? c.json(body, 200) : c.json(body, 503);
  });

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error('no answer')), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
