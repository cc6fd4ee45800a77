/**
 * /readyz needs no key, so what it costs the providers must not depend on how often it is
 * asked, and its probes must not be able to open the breaker that real traffic depends on.
 * On a fake clock: the probe interval is whatever the test says it is. Figures land in
 * test-results/reliability/readiness.json for bench/README.md.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startVerbaSandbox, type VerbaSandbox } from '../../providers/verba/sandbox/index.ts';
import { READY_DEFAULTS } from '../../src/resilience/readiness.ts';
import { type RunningGateway, startGateway } from '../support/gateway.ts';
import { writeReliabilityReport } from '../support/reliability-report.ts';
import { clearFaults, injectFault, resetSandbox, sandboxRequests } from '../support/sandbox-log.ts';
import { verbaEnv } from '../support/verba.ts';

const CALL = '/calls/verba_a8343631-9f35-4a3a-83f0-9e81592339fb';
const INTERVAL = READY_DEFAULTS.intervalMs;

let sandbox: VerbaSandbox;
let gateway: RunningGateway;
let clock = Date.now();
const report: Record<string, unknown> = { intervalMs: INTERVAL };

// biome-ignore lint/suspicious/noExplicitAny: test assertions walk arbitrary JSON.
type Json = any;

beforeAll(async () => {
  sandbox = await startVerbaSandbox();
  gateway = await startGateway(
    { ...verbaEnv(sandbox), CALL_CACHE: 'off' },
    { name: 'readiness', now: () => clock },
  );
});

afterEach(async () => {
  await clearFaults(sandbox.origin);
});

afterAll(async () => {
  writeReliabilityReport('readiness', report);
  await gateway?.close();
  await sandbox?.close();
});

/** Requests that reached Verba, token requests included: readiness may cost those too. */
const reached = async () => (await sandboxRequests(sandbox.origin)).length;

describe('/readyz', () => {
  it('costs Verba at most one probe per interval, however often it is asked', async () => {
    clock += INTERVAL;
    await resetSandbox(sandbox.origin);
    const statuses: number[] = [];
    // Half at once (they share the probe in flight), half one after the other.
    const together = await Promise.all(
      Array.from({ length: 100 }, () => gateway.raw('/readyz').then((r) => r.status)),
    );
    statuses.push(...together);
    for (let i = 0; i < 100; i++) statuses.push((await gateway.raw('/readyz')).status);
    expect(new Set(statuses)).toEqual(new Set([200]));
    const probes = (await sandboxRequests(sandbox.origin)).filter(
      (r) => r.action !== 'RequestToken',
    );
    expect(probes).toHaveLength(1);
    report.requests = statuses.length;
    report.probes = probes.length;
    report.providerRequests = await reached();

    clock += INTERVAL - 1;
    expect((await gateway.raw('/readyz')).status).toBe(200);
    expect(await reached()).toBe(report.providerRequests);
    clock += 1;
    expect((await gateway.raw('/readyz')).status).toBe(200);
    expect(await reached()).toBe((report.providerRequests as number) + 1);
  });

  it('answers from the last probe while it is fresh, then probes again', async () => {
    clock += INTERVAL;
    await injectFault(sandbox.origin, { kind: 'status', status: 503, operations: ['GetCallURL'] });
    const down = await gateway.raw('/readyz');
    expect(down.status).toBe(503);
    expect(await down.json()).toMatchObject({
      status: 'not_ready',
      instances: { verba: { reachable: false, breaker: 'closed' } },
    });
    await clearFaults(sandbox.origin);
    // Still the last probe's answer: the provider is not asked again yet.
    expect((await gateway.raw('/readyz')).status).toBe(503);
    clock += INTERVAL;
    expect((await gateway.raw('/readyz')).status).toBe(200);
  });

  it('cannot open the breaker, even when every probe is refused with 429', async () => {
    await resetSandbox(sandbox.origin);
    await injectFault(sandbox.origin, { kind: 'status', status: 429, operations: ['GetCallURL'] });
    const probes = 20;
    for (let i = 0; i < probes; i++) {
      clock += INTERVAL;
      const response = await gateway.raw('/readyz');
      const body: Json = await response.json();
      expect(response.status).toBe(503);
      expect(body.instances.verba).toMatchObject({ reachable: false, breaker: 'closed' });
    }
    const asked = (await sandboxRequests(sandbox.origin)).filter((r) => r.action === 'GetCallURL');
    // One attempt per probe: a probe is not retried either.
    expect(asked).toHaveLength(probes);

    const providers: Json = await (await gateway.fetch('/providers')).json();
    expect(providers.items[0].breaker).toMatchObject({ state: 'closed', consecutiveFailures: 0 });
    expect((await gateway.fetch(CALL)).status).toBe(200);
    report.refusedProbes = probes;
    report.breakerAfterRefusedProbes = providers.items[0].breaker.state;
  });

  it('reports an open breaker without probing the provider behind it', async () => {
    const g = await startGateway(
      {
        ...verbaEnv(sandbox),
        CALL_CACHE: 'off',
        VERBA_RETRIES: '0',
        VERBA_BREAKER_FAILURES: '2',
      },
      { name: 'readiness-open', now: () => clock },
    );
    try {
      expect((await g.fetch(CALL)).status).toBe(200);
      await injectFault(sandbox.origin, { kind: 'status', status: 503 });
      await g.fetch(CALL);
      await g.fetch(CALL);
      await resetSandbox(sandbox.origin);
      const response = await g.raw('/readyz');
      expect(response.status).toBe(503);
      expect(await response.json()).toMatchObject({
        instances: { verba: { reachable: false, breaker: 'open' } },
      });
      expect(await reached()).toBe(0);
    } finally {
      await g.close();
    }
  });
});
