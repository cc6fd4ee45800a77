/**
 * One audit line for every keep, unmark and delete, whatever became of it: who asked (the
 * key's name, never the key), what for (gateway id or selector), and how it ended. Write
 * routes are known from their declared scopes, so a new write route is audited too.
 *
 * The target is recorded even when the route never ran (a missing key or scope, an
 * Idempotency-Key conflict, a replay): the request is checked against the route's own
 * schemas here, so a line says which call someone tried to delete without repeating
 * anything the route would have refused.
 */
import type { Context } from 'hono';
import { matchedRoutes } from 'hono/route';
import type { RequestSchemas, RoutePolicy } from '../auth/policy.ts';
import type { AppEnv } from '../core/env.ts';
import { outcomeOf } from './audit-outcome.ts';
import { auditListening } from './listen-audit.ts';

type Validated = { valid(target: string): unknown };

// A refused request can carry anything in its path: only well-formed names reach the log,
// so caller-made strings that look like credentials never do.
const INSTANCE = /^[a-z][a-z0-9-]{0,31}$/;
const GATEWAY_ID = /^[a-z][a-z0-9-]{0,31}_[A-Za-z0-9._:@{}-]{1,128}$/;
const MALFORMED = '[malformed]';

/**
 * Writes the audit line of an answered request, when its route is a write or audio.
 * `maxBodyBytes`: the largest unread body of a refused request read for its target.
 */
export function auditAnswer(
  c: Context<AppEnv>,
  policy: RoutePolicy,
  maxBodyBytes: number,
): Promise<void> | undefined {
  if (policy.listen) {
    auditListening(c, policy.operationId);
    return;
  }
  if (policy.write) return auditWrite(c, policy, maxBodyBytes);
}

async function auditWrite(c: Context<AppEnv>, policy: RoutePolicy, maxBodyBytes: number) {
  const param = pathTarget(c, policy.request);
  const body = await bodyTarget(c, policy.request, maxBodyBytes);
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
  const type = typeof body === 'object' && body?.type ? { type: body.type } : {};
  c.get('log').info(
    {
      audit: {
        operation: policy.operationId,
        keyName: c.get('caller')?.name ?? null,
        instance,
        id,
        selector: id === null ? (body ?? null) : null,
        ...(id !== null ? type : {}),
        outcome: outcomeOf(status, c.error),
        status,
        ...(replayed ? { replayed } : {}),
        requestId: c.get('requestId'),
      },
    },
    'audit',
  );
}

/** The path's id or instance as the route validated it, or as its schema reads it now. */
function pathTarget(c: Context<AppEnv>, schemas: RequestSchemas | undefined) {
  const validated = (c.req as unknown as Validated).valid('param');
  if (validated) return validated as { id?: string; instance?: string };
  // c.req.param() reads the params of the route now running, this middleware's `*`: read
  // those of the route the request matched, whose handler may never have run.
  const running = c.req.routeIndex;
  c.req.routeIndex = matchedRoutes(c).length - 1;
  const raw = c.req.param() as Record<string, string>;
  c.req.routeIndex = running;
  const parsed = schemas?.params?.safeParse(raw);
  if (parsed?.success) return parsed.data as { id?: string; instance?: string };
  // Present but refused by the schema: named as malformed, never as sent.
  return {
    ...(raw.id !== undefined ? { id: MALFORMED } : {}),
    ...(raw.instance !== undefined ? { instance: MALFORMED } : {}),
  };
}

/**
 * The JSON body as the route validated it, or as its schema reads it now: from what was
 * already read (an idempotent repeat), else, for a request refused before its body was
 * read, from a small body of declared length. MALFORMED when the schema refuses it.
 */
async function bodyTarget(
  c: Context<AppEnv>,
  schemas: RequestSchemas | undefined,
  maxBodyBytes: number,
): Promise<Record<string, unknown> | typeof MALFORMED | undefined> {
  const validated = (c.req as unknown as Validated).valid('json');
  if (validated) return validated as Record<string, unknown>;
  if (!schemas?.body) return undefined;
  const text = await readSmallBody(c, maxBodyBytes);
  if (text === undefined || text === '') return undefined;
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return MALFORMED;
  }
  const parsed = schemas.body.safeParse(json);
  return parsed.success ? (parsed.data as Record<string, unknown>) : MALFORMED;
}

async function readSmallBody(
  c: Context<AppEnv>,
  maxBodyBytes: number,
): Promise<string | undefined> {
  // Hono keeps what a middleware already read (the Idempotency-Key fingerprint).
  if (Object.keys(c.req.bodyCache).length > 0) return c.req.text().catch(() => undefined);
  if (c.req.raw.bodyUsed) return undefined;
  const length = Number(c.req.header('content-length'));
  // Unread, so unbounded by the body limit: only a declared, small length is read.
  if (!Number.isSafeInteger(length) || length <= 0 || length > maxBodyBytes) return undefined;
  return c.req.text().catch(() => undefined);
}
