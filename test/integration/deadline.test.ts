/**
 * The slowest a Verba request can be under `VERBA_TIMEOUT_MS`: a find whose token is
 * rejected, so that a renewal and two steps each take nearly the whole timeout. Each
 * exchange alone is within it; the request is answered at the deadline all the same. The
 * figures land in test-results/reliability/deadline.json for bench/README.md.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startVerbaSandbox, type VerbaSandbox } from '../../providers/verba/sandbox/index.ts';
import { type RunningGateway, startGateway } from '../support/gateway.ts';
import { writeReliabilityReport } from '../support/reliability-report.ts';
import { injectFault, resetSandbox, sandboxRequests } from '../support/sandbox-log.ts';
import { verbaEnv } from '../support/verba.ts';

const TIMEOUT_MS = 2_000;
const STEP_MS = 1_900;
const FIND = '/calls?provider=verba&extension=8856&status=ongoing';

let sandbox: VerbaSandbox;
let gateway: RunningGateway;
const report: Record<string, unknown> = { timeoutMs: TIMEOUT_MS, stepMs: STEP_MS };

beforeAll(async () => {
  sandbox = await startVerbaSandbox();
  gateway = await startGateway(
    { ...verbaEnv(sandbox), VERBA_TIMEOUT_MS: String(TIMEOUT_MS), CALL_CACHE: 'off' },
    { name: 'deadline' },
  );
});

afterAll(async () => {
  writeReliabilityReport('deadline', report);
  await gateway?.close();
  await sandbox?.close();
});

describe('VERBA_TIMEOUT_MS bounds the whole request', () => {
  it('answers a find with a renewal and two slow steps at the deadline, with a 504', async () => {
    expect((await gateway.fetch(FIND)).status).toBe(200);
    await resetSandbox(sandbox.origin);
    await injectFault(sandbox.origin, [
      { kind: 'expired-token', times: 1, operations: ['GetCallID'] },
      { kind: 'delay', delayMs: STEP_MS, operations: ['RequestToken'] },
      { kind: 'delay', delayMs: STEP_MS, operations: ['GetCallID', 'GetCallInformation'] },
    ]);
    const started = performance.now();
    const response = await gateway.fetch(FIND);
    const ms = performance.now() - started;
    const body = (await response.json()) as { code: string; detail: string };
    expect(response.status).toBe(504);
    expect(body.code).toBe('provider_timeout');
    expect(body.detail).toContain(`${TIMEOUT_MS} ms`);
    // The renewal was asked for; the second step never was (and the first again only if
    // the renewal left time for it).
    const actions = (await sandboxRequests(sandbox.origin)).map((r) => r.action);
    expect(actions.slice(0, 2)).toEqual(['GetCallID', 'RequestToken']);
    expect(actions).not.toContain('GetCallInformation');
    expect(ms).toBeLessThan(TIMEOUT_MS + 1_000);
    report.answerMs = Math.round(ms);
    // What the same exchanges add up to when each has the whole timeout to itself.
    report.unboundedMs = 3 * STEP_MS;
  });
});
