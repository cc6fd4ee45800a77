/**
 * Audio on the Worker as operators run it locally (`wrangler dev`, workerd). A stream cut
 * short (the provider goes quiet mid-stream) is no uncaught error. A caller who hangs up before the audio starts
 * leaves no upstream request open past the instance's deadline.
 * workerd does not deliver a client's disconnect to a local Worker (`request.signal` stays
 * quiet even with `enable_request_signal`; docs/workers.md), so what holds here is the
 * deadline on the audio's start, however slowly the provider sends.
 */
import { request } from 'node:http';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startVerbaSandbox, type VerbaSandbox } from '../../providers/verba/sandbox/index.ts';
import { audioPath, FINISHED } from '../shared/recordings-routes.ts';
import { TEST_API_KEYS, TEST_KEYS } from '../support/keys.ts';
import { injectFault, resetSandbox } from '../support/sandbox-log.ts';
import { verbaEnv } from '../support/verba.ts';
import { startWranglerDev, type WranglerDev } from '../support/wrangler-dev.ts';

let verba: VerbaSandbox;
let worker: WranglerDev;

beforeAll(async () => {
  verba = await startVerbaSandbox();
  worker = await startWranglerDev({
    ...verbaEnv(verba),
    VERBA_TIMEOUT_MS: '5000',
    // A provider that goes quiet mid-stream is let go after a second.
    VERBA_BODY_TIMEOUT_MS: '1000',
    GATEWAY_API_KEYS: TEST_API_KEYS,
    LOG_LEVEL: 'warn',
  });
}, 120_000);

afterAll(async () => {
  await worker?.close();
  await verba?.close();
});

beforeEach(async () => {
  await resetSandbox(verba.origin);
});

const injected = async () =>
  (
    (await (await fetch(`${verba.origin}/__sandbox/faults`)).json()) as {
      injected: Array<{ kind: string; clientLeftAt?: number }>;
    }
  ).injected;

/** Asks for the audio, waits until the provider holds the request, then hangs up. */
async function hangUpBeforeTheAudio(): Promise<number> {
  const req = request(new URL(`${worker.url}${audioPath(FINISHED)}`), {
    headers: { authorization: `Bearer ${TEST_KEYS.all}` },
  });
  req.on('error', () => {});
  req.end();
  await expect.poll(async () => (await injected()).length, { timeout: 10_000 }).toBe(1);
  req.destroy();
  return Date.now();
}

describe('on the Worker under wrangler dev', () => {
  it('a provider trickling an error document a byte at a time is let go by the deadline', async () => {
    // About 40 s of document at this pace; the instance's deadline is 5 s.
    await injectFault(verba.origin, { kind: 'drip', delayMs: 400, operations: ['GetMedia'] });
    const hungUp = await hangUpBeforeTheAudio();
    await expect
      .poll(async () => (await injected())[0]?.clientLeftAt !== undefined, { timeout: 10_000 })
      .toBe(true);
    expect(Date.now() - hungUp).toBeLessThan(10_000);
  }, 60_000);

  it('a provider that never answers is let go by the deadline', async () => {
    await injectFault(verba.origin, { kind: 'hang', operations: ['GetMedia'] });
    await hangUpBeforeTheAudio();
    await expect
      .poll(async () => (await injected())[0]?.clientLeftAt !== undefined, { timeout: 10_000 })
      .toBe(true);
  }, 60_000);
});

describe('a stream cut short on the Worker', () => {
  it('ends without an uncaught error in the runtime', async () => {
    // Headers and the first 16 KiB of the audio, then silence: cut by the body timeout.
    await injectFault(verba.origin, { kind: 'stall', operations: ['GetMedia'] });
    const response = await fetch(`${worker.url}${audioPath(FINISHED)}`, {
      headers: { authorization: `Bearer ${TEST_KEYS.all}` },
    });
    expect(response.status).toBe(200);
    const received = await response
      .arrayBuffer()
      .then((body) => body.byteLength)
      .catch(() => -1);
    // Cut short: never the whole recording.
    expect(received).toBeLessThanOrEqual(16 * 1024);
    // What workerd prints for an error thrown into a response body has had its chance.
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(worker.output()).not.toMatch(/Uncaught|UpstreamError/);
  }, 30_000);
});
