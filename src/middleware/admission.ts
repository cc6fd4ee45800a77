/**
 * What a request passes before its route runs, as one step of the app: the caller's key,
 * then, for a request that may carry a body (anything but GET and HEAD), the steps of a
 * write in order: the body's size, its Idempotency-Key, the events it makes. A read goes
 * from the key straight to its route, through no step it has nothing for.
 */
import type { MiddlewareHandler } from 'hono';
import type { Authenticate } from '../auth/middleware.ts';
import type { RoutePolicies } from '../auth/policy.ts';
import type { AppEnv } from '../core/env.ts';

export function admission(
  policies: RoutePolicies,
  authenticate: Authenticate,
  writeSteps: ReadonlyArray<MiddlewareHandler<AppEnv>>,
): MiddlewareHandler<AppEnv> {
  const throughWriteSteps: MiddlewareHandler<AppEnv> = (c, next) => {
    const step = async (i: number): Promise<void> => {
      const handler = writeSteps[i];
      if (!handler) return next();
      // A step may answer itself (an idempotent replay): kept as Hono's compose keeps it.
      const answer = await handler(c, () => step(i + 1));
      if (answer && !c.finalized) c.res = answer;
    };
    return step(0);
  };
  return (c, next) => {
    const checked = authenticate(c, policies.of(c.get('route')));
    const method = c.req.method;
    const route = method === 'GET' || method === 'HEAD' ? next : () => throughWriteSteps(c, next);
    return checked ? checked.then(route) : route();
  };
}
