/**
 * Who may call, timeouts, the circuit breaker and Idempotency-Key, written once and run
 * against the Node server (test/integration) and the Worker build in workerd
 * (test/worker). Only fetch is used; faults are injected through the sandbox's HTTP
 * control endpoint.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TEST_KEYS, withKey } from '../support/keys.ts';
import {
  clearFaults,
  injectFault,
  resetSandbox,
  type SandboxRequest,
  sandboxRequests,
} from '../support/sandbox-log.ts';

export interface Gateway {
  /** Sends exactly `init` (no key added). */
  fetch(path: string, init?: RequestInit): Promise<Response>;
  close(): Promise<void>;
}

export interface ResilienceTarget {
  /** A gateway over the Verba sandbox, with `env` added to its configuration. */
  start(env: Record<string, string>): Promise<Gateway>;
  sandboxOrigin: string;
  /** Every secret the gateway holds, none of which may appear in an answer. */
  secrets: string[];
}

const FINISHED = 'a8343631-9f35-4a3a-83f0-9e81592339fb';
const ONGOING = '5d0b6f0c-7f64-4d3e-9a51-2c1f0f6e8a10';
const CALL = `/calls/verba_${FINISHED}`;

// biome-ignore lint/suspicious/noExplicitAny: test assertions walk arbitrary JSON.
type Json = any;

const json = (payload: unknown, method = 'POST'): RequestInit => ({
  method,
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify(payload),
});

/** Requests that reached Verba, token requests aside. */
async function upstream(target: ResilienceTarget): Promise<SandboxRequest[]> {
  return (await sandboxRequests(target.sandboxOrigin)).filter((r) => r.action !== 'RequestToken');
}

async function problem(response: Response, status: number, code: string): Promise<Json> {
  const text = await response.text();
  expect(response.status, text).toBe(status);
  expect(response.headers.get('content-type')).toBe('application/problem+json');
  const body = JSON.parse(text);
  expect(body).toMatchObject({ status, code, type: `urn:callgate:problem:${code}` });
  return body;
}

/** A 200, or a failure that shows what came instead. */
async function ok(answer: Promise<Response>): Promise<void> {
  const response = await answer;
  const text = await response.text();
  expect(response.status, text).toBe(200);
}

async function timed(run: () => Promise<Response>): Promise<[Response, number]> {
  const started = performance.now();
  const response = await run();
  return [response, performance.now() - started];
}

export function describeResilience(target: () => ResilienceTarget) {
  const gateways: Gateway[] = [];
  const start = async (env: Record<string, string> = {}) => {
    // Reads are not cached here: every request must reach the sandbox and its faults.
    const gateway = await target().start({ CALL_CACHE: 'off', ...env });
    gateways.push(gateway);
    return gateway;
  };
  const sandbox = () => target().sandboxOrigin;

  beforeEach(async () => {
    await resetSandbox(sandbox());
  });
  afterEach(async () => {
    await clearFaults(sandbox());
    await Promise.all(gateways.splice(0).map((g) => g.close()));
  });

  describe('who may call', () => {
    const routes: Array<[string, string, RequestInit | undefined, string]> = [
      ['GET', CALL, undefined, 'calls:read'],
      ['GET', '/calls?provider=verba&extension=8856&status=ongoing', undefined, 'calls:read'],
      ['GET', `${CALL}/url`, undefined, 'calls:read'],
      ['GET', '/providers', undefined, 'calls:read'],
      ['POST', `/calls/verba_${ONGOING}/keep`, { method: 'POST' }, 'calls:write'],
      ['DELETE', `/calls/verba_${ONGOING}/keep`, { method: 'DELETE' }, 'calls:write'],
      [
        'POST',
        '/providers/verba/keep',
        json({ extension: '8856', status: ['ongoing'] }),
        'calls:write',
      ],
      ['DELETE', CALL, { method: 'DELETE' }, 'calls:delete'],
      ['POST', '/providers/verba/delete', json({ platformCallId: '71627389' }), 'calls:delete'],
    ];

    it('answers 401 without a key, on every route, before Verba is asked', async () => {
      const g = await start();
      for (const [method, path, init] of routes) {
        const response = await g.fetch(path, init);
        const body = await problem(response, 401, 'unauthorized');
        expect(response.headers.get('www-authenticate'), `${method} ${path}`).toMatch(/^Bearer/);
        expect(body.requestId).toBe(response.headers.get('x-request-id'));
      }
      expect(await sandboxRequests(sandbox())).toEqual([]);
    });

    it('answers 401 for a key it does not know, or a malformed header', async () => {
      const g = await start();
      for (const authorization of [
        `Bearer ${TEST_KEYS.all}x`,
        `Bearer ${TEST_KEYS.all.toUpperCase()}`,
        `Basic ${TEST_KEYS.all}`,
        `Bearer`,
        `Bearer ${TEST_KEYS.all} extra`,
        TEST_KEYS.all,
      ]) {
        const response = await g.fetch(CALL, { headers: { authorization } });
        await problem(response, 401, 'unauthorized');
      }
      expect(await sandboxRequests(sandbox())).toEqual([]);
    });

    it('answers 403 to a key without the scope, naming the scope, before Verba is asked', async () => {
      const g = await start();
      const scopesOf: Record<string, string[]> = {
        [TEST_KEYS.reader]: ['calls:read'],
        [TEST_KEYS.writer]: ['calls:read', 'calls:write'],
        [TEST_KEYS.deleter]: ['calls:delete'],
      };
      for (const [key, scopes] of Object.entries(scopesOf)) {
        for (const [method, path, init, scope] of routes) {
          if (scopes.includes(scope)) continue;
          const response = await g.fetch(path, withKey(init, key));
          const body = await problem(response, 403, 'forbidden');
          expect(body.detail, `${method} ${path}`).toContain(scope);
        }
      }
      expect(await sandboxRequests(sandbox())).toEqual([]);
    });

    it('lets a key with the scope through', async () => {
      const g = await start();
      expect((await g.fetch(CALL, withKey(undefined, TEST_KEYS.reader))).status).toBe(200);
      const kept = await g.fetch(
        `/calls/verba_${ONGOING}/keep`,
        withKey({ method: 'POST' }, TEST_KEYS.writer),
      );
      expect(kept.status).toBe(200);
      const deleted = await g.fetch(CALL, withKey({ method: 'DELETE' }, TEST_KEYS.deleter));
      expect(deleted.status).toBe(200);
    });

    it('keeps health, readiness and the docs open', async () => {
      const g = await start();
      for (const path of ['/healthz', '/readyz', '/openapi.json', '/docs', '/docs/init.js']) {
        expect((await g.fetch(path)).status, path).toBe(200);
      }
    });

    it('asks for a key on routes that do not exist, so none can be probed', async () => {
      const g = await start();
      await problem(await g.fetch('/admin'), 401, 'unauthorized');
      await problem(await g.fetch('/admin', withKey(undefined)), 404, 'route_not_found');
    });

    it('never echoes the key it was sent', async () => {
      const g = await start();
      const responses = [
        await g.fetch(CALL, withKey(undefined, `${TEST_KEYS.all}-not-quite`)),
        await g.fetch(
          `/calls/verba_${ONGOING}/keep`,
          withKey({ method: 'POST' }, TEST_KEYS.reader),
        ),
      ];
      for (const response of responses) {
        const text = `${[...response.headers].join('\n')}\n${await response.text()}`;
        expect(text).not.toContain(TEST_KEYS.all);
        expect(text).not.toContain(TEST_KEYS.reader);
      }
    });
  });

  describe('timeouts', () => {
    it('answers 504 soon after the deadline when Verba hangs on a read', async () => {
      const g = await start({ VERBA_TIMEOUT_MS: '1000' });
      expect((await g.fetch(CALL, withKey(undefined))).status).toBe(200);
      await injectFault(sandbox(), { kind: 'hang' });
      const [response, ms] = await timed(() => g.fetch(CALL, withKey(undefined)));
      const body = await problem(response, 504, 'provider_timeout');
      expect(body.outcome).toBeUndefined();
      expect(ms).toBeGreaterThanOrEqual(950);
      expect(ms).toBeLessThan(3_000);
    });

    it('answers 504 with outcome unknown when a keep was sent and never answered', async () => {
      const g = await start({ VERBA_TIMEOUT_MS: '1000' });
      expect((await g.fetch(CALL, withKey(undefined))).status).toBe(200);
      await injectFault(sandbox(), { kind: 'hang', operations: ['KeepCall'] });
      const [response, ms] = await timed(() =>
        g.fetch(`/calls/verba_${ONGOING}/keep`, withKey({ method: 'POST' })),
      );
      const body = await problem(response, 504, 'provider_timeout');
      expect(body).toMatchObject({ outcome: 'unknown', provider: 'verba', instance: 'verba' });
      expect(ms).toBeLessThan(3_000);
      // Sent once: a write is never retried.
      expect((await upstream(target())).filter((r) => r.action === 'KeepCall')).toHaveLength(1);
    });

    it('answers 504 with outcome unknown when a delete was sent and never answered', async () => {
      const g = await start({ VERBA_TIMEOUT_MS: '1000' });
      await injectFault(sandbox(), { kind: 'hang', operations: ['DeleteCall'] });
      const response = await g.fetch(
        '/providers/verba/delete',
        withKey(json({ platformCallId: '71627389' })),
      );
      expect(await problem(response, 504, 'provider_timeout')).toMatchObject({
        outcome: 'unknown',
      });
      expect((await upstream(target())).filter((r) => r.action === 'DeleteCall')).toHaveLength(1);
    });
  });

  describe('the deadline of a whole request', () => {
    // Each exchange alone is well within VERBA_TIMEOUT_MS; together they are not.
    it('answers 504 when a token renewal and the read together pass it', async () => {
      const g = await start({ VERBA_TIMEOUT_MS: '1000' });
      expect((await g.fetch(CALL, withKey(undefined))).status).toBe(200);
      await injectFault(sandbox(), [
        { kind: 'expired-token', times: 1, operations: ['GetCallInformation'] },
        { kind: 'delay', delayMs: 600, operations: ['RequestToken'] },
        { kind: 'delay', delayMs: 600, operations: ['GetCallInformation'] },
      ]);
      const [response, ms] = await timed(() => g.fetch(CALL, withKey(undefined)));
      const body = await problem(response, 504, 'provider_timeout');
      expect(body.detail).toContain('1000 ms');
      expect(body.outcome).toBeUndefined();
      expect(ms).toBeLessThan(3_000);
    });

    it("answers 504 when a find's two steps together pass it", async () => {
      const g = await start({ VERBA_TIMEOUT_MS: '1000' });
      expect((await g.fetch(CALL, withKey(undefined))).status).toBe(200);
      await injectFault(sandbox(), {
        kind: 'delay',
        delayMs: 600,
        operations: ['GetCallID', 'GetCallInformation'],
      });
      const response = await g.fetch(
        '/calls?provider=verba&extension=8856&status=ongoing',
        withKey(undefined),
      );
      await problem(response, 504, 'provider_timeout');
    });

    it('does not send a keep again when its token renewal outlasts it', async () => {
      const g = await start({ VERBA_TIMEOUT_MS: '1000' });
      expect((await g.fetch(CALL, withKey(undefined))).status).toBe(200);
      await injectFault(sandbox(), [
        { kind: 'expired-token', times: 1, operations: ['KeepCall'] },
        { kind: 'delay', delayMs: 1_500, operations: ['RequestToken'] },
      ]);
      const response = await g.fetch(`/calls/verba_${ONGOING}/keep`, withKey({ method: 'POST' }));
      const body = await problem(response, 504, 'provider_timeout');
      // Verba refused the first keep and the second never left: the outcome is known.
      expect(body.outcome).toBeUndefined();
      expect((await upstream(target())).filter((r) => r.action === 'KeepCall')).toHaveLength(1);
    });
  });

  describe('the circuit breaker', () => {
    it('opens after repeated failures, refuses at once while open, probes and closes', async () => {
      const g = await start({
        VERBA_BREAKER_FAILURES: '3',
        VERBA_BREAKER_COOLDOWN_MS: '400',
        VERBA_RETRIES: '0',
      });
      expect((await g.fetch(CALL, withKey(undefined))).status).toBe(200);
      // 503 rather than a connection reset, which workerd reports as an uncaught error.
      await injectFault(sandbox(), { kind: 'status', status: 503 });
      for (let i = 0; i < 3; i++) {
        await problem(await g.fetch(CALL, withKey(undefined)), 503, 'provider_unavailable');
      }
      const reached = (await upstream(target())).length;

      const [refused, ms] = await timed(() => g.fetch(CALL, withKey(undefined)));
      const body = await problem(refused, 503, 'provider_circuit_open');
      expect(body).toMatchObject({ provider: 'verba', instance: 'verba' });
      expect(refused.headers.get('retry-after')).toBe('1');
      expect(ms).toBeLessThan(200);
      expect((await upstream(target())).length).toBe(reached);

      const providers: Json = await (await g.fetch('/providers', withKey(undefined))).json();
      expect(providers.items[0].breaker).toMatchObject({ state: 'open', consecutiveFailures: 3 });
      const ready = await g.fetch('/readyz');
      expect(ready.status).toBe(503);
      expect(await ready.json()).toMatchObject({
        status: 'not_ready',
        instances: { verba: { reachable: false, breaker: 'open' } },
      });

      await clearFaults(sandbox());
      await new Promise((resolve) => setTimeout(resolve, 450));
      const after: Json = await (await g.fetch('/providers', withKey(undefined))).json();
      expect(after.items[0].breaker.state).toBe('half_open');
      expect((await g.fetch(CALL, withKey(undefined))).status).toBe(200);
      const closed: Json = await (await g.fetch('/providers', withKey(undefined))).json();
      expect(closed.items[0].breaker).toMatchObject({ state: 'closed', consecutiveFailures: 0 });
      expect((await g.fetch('/readyz')).status).toBe(200);
    });

    it('reopens when the probe fails', async () => {
      const g = await start({
        VERBA_BREAKER_FAILURES: '2',
        VERBA_BREAKER_COOLDOWN_MS: '300',
        VERBA_RETRIES: '0',
      });
      expect((await g.fetch(CALL, withKey(undefined))).status).toBe(200);
      await injectFault(sandbox(), { kind: 'status', status: 500 });
      await g.fetch(CALL, withKey(undefined));
      await g.fetch(CALL, withKey(undefined));
      await problem(await g.fetch(CALL, withKey(undefined)), 503, 'provider_circuit_open');
      await new Promise((resolve) => setTimeout(resolve, 350));
      // The probe reaches Verba, fails, and the breaker opens again at once.
      const before = (await upstream(target())).length;
      expect((await g.fetch(CALL, withKey(undefined))).status).toBe(502);
      expect((await upstream(target())).length).toBe(before + 1);
      await problem(await g.fetch(CALL, withKey(undefined)), 503, 'provider_circuit_open');
    });
  });

  describe('Idempotency-Key', () => {
    const keep = (key: string, body?: unknown) =>
      withKey({
        method: 'POST',
        headers: { 'idempotency-key': key, 'content-type': 'application/json' },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });

    it('answers a repeat with the first answer, without asking Verba again', async () => {
      const g = await start();
      const first = await g.fetch(`/calls/verba_${ONGOING}/keep`, keep('k-1', {}));
      const second = await g.fetch(`/calls/verba_${ONGOING}/keep`, keep('k-1', {}));
      expect(first.status).toBe(200);
      expect(second.status).toBe(200);
      expect(await second.json()).toEqual(await first.json());
      expect(second.headers.get('idempotent-replayed')).toBe('true');
      expect((await upstream(target())).filter((r) => r.action === 'KeepCall')).toHaveLength(1);
    });

    it('answers 422 for the same key with a different request', async () => {
      const g = await start();
      await g.fetch(`/calls/verba_${ONGOING}/keep`, keep('k-2', {}));
      const other = await g.fetch(
        `/calls/verba_${ONGOING}/keep`,
        keep('k-2', { type: 'manualRecord' }),
      );
      await problem(other, 422, 'idempotency_conflict');
      const elsewhere = await g.fetch(
        '/providers/verba/delete',
        withKey({
          ...json({ platformCallId: '71627389' }),
          headers: { 'idempotency-key': 'k-2', 'content-type': 'application/json' },
        }),
      );
      await problem(elsewhere, 422, 'idempotency_conflict');
      expect((await upstream(target())).length).toBe(1);
    });

    it('shares one upstream call between concurrent repeats', async () => {
      const g = await start();
      await injectFault(sandbox(), { kind: 'delay', delayMs: 200, operations: ['DeleteCall'] });
      const init = () =>
        withKey({
          ...json({ platformCallId: '71627389' }),
          headers: { 'idempotency-key': 'k-3', 'content-type': 'application/json' },
        });
      const answers = await Promise.all([
        g.fetch('/providers/verba/delete', init()),
        g.fetch('/providers/verba/delete', init()),
        g.fetch('/providers/verba/delete', init()),
      ]);
      expect(answers.map((r) => r.status)).toEqual([200, 200, 200]);
      expect((await upstream(target())).filter((r) => r.action === 'DeleteCall')).toHaveLength(1);
    });

    it('runs a repeat again after a 5xx, whose write may not have happened', async () => {
      const g = await start({ VERBA_RETRIES: '0' });
      await injectFault(sandbox(), {
        kind: 'status',
        status: 503,
        retryAfter: '3',
        times: 1,
        operations: ['KeepCall'],
      });
      const first = await g.fetch(`/calls/verba_${ONGOING}/keep`, keep('k-4', {}));
      await problem(first, 503, 'provider_unavailable');
      expect(first.headers.get('retry-after')).toBe('3');
      const second = await g.fetch(`/calls/verba_${ONGOING}/keep`, keep('k-4', {}));
      expect(second.status).toBe(200);
      expect((await upstream(target())).filter((r) => r.action === 'KeepCall')).toHaveLength(2);
    });

    it('scopes keys to the caller', async () => {
      const g = await start();
      const path = `/calls/verba_${ONGOING}/keep`;
      const init = (key: string) =>
        withKey({ method: 'POST', headers: { 'idempotency-key': 'shared' } }, key);
      await ok(g.fetch(path, init(TEST_KEYS.all)));
      await ok(g.fetch(path, init(TEST_KEYS.writer)));
      expect((await upstream(target())).map((r) => r.action)).toEqual(['KeepCall', 'KeepCall']);
    });

    it('refuses a malformed key', async () => {
      const g = await start();
      const response = await g.fetch(`/calls/verba_${ONGOING}/keep`, keep('x'.repeat(300)));
      const body = await problem(response, 400, 'bad_request');
      expect(body.errors).toEqual([expect.objectContaining({ field: 'header.idempotency-key' })]);
      expect(await upstream(target())).toEqual([]);
    });
  });

  describe('answers', () => {
    it('never carry a secret of the gateway', async () => {
      const g = await start({ VERBA_TIMEOUT_MS: '1000', VERBA_RETRIES: '0' });
      await g.fetch(CALL, withKey(undefined));
      for (const fault of [
        { kind: 'hang' },
        { kind: 'status', status: 500 },
        { kind: 'garbage' },
        { kind: 'expired-token' },
      ]) {
        await clearFaults(sandbox());
        await injectFault(sandbox(), { ...fault, times: 1 });
        const response = await g.fetch(CALL, withKey(undefined));
        const text = `${[...response.headers].join('\n')}\n${await response.text()}`;
        for (const secret of target().secrets) expect(text, fault.kind).not.toContain(secret);
      }
    });
  });
}
