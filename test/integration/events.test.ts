/**
 * Events on Node, against the Verba sandbox: watching a call over Server-Sent Events to its
 * end, one poller for many watchers, webhook endpoints per key, and deliveries checked as a
 * receiver would check them (the standardwebhooks package), through a restart too.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Webhook } from 'standardwebhooks';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  startVerbaSandbox,
  VERBA_SAMPLE_CALLS,
  type VerbaSandbox,
} from '../../providers/verba/sandbox/index.ts';
import { as, EVENT_API_KEYS, EVENT_KEYS, jsonBody } from '../support/event-keys.ts';
import { readEvents } from '../support/events.ts';
import { type RunningGateway, startGateway } from '../support/gateway.ts';
import { resetSandbox, sandboxRequests } from '../support/sandbox-log.ts';
import { verbaEnv } from '../support/verba.ts';
import { type Receiver, startReceiver } from '../support/webhook-receiver.ts';

const ONGOING = `verba_${VERBA_SAMPLE_CALLS.ongoing}`;
const FINISHED = `verba_${VERBA_SAMPLE_CALLS.finished}`;
const POLL_MS = 200;

let sandbox: VerbaSandbox;
let receiver: Receiver;
let other: Receiver;
let gateway: RunningGateway;
let dir: string;

const env = (extra: Record<string, string> = {}) => ({
  ...verbaEnv(sandbox),
  GATEWAY_API_KEYS: EVENT_API_KEYS,
  CALL_CACHE: 'off',
  EVENTS_POLL_INTERVAL_MS: String(POLL_MS),
  WEBHOOK_ALLOWED_DESTINATIONS: '127.0.0.1/32',
  WEBHOOK_RETRY_SCHEDULE: '300ms,300ms,300ms',
  ...extra,
});

const endCall = (id: string) =>
  fetch(`${sandbox.origin}/__sandbox/end-call?callID=${id}`, { method: 'POST' });

async function createEndpoint(key: string, body: unknown) {
  const response = await gateway.raw('/webhooks', as(key, jsonBody('POST', body)));
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

beforeAll(async () => {
  sandbox = await startVerbaSandbox();
  dir = mkdtempSync(join(tmpdir(), 'callgate-events-'));
});

beforeEach(async () => {
  await resetSandbox(sandbox.origin);
  receiver = await startReceiver();
  other = await startReceiver();
  gateway = await startGateway(env(), { name: 'events' });
});

afterEach(async () => {
  await gateway?.close();
  await receiver?.close();
  await other?.close();
});

afterAll(async () => {
  await sandbox?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('GET /calls/{id}/events', () => {
  it('sends the call now, then its end, and closes; a resume gets what it missed', async () => {
    const response = await gateway.raw(`/calls/${ONGOING}/events`, as(EVENT_KEYS.reader));
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/);
    expect(response.headers.get('cache-control')).toBe('no-cache');
    expect(response.headers.get('content-encoding')).toBeNull();
    const reading = readEvents(response);
    await new Promise((r) => setTimeout(r, 3 * POLL_MS));
    await endCall(VERBA_SAMPLE_CALLS.ongoing);
    const { events, ended } = await reading;
    expect(ended).toBe(true);
    expect(events.map((e) => e.event)).toEqual(['call.snapshot', 'call.ended']);
    const [snapshot, end] = events.map((e) => JSON.parse(e.data));
    expect(snapshot.data.call.state).toBe('in_progress');
    expect(end.data.call.state).toBe('completed');
    expect(events[1]?.id).toBe(end.id);

    // Resuming after the snapshot: the end it missed, then the stream closes.
    const resumed = await readEvents(
      await gateway.raw(
        `/calls/${ONGOING}/events`,
        as(EVENT_KEYS.reader, { headers: { 'last-event-id': events[0]?.id ?? '' } }),
      ),
    );
    expect(resumed.events.map((e) => e.id)).toEqual([end.id]);
    expect(resumed.ended).toBe(true);

    // After the end, with the end's id: nothing more, and a 204 stops an EventSource.
    const after = await gateway.raw(
      `/calls/${ONGOING}/events`,
      as(EVENT_KEYS.reader, { headers: { 'last-event-id': end.id } }),
    );
    expect(after.status).toBe(204);

    // An id never seen: a snapshot again (the call is over, so the stream closes after it).
    const stale = await readEvents(
      await gateway.raw(
        `/calls/${ONGOING}/events`,
        as(EVENT_KEYS.reader, { headers: { 'last-event-id': 'evt_unknown' } }),
      ),
    );
    expect(stale.events.map((e) => e.event)).toEqual(['call.snapshot']);
    expect(stale.events[0]?.id).toBe(end.id);
  });

  it('polls the provider once per interval however many watch', async () => {
    const streams = await Promise.all(
      Array.from({ length: 6 }, () =>
        gateway.raw(`/calls/${ONGOING}/events`, as(EVENT_KEYS.reader)),
      ),
    );
    const readers = streams.map((response) => readEvents(response));
    await resetSandbox(sandbox.origin);
    const started = Date.now();
    await new Promise((r) => setTimeout(r, 10 * POLL_MS));
    const polls = (await sandboxRequests(sandbox.origin)).filter(
      (r) => r.action === 'GetCallInformation',
    ).length;
    const intervals = (Date.now() - started) / POLL_MS;
    // One poller: about one read per interval (timers drift late, never early); six would be ~60.
    expect(polls).toBeGreaterThanOrEqual(3);
    expect(polls).toBeLessThanOrEqual(intervals + 1);
    // The reset brought the call back as new: ending it ends every stream.
    await endCall(VERBA_SAMPLE_CALLS.ongoing);
    for (const { events, ended } of await Promise.all(readers)) {
      expect(ended).toBe(true);
      expect(events.at(-1)?.event).toBe('call.ended');
    }
  });

  it('refuses a key without calls:read, and a call that does not exist', async () => {
    const noKey = await gateway.raw(`/calls/${ONGOING}/events`);
    expect(noKey.status).toBe(401);
    const missing = await gateway.raw(
      '/calls/verba_00000000-0000-4000-8000-000000000000/events',
      as(EVENT_KEYS.reader),
    );
    expect(missing.status).toBe(404);
    expect(missing.headers.get('content-type')).toMatch(/problem\+json/);
  });

  it('a finished call: its snapshot, then the stream closes', async () => {
    const response = await gateway.raw(`/calls/${FINISHED}/events`, as(EVENT_KEYS.reader));
    // A finished call: the snapshot, then the end of the stream.
    const { events, ended } = await readEvents(response);
    expect(events.map((e) => e.event)).toEqual(['call.snapshot']);
    expect(ended).toBe(true);
  });
});

describe('webhook endpoints', () => {
  it('are made with a whsec_ secret shown once, and each key sees only its own', async () => {
    const made = await createEndpoint(EVENT_KEYS.a, { url: receiver.url, events: ['call.kept'] });
    expect(made.status).toBe(201);
    expect(made.body.secret).toMatch(/^whsec_[A-Za-z0-9+/=]{32}$/);
    const id = String(made.body.id);

    const got = await gateway.raw(`/webhooks/${id}`, as(EVENT_KEYS.a));
    expect(got.status).toBe(200);
    expect(await got.json()).not.toHaveProperty('secret');

    expect((await gateway.raw(`/webhooks/${id}`, as(EVENT_KEYS.b))).status).toBe(404);
    expect(
      (await gateway.raw(`/webhooks/${id}`, as(EVENT_KEYS.b, { method: 'DELETE' }))).status,
    ).toBe(404);
    const listB = (await (await gateway.raw('/webhooks', as(EVENT_KEYS.b))).json()) as {
      items: unknown[];
    };
    expect(listB.items).toEqual([]);
    expect((await gateway.raw('/webhooks', as(EVENT_KEYS.reader))).status).toBe(403);

    const patched = await gateway.raw(
      `/webhooks/${id}`,
      as(EVENT_KEYS.a, jsonBody('PATCH', { events: ['call.kept', 'call.ended'] })),
    );
    expect(((await patched.json()) as { events: string[] }).events).toEqual([
      'call.kept',
      'call.ended',
    ]);
    expect(
      (await gateway.raw(`/webhooks/${id}`, as(EVENT_KEYS.a, { method: 'DELETE' }))).status,
    ).toBe(204);
    expect((await gateway.raw(`/webhooks/${id}`, as(EVENT_KEYS.a))).status).toBe(404);
  });

  it('refuse destinations off the allow list, and link-local ones whatever it says', async () => {
    const off = await createEndpoint(EVENT_KEYS.a, {
      url: 'http://10.1.2.3/hooks',
      events: ['call.kept'],
    });
    expect(off.status).toBe(400);
    expect(off.body.errors).toEqual([expect.objectContaining({ field: 'body.url' })]);

    await gateway.close();
    gateway = await startGateway(
      env({ WEBHOOK_ALLOWED_DESTINATIONS: '169.254.0.0/16,fd00:ec2::/32,127.0.0.1/32' }),
      { name: 'events' },
    );
    for (const url of ['http://169.254.169.254/latest/meta-data', 'http://[fd00:ec2::254]/']) {
      const refused = await createEndpoint(EVENT_KEYS.a, { url, events: ['call.kept'] });
      expect(refused.status, url).toBe(400);
    }
    const bad = await createEndpoint(EVENT_KEYS.a, { url: receiver.url, events: ['call.nope'] });
    expect(bad.status).toBe(400);
    const list = (await (await gateway.raw('/webhooks', as(EVENT_KEYS.a))).json()) as {
      items: unknown[];
    };
    expect(list.items).toEqual([]);
  });
});

describe('deliveries', () => {
  it('are signed by Standard Webhooks, as a receiver verifies them', async () => {
    const made = await createEndpoint(EVENT_KEYS.a, {
      url: receiver.url,
      events: ['call.kept', 'call.unmarked'],
    });
    const keep = await gateway.raw(
      `/calls/${ONGOING}/keep`,
      as(EVENT_KEYS.a, jsonBody('POST', {})),
    );
    expect(keep.status).toBe(200);
    const [first] = await receiver.waitFor(1);
    if (!first) throw new Error('no delivery');
    const verified = new Webhook(String(made.body.secret)).verify(
      first.body,
      first.headers as Record<string, string>,
    ) as { id: string; type: string; data: { call: { id: string } } };
    expect(verified.type).toBe('call.kept');
    expect(verified.data.call.id).toBe(ONGOING);
    expect(first.headers['webhook-id']).toBe(verified.id);
    // A wrong secret does not verify.
    expect(() =>
      new Webhook('whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw').verify(
        first.body,
        first.headers as Record<string, string>,
      ),
    ).toThrow();

    // Rotation: both secrets sign for a while, each verifies on its own.
    const rotated = (await (
      await gateway.raw(
        `/webhooks/${made.body.id}/rotate-secret`,
        as(EVENT_KEYS.a, { method: 'POST' }),
      )
    ).json()) as { secret: string };
    expect(rotated.secret).not.toBe(made.body.secret);
    await gateway.raw(`/calls/${ONGOING}/keep`, as(EVENT_KEYS.a, jsonBody('DELETE', {})));
    const second = (await receiver.waitFor(2))[1];
    if (!second) throw new Error('no second delivery');
    expect(String(second.headers['webhook-signature']).split(' ')).toHaveLength(2);
    for (const secret of [rotated.secret, String(made.body.secret)]) {
      const event = new Webhook(secret).verify(
        second.body,
        second.headers as Record<string, string>,
      ) as { type: string };
      expect(event.type).toBe('call.unmarked');
    }
  });

  it('are retried with the same webhook-id, logged with status and excerpt, and resent on demand', async () => {
    receiver.answers.push(
      { status: 500, body: 'database is down' },
      { status: 302, headers: { location: `${other.url}` } },
    );
    const made = await createEndpoint(EVENT_KEYS.a, { url: receiver.url, events: ['call.kept'] });
    await gateway.raw(`/calls/${ONGOING}/keep`, as(EVENT_KEYS.a, jsonBody('POST', {})));
    const attempts = await receiver.waitFor(3);
    const ids = new Set(attempts.map((a) => a.headers['webhook-id']));
    expect(ids.size).toBe(1);
    // The redirect was not followed.
    expect(other.received).toHaveLength(0);

    const log = async () =>
      (
        (await (
          await gateway.raw(`/webhooks/${made.body.id}/deliveries`, as(EVENT_KEYS.a))
        ).json()) as {
          items: Array<{
            id: string;
            state: string;
            attempts: Array<{ statusCode: number; excerpt: string | null; error: string | null }>;
          }>;
        }
      ).items;
    let items = await log();
    for (let i = 0; i < 40 && items[0]?.state !== 'delivered'; i++) {
      await new Promise((r) => setTimeout(r, 50));
      items = await log();
    }
    expect(items).toHaveLength(1);
    const [delivery] = items;
    expect(delivery?.state).toBe('delivered');
    expect(delivery?.attempts.map((a) => a.statusCode)).toEqual([500, 302, 204]);
    expect(delivery?.attempts[0]?.excerpt).toBe('database is down');
    expect(delivery?.attempts[1]?.error).toBe('redirect not followed');

    const retry = await gateway.raw(
      `/webhooks/${made.body.id}/deliveries/${delivery?.id}/retry`,
      as(EVENT_KEYS.a, { method: 'POST' }),
    );
    expect(retry.status).toBe(202);
    const again = await receiver.waitFor(4);
    expect(again[3]?.headers['webhook-id']).toBe(attempts[0]?.headers['webhook-id']);
    // Another key cannot see or resend it.
    expect(
      (await gateway.raw(`/webhooks/${made.body.id}/deliveries`, as(EVENT_KEYS.b))).status,
    ).toBe(404);
  });

  it('a 410 disables the endpoint, which says so, and the owner’s other endpoints hear of it', async () => {
    receiver.answers.push({ status: 410 });
    const gone = await createEndpoint(EVENT_KEYS.a, { url: receiver.url, events: ['call.kept'] });
    const watching = await createEndpoint(EVENT_KEYS.a, {
      url: other.url,
      events: ['webhook.endpoint.disabled'],
    });
    expect(watching.status).toBe(201);
    await gateway.raw(`/calls/${ONGOING}/keep`, as(EVENT_KEYS.a, jsonBody('POST', {})));
    const [notice] = await other.waitFor(1);
    const event = new Webhook(String(watching.body.secret)).verify(
      notice?.body ?? '',
      notice?.headers as Record<string, string>,
    ) as { type: string; data: { endpoint: { id: string } } };
    expect(event.type).toBe('webhook.endpoint.disabled');
    expect(event.data.endpoint.id).toBe(gone.body.id);
    const shown = (await (
      await gateway.raw(`/webhooks/${gone.body.id}`, as(EVENT_KEYS.a))
    ).json()) as { disabledAt: string | null; disabledReason: string };
    expect(shown.disabledAt).not.toBeNull();
    expect(shown.disabledReason).toMatch(/410/);
    // Nothing more goes to it.
    await gateway.raw(`/calls/${ONGOING}/keep`, as(EVENT_KEYS.a, jsonBody('POST', {})));
    await new Promise((r) => setTimeout(r, 500));
    expect(receiver.received).toHaveLength(1);
  });

  it('call.started: the instance’s ongoing calls are found by polling, each announced once', async () => {
    const before = (await sandboxRequests(sandbox.origin)).filter(
      (r) => r.action === 'SearchCalls',
    ).length;
    await new Promise((r) => setTimeout(r, 4 * POLL_MS));
    // Nobody wants call.started yet: no search is made.
    expect(
      (await sandboxRequests(sandbox.origin)).filter((r) => r.action === 'SearchCalls').length,
    ).toBe(before);
    const made = await createEndpoint(EVENT_KEYS.a, {
      url: receiver.url,
      events: ['call.started'],
    });
    // The sandbox's three ongoing calls, each once however many polls see them.
    await receiver.waitFor(3);
    await new Promise((r) => setTimeout(r, 5 * POLL_MS));
    const started = receiver.received.map(
      (r) =>
        new Webhook(String(made.body.secret)).verify(
          r.body,
          r.headers as Record<string, string>,
        ) as {
          type: string;
          data: { call: { id: string; state: string } };
        },
    );
    expect(started.map((e) => e.type)).toEqual(['call.started', 'call.started', 'call.started']);
    expect(new Set(started.map((e) => e.data.call.id)).size).toBe(3);
    expect(started.map((e) => e.data.call.id)).toContain(ONGOING);
    const searches = (await sandboxRequests(sandbox.origin)).filter(
      (r) => r.action === 'SearchCalls',
    );
    expect(searches.every((r) => r.params.status === 'ongoing')).toBe(true);
  });

  it('a test event reaches the endpoint alone', async () => {
    const made = await createEndpoint(EVENT_KEYS.a, { url: receiver.url, events: ['call.ended'] });
    const test = await gateway.raw(
      `/webhooks/${made.body.id}/test`,
      as(EVENT_KEYS.a, { method: 'POST' }),
    );
    expect(test.status).toBe(202);
    const { eventId } = (await test.json()) as { eventId: string };
    const [got] = await receiver.waitFor(1);
    expect(got?.headers['webhook-id']).toBe(eventId);
    expect(JSON.parse(got?.body ?? '{}').type).toBe('webhook.test');
  });

  it('one that fails until a restart arrives after it, with its first webhook-id', async () => {
    const stateDb = join(dir, `restart-${Date.now()}.db`);
    await gateway.close();
    const slow = env({ STATE_DB: stateDb, WEBHOOK_RETRY_SCHEDULE: '2s,2s' });
    gateway = await startGateway(slow, { name: 'events' });
    receiver.answers.push({ status: 503, body: 'not yet' });
    await createEndpoint(EVENT_KEYS.a, { url: receiver.url, events: ['call.kept'] });
    await gateway.raw(`/calls/${ONGOING}/keep`, as(EVENT_KEYS.a, jsonBody('POST', {})));
    const [failed] = await receiver.waitFor(1);
    // The gateway goes away with the retry pending, and comes back on the same STATE_DB.
    await gateway.close();
    const downAt = Date.now();
    await new Promise((r) => setTimeout(r, 2_500));
    expect(receiver.received).toHaveLength(1);
    gateway = await startGateway(slow, { name: 'events' });
    const [, delivered] = await receiver.waitFor(2);
    expect(delivered?.at).toBeGreaterThan(downAt);
    expect(delivered?.headers['webhook-id']).toBe(failed?.headers['webhook-id']);
    expect(delivered?.body).toBe(failed?.body);
  });
});
