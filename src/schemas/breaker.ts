import { z } from '@hono/zod-openapi';

export const BREAKER_STATES = ['closed', 'open', 'half_open'] as const;

export const BreakerStateSchema = z.enum(BREAKER_STATES).openapi({
  description:
    '`closed`: requests flow. `open`: after repeated failures the instance is not called; requests get 503 with `Retry-After` at once. `half_open`: the next request probes it.',
});

export const BreakerSchema = z
  .object({
    state: BreakerStateSchema,
    consecutiveFailures: z.number().int(),
    openedAt: z.string().datetime().nullable().openapi({ description: 'When it last opened.' }),
    retryAfterSeconds: z
      .number()
      .int()
      .nullable()
      .openapi({ description: 'While open: seconds until a request may probe the instance.' }),
    scope: z.enum(['fleet', 'process']).openapi({
      description:
        "`fleet`: the Worker's, shared by every isolate through the instance's Durable Object (failures anywhere open it everywhere). `process`: the Node server's, in its STATE_DB.",
    }),
  })
  .openapi('Breaker', { description: "The instance's circuit breaker, as its state holds it." });

export const CLOSED_BREAKER_EXAMPLE = {
  state: 'closed',
  consecutiveFailures: 0,
  openedAt: null,
  retryAfterSeconds: null,
  scope: 'fleet',
} as const;
