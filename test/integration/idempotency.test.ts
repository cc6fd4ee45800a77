/**
 * What `Idempotency-Key` remembers, against the Verba sandbox: records are bounded per API
 * key, so one key's traffic cannot flush another's, and an answer the gateway gave without
 * asking a provider is not kept at all. A small bound keeps the test quick; the same code
 * runs with the default one. Figures land in test-results/reliability/idempotency.json.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startVerbaSandbox, type VerbaSandbox } from '../../providers/verba/sandbox/index.ts';
import { IdempotencyStore } from '../../src/idempotency/store.ts';
import { type RunningGateway, startGateway } from '../support/gateway.ts';
import { TEST_KEYS, withKey } from '../support/keys.ts';
import { writeReliabilityReport } from '../support/reliability-report.ts';
import { resetSandbox, sandboxRequests } from '../support/sandbox-log.ts';
import { verbaEnv } from '../support/verba.ts';

const ONGOING = '/calls/verba_5d0b6f0c-7f64-4d3e-9a51-2c1f0f6e8a10/keep';
const MISSING = '/calls/verba_00000000-0000-0000-0000-000000000000/keep';
const MALFORMED = '/calls/verba_not-a-call-id/keep';
const BOUND = 20;

let sandbox: VerbaSandbox;
let gateway: RunningGateway;
let store: IdempotencyStore;
const report: Record<string, unknown> = {};

beforeAll(async () => {
  sandbox = await startVerbaSandbox();
});

beforeEach(async () => {
  await resetSandbox(sandbox.origin);
  store = new IdempotencyStore({ maxEntries: BOUND });
  gateway = await startGateway(verbaEnv(sandbox), { name: 'idempotency', idempotency: store });
});

afterEach(async () => {
  await gateway?.close();
});

afterAll(async () => {
  writeReliabilityReport('idempotency-flood', report);
  await sandbox?.close();
});

const post = (path: string, idempotencyKey: string, key: string = TEST_KEYS.all) =>
  gateway.fetch(
    path,
    withKey({ method: 'POST', headers: { 'idempotency-key': idempotencyKey } }, key),
  );

const keeps = async () =>
  (await sandboxRequests(sandbox.origin)).filter((r) => r.action === 'KeepCall').length;

describe('Idempotency-Key records', () => {
  it("are never evicted by another API key's traffic", async () => {
    const first = await post(ONGOING, 'writer-1', TEST_KEYS.writer);
    expect(first.status).toBe(200);

    // Another key floods the store: malformed writes and real ones, each with a fresh key.
    const flood = BOUND * 2;
    for (let i = 0; i < flood; i++) {
      expect((await post(MALFORMED, `flood-bad-${i}`)).status).toBe(400);
      expect((await post(ONGOING, `flood-ok-${i}`)).status).toBe(200);
    }
    expect(await keeps()).toBe(1 + flood);

    const repeat = await post(ONGOING, 'writer-1', TEST_KEYS.writer);
    expect(repeat.status).toBe(200);
    expect(repeat.headers.get('idempotent-replayed')).toBe('true');
    expect(await repeat.text()).toBe(await first.text());
    // The repeat did not reach Verba a second time.
    expect(await keeps()).toBe(1 + flood);
    report.boundPerKey = BOUND;
    report.otherKeyWrites = flood * 2;
    report.replayedAfterOtherKeyFlood = true;
  });

  it('keep nothing for an answer the gateway gave without asking a provider', async () => {
    const flood = 500;
    const started = performance.now();
    for (let i = 0; i < flood; i += 10) {
      const batch = Array.from({ length: 10 }, (_, j) => post(MALFORMED, `junk-${i + j}`));
      for (const response of await Promise.all(batch)) expect(response.status).toBe(400);
    }
    report.malformedWrites = flood;
    report.malformedWritesMs = Math.round(performance.now() - started);
    expect(store.size).toBe(0);
    report.recordsKeptForMalformed = store.size;
    expect(await sandboxRequests(sandbox.origin)).toEqual([]);

    // The key did nothing, so it is free for the request its caller meant to send.
    expect((await post(MALFORMED, 'typo-then-fixed')).status).toBe(400);
    const fixed = await post(ONGOING, 'typo-then-fixed');
    expect(fixed.status).toBe(200);
    expect(fixed.headers.get('idempotent-replayed')).toBeNull();
  });

  it("keep a provider's own refusal, so a repeat does not ask again", async () => {
    const first = await post(MISSING, 'missing-1');
    expect(first.status).toBe(404);
    const repeat = await post(MISSING, 'missing-1');
    expect(repeat.status).toBe(404);
    expect(repeat.headers.get('idempotent-replayed')).toBe('true');
    expect(repeat.headers.get('content-type')).toBe('application/problem+json');
    expect(await keeps()).toBe(1);
  });
});
