/**
 * `Idempotency-Key` on POST and DELETE: a repeat with the same key and the same request
 * gets the first answer again, without a second upstream call; the same key on a different
 * request is a 422. Keys are scoped to the caller's API key, so two callers cannot collide,
 * and each caller's records are bounded on their own (store.ts).
 *
 * Only answers a repeat must not redo are remembered: a 2xx, and a 4xx that a provider gave
 * (a call it could not find, a selector matching several). A 5xx is not: the write did not
 * happen (503) or its outcome is unknown (504), and a repeat must be free to try again. Nor
 * is a 4xx the gateway gave without asking a provider (bad input): repeating it costs
 * nothing, and the caller may reuse the key once the request is corrected.
 */
import { createMiddleware } from 'hono/factory';
import { sha256, toHex } from '../auth/verify.ts';
import type { AppEnv } from '../core/env.ts';
import { badRequest, GatewayError } from '../core/errors.ts';
import { type Metrics, NO_METRICS } from '../core/telemetry.ts';
import type { IdempotencyStore, StoredAnswer } from './store.ts';

const KEY = /^[\x21-\x7e]{1,255}$/;
// Write answers are a few hundred bytes; this bounds what one record can cost.
export const MAX_STORED_BODY = 4 * 1024;
export const REPLAYED_HEADER = 'idempotent-replayed';

export function idempotency(store: IdempotencyStore, metrics: Metrics = NO_METRICS) {
  return createMiddleware<AppEnv>(async (c, next) => {
    const method = c.req.method;
    const key = c.req.header('idempotency-key');
    if ((method !== 'POST' && method !== 'DELETE') || key === undefined) return next();
    if (!KEY.test(key)) {
      throw badRequest('`Idempotency-Key` must be 1 to 255 printable ASCII characters.', [
        { field: 'header.idempotency-key', message: 'must be 1-255 printable ASCII characters' },
      ]);
    }
    const url = new URL(c.req.url);
    const body = await c.req.text();
    const fingerprint = toHex(await sha256(`${method}\n${url.pathname}${url.search}\n${body}`));
    const scope = c.get('caller')?.name ?? '';

    const existing = store.get(scope, key);
    if (existing) {
      if (existing.fingerprint !== fingerprint) {
        metrics.idempotency('conflict');
        throw new GatewayError(
          422,
          'idempotency_conflict',
          'This Idempotency-Key was used for a different request; use a new key for a new request.',
        );
      }
      const answer = existing.state === 'done' ? existing.answer : await existing.done;
      metrics.idempotency('replayed');
      return replay(answer);
    }

    let settle: (answer: StoredAnswer) => void = () => {};
    const done = new Promise<StoredAnswer>((resolve) => {
      settle = resolve;
    });
    store.set(scope, key, { state: 'pending', fingerprint, done });
    let answer: StoredAnswer = { status: 500, contentType: '', body: '' };
    try {
      await next();
      answer = await snapshot(c.res);
    } finally {
      settle(answer);
      if (worthKeeping(answer, c.get('upstream').calls > 0)) {
        store.set(scope, key, { state: 'done', fingerprint, answer });
      } else {
        store.delete(scope, key);
      }
    }
  });
}

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
