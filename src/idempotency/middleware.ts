/**
 * `Idempotency-Key` on POST and DELETE: a repeat with the same key and the same request
 * gets the first answer again, without a second upstream call; the same key on a different
 * request is a 422. Keys are scoped to the caller's API key, so two callers cannot collide.
 *
 * Answers the caller can act on (2xx and 4xx) are remembered. A 5xx is not: the write did
 * not happen (503) or its outcome is unknown (504), and a repeat must be free to try again.
 */
import { createMiddleware } from 'hono/factory';
import { sha256, toHex } from '../auth/verify.ts';
import type { AppEnv } from '../core/env.ts';
import { badRequest, GatewayError } from '../core/errors.ts';
import type { IdempotencyStore, StoredAnswer } from './store.ts';

const KEY = /^[\x21-\x7e]{1,255}$/;
// Write answers are a few hundred bytes; anything far larger is not worth holding.
const MAX_STORED_BODY = 64 * 1024;
const NOT_REPLAYED_HEADERS = new Set(['x-request-id', 'content-length']);
export const REPLAYED_HEADER = 'idempotent-replayed';

export function idempotency(store: IdempotencyStore) {
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
    const scoped = `${c.get('caller')?.name ?? ''}\n${key}`;

    const existing = store.get(scoped);
    if (existing) {
      if (existing.fingerprint !== fingerprint) {
        throw new GatewayError(
          422,
          'idempotency_conflict',
          'This Idempotency-Key was used for a different request; use a new key for a new request.',
        );
      }
      const answer = existing.state === 'done' ? existing.answer : await existing.done;
      return replay(answer);
    }

    let settle: (answer: StoredAnswer) => void = () => {};
    const done = new Promise<StoredAnswer>((resolve) => {
      settle = resolve;
    });
    store.set(scoped, { state: 'pending', fingerprint, done });
    let answer: StoredAnswer = { status: 500, headers: [], body: '' };
    try {
      await next();
      answer = await snapshot(c.res);
    } finally {
      settle(answer);
      const remember = answer.status < 500 && answer.body.length <= MAX_STORED_BODY;
      if (remember) store.set(scoped, { state: 'done', fingerprint, answer });
      else store.delete(scoped);
    }
  });
}

async function snapshot(response: Response): Promise<StoredAnswer> {
  const headers: Array<[string, string]> = [];
  response.headers.forEach((value, name) => {
    if (!NOT_REPLAYED_HEADERS.has(name)) headers.push([name, value]);
  });
  return { status: response.status, headers, body: await response.clone().text() };
}

function replay(answer: StoredAnswer): Response {
  const headers = new Headers(answer.headers);
  headers.set(REPLAYED_HEADER, 'true');
  return new Response(answer.body, { status: answer.status, headers });
}
