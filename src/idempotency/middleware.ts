/**
 * `Idempotency-Key` on POST and DELETE, as Stripe promises it: the key (scoped to the
 * caller's API key) is claimed before the provider is called, atomically for the whole
 * fleet, so of concurrent requests with one key exactly one goes on; the others get a 409
 * `idempotency_key_in_use` with `Retry-After`. A repeat with the same key and the same
 * request gets the first answer again for 24 hours, from any isolate and after any restart;
 * the same key on a different request is a 422. The records live in the gateway's state
 * (src/core/state/): Durable Objects on the Worker, STATE_DB on Node.
 *
 * Only answers a repeat must not redo are remembered: a 2xx, and a 4xx that a provider gave
 * (a call it could not find, a selector matching several). A 5xx is not: the write did not
 * happen (503) or its outcome is unknown (504), and a repeat must be free to try again. Nor
 * is a 4xx the gateway gave without asking a provider (bad input): repeating it costs
 * nothing, and the caller may reuse the key once the request is corrected. Their claims are
 * released.
 *
 * A request that matches no route never reaches the records: it is answered 404 or 405.
 */
import type { Context } from 'hono';
import { createMiddleware } from 'hono/factory';
import { matchedRoutes } from 'hono/route';
import { sha256, toHex } from '../auth/verify.ts';
import type { AppEnv } from '../core/env.ts';
import { badRequest, GatewayError } from '../core/errors.ts';
import type { ClaimResult, IdempotencyRecords, StoredAnswer } from '../core/state/types.ts';
import { type Metrics, NO_METRICS } from '../core/telemetry.ts';

const KEY = /^[\x21-\x7e]{1,255}$/;
// Write answers are a few hundred bytes; this bounds what one record can cost.
export const MAX_STORED_BODY = 4 * 1024;
export const REPLAYED_HEADER = 'idempotent-replayed';

export function idempotency(records: IdempotencyRecords, metrics: Metrics = NO_METRICS) {
  return createMiddleware<AppEnv>(async (c, next) => {
    const method = c.req.method;
    const key = c.req.header('idempotency-key');
    if ((method !== 'POST' && method !== 'DELETE') || key === undefined) return next();
    // A request no route takes is a 404 or 405 whatever its headers: no record is read or kept.
    if (!routeMatched(c)) return next();
    if (!KEY.test(key)) {
      throw badRequest('`Idempotency-Key` must be 1 to 255 printable ASCII characters.', [
        { field: 'header.idempotency-key', message: 'must be 1-255 printable ASCII characters' },
      ]);
    }
    const url = new URL(c.req.url);
    const body = await c.req.text();
    const fingerprint = toHex(await sha256(`${method}\n${url.pathname}${url.search}\n${body}`));
    const scope = c.get('caller')?.name ?? '';

    let claim: ClaimResult;
    try {
      claim = await records.claim(scope, key, fingerprint);
    } catch (error) {
      // Without its record the promise cannot be kept: nothing is sent, the caller retries.
      c.get('log').error(
        { err: { message: (error as Error).message } },
        'idempotency record could not be claimed',
      );
      throw new GatewayError(
        503,
        'state_unavailable',
        'The gateway could not check this Idempotency-Key; nothing was sent. Retry shortly.',
        {},
        { 'retry-after': '1' },
      );
    }
    if (claim.kind === 'mismatch') {
      metrics.idempotency('conflict');
      throw new GatewayError(
        422,
        'idempotency_conflict',
        'This Idempotency-Key was used for a different request; use a new key for a new request.',
      );
    }
    if (claim.kind === 'in_use') {
      metrics.idempotency('in_use');
      throw new GatewayError(
        409,
        'idempotency_key_in_use',
        'A request with this Idempotency-Key is still running; repeat it after Retry-After to get its answer.',
        {},
        { 'retry-after': String(claim.retryAfterSeconds) },
      );
    }
    if (claim.kind === 'replay') {
      metrics.idempotency('replayed');
      return replay(claim.answer);
    }

    let answer: StoredAnswer = { status: 500, contentType: '', body: '' };
    try {
      await next();
      answer = await snapshot(c.res);
    } finally {
      try {
        if (worthKeeping(answer, c.get('upstream').calls > 0)) {
          await records.complete(scope, key, claim.lease, answer);
        } else {
          await records.release(scope, key, claim.lease);
        }
      } catch (error) {
        // The answer still goes out. The claim lapses by itself (CLAIM_LEASE_MS); until
        // then a repeat is told the key is in use, and after it the request runs again.
        c.get('log').error(
          { err: { message: (error as Error).message } },
          'idempotency record could not be completed',
        );
      }
    }
  });
}

/** Whether a route (not only middleware, which Hono registers under ALL) takes this request. */
const routeMatched = (c: Context) => matchedRoutes(c).some((route) => route.method !== 'ALL');

function worthKeeping(answer: StoredAnswer, providerAsked: boolean): boolean {
  if (answer.body.length > MAX_STORED_BODY) return false;
  if (answer.status >= 200 && answer.status < 300) return true;
  return answer.status >= 400 && answer.status < 500 && providerAsked;
}

async function snapshot(response: Response): Promise<StoredAnswer> {
  return {
    status: response.status,
    contentType: response.headers.get('content-type') ?? '',
    body: await response.clone().text(),
  };
}

function replay(answer: StoredAnswer): Response {
  const headers: Record<string, string> = { [REPLAYED_HEADER]: 'true' };
  if (answer.contentType) headers['content-type'] = answer.contentType;
  return new Response(answer.body, { status: answer.status, headers });
}
