/** One audit line per keep, unmark and delete: who, what, how it ended — never the key. */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startVerbaSandbox, type VerbaSandbox } from '../../providers/verba/sandbox/index.ts';
import { type RunningGateway, startGateway } from '../support/gateway.ts';
import { TEST_KEYS, withKey } from '../support/keys.ts';
import { writeReliabilityReport } from '../support/reliability-report.ts';
import { injectFault, resetSandbox } from '../support/sandbox-log.ts';

const FINISHED = 'a8343631-9f35-4a3a-83f0-9e81592339fb';
const ONGOING = '5d0b6f0c-7f64-4d3e-9a51-2c1f0f6e8a10';
const UNKNOWN = '11111111-2222-4333-8444-555555555555';

let sandbox: VerbaSandbox;
let gateway: RunningGateway;

beforeAll(async () => {
  sandbox = await startVerbaSandbox();
  gateway = await startGateway(
    {
      VERBA_BASE_URL: sandbox.apiUrl,
      VERBA_API_KEY: sandbox.options.apiKey,
      VERBA_USERNAME: sandbox.options.userName,
      VERBA_PASSWORD: sandbox.options.password,
      VERBA_TIMEOUT_MS: '1000',
    },
    { name: 'audit' },
  );
});
const targets: Array<{ refusal: string; status: number; target: unknown }> = [];
/** Keeps what a refused write's audit line named, for bench/README.md. */
function noteTarget(refusal: string, line: Record<string, unknown>) {
  targets.push({ refusal, status: line.status as number, target: line.id ?? line.selector });
}

afterAll(async () => {
  writeReliabilityReport('audit-targets', targets);
  await gateway?.close();
  await sandbox?.close();
});
beforeEach(async () => {
  await resetSandbox(sandbox.origin);
});

/** The audit line of the request `response` answered. */
function auditOf(response: Response): Record<string, unknown> {
  const requestId = response.headers.get('x-request-id');
  const lines = gateway
    .logs()
    .filter((line) => line.msg === 'audit' && line.requestId === requestId);
  expect(lines).toHaveLength(1);
  return (lines[0] as { audit: Record<string, unknown> }).audit;
}

const post = (body?: unknown, headers: Record<string, string> = {}): RequestInit => ({
  method: 'POST',
  headers: { 'content-type': 'application/json', ...headers },
  ...(body === undefined ? {} : { body: JSON.stringify(body) }),
});

describe('audit lines', () => {
  it('record a keep by id: key name, gateway id, outcome and request id', async () => {
    const response = await gateway.fetch(`/calls/verba_${ONGOING}/keep`, { method: 'POST' });
    expect(response.status).toBe(200);
    expect(auditOf(response)).toEqual({
      operation: 'keepCall',
      keyName: 'test-all',
      instance: 'verba',
      id: `verba_${ONGOING}`,
      selector: null,
      outcome: 'done',
      status: 200,
      requestId: response.headers.get('x-request-id'),
    });
  });

  it('record an unmark with its keep type', async () => {
    const response = await gateway.fetch(`/calls/verba_${ONGOING}/keep`, {
      ...post({ type: 'manualRecord' }),
      method: 'DELETE',
    });
    expect(auditOf(response)).toMatchObject({
      operation: 'unmarkCall',
      type: 'manualRecord',
      outcome: 'done',
    });
  });

  it('record writes by selector with the selector', async () => {
    const kept = await gateway.fetch(
      '/providers/verba/keep',
      post({ extension: '8856', status: ['ongoing'] }),
    );
    expect(auditOf(kept)).toMatchObject({
      operation: 'keepBySelector',
      instance: 'verba',
      id: null,
      selector: { extension: '8856', status: ['ongoing'] },
      outcome: 'done',
    });
    const deleted = await gateway.fetch(
      '/providers/verba/delete',
      post({ platformCallId: '71627389' }),
    );
    expect(auditOf(deleted)).toMatchObject({
      operation: 'deleteBySelector',
      selector: { platformCallId: '71627389' },
      outcome: 'done',
    });
  });

  it('record a delete by id, and one Verba refused', async () => {
    const done = await gateway.fetch(`/calls/verba_${FINISHED}`, { method: 'DELETE' });
    expect(auditOf(done)).toMatchObject({ operation: 'deleteCall', outcome: 'done' });
    const missing = await gateway.fetch(`/calls/verba_${UNKNOWN}`, { method: 'DELETE' });
    expect(auditOf(missing)).toMatchObject({ outcome: 'refused', status: 404 });
  });

  it('record a write whose outcome is unknown', async () => {
    await injectFault(sandbox.origin, { kind: 'hang', operations: ['KeepCall'] });
    const response = await gateway.fetch(`/calls/verba_${ONGOING}/keep`, { method: 'POST' });
    expect(response.status).toBe(504);
    expect(auditOf(response)).toMatchObject({ outcome: 'unknown', status: 504 });
  });

  it('record denied writes, with the key name when the key is known', async () => {
    const wrongScope = await gateway.fetch(
      `/calls/verba_${ONGOING}`,
      withKey({ method: 'DELETE' }, TEST_KEYS.reader),
    );
    expect(auditOf(wrongScope)).toMatchObject({
      operation: 'deleteCall',
      keyName: 'test-reader',
      outcome: 'denied',
      status: 403,
    });
    const noKey = await gateway.raw(`/calls/verba_${ONGOING}`, { method: 'DELETE' });
    expect(auditOf(noKey)).toMatchObject({ keyName: null, outcome: 'denied', status: 401 });
  });

  it('record the target of a denied write: the id, or the selector it named', async () => {
    const wrongScope = await gateway.fetch(
      `/calls/verba_${FINISHED}`,
      withKey({ method: 'DELETE' }, TEST_KEYS.reader),
    );
    expect(auditOf(wrongScope)).toMatchObject({
      outcome: 'denied',
      status: 403,
      instance: 'verba',
      id: `verba_${FINISHED}`,
      selector: null,
    });
    noteTarget('403, a key without the scope (delete by id)', auditOf(wrongScope));
    const noKey = await gateway.raw(
      '/providers/verba/delete',
      post({ extension: '8856', status: ['last'] }),
    );
    expect(auditOf(noKey)).toMatchObject({
      outcome: 'denied',
      status: 401,
      instance: 'verba',
      id: null,
      selector: { extension: '8856', status: ['last'] },
    });
    noteTarget('401, no key (delete by selector)', auditOf(noKey));
    const badKey = await gateway.raw(`/calls/verba_${ONGOING}/keep`, {
      ...withKey(post({ type: 'manualRecord' }), 'cgk_not_a_key_of_this_gateway'),
    });
    expect(auditOf(badKey)).toMatchObject({
      outcome: 'denied',
      status: 401,
      id: `verba_${ONGOING}`,
      type: 'manualRecord',
    });
    noteTarget('401, an unknown key (keep by id)', auditOf(badKey));
    // What no route would accept is recorded as such, never as it was sent.
    const junk = await gateway.raw(
      '/providers/verba/delete',
      post({ extension: 'x&apiKey=stolen', status: ['last'] }),
    );
    expect(auditOf(junk)).toMatchObject({ outcome: 'denied', selector: '[malformed]' });
    expect(JSON.stringify(auditOf(junk))).not.toContain('stolen');
  });

  it('record the target of an idempotency conflict and of a replay', async () => {
    const headers = { 'idempotency-key': 'audit-target-1' };
    await gateway.fetch(
      '/providers/verba/keep',
      post({ extension: '8856', status: ['ongoing'] }, headers),
    );
    const conflict = await gateway.fetch(
      '/providers/verba/keep',
      post({ extension: '8857', status: ['ongoing'] }, headers),
    );
    expect(conflict.status).toBe(422);
    expect(auditOf(conflict)).toMatchObject({
      outcome: 'refused',
      status: 422,
      instance: 'verba',
      selector: { extension: '8857', status: ['ongoing'] },
    });
    noteTarget('422, Idempotency-Key reused (keep by selector)', auditOf(conflict));
    const replay = await gateway.fetch(
      '/providers/verba/keep',
      post({ extension: '8856', status: ['ongoing'] }, headers),
    );
    expect(auditOf(replay)).toMatchObject({
      replayed: true,
      instance: 'verba',
      selector: { extension: '8856', status: ['ongoing'] },
    });
    noteTarget('replay (keep by selector)', auditOf(replay));
    const byId = { 'idempotency-key': 'audit-target-2' };
    await gateway.fetch(`/calls/verba_${ONGOING}/keep`, post({}, byId));
    const again = await gateway.fetch(`/calls/verba_${ONGOING}/keep`, post({}, byId));
    expect(auditOf(again)).toMatchObject({ replayed: true, id: `verba_${ONGOING}` });
  });

  it('record what a refused request named only when it is well formed', async () => {
    const response = await gateway.fetch(
      `/calls/verba_${encodeURIComponent('x&apiKey=stolen')}/keep`,
      { method: 'POST' },
    );
    expect(response.status).toBe(400);
    expect(auditOf(response)).toMatchObject({ id: '[malformed]', outcome: 'refused' });
    expect(JSON.stringify(auditOf(response))).not.toContain('stolen');
  });

  it('mark a replayed answer', async () => {
    const headers = { 'idempotency-key': 'audit-1' };
    await gateway.fetch(`/calls/verba_${ONGOING}/keep`, post({}, headers));
    const again = await gateway.fetch(`/calls/verba_${ONGOING}/keep`, post({}, headers));
    expect(auditOf(again)).toMatchObject({ outcome: 'done', replayed: true });
  });

  it('are not written for reads', async () => {
    const response = await gateway.fetch(`/calls/verba_${FINISHED}`);
    const requestId = response.headers.get('x-request-id');
    expect(gateway.logs().filter((l) => l.msg === 'audit' && l.requestId === requestId)).toEqual(
      [],
    );
  });

  it('never carry a key', () => {
    const audit = gateway.logs().filter((line) => line.msg === 'audit');
    expect(audit.length).toBeGreaterThan(5);
    const text = JSON.stringify(audit);
    for (const key of Object.values(TEST_KEYS)) expect(text).not.toContain(key);
  });
});
