/**
 * The circuit breaker with its default settings, on a fake clock: when it opens, how fast
 * it refuses, when it half-opens and what closes it. The figures land in
 * test-results/reliability/breaker.json for bench/README.md.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startVerbaSandbox, type VerbaSandbox } from '../../providers/verba/sandbox/index.ts';
import { RESILIENCE_DEFAULTS } from '../../src/resilience/settings.ts';
import { type RunningGateway, startGateway } from '../support/gateway.ts';
import { writeReliabilityReport } from '../support/reliability-report.ts';
import { clearFaults, injectFault, resetSandbox, sandboxRequests } from '../support/sandbox-log.ts';

const CALL = '/calls/verba_a8343631-9f35-4a3a-83f0-9e81592339fb';

let sandbox: VerbaSandbox;
let gateway: RunningGateway;
let clock = Date.now();
const report: Record<string, unknown> = {
  failureThreshold: RESILIENCE_DEFAULTS.breakerFailures,
  cooldownMs: RESILIENCE_DEFAULTS.breakerCooldownMs,
  retries: RESILIENCE_DEFAULTS.retries,
};

beforeAll(async () => {
  sandbox = await startVerbaSandbox();
  gateway = await startGateway(
    {
      VERBA_BASE_URL: sandbox.apiUrl,
      VERBA_API_KEY: sandbox.options.apiKey,
      VERBA_USERNAME: sandbox.options.userName,
      VERBA_PASSWORD: sandbox.options.password,
      CALL_CACHE: 'off',
    },
    { name: 'breaker', now: () => clock },
  );
  await resetSandbox(sandbox.origin);
  expect((await gateway.fetch(CALL)).status).toBe(200);
});

afterAll(async () => {
  writeReliabilityReport('breaker', report);
  await gateway?.close();
  await sandbox?.close();
});

const attempts = async () =>
  (await sandboxRequests(sandbox.origin)).filter((r) => r.action === 'GetCallInformation').length;
const breaker = async () =>
  ((await (await gateway.fetch('/providers')).json()) as { items: Array<{ breaker: object }> })
    .items[0]?.breaker as { state: string; consecutiveFailures: number; retryAfterSeconds: number };

describe('the circuit breaker, default settings', () => {
  it('opens on the fifth failed attempt: the second read, whose last retry it refuses', async () => {
    await resetSandbox(sandbox.origin);
    await injectFault(sandbox.origin, { kind: 'status', status: 503 });
    const started = performance.now();
    const codes: string[] = [];
    for (let i = 0; i < 5; i++) {
      const response = await gateway.fetch(CALL);
      const problem = (await response.json()) as { code: string };
      codes.push(problem.code);
      if (problem.code === 'provider_circuit_open') break;
    }
    const openedAfterMs = performance.now() - started;
    expect(codes).toEqual(['provider_unavailable', 'provider_circuit_open']);
    expect(await attempts()).toBe(RESILIENCE_DEFAULTS.breakerFailures);
    expect(await breaker()).toMatchObject({ state: 'open', retryAfterSeconds: 15 });
    report.requestsUntilOpen = codes.length;
    report.failedAttemptsBeforeOpen = await attempts();
    report.openedAfterMs = Math.round(openedAfterMs);
  });

  it('refuses at once while open, without calling Verba', async () => {
    const before = await attempts();
    const times: number[] = [];
    for (let i = 0; i < 50; i++) {
      const started = performance.now();
      const response = await gateway.fetch(CALL);
      times.push(performance.now() - started);
      expect(response.status).toBe(503);
      expect(response.headers.get('retry-after')).toBe('15');
      await response.arrayBuffer();
    }
    expect(await attempts()).toBe(before);
    times.sort((a, b) => a - b);
    expect(times[24]).toBeLessThan(50);
    expect(times.at(-1)).toBeLessThan(500);
    report.refusedWhileOpen = times.length;
    report.refusalMedianMs = Math.round((times[24] ?? 0) * 100) / 100;
    report.refusalMaxMs = Math.round((times.at(-1) ?? 0) * 100) / 100;
  });

  it('counts Retry-After down, and half-opens when the cooldown is over', async () => {
    clock += 10_000;
    expect(await breaker()).toMatchObject({ state: 'open', retryAfterSeconds: 5 });
    clock += 4_999;
    expect((await gateway.fetch(CALL)).headers.get('retry-after')).toBe('1');
    clock += 1;
    expect((await breaker()).state).toBe('half_open');
    report.halfOpenAfterMs = RESILIENCE_DEFAULTS.breakerCooldownMs;
  });

  it('reopens for a full cooldown when the probe fails', async () => {
    const before = await attempts();
    const probe = await gateway.fetch(CALL);
    expect(probe.status).toBe(503);
    // The probe is one attempt: the breaker refuses the retries.
    expect(await attempts()).toBe(before + 1);
    expect(await breaker()).toMatchObject({ state: 'open', retryAfterSeconds: 15 });
    clock += 15_000;
  });

  it('closes on the first successful probe', async () => {
    await clearFaults(sandbox.origin);
    const started = performance.now();
    const response = await gateway.fetch(CALL);
    report.probeMs = Math.round(performance.now() - started);
    expect(response.status).toBe(200);
    expect(await breaker()).toMatchObject({ state: 'closed', consecutiveFailures: 0 });
    const transitions = gateway
      .logs()
      .filter((line) => String(line.msg).startsWith('circuit breaker'))
      .map((line) => line.msg);
    expect(transitions).toEqual([
      'circuit breaker opened',
      'circuit breaker half-open',
      'circuit breaker opened',
      'circuit breaker half-open',
      'circuit breaker closed',
    ]);
    report.transitions = transitions;
  });
});
