/**
 * Two gateway apps on one Durable Object namespace stand in for two isolates of the
 * fleet: each has its own memory (token cache, view of the breaker, permits), and all
 * they share is the state's objects. Against the Verba sandbox, in workerd.
 */
import { createExecutionContext } from 'cloudflare:test';
import { beforeEach, describe, expect, inject, it } from 'vitest';
import { buildWorkerApp } from '../../src/worker/index.ts';
import { TEST_API_KEYS, withKey } from '../support/keys.ts';
import {
  clearFaults,
  expireSandboxTokens,
  injectFault,
  resetSandbox,
  sandboxRequests,
} from '../support/sandbox-log.ts';
import { workerEnv } from './worker-env.ts';

const verba = inject('verba');
const ctx = createExecutionContext();
const FINISHED = 'a8343631-9f35-4a3a-83f0-9e81592339fb';
const ONGOING = '5d0b6f0c-7f64-4d3e-9a51-2c1f0f6e8a10';
const CALL = `/calls/verba_${FINISHED}`;
const KEEP = `/calls/verba_${ONGOING}/keep`;

type Isolate = (path: string, init?: RequestInit) => Promise<Response>;

/** Two apps sharing one state (one prefix), as two isolates of one deployment would. */
function fleet(vars: Record<string, string> = {}): [Isolate, Isolate] {
  const env = workerEnv({
    VERBA_BASE_URL: verba.apiUrl,
    VERBA_API_KEY: verba.apiKey,
    VERBA_USERNAME: verba.userName,
    VERBA_PASSWORD: verba.password,
    VERBA_TIMEZONE: verba.timeZone,
    GATEWAY_API_KEYS: TEST_API_KEYS,
    CALL_CACHE: 'off',
    LOG_LEVEL: 'silent',
    ...vars,
  });
  const statePrefix = `${crypto.randomUUID()}:`;
  const isolate = (): Isolate => {
    const handler = buildWorkerApp(env, { statePrefix });
    return async (path, init) =>
      handler(new Request(`https://callgate.test${path}`, withKey(init)), env, ctx);
  };
  return [isolate(), isolate()];
}

const count = async (action: string) =>
  (await sandboxRequests(verba.origin)).filter((r) => r.action === action).length;

const keep = (key: string): RequestInit => ({
  method: 'POST',
  headers: { 'idempotency-key': key, 'content-type': 'application/json' },
  body: '{}',
});

async function problemCode(response: Response): Promise<string> {
  const body = (await response.json()) as { code: string };
  return body.code;
}

beforeEach(async () => {
  await resetSandbox(verba.origin);
  await clearFaults(verba.origin);
});

describe('two isolates sharing the Durable Objects', () => {
  it('request one token between them, also when both start cold at once', async () => {
    const [a, b] = fleet();
    const answers = await Promise.all([a(CALL), b(CALL), a(CALL), b(CALL)]);
    expect(answers.map((r) => r.status)).toEqual([200, 200, 200, 200]);
    expect(await count('RequestToken')).toBe(1);
    expect((await b(CALL)).status).toBe(200);
    expect(await count('RequestToken')).toBe(1);
  });

  it('renew a rejected token once for both: the second report gets the new one', async () => {
    const [a, b] = fleet();
    await a(CALL);
    await b(CALL);
    await expireSandboxTokens(verba.origin);
    expect((await a(CALL)).status).toBe(200);
    // b still holds the rejected token; the object hands it the one a renewed.
    expect((await b(CALL)).status).toBe(200);
    expect(await count('RequestToken')).toBe(2);
  });

  it('send a keep retried through the other isolate to Verba once', async () => {
    const [a, b] = fleet();
    const first = await a(KEEP, keep('fleet-retry'));
    expect(first.status).toBe(200);
    const retried = await b(KEEP, keep('fleet-retry'));
    expect(retried.status).toBe(200);
    expect(retried.headers.get('idempotent-replayed')).toBe('true');
    expect(await retried.text()).toBe(await first.text());
    expect(await count('KeepCall')).toBe(1);
  });

  it('send ten concurrent keeps with one key to Verba once', async () => {
    const [a, b] = fleet();
    await injectFault(verba.origin, { kind: 'delay', delayMs: 300, operations: ['KeepCall'] });
    const answers = await Promise.all(
      Array.from({ length: 10 }, (_, i) => (i % 2 ? a : b)(KEEP, keep('fleet-ten'))),
    );
    const statuses = answers.map((r) => r.status).sort();
    expect(statuses).toEqual([200, 409, 409, 409, 409, 409, 409, 409, 409, 409]);
    for (const busy of answers.filter((r) => r.status === 409)) {
      expect(await problemCode(busy)).toBe('idempotency_key_in_use');
      expect(busy.headers.get('retry-after')).toBe('1');
    }
    expect(await count('KeepCall')).toBe(1);
  });

  it('refuse through one a breaker opened through the other, within the sync interval', async () => {
    const [a, b] = fleet({
      VERBA_BREAKER_FAILURES: '2',
      VERBA_BREAKER_COOLDOWN_MS: '30000',
      VERBA_BREAKER_SYNC_MS: '200',
      VERBA_RETRIES: '0',
    });
    expect((await a(CALL)).status).toBe(200);
    expect((await b(CALL)).status).toBe(200);
    await injectFault(verba.origin, { kind: 'status', status: 503 });
    expect((await a(CALL)).status).toBe(503);
    expect((await a(CALL)).status).toBe(503);
    const reached = (await sandboxRequests(verba.origin)).length;
    // b has not looked since before the failures; past the interval it must.
    await new Promise((resolve) => setTimeout(resolve, 250));
    const refused = await b(CALL);
    expect(refused.status).toBe(503);
    expect(await problemCode(refused)).toBe('provider_circuit_open');
    expect((await sandboxRequests(verba.origin)).length).toBe(reached);
    const providers = (await (await b('/providers')).json()) as {
      items: Array<{ breaker: { state: string; scope: string; consecutiveFailures: number } }>;
    };
    expect(providers.items[0]?.breaker).toMatchObject({
      state: 'open',
      scope: 'fleet',
      consecutiveFailures: 2,
    });
    const ready = await b('/readyz');
    expect(ready.status).toBe(503);
    expect(await ready.json()).toMatchObject({ instances: { verba: { breaker: 'open' } } });
  });

  it('hold the request cap across both', async () => {
    const [a, b] = fleet({ VERBA_MAX_RPS: '3', VERBA_RETRIES: '0' });
    await a(CALL);
    await b(CALL);
    // A fresh second, so the window does not turn during the burst.
    await new Promise((resolve) => setTimeout(resolve, 1020 - (Date.now() % 1000)));
    const before = (await sandboxRequests(verba.origin)).length;
    const answers = await Promise.all(Array.from({ length: 8 }, (_, i) => (i % 2 ? a : b)(CALL)));
    expect(answers.map((r) => r.status).sort()).toEqual([200, 200, 200, 503, 503, 503, 503, 503]);
    for (const refused of answers.filter((r) => r.status === 503)) {
      expect(await problemCode(refused)).toBe('provider_rate_limited');
    }
    expect((await sandboxRequests(verba.origin)).length).toBe(before + 3);
  });
});
