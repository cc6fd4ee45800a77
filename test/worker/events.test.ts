/**
 * Events in workerd, two gateway apps on one Durable Object namespace standing in for two
 * isolates: watchers on both share one poller (the call's object and its alarm), and a
 * write on one isolate reaches an endpoint made on the other, signed as the standardwebhooks
 * package verifies.
 */
import { createExecutionContext } from 'cloudflare:test';
import { Webhook } from 'standardwebhooks';
import { beforeEach, describe, expect, inject, it } from 'vitest';
import { buildWorkerApp } from '../../src/worker/index.ts';
import { as, EVENT_API_KEYS, EVENT_KEYS, jsonBody } from '../support/event-keys.ts';
import { readEvents } from '../support/events.ts';
import { resetSandbox, sandboxRequests } from '../support/sandbox-log.ts';
import { workerEnv } from './worker-env.ts';

const verba = inject('verbaEvents');
const receiver = inject('receiver');
const ctx = createExecutionContext();
const ONGOING = 'verba_5d0b6f0c-7f64-4d3e-9a51-2c1f0f6e8a10';
const POLL_MS = 300;

type Isolate = (path: string, init?: RequestInit) => Promise<Response>;

function fleet(): [Isolate, Isolate] {
  const env = workerEnv({
    VERBA_BASE_URL: verba.apiUrl,
    VERBA_API_KEY: verba.apiKey,
    VERBA_USERNAME: verba.userName,
    VERBA_PASSWORD: verba.password,
    VERBA_TIMEZONE: verba.timeZone,
    GATEWAY_API_KEYS: EVENT_API_KEYS,
    CALL_CACHE: 'off',
    LOG_LEVEL: 'silent',
    EVENTS_POLL_INTERVAL_MS: String(POLL_MS),
    WEBHOOK_ALLOWED_DESTINATIONS: '127.0.0.1/32',
    WEBHOOK_RETRY_SCHEDULE: '300ms,300ms',
  });
  const statePrefix = `${crypto.randomUUID()}:`;
  const isolate = (): Isolate => {
    const handler = buildWorkerApp(env, { statePrefix });
    return async (path, init) =>
      handler(new Request(`https://callgate.test${path}`, init), env, ctx);
  };
  return [isolate(), isolate()];
}

interface Received {
  headers: Record<string, string>;
  body: string;
}

async function received(n: number): Promise<Received[]> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const got = (await (await fetch(`${receiver.origin}/__received`)).json()) as Received[];
    if (got.length >= n || Date.now() > deadline) return got;
    await new Promise((r) => setTimeout(r, 50));
  }
}

beforeEach(async () => {
  await resetSandbox(verba.origin);
  await fetch(`${receiver.origin}/__reset`, { method: 'POST' });
});

describe('events across two isolates', () => {
  it('one poller for watchers on both, and every stream ends with the call', async () => {
    const [a, b] = fleet();
    const streams = await Promise.all(
      [a, a, a, b, b, b].map((isolate) =>
        isolate(`/calls/${ONGOING}/events`, as(EVENT_KEYS.reader)),
      ),
    );
    for (const response of streams) {
      expect(response.status).toBe(200);
      expect(response.headers.get('cache-control')).toBe('no-cache');
    }
    const readers = streams.map((response) => readEvents(response));
    await resetSandbox(verba.origin);
    const started = Date.now();
    await new Promise((r) => setTimeout(r, 8 * POLL_MS));
    const polls = (await sandboxRequests(verba.origin)).filter(
      (r) => r.action === 'GetCallInformation',
    ).length;
    const intervals = (Date.now() - started) / POLL_MS;
    expect(polls).toBeGreaterThanOrEqual(2);
    expect(polls).toBeLessThanOrEqual(intervals + 1);
    await fetch(`${verba.origin}/__sandbox/end-call?callID=${ONGOING.slice(6)}`, {
      method: 'POST',
    });
    for (const { events, ended } of await Promise.all(readers)) {
      expect(ended).toBe(true);
      expect(events[0]?.event).toBe('call.snapshot');
      expect(events.at(-1)?.event).toBe('call.ended');
    }
  });

  it('a keep on one isolate reaches an endpoint made on the other, verifiably signed', async () => {
    const [a, b] = fleet();
    const made = await a(
      '/webhooks',
      as(EVENT_KEYS.a, jsonBody('POST', { url: receiver.url, events: ['call.kept'] })),
    );
    expect(made.status).toBe(201);
    const { id, secret } = (await made.json()) as { id: string; secret: string };
    expect((await b(`/webhooks/${id}`, as(EVENT_KEYS.a))).status).toBe(200);
    expect((await b(`/webhooks/${id}`, as(EVENT_KEYS.b))).status).toBe(404);
    const refused = await b(
      '/webhooks',
      as(EVENT_KEYS.a, jsonBody('POST', { url: 'http://169.254.169.254/', events: ['call.kept'] })),
    );
    expect(refused.status).toBe(400);

    const keep = await b(`/calls/${ONGOING}/keep`, as(EVENT_KEYS.a, jsonBody('POST', {})));
    expect(keep.status).toBe(200);
    const [delivery] = await received(1);
    if (!delivery) throw new Error('nothing delivered');
    const event = new Webhook(secret).verify(delivery.body, delivery.headers) as {
      id: string;
      type: string;
      data: { call: { id: string } };
    };
    expect(event.type).toBe('call.kept');
    expect(event.data.call.id).toBe(ONGOING);
    expect(delivery.headers['webhook-id']).toBe(event.id);

    const log = (await (await a(`/webhooks/${id}/deliveries`, as(EVENT_KEYS.a))).json()) as {
      items: Array<{ eventId: string; attempts: Array<{ statusCode: number }> }>;
    };
    expect(log.items[0]?.eventId).toBe(event.id);
  });

  it('call.started: the hub searches each instance for new calls, each announced once', async () => {
    const [a, b] = fleet();
    const searches = async () =>
      (await sandboxRequests(verba.origin)).filter((r) => r.action === 'SearchCalls');
    await new Promise((r) => setTimeout(r, 4 * POLL_MS));
    // Nobody wants call.started yet: no search is made.
    expect(await searches()).toHaveLength(0);
    const made = await a(
      '/webhooks',
      as(EVENT_KEYS.a, jsonBody('POST', { url: receiver.url, events: ['call.started'] })),
    );
    expect(made.status).toBe(201);
    const since = Date.now();
    const { secret } = (await made.json()) as { secret: string };
    // A second isolate's endpoint for the same events adds no poller of its own.
    const other = await b(
      '/webhooks',
      as(EVENT_KEYS.b, jsonBody('POST', { url: receiver.url, events: ['call.kept'] })),
    );
    expect(other.status).toBe(201);
    await received(3);
    // More polls see the same calls again: none is announced twice.
    await new Promise((r) => setTimeout(r, 5 * POLL_MS));
    const deliveries = await received(3);
    const events = deliveries.map(
      (d) =>
        new Webhook(secret).verify(d.body, d.headers) as {
          type: string;
          data: { call: { id: string } };
        },
    );
    expect(events.map((e) => e.type)).toEqual(['call.started', 'call.started', 'call.started']);
    expect(new Set(events.map((e) => e.data.call.id)).size).toBe(3);
    expect(events.map((e) => e.data.call.id)).toContain(ONGOING);
    const polled = await searches();
    expect(polled.every((r) => r.params.status === 'ongoing')).toBe(true);
    // One search per interval for the fleet, however many isolates and endpoints.
    expect(polled.length).toBeGreaterThan(0);
    expect(polled.length).toBeLessThanOrEqual(Math.ceil((Date.now() - since) / POLL_MS) + 1);
  });
});
