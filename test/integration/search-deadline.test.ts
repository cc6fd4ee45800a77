/**
 * History search under a provider that trickles its answer and a caller that hangs up:
 * the whole request keeps to the instance's `<PREFIX>_TIMEOUT_MS`, like every other read,
 * and a caller who leaves takes the upstream request with them (the sandbox sees its
 * connection closed). Verba's SearchCalls is read as a stream, CallFire's QueryCalls is
 * buffered: both are held to it.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  type CallFireSandbox,
  startCallFireSandbox,
} from '../../providers/callfire/sandbox/index.ts';
import { startVerbaSandbox, type VerbaSandbox } from '../../providers/verba/sandbox/index.ts';
import { CALLFIRE_TEST_CURSOR_KEY, callfireEnv } from '../support/callfire.ts';
import { type RunningGateway, startGateway } from '../support/gateway.ts';
import { clearFaults, injectedFaults, injectFault, resetSandbox } from '../support/sandbox-log.ts';
import { verbaEnv } from '../support/verba.ts';

const TIMEOUT_MS = 1_500;
// Room for a machine busy with other work; the trickle itself lasts minutes.
const MARGIN_MS = 2_500;

let verba: VerbaSandbox;
let callfire: CallFireSandbox;
let gateway: RunningGateway;

beforeAll(async () => {
  verba = await startVerbaSandbox();
  callfire = await startCallFireSandbox();
  gateway = await startGateway(
    {
      ...verbaEnv(verba),
      VERBA_TIMEOUT_MS: String(TIMEOUT_MS),
      ...callfireEnv(callfire),
      CALLFIRE_TIMEOUT_MS: String(TIMEOUT_MS),
      CALL_CACHE: 'off',
    },
    { name: 'search-deadline' },
  );
});
afterAll(async () => {
  await gateway?.close();
  await verba?.close();
  await callfire?.close();
});
beforeEach(async () => {
  for (const origin of [verba.origin, callfire.origin]) {
    await clearFaults(origin);
    await resetSandbox(origin);
  }
});

const searches = [
  {
    kind: 'verba',
    operation: 'SearchCalls',
    path: '/calls?provider=verba&since=2026-11-22T00:00:00Z&until=2026-11-25T00:00:00Z',
    origin: () => verba.origin,
  },
  {
    kind: 'callfire',
    operation: 'QueryCalls',
    path: '/calls?provider=callfire&limit=100',
    origin: () => callfire.origin,
  },
];

describe.each(searches)('$kind history search ($operation)', ({ operation, path, origin }) => {
  it('answers 504 at the instance deadline when the provider trickles its answer', async () => {
    // The answer one byte every 200 ms: each gap is far inside the body timeout.
    await injectFault(origin(), { kind: 'drip', delayMs: 200, operations: [operation], times: 1 });
    const started = performance.now();
    const response = await gateway.fetch(path, { signal: AbortSignal.timeout(15_000) });
    const ms = performance.now() - started;
    expect(response.status).toBe(504);
    const problem = (await response.json()) as { code: string; detail: string };
    expect(problem.code).toBe('provider_timeout');
    expect(problem.detail).toContain(String(TIMEOUT_MS));
    expect(ms).toBeGreaterThanOrEqual(TIMEOUT_MS - 50);
    expect(ms).toBeLessThan(TIMEOUT_MS + MARGIN_MS);
    // The upstream connection went with the deadline.
    await expect
      .poll(async () => (await injectedFaults(origin()))[0]?.clientLeftAt, { timeout: 2_000 })
      .toBeTypeOf('number');
  });

  it('closes the upstream connection within a second of the caller hanging up', async () => {
    await injectFault(origin(), { kind: 'hang', operations: [operation], times: 1 });
    const caller = new AbortController();
    const pending = gateway.fetch(path, { signal: caller.signal }).catch(() => null);
    await expect
      .poll(async () => (await injectedFaults(origin())).length, { timeout: 2_000 })
      .toBe(1);
    const hungUpAt = Date.now();
    caller.abort();
    await pending;
    await expect
      .poll(async () => (await injectedFaults(origin()))[0]?.clientLeftAt, { timeout: 2_000 })
      .toBeTypeOf('number');
    const [fault] = await injectedFaults(origin());
    expect((fault?.clientLeftAt ?? 0) - hungUpAt).toBeLessThan(1_000);
  });
});
