/**
 * Every fault the sandboxes can inject, and how the gateway answers it: status, problem
 * code, how long it took, how often the provider was asked, and that no secret came back.
 * The figures land in test-results/reliability/faults.json for bench/README.md.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  CALLFIRE_SAMPLE_CALLS,
  type CallFireSandbox,
  startCallFireSandbox,
} from '../../providers/callfire/sandbox/index.ts';
import { startVerbaSandbox, type VerbaSandbox } from '../../providers/verba/sandbox/index.ts';
import { CALLFIRE_TEST_CURSOR_KEY } from '../support/callfire.ts';
import { type RunningGateway, startGateway } from '../support/gateway.ts';
import { TEST_KEYS } from '../support/keys.ts';
import { writeReliabilityReport } from '../support/reliability-report.ts';
import {
  type FaultSpec,
  injectedFaults,
  injectFault,
  resetSandbox,
  sandboxRequests,
} from '../support/sandbox-log.ts';
import { verbaEnv } from '../support/verba.ts';

const FINISHED = 'a8343631-9f35-4a3a-83f0-9e81592339fb';
const ONGOING = '5d0b6f0c-7f64-4d3e-9a51-2c1f0f6e8a10';
// Roomy, so a loaded machine does not turn a slow answer into a timeout.
const TIMEOUT_MS = 1_000;

type Request = 'read' | 'keep' | 'delete';

interface Case {
  name: string;
  fault: FaultSpec;
  request: Request;
  status: number;
  code: string | null;
  outcome?: 'unknown';
  /** Upstream attempts of the faulted operation. */
  attempts: number;
  maxMs: number;
  minMs?: number;
  retryAfter?: string;
  /** What the problem's detail must say. */
  detail?: RegExp;
  /** Run on a gateway with a 5 s deadline, room enough to wait out a Retry-After. */
  patient?: boolean;
}

const read = (fault: FaultSpec) => ({ ...fault, operations: ['GetCallInformation'] });
const cases: Case[] = [
  {
    name: 'delay 150 ms',
    fault: read({ kind: 'delay', delayMs: 150 }),
    request: 'read',
    status: 200,
    code: null,
    attempts: 1,
    minMs: 150,
    maxMs: 2_000,
  },
  {
    name: 'hang (read)',
    fault: read({ kind: 'hang' }),
    request: 'read',
    status: 504,
    code: 'provider_timeout',
    attempts: 1,
    minMs: TIMEOUT_MS - 50,
    maxMs: 3_000,
  },
  {
    name: 'hang (keep)',
    fault: { kind: 'hang', operations: ['KeepCall'] },
    request: 'keep',
    status: 504,
    code: 'provider_timeout',
    outcome: 'unknown',
    attempts: 1,
    maxMs: 3_000,
  },
  {
    name: 'hang (delete)',
    fault: { kind: 'hang', operations: ['DeleteCall'] },
    request: 'delete',
    status: 504,
    code: 'provider_timeout',
    outcome: 'unknown',
    attempts: 1,
    maxMs: 3_000,
  },
  {
    name: 'body dripping past the deadline',
    fault: read({ kind: 'drip', delayMs: 100 }),
    request: 'read',
    status: 504,
    code: 'provider_timeout',
    attempts: 1,
    maxMs: 3_000,
  },
  {
    name: 'connection reset once (read)',
    fault: read({ kind: 'reset', times: 1 }),
    request: 'read',
    status: 200,
    code: null,
    attempts: 2,
    maxMs: 2_000,
  },
  {
    name: 'connection reset always (read)',
    fault: read({ kind: 'reset' }),
    request: 'read',
    status: 503,
    code: 'provider_unavailable',
    attempts: 3,
    maxMs: 2_500,
    retryAfter: '5',
  },
  {
    name: 'connection reset (keep)',
    fault: { kind: 'reset', operations: ['KeepCall'] },
    request: 'keep',
    status: 503,
    code: 'provider_unavailable',
    outcome: 'unknown',
    attempts: 1,
    maxMs: 2_000,
  },
  {
    name: 'HTTP 500',
    fault: read({ kind: 'status', status: 500 }),
    request: 'read',
    status: 502,
    code: 'provider_bad_response',
    attempts: 1,
    maxMs: 2_000,
  },
  {
    name: 'HTTP 500 (keep)',
    fault: { kind: 'status', status: 500, operations: ['KeepCall'] },
    request: 'keep',
    status: 502,
    code: 'provider_bad_response',
    outcome: 'unknown',
    attempts: 1,
    maxMs: 2_000,
  },
  {
    name: 'wrong content type (delete)',
    fault: { kind: 'wrong-content-type', operations: ['DeleteCall'] },
    request: 'delete',
    status: 502,
    code: 'provider_bad_response',
    outcome: 'unknown',
    attempts: 1,
    maxMs: 2_000,
  },
  {
    name: 'HTTP 503, Retry-After 1, once',
    fault: read({ kind: 'status', status: 503, retryAfter: '1', times: 1 }),
    request: 'read',
    status: 200,
    code: null,
    attempts: 2,
    minMs: 1_000,
    maxMs: 3_500,
    patient: true,
  },
  {
    name: 'HTTP 503, Retry-After 1, past the deadline',
    fault: read({ kind: 'status', status: 503, retryAfter: '1', times: 1 }),
    request: 'read',
    status: 503,
    code: 'provider_unavailable',
    attempts: 1,
    maxMs: 2_000,
    retryAfter: '1',
  },
  {
    name: 'HTTP 503, Retry-After 120',
    fault: read({ kind: 'status', status: 503, retryAfter: '120' }),
    request: 'read',
    status: 503,
    code: 'provider_unavailable',
    attempts: 1,
    maxMs: 2_000,
    retryAfter: '120',
  },
  {
    name: 'HTTP 503 (delete)',
    fault: { kind: 'status', status: 503, operations: ['DeleteCall'] },
    request: 'delete',
    status: 503,
    code: 'provider_unavailable',
    attempts: 1,
    maxMs: 2_000,
    retryAfter: '5',
  },
  {
    name: 'HTTP 429 once',
    fault: read({ kind: 'status', status: 429, times: 1 }),
    request: 'read',
    status: 200,
    code: null,
    attempts: 2,
    maxMs: 2_000,
  },
  {
    name: 'HTTP 429, Retry-After 30',
    fault: read({ kind: 'status', status: 429, retryAfter: '30' }),
    request: 'read',
    status: 503,
    code: 'provider_unavailable',
    attempts: 1,
    maxMs: 2_000,
    retryAfter: '30',
  },
  {
    name: 'HTTP 429, Retry-After of 10 digits',
    fault: read({ kind: 'status', status: 429, retryAfter: '9999999999' }),
    request: 'read',
    status: 503,
    code: 'provider_unavailable',
    attempts: 1,
    maxMs: 2_000,
    retryAfter: '3600',
  },
  {
    name: 'HTTP 502 always',
    fault: read({ kind: 'status', status: 502 }),
    request: 'read',
    status: 503,
    code: 'provider_unavailable',
    attempts: 3,
    maxMs: 2_500,
  },
  {
    name: 'HTTP 504 (keep)',
    fault: { kind: 'status', status: 504, operations: ['KeepCall'] },
    request: 'keep',
    status: 504,
    code: 'provider_timeout',
    outcome: 'unknown',
    attempts: 1,
    maxMs: 2_000,
  },
  {
    name: 'garbage body',
    fault: read({ kind: 'garbage' }),
    request: 'read',
    status: 502,
    code: 'provider_bad_response',
    attempts: 1,
    maxMs: 2_000,
  },
  {
    name: 'truncated XML',
    fault: read({ kind: 'truncated' }),
    request: 'read',
    status: 502,
    code: 'provider_bad_response',
    attempts: 1,
    maxMs: 2_000,
  },
  {
    name: 'wrong content type (HTML page)',
    fault: read({ kind: 'wrong-content-type' }),
    request: 'read',
    status: 502,
    code: 'provider_bad_response',
    attempts: 1,
    maxMs: 2_000,
  },
  {
    name: 'expired token',
    fault: read({ kind: 'expired-token', times: 1 }),
    request: 'read',
    status: 200,
    code: null,
    attempts: 2,
    maxMs: 2_000,
  },
  {
    name: 'expired token (keep)',
    fault: { kind: 'expired-token', times: 1, operations: ['KeepCall'] },
    request: 'keep',
    status: 200,
    code: null,
    attempts: 2,
    maxMs: 2_000,
  },
  {
    name: 'billion laughs',
    fault: read({ kind: 'hostile', hostile: 'billion-laughs' }),
    request: 'read',
    status: 502,
    code: 'provider_bad_response',
    attempts: 1,
    maxMs: 2_000,
  },
  {
    name: 'external entity',
    fault: read({ kind: 'hostile', hostile: 'external-entity' }),
    request: 'read',
    status: 502,
    code: 'provider_bad_response',
    attempts: 1,
    maxMs: 2_000,
  },
  {
    name: '__proto__ element',
    fault: read({ kind: 'hostile', hostile: 'proto' }),
    request: 'read',
    status: 502,
    code: 'provider_bad_response',
    attempts: 1,
    maxMs: 2_000,
  },
  {
    name: 'invalid UTF-8',
    fault: read({ kind: 'hostile', hostile: 'bad-utf8' }),
    request: 'read',
    status: 502,
    code: 'provider_bad_response',
    attempts: 1,
    maxMs: 2_000,
  },
  {
    name: '100 000 nested elements',
    fault: read({ kind: 'hostile', hostile: 'deep' }),
    request: 'read',
    status: 502,
    code: 'provider_bad_response',
    attempts: 1,
    maxMs: 2_000,
    detail: /elements nest deeper than 16\.$/,
  },
  {
    name: 'unclosed script element',
    fault: read({ kind: 'hostile', hostile: 'unclosed-script' }),
    request: 'read',
    status: 502,
    code: 'provider_bad_response',
    attempts: 1,
    maxMs: 2_000,
    detail: /element name 'script' is not accepted/,
  },
  {
    name: '50 MiB body',
    fault: read({ kind: 'hostile', hostile: 'huge', bytes: 50 * 1024 * 1024 }),
    request: 'read',
    status: 502,
    code: 'provider_bad_response',
    attempts: 1,
    maxMs: 3_000,
  },
];

const callfire = (fault: FaultSpec) => ({ ...fault, operations: ['GetCall'] });
/** CallFire reads only: the faults that differ from Verba's in what the gateway must do. */
const callfireCases: Case[] = [
  {
    name: 'hang',
    fault: callfire({ kind: 'hang' }),
    request: 'read',
    status: 504,
    code: 'provider_timeout',
    attempts: 1,
    minMs: TIMEOUT_MS - 50,
    maxMs: 3_000,
  },
  {
    name: 'connection reset once',
    fault: callfire({ kind: 'reset', times: 1 }),
    request: 'read',
    status: 200,
    code: null,
    attempts: 2,
    maxMs: 2_000,
  },
  {
    name: 'HTTP 500 (HTML page)',
    fault: callfire({ kind: 'status', status: 500 }),
    request: 'read',
    status: 502,
    code: 'provider_error',
    attempts: 1,
    maxMs: 2_000,
  },
  {
    name: 'HTTP 503, Retry-After 120',
    fault: callfire({ kind: 'status', status: 503, retryAfter: '120' }),
    request: 'read',
    status: 503,
    code: 'provider_unavailable',
    attempts: 1,
    maxMs: 2_000,
    retryAfter: '120',
  },
  {
    name: 'HTTP 429 once',
    fault: callfire({ kind: 'status', status: 429, times: 1 }),
    request: 'read',
    status: 200,
    code: null,
    attempts: 2,
    maxMs: 2_000,
  },
  {
    name: 'garbage body',
    fault: callfire({ kind: 'garbage' }),
    request: 'read',
    status: 502,
    code: 'provider_bad_response',
    attempts: 1,
    maxMs: 2_000,
  },
  {
    name: 'truncated document',
    fault: callfire({ kind: 'truncated' }),
    request: 'read',
    status: 502,
    code: 'provider_bad_response',
    attempts: 1,
    maxMs: 2_000,
  },
  {
    name: 'wrong content type (HTML page)',
    fault: callfire({ kind: 'wrong-content-type' }),
    request: 'read',
    status: 502,
    code: 'provider_bad_response',
    attempts: 1,
    maxMs: 2_000,
  },
  {
    name: 'credentials no longer accepted (401)',
    fault: callfire({ kind: 'expired-token' }),
    request: 'read',
    status: 502,
    code: 'provider_auth_failed',
    attempts: 1,
    maxMs: 2_000,
  },
  {
    name: 'billion laughs',
    fault: callfire({ kind: 'hostile', hostile: 'billion-laughs' }),
    request: 'read',
    status: 502,
    code: 'provider_bad_response',
    attempts: 1,
    maxMs: 2_000,
  },
  {
    name: 'invalid UTF-8',
    fault: callfire({ kind: 'hostile', hostile: 'bad-utf8' }),
    request: 'read',
    status: 502,
    code: 'provider_bad_response',
    attempts: 1,
    maxMs: 2_000,
  },
  {
    name: '50 MiB body',
    fault: callfire({ kind: 'hostile', hostile: 'huge' }),
    request: 'read',
    status: 502,
    code: 'provider_bad_response',
    attempts: 1,
    maxMs: 3_000,
  },
];

const OPERATION: Record<Request, string> = {
  read: 'GetCallInformation',
  keep: 'KeepCall',
  delete: 'DeleteCall',
};

let sandbox: VerbaSandbox;
let gateway: RunningGateway;
let patient: RunningGateway;
let cfSandbox: CallFireSandbox;
let cfGateway: RunningGateway;
const report: Array<Record<string, unknown>> = [];

beforeAll(async () => {
  sandbox = await startVerbaSandbox();
  const env = {
    ...verbaEnv(sandbox),
    VERBA_TIMEOUT_MS: String(TIMEOUT_MS),
    // One gateway for every case: the breaker has its own tests and must not interfere.
    VERBA_BREAKER_FAILURES: '1000',
    CALL_CACHE: 'off',
  };
  gateway = await startGateway(env, { name: 'faults' });
  patient = await startGateway({ ...env, VERBA_TIMEOUT_MS: '5000' }, { name: 'faults' });
  cfSandbox = await startCallFireSandbox();
  cfGateway = await startGateway(
    {
      CALLFIRE_BASE_URL: cfSandbox.apiUrl,
      CALLFIRE_USERNAME: cfSandbox.options.userName,
      CALLFIRE_PASSWORD: cfSandbox.options.password,
      CALLFIRE_CURSOR_KEY: CALLFIRE_TEST_CURSOR_KEY,
      CALLFIRE_TIMEOUT_MS: String(TIMEOUT_MS),
      CALLFIRE_BREAKER_FAILURES: '1000',
      CALL_CACHE: 'off',
    },
    { name: 'faults' },
  );
});

afterAll(async () => {
  writeReliabilityReport('faults', report);
  await gateway?.close();
  await patient?.close();
  await sandbox?.close();
  await cfGateway?.close();
  await cfSandbox?.close();
});

beforeEach(async () => {
  await resetSandbox(sandbox.origin);
  // A token first, so the faults meet the operation under test.
  await gateway.fetch(`/calls/verba_${FINISHED}`);
  await patient.fetch(`/calls/verba_${FINISHED}`);
  await resetSandbox(sandbox.origin);
});

function send(request: Request, to: RunningGateway = gateway): Promise<Response> {
  if (request === 'read') return to.fetch(`/calls/verba_${FINISHED}`);
  if (request === 'keep') return to.fetch(`/calls/verba_${ONGOING}/keep`, { method: 'POST' });
  return to.fetch(`/calls/verba_${FINISHED}`, { method: 'DELETE' });
}

interface Target {
  provider: 'verba' | 'callfire';
  origin: string;
  send(c: Case): Promise<Response>;
  operation(request: Request): string;
  secrets: string[];
}

async function exercise(c: Case, target: Target): Promise<void> {
  await injectFault(target.origin, c.fault);
  const before = process.memoryUsage();
  const started = performance.now();
  const response = await target.send(c);
  const text = await response.text();
  const ms = performance.now() - started;
  const after = process.memoryUsage();

  expect(response.status, text).toBe(c.status);
  if (c.code) {
    expect(response.headers.get('content-type')).toBe('application/problem+json');
    const problem = JSON.parse(text);
    expect(problem).toMatchObject({
      code: c.code,
      provider: target.provider,
      instance: target.provider,
    });
    expect(problem.outcome).toBe(c.outcome);
    if (c.detail) expect(problem.detail).toMatch(c.detail);
  }
  if (c.retryAfter) expect(response.headers.get('retry-after')).toBe(c.retryAfter);
  expect(ms).toBeLessThan(c.maxMs);
  if (c.minMs) expect(ms).toBeGreaterThanOrEqual(c.minMs);

  const attempts = (await sandboxRequests(target.origin)).filter(
    (r) => r.action === target.operation(c.request),
  ).length;
  expect(attempts).toBe(c.attempts);

  const answer = `${[...response.headers].join('\n')}\n${text}`;
  for (const secret of [...target.secrets, ...Object.values(TEST_KEYS)]) {
    expect(answer).not.toContain(secret);
  }
  expect(answer).not.toMatch(/token=(?!\[REDACTED\])/i);
  expect(({} as Record<string, unknown>).polluted).toBeUndefined();

  const injected = await injectedFaults(target.origin);
  expect(injected.length).toBeGreaterThan(0);
  const grownMiB =
    (after.heapUsed + after.arrayBuffers - before.heapUsed - before.arrayBuffers) / 2 ** 20;
  report.push({
    provider: target.provider,
    fault: c.name,
    request: c.request,
    status: response.status,
    code: c.code,
    ...(c.outcome ? { outcome: c.outcome } : {}),
    ...(c.retryAfter ? { retryAfter: c.retryAfter } : {}),
    attempts,
    ms: Math.round(ms),
    injected: injected.length,
    ...(injected[0]?.bytesSent ? { bytesSent: injected[0].bytesSent } : {}),
    memoryGrowthMiB: Math.round(grownMiB * 10) / 10,
  });
}

const title = (c: Case) => `${c.name}: ${c.status}${c.code ? ` ${c.code}` : ''}`;

describe('a misbehaving Verba', () => {
  const verba: Target = {
    provider: 'verba',
    get origin() {
      return sandbox.origin;
    },
    send: (c) => send(c.request, c.patient ? patient : gateway),
    operation: (request) => OPERATION[request],
    get secrets() {
      return [sandbox.options.apiKey, sandbox.options.password, sandbox.options.userName];
    },
  };
  for (const c of cases) it(title(c), () => exercise(c, verba));

  it('reads no more of a 50 MiB answer than the cap, and memory stays flat', async () => {
    const before = process.memoryUsage();
    for (let i = 0; i < 5; i++) {
      await injectFault(sandbox.origin, read({ kind: 'hostile', hostile: 'huge', times: 1 }));
      expect((await send('read')).status).toBe(502);
    }
    const after = process.memoryUsage();
    const sent = (await injectedFaults(sandbox.origin)).map((f) => f.bytesSent ?? 0);
    expect(sent).toHaveLength(5);
    // The sandbox writes until the gateway hangs up: a little past 1 MiB, never 50.
    for (const bytes of sent) expect(bytes).toBeLessThan(16 * 2 ** 20);
    const grown = after.rss - before.rss;
    expect(grown).toBeLessThan(64 * 2 ** 20);
    report.push({
      provider: 'verba',
      fault: '50 MiB body ×5 (memory)',
      bytesSentMaxMiB: Math.round((Math.max(...sent) / 2 ** 20) * 10) / 10,
      rssGrowthMiB: Math.round((grown / 2 ** 20) * 10) / 10,
    });
  });
});

describe('a misbehaving CallFire', () => {
  const target: Target = {
    provider: 'callfire',
    get origin() {
      return cfSandbox.origin;
    },
    send: () => cfGateway.fetch(`/calls/callfire_${CALLFIRE_SAMPLE_CALLS.documented}`),
    operation: () => 'GetCall',
    get secrets() {
      return [cfSandbox.options.password, cfSandbox.options.userName];
    },
  };
  beforeEach(async () => {
    await resetSandbox(cfSandbox.origin);
  });
  for (const c of callfireCases) it(title(c), () => exercise(c, target));
});
