import { z } from '@hono/zod-openapi';

/** The optional `Idempotency-Key` of a write (see src/idempotency/middleware.ts). */
export const IdempotencyHeaders = z.object({
  'idempotency-key': z
    .string()
    .regex(/^[\x21-\x7e]{1,255}$/, 'must be 1-255 printable ASCII characters')
    .optional()
    .openapi({
      param: { name: 'idempotency-key', in: 'header' },
      description:
        "Makes a retry safe, across the whole fleet and over restarts: a repeat with the same key and the same request gets the first answer again without a second provider call; while the first is still running a repeat gets a 409 `idempotency_key_in_use` with `Retry-After`; the same key on a different request is a 422. Answers a repeat must not redo (2xx, and a provider's own 4xx) are remembered for 24 hours, per API key; a 5xx is not, so a repeat runs again.",
      example: '6f1c2a9e-keep-8856-2026-11-20',
    }),
});
