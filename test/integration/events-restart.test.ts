/**
 * A webhook delivery that fails until the Worker restarts arrives after it, with its first
 * webhook-id: `wrangler dev` keeps the event hub's storage (and its alarm) in --persist-to,
 * and the alarm sends the pending delivery with no request to wake the object.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, expect, it } from 'vitest';
import {
  startVerbaSandbox,
  VERBA_SAMPLE_CALLS,
  type VerbaSandbox,
} from '../../providers/verba/sandbox/index.ts';
import { as, EVENT_API_KEYS, EVENT_KEYS, jsonBody } from '../support/event-keys.ts';
import { verbaEnv } from '../support/verba.ts';
import { type Receiver, startReceiver } from '../support/webhook-receiver.ts';
import { startWranglerDev } from '../support/wrangler-dev.ts';

let sandbox: VerbaSandbox;
let receiver: Receiver;
let dir: string;

beforeAll(async () => {
  sandbox = await startVerbaSandbox();
  receiver = await startReceiver();
  dir = mkdtempSync(join(tmpdir(), 'callgate-events-restart-'));
});

afterAll(async () => {
  await receiver?.close();
  await sandbox?.close();
  rmSync(dir, { recursive: true, force: true });
});

it('a delivery failing until wrangler dev restarts arrives after it, with its first webhook-id', async () => {
  const env = {
    ...verbaEnv(sandbox),
    GATEWAY_API_KEYS: EVENT_API_KEYS,
    WEBHOOK_ALLOWED_DESTINATIONS: '127.0.0.1/32',
    WEBHOOK_RETRY_SCHEDULE: '3s,3s',
    LOG_LEVEL: 'warn',
  };
  const persistTo = join(dir, 'state');
  let worker = await startWranglerDev(env, { persistTo });
  let secret: string;
  try {
    const made = await fetch(
      `${worker.url}/webhooks`,
      as(EVENT_KEYS.a, jsonBody('POST', { url: receiver.url, events: ['call.kept'] })),
    );
    expect(made.status).toBe(201);
    secret = ((await made.json()) as { secret: string }).secret;
    receiver.answers.push({ status: 503, body: 'not yet' });
    const keep = await fetch(
      `${worker.url}/calls/verba_${VERBA_SAMPLE_CALLS.ongoing}/keep`,
      as(EVENT_KEYS.a, jsonBody('POST', {})),
    );
    expect(keep.status).toBe(200);
    await receiver.waitFor(1, 30_000);
  } finally {
    await worker.close();
  }
  const downAt = Date.now();
  const [failed] = receiver.received;
  worker = await startWranglerDev(env, { persistTo });
  try {
    // No request: the hub's alarm, kept across the restart, sends it.
    const [, delivered] = await receiver.waitFor(2, 60_000);
    expect(delivered?.at).toBeGreaterThan(downAt);
    expect(delivered?.headers['webhook-id']).toBe(failed?.headers['webhook-id']);
    const event = new Webhook(secret).verify(
      delivered?.body ?? '',
      delivered?.headers as Record<string, string>,
    ) as { type: string };
    expect(event.type).toBe('call.kept');
  } finally {
    await worker.close();
  }
}, 180_000);
