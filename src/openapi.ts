import type { OpenAPIHono } from '@hono/zod-openapi';

type DocumentConfig = Parameters<OpenAPIHono['getOpenAPI31Document']>[0];

import type { AppEnv } from './core/env.ts';

/**
 * An internal API under no public licence (package.json: UNLICENSED); SPDX names such a
 * licence with a LicenseRef- identifier, which OpenAPI 3.1 takes (the generator's types are
 * 3.0's, which know only `url`).
 */
const LICENSE: { name: string; identifier: string } = {
  name: 'Proprietary, internal use only',
  identifier: 'LicenseRef-Proprietary',
};

export const OPENAPI_INFO: DocumentConfig = {
  openapi: '3.1.0',
  info: {
    title: 'callgate',
    version: '0.1.0',
    description: [
      'One REST API over the phone-call providers internal apps use (Verba Recording System, CallFire), in one call schema with one error model (RFC 9457 problems).',
      "It reads a call by its gateway id and finds calls (by extension and status, by the provider's references, or over a time window of call history, a page at a time);",
      "lists a call's recordings and streams their audio, whole, by byte range or as a re-encoded segment, and the live audio of a call going on, and makes short-lived signed links that play a recording with no header (an `<audio src>`);",
      "gives the call's link in the provider's own interface; keeps, unmarks and deletes calls, by id or by selector, with `Idempotency-Key` for safe retries;",
      'speaks first: a call watched over Server-Sent Events until it ends, and webhooks signed by Standard Webhooks 1.0 (see `webhooks`) when calls start, change, end, are kept or deleted;',
      'and reports its health, its provider instances and their circuit breakers, and Prometheus metrics.',
      'Every path answers a method it does not have with a 405 `method_not_allowed` problem and an `Allow` header.',
    ].join(' '),
    license: LICENSE,
  },
  // Relative, so Swagger UI's "Try it out" calls whichever gateway served the document.
  servers: [{ url: '/', description: 'The gateway serving this document' }],
  tags: [
    {
      name: 'calls',
      description: 'Calls by gateway id (`<instance>_<providerCallId>`) or by search.',
    },
    { name: 'providers', description: 'Configured provider instances, and writes by selector.' },
    { name: 'health', description: 'Liveness and readiness.' },
    {
      name: 'webhooks',
      description:
        'Webhook endpoints of the calling key, signed by Standard Webhooks 1.0, and their deliveries.',
    },
  ],
};

export function openApiDocument(app: OpenAPIHono<AppEnv>) {
  return app.getOpenAPI31Document(OPENAPI_INFO);
}
