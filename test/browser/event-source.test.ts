/**
 * A browser's EventSource following a call to its end, in Chromium, through the Node server
 * and through the Worker under `wrangler dev`. The sandbox's ongoing call hangs up by itself
 * a few seconds in; the page sees the snapshot, then `call.ended`, and its EventSource,
 * reconnecting after the stream closes, is told there is nothing more (204) and stops.
 * EventSource sends no Authorization header, so these gateways run with GATEWAY_AUTH=off.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  startVerbaSandbox,
  VERBA_SAMPLE_CALLS,
  type VerbaSandbox,
} from '../../providers/verba/sandbox/index.ts';
import { startGateway } from '../support/gateway.ts';
import { startWranglerDev } from '../support/wrangler-dev.ts';
import { type LoopbackBrowser, launchLoopbackBrowser } from './loopback-browser.ts';

const CALL_ID = `verba_${VERBA_SAMPLE_CALLS.ongoing}`;
// The seeded ongoing call starts 95 s before the sandbox is (re)seeded: it hangs up 8 s after.
const CALL_LENGTH_MS = 95_000 + 8_000;

let browser: LoopbackBrowser;

beforeAll(async () => {
  browser = await launchLoopbackBrowser();
});

afterAll(async () => {
  await browser?.close();
});

function gatewayEnv(sandbox: VerbaSandbox): Record<string, string> {
  return {
    VERBA_BASE_URL: sandbox.apiUrl,
    VERBA_API_KEY: sandbox.options.apiKey,
    VERBA_USERNAME: sandbox.options.userName,
    VERBA_PASSWORD: sandbox.options.password,
    VERBA_TIMEZONE: sandbox.options.timeZone,
    GATEWAY_AUTH: 'off',
    EVENTS_POLL_INTERVAL_MS: '500',
    LOG_LEVEL: 'warn',
  };
}

interface Seen {
  events: Array<{ type: string; id: string; state: string }>;
  openedTimes: number;
  closedByServer: boolean;
}

/** Opens an EventSource in a page of `base` and waits until the browser gave up on it. */
async function follow(base: string): Promise<Seen> {
  const page = await browser.context.newPage();
  try {
    await page.goto(`${base}/healthz`);
    return await page.evaluate(
      (path) =>
        new Promise<Seen>((resolve, reject) => {
          const seen: Seen = { events: [], openedTimes: 0, closedByServer: false };
          const source = new EventSource(path);
          const record = (received: Event) => {
            const event = received as MessageEvent;
            const body = JSON.parse(event.data) as {
              type: string;
              data: { call: { state: string } };
            };
            seen.events.push({
              type: body.type,
              id: event.lastEventId,
              state: body.data.call.state,
            });
          };
          source.addEventListener('call.snapshot', record);
          source.addEventListener('call.updated', record);
          source.addEventListener('call.ended', record);
          source.onopen = () => {
            seen.openedTimes++;
          };
          // After the end the server closes; the reconnect gets a 204, and the browser stops.
          source.onerror = () => {
            if (source.readyState === EventSource.CLOSED) {
              seen.closedByServer = true;
              resolve(seen);
            }
          };
          setTimeout(() => {
            source.close();
            reject(new Error(`no end within 40 s: ${JSON.stringify(seen)}`));
          }, 40_000);
        }),
      `/calls/${encodeURIComponent(CALL_ID)}/events`,
    );
  } finally {
    await page.close();
  }
}

function expectFollowedToItsEnd(seen: Seen) {
  expect(seen.events[0]).toMatchObject({ type: 'call.snapshot', state: 'in_progress' });
  expect(seen.events.at(-1)).toMatchObject({ type: 'call.ended', state: 'completed' });
  expect(seen.events.at(-1)?.id).toMatch(/^evt_/);
  expect(seen.closedByServer).toBe(true);
  expect(browser.escaped).toEqual([]);
}

describe('EventSource in Chromium', () => {
  it('follows a call to its end through the Node server', async () => {
    const sandbox = await startVerbaSandbox({ callLengthMs: CALL_LENGTH_MS });
    const gateway = await startGateway(gatewayEnv(sandbox), { name: 'browser-events' });
    try {
      // Seeded now, so the call is still going when the page opens, and hangs up by itself.
      await fetch(`${sandbox.origin}/__sandbox/reset`, { method: 'POST' });
      expectFollowedToItsEnd(await follow(gateway.url));
    } finally {
      await gateway.close();
      await sandbox.close();
    }
  });

  it('follows a call to its end through the Worker under wrangler dev', async () => {
    const sandbox = await startVerbaSandbox({ callLengthMs: 95_000 + 60_000 });
    const worker = await startWranglerDev(gatewayEnv(sandbox));
    try {
      // wrangler dev took its time to start: the call hangs up a few seconds from now.
      await fetch(`${sandbox.origin}/__sandbox/reset`, { method: 'POST' });
      const seen = follow(worker.url);
      setTimeout(() => {
        fetch(`${sandbox.origin}/__sandbox/end-call?callID=${VERBA_SAMPLE_CALLS.ongoing}`, {
          method: 'POST',
        }).catch(() => {});
      }, 5_000);
      expectFollowedToItsEnd(await seen);
    } catch (error) {
      throw new Error(`${(error as Error).message}\n${worker.output().slice(-3000)}`);
    } finally {
      await worker.close();
      await sandbox.close();
    }
  });
});
