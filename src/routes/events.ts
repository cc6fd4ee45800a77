/**
 * GET /calls/{id}/events: the call as it is now, then each change until it ends, as
 * Server-Sent Events; and the events of the gateway's own writes (keep, unmark, delete),
 * recorded after each succeeds.
 */
import { createRoute, z } from '@hono/zod-openapi';
import type { MiddlewareHandler } from 'hono';
import type { Call } from '../core/call.ts';
import type { AppEnv } from '../core/env.ts';
import { GatewayError } from '../core/errors.ts';
import type { Logger } from '../core/logger.ts';
import type { EventType } from '../events/event.ts';
import type { CallPoller } from '../events/poll.ts';
import type { EventsService } from '../events/service.ts';
import { EVENT_ID_EXAMPLE, LastEventIdHeaders } from '../schemas/events.ts';
import { AUTH_ERRORS, errorResponses, PROVIDER_ERRORS } from '../schemas/problem.ts';
import { CallIdParam } from '../schemas/requests.ts';
import { requires } from '../schemas/security.ts';
import { createRouter } from './router.ts';

export const watchCall = createRoute({
  method: 'get',
  path: '/calls/{id}/events',
  operationId: 'watchCall',
  security: requires('calls:read'),
  summary: 'Watch a call until it ends',
  description: [
    "Server-Sent Events (`text/event-stream`, for `EventSource`): first `call.snapshot`, the call as it is now; then `call.updated` on each change and `call.ended` when it ends, after which the stream closes. The gateway's own writes on the call (`call.kept`, `call.unmarked`, `call.deleted`) come as they happen.",
    '',
    'Each event has an `id:`; a reconnect with `Last-Event-ID` gets the events it missed (a new snapshot when that id is too old), and one after the end gets what it missed and the end, or a 204 when it missed nothing (an `EventSource` stops reconnecting on a 204). A `: keepalive` comment comes at least every 20 s. However many watch a call, the gateway polls the provider for it once (`EVENTS_POLL_INTERVAL_MS`, default 5 s).',
  ].join('\n'),
  tags: ['calls'],
  request: { params: CallIdParam, headers: LastEventIdHeaders },
  responses: {
    200: {
      description: 'The event stream. Each `data:` line is one event as JSON.',
      headers: {
        'Cache-Control': { schema: { type: 'string' as const, example: 'no-cache' } },
      },
      content: {
        'text/event-stream': {
          // One `CallEvent` (see the document's webhooks) per `data:` line.
          schema: z
            .string()
            .openapi({ description: 'Server-Sent Events; each `data:` is a CallEvent as JSON.' }),
          example: `id: ${EVENT_ID_EXAMPLE}\nevent: call.ended\ndata: {"id":"${EVENT_ID_EXAMPLE}","type":"call.ended","timestamp":"2026-11-20T09:27:41.000Z","data":{"call":{…}}}\n\n`,
        },
      },
    },
    204: { description: 'The call ended, and the watcher has seen the end already.' },
    ...errorResponses(...AUTH_ERRORS, 404, 429, ...PROVIDER_ERRORS),
  },
});

const unavailable = () =>
  new GatewayError(503, 'events_unavailable', 'This gateway keeps no events.');

export function eventsRouter(events: EventsService | null) {
  return createRouter().openapi(watchCall, async (c) => {
    if (!events) throw unavailable();
    const { id } = c.req.valid('param');
    const lastEventId = c.req.valid('header')['last-event-id'] ?? null;
    const { instance, callId } = c.get('instances').resolve(id);
    // The caller's own read: a call that does not exist is a 404 before any stream opens.
    const snapshot = await instance.get(callId, { includeRaw: false, maxAgeSeconds: 0 });
    return events.watch({
      gatewayId: id,
      instance: instance.name,
      lastEventId,
      snapshot,
      owner: c.get('caller')?.name ?? 'open',
      signal: c.req.raw.signal,
    });
  });
}

const WRITES: Array<{ method: string; pattern: RegExp; type: EventType }> = [
  { method: 'POST', pattern: /^\/calls\/([^/]+)\/keep$/, type: 'call.kept' },
  { method: 'DELETE', pattern: /^\/calls\/([^/]+)\/keep$/, type: 'call.unmarked' },
  { method: 'DELETE', pattern: /^\/calls\/([^/]+)$/, type: 'call.deleted' },
];

/**
 * Records the event of a write once it succeeded, in the background: the caller's answer
 * never waits for it. The call is read fresh after the write; for a delete, which may leave
 * nothing to read, the call as read (from the cache, usually) before it.
 */
export function writeEvents(
  events: EventsService | null,
  poll: CallPoller,
  logger: Logger,
): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const write = events
      ? WRITES.find((w) => w.method === c.req.method && w.pattern.test(c.req.path))
      : undefined;
    if (!events || !write) return next();
    const id = decodeURIComponent(write.pattern.exec(c.req.path)?.[1] ?? '');
    // Reading the call for the event costs a provider request: only when someone listens.
    const wanted = events.wants(write.type, id).catch((error: unknown) => {
      logger.warn({ err: { message: (error as Error).message } }, 'events unreachable');
      return false;
    });
    let before: Promise<Call | null> = Promise.resolve(null);
    // A delete may leave nothing to read after it: the call as it was, read first (usually
    // from the cache), and only when someone listens; a keep never waits for this.
    if (write.type === 'call.deleted' && (await wanted)) {
      before = (async () => {
        try {
          const { instance, callId } = c.get('instances').resolve(id);
          return await instance.get(callId, { includeRaw: false });
        } catch {
          return null;
        }
      })();
      await before;
    }
    await next();
    if (c.res.status !== 200) return;
    const instance = id.slice(0, id.indexOf('_'));
    const work = (async () => {
      if (!(await wanted)) return;
      let call: Call | null = null;
      try {
        call = await poll(id);
      } catch {
        call = await before;
      }
      if (!call) {
        logger.warn({ event: write.type, call: id }, 'no event: the call could not be read');
        return;
      }
      await events.record({ type: write.type, data: { call }, callId: id, instance, owner: null });
    })().catch((error: unknown) =>
      logger.error(
        { err: { message: (error as Error).message }, event: write.type },
        'recording an event failed',
      ),
    );
    inBackground(c, work);
  };
}

/** Keeps the Worker's invocation alive for `work`; Node simply lets it run. */
function inBackground(
  c: { executionCtx: { waitUntil(p: Promise<unknown>): void } },
  work: Promise<unknown>,
) {
  try {
    c.executionCtx.waitUntil(work);
  } catch {
    // Node has no execution context: the promise runs on by itself.
  }
}
