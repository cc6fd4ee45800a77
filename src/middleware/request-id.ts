import { createMiddleware } from 'hono/factory';
import type { AppEnv } from '../core/env.ts';

const WELL_FORMED = /^[A-Za-z0-9._:-]{1,128}$/;

/** Takes a caller's X-Request-Id when it is safe to log and echo, else makes one; echoes it always. */
export const requestId = createMiddleware<AppEnv>(async (c, next) => {
  const incoming = c.req.header('x-request-id');
  const id = incoming && WELL_FORMED.test(incoming) ? incoming : crypto.randomUUID();
  c.set('requestId', id);
  await next();
  c.res.headers.set('x-request-id', id);
});
