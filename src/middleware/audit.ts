/**
 * One audit line for every keep, unmark and delete, whatever became of it: who asked (the
 * key's name, never the key), what for (gateway id or selector), and how it ended. Write
 * routes are known from their declared scopes, so a new write route is audited too.
 */
import { createMiddleware } from 'hono/factory';
import type { AppEnv } from '../app-env.ts';
import type { RoutePolicies } from '../auth/policy.ts';
import { GatewayError } from '../errors.ts';
import { auditListening } from './listen-audit.ts';

export type AuditOutcome = 'done' | 'unknown' | 'denied' | 'refused' | 'failed';

type Validated = { valid(target: string): unknown };

// A refused request can carry anything in its path: only well-formed names reach the log,
// so caller-made strings that look like credentials never do.
const INSTANCE = /^[a-z][a-z0-9-]{0,31}$/;
const GATEWAY_ID = /^[a-z][a-z0-9-]{0,31}_[A-Za-z0-9._:@{}-]{1,128}$/;
const MALFORMED = '[malformed]';

export function audit(policies: RoutePolicies) {
  return createMiddleware<AppEnv>(async (c, next) => {
    await next();
    const policy = policies.of(c);
    if (policy.listen) return auditListening(c, policy.operationId);
    if (!policy.write) return;
    const request = c.req as unknown as Validated;
    const param = (request.valid('param') ?? {}) as { id?: string; instance?: string };
    const body = request.valid('json') as Record<string, unknown> | undefined;
    const id = param.id === undefined ? null : GATEWAY_ID.test(param.id) ? param.id : MALFORMED;
    const instance =
      param.instance === undefined
        ? id && id !== MALFORMED
          ? id.slice(0, id.indexOf('_'))
          : null
        : INSTANCE.test(param.instance)
          ? param.instance
          : MALFORMED;
    const status = c.res.status;
    const replayed = c.res.headers.get('idempotent-replayed') === 'true';
    c.get('log').info(
      {
        audit: {
          operation: policy.operationId,
          keyName: c.get('caller')?.name ?? null,
          instance,
          id,
          selector: id === null && body ? body : null,
          ...(id !== null && body?.type ? { type: body.type } : {}),
          outcome: outcomeOf(status, c.error),
          status,
          ...(replayed ? { replayed } : {}),
          requestId: c.get('requestId'),
        },
      },
      'audit',
    );
  });
}

export function outcomeOf(status: number, error: unknown): AuditOutcome {
  if (status < 400) return 'done';
  if (error instanceof GatewayError && error.extras.outcome === 'unknown') return 'unknown';
  if (status === 401 || status === 403) return 'denied';
  return status < 500 ? 'refused' : 'failed';
}
