/**
 * A CallFire call in progress, watched through the gateway until it ends on its own: the
 * sandbox finishes it after `callLengthMs`, as a campaign's call would, and the stream
 * sends the call now, then its end, and closes.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CALLFIRE_SAMPLE_CALLS,
  type CallFireSandbox,
  startCallFireSandbox,
} from '../../providers/callfire/sandbox/index.ts';
import { readEvents } from '../support/events.ts';
import { type RunningGateway, startGateway } from '../support/gateway.ts';

const CALL_LENGTH_MS = 1_500;
const ID = `callfire_${CALLFIRE_SAMPLE_CALLS.inProgress}`;

let sandbox: CallFireSandbox;
let gateway: RunningGateway;

beforeAll(async () => {
  sandbox = await startCallFireSandbox({ callLengthMs: CALL_LENGTH_MS });
  gateway = await startGateway(
    {
      CALLFIRE_BASE_URL: sandbox.apiUrl,
      CALLFIRE_USERNAME: sandbox.options.userName,
      CALLFIRE_PASSWORD: sandbox.options.password,
      GATEWAY_AUTH: 'off',
      CALL_CACHE: 'off',
      EVENTS_POLL_INTERVAL_MS: '200',
    },
    { name: 'callfire-events' },
  );
});

afterAll(async () => {
  await gateway?.close();
  await sandbox?.close();
});

describe('a CallFire call in progress', () => {
  it('is followed to its end: the call now, then call.ended, and the stream closes', async () => {
    const response = await gateway.raw(`/calls/${ID}/events`);
    expect(response.status).toBe(200);
    const { events, ended } = await readEvents(response);
    expect(ended).toBe(true);
    const calls = events.map(
      (e) => JSON.parse(e.data) as { type: string; data: { call: { state: string } } },
    );
    expect(calls[0]?.data.call.state).toBe('in_progress');
    const last = calls.at(-1);
    expect(last?.type).toBe('call.ended');
    expect(last?.data.call.state).toBe('completed');
    // The sandbox's own answer agrees: the call finished, answered.
    const now = await gateway.raw(`/calls/${ID}`);
    expect(((await now.json()) as { providerState: string }).providerState).toBe('FINISHED');
  });
});
