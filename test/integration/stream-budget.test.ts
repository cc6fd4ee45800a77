/**
 * Audio streams have a budget per instance and per API key, checked before anything is
 * sent: one key's slow listeners get a 429 past their share, the instance's total a 503,
 * and neither touches the provider, its breaker or another key's reads.
 */
import { type ClientRequest, type IncomingMessage, request } from 'node:http';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  startVerbaSandbox,
  VERBA_SAMPLE_CALLS,
  type VerbaSandbox,
} from '../../providers/verba/sandbox/index.ts';
import { audioPath, FINISHED } from '../shared/recordings-routes.ts';
import { type RunningGateway, startGateway } from '../support/gateway.ts';
import { TEST_KEYS } from '../support/keys.ts';
import { resetSandbox, sandboxRequests } from '../support/sandbox-log.ts';
import { verbaEnv } from '../support/verba.ts';

const LONG = VERBA_SAMPLE_CALLS.long;
let verba: VerbaSandbox;
let gateway: RunningGateway;
let small: RunningGateway;
const open: ClientRequest[] = [];

beforeAll(async () => {
  // An hour-long recording: a listener that stops reading holds its stream open.
  verba = await startVerbaSandbox({ longCallSeconds: 3600 });
  gateway = await startGateway(verbaEnv(verba), { name: 'stream-budget' });
  small = await startGateway(
    { ...verbaEnv(verba), VERBA_MAX_STREAMS: '3' },
    { name: 'stream-budget-small' },
  );
});

afterAll(async () => {
  await gateway?.close();
  await small?.close();
  await verba?.close();
});

beforeEach(async () => {
  await resetSandbox(verba.origin);
});

afterEach(() => {
  for (const req of open.splice(0)) req.destroy();
});

interface Heard {
  status: number;
  headers: IncomingMessage['headers'];
  body: string;
  req: ClientRequest;
}

/** A listener that takes the answer's head and then stops reading (an audio answer stays open). */
function slowListener(g: RunningGateway, path: string): Promise<Heard> {
  return new Promise((resolve, reject) => {
    const req = request(
      new URL(`${g.url}${path}`),
      { headers: { authorization: `Bearer ${TEST_KEYS.all}` } },
      (res) => {
        if (res.statusCode === 200 || res.statusCode === 206) {
          res.pause();
          resolve({ status: res.statusCode, headers: res.headers, body: '', req });
          return;
        }
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          body += chunk;
        });
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body, req }),
        );
      },
    );
    open.push(req);
    req.on('error', () => {});
    req.once('error', reject);
    req.end();
  });
}

const mediaRequests = async () =>
  (await sandboxRequests(verba.origin)).filter((r) => r.action === 'GetMedia');

describe('the stream budget per API key', () => {
  it('refuses 40 slow listeners of one key past its 8 with a 429, sending nothing for them, and another key reads on', async () => {
    const heard = await Promise.all(
      Array.from({ length: 40 }, () => slowListener(gateway, audioPath(LONG))),
    );
    const statuses = heard.map((h) => h.status).sort();
    expect(statuses.filter((s) => s === 200)).toHaveLength(8);
    expect(statuses.filter((s) => s === 429)).toHaveLength(32);
    const refused = heard.find((h) => h.status === 429) as Heard;
    expect(refused.headers['content-type']).toBe('application/problem+json');
    expect(refused.headers['retry-after']).toBe('5');
    expect(JSON.parse(refused.body)).toMatchObject({
      status: 429,
      code: 'too_many_streams',
      provider: 'verba',
      instance: 'verba',
    });
    // Only the admitted streams reached the provider.
    expect(await mediaRequests()).toHaveLength(8);

    // Another key's plain read is served, and the breaker never moved.
    const read = await gateway.fetch(`/calls/verba_${FINISHED}`, {
      headers: { authorization: `Bearer ${TEST_KEYS.reader}` },
    });
    expect(read.status).toBe(200);
    const providers = (await (await gateway.fetch('/providers')).json()) as {
      items: Array<{ instance: string; breaker: { state: string; consecutiveFailures: number } }>;
    };
    expect(providers.items.find((i) => i.instance === 'verba')?.breaker).toMatchObject({
      state: 'closed',
      consecutiveFailures: 0,
    });
  });

  it('gives a slot back when a listener hangs up', async () => {
    const first = await Promise.all(
      Array.from({ length: 8 }, () => slowListener(gateway, audioPath(LONG))),
    );
    expect(first.every((h) => h.status === 200)).toBe(true);
    expect((await slowListener(gateway, audioPath(LONG))).status).toBe(429);
    first[0]?.req.destroy();
    await expect
      .poll(async () => (await slowListener(gateway, audioPath(LONG))).status, { timeout: 5_000 })
      .toBe(200);
  });
});

describe('the stream budget per instance', () => {
  it('refuses the stream past VERBA_MAX_STREAMS with a 503 and Retry-After, sending nothing', async () => {
    const admitted = await Promise.all(
      Array.from({ length: 3 }, () => slowListener(small, audioPath(LONG))),
    );
    expect(admitted.map((h) => h.status)).toEqual([200, 200, 200]);
    const refused = await slowListener(small, audioPath(LONG));
    expect(refused.status).toBe(503);
    expect(refused.headers['retry-after']).toBe('5');
    expect(JSON.parse(refused.body)).toMatchObject({ code: 'streams_busy', instance: 'verba' });
    expect(await mediaRequests()).toHaveLength(3);
  });
});
