/**
 * Requests generated from the committed document (openapi/openapi.json), valid and now and
 * then not, to every operation, and each path with the methods it lacks: every answer must
 * be one the document promises for the operation (a documented status, a documented content
 * type, a body its schema accepts) and a 405 must carry the path's `Allow`. The gateway runs
 * in process against the Verba sandbox, so the whole run takes a few seconds.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startVerbaSandbox, type VerbaSandbox } from '../../providers/verba/sandbox/index.ts';
import { createGateway } from '../../src/app.ts';
import { loadConfig } from '../../src/config.ts';
import { nodeEvents } from '../../src/node/events.ts';
import { createNodeClient } from '../../src/node/http-client.ts';
import { openSqliteState } from '../../src/node/sqlite-state.ts';
import { createNodeStreamClient } from '../../src/node/stream-client.ts';
import { nodeSender } from '../../src/node/webhook-sender.ts';
import { TEST_API_KEYS, TEST_KEYS } from '../support/keys.ts';
import { captureLogs } from '../support/log-capture.ts';
import {
  allowOf,
  arbitraryFor,
  contractViolations,
  DOCUMENT,
  OPERATIONS,
  type Operation,
  type Parameter,
} from '../support/openapi-contract.ts';
import { writeReliabilityReport } from '../support/reliability-report.ts';
import { resetSandbox } from '../support/sandbox-log.ts';
import { verbaEnv } from '../support/verba.ts';

const CALLS = [
  'a8343631-9f35-4a3a-83f0-9e81592339fb',
  '5d0b6f0c-7f64-4d3e-9a51-2c1f0f6e8a10',
  '9b2e4c1a-3d5f-4e6a-8b7c-0d1e2f3a4b5c',
  'e5c3a4b6-7d8f-4e9a-0b12-c3d4e5f6a7b8',
];
const RUNS_PER_OPERATION = 30;
const WRONG_METHOD_RUNS = 100;
const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'];

let sandbox: VerbaSandbox;
let app: ReturnType<typeof createGateway>;
let close: () => Promise<void>;
let logs: () => Array<Record<string, unknown>>;
const totals = { requests: 0, byStatus: {} as Record<string, number> };

beforeAll(async () => {
  sandbox = await startVerbaSandbox({ liveSecondMs: 20 });
  const captured = captureLogs('fuzz-contract');
  logs = captured.lines;
  const upstream = createNodeClient();
  const media = createNodeStreamClient();
  const state = openSqliteState({ path: null });
  const config = loadConfig({
    ...verbaEnv(sandbox),
    GATEWAY_API_KEYS: TEST_API_KEYS,
    CALL_CACHE: 'off',
  });
  const events = nodeEvents(state.sql, {
    settings: config.events,
    send: nodeSender(config.events.allow),
  });
  app = createGateway(config, {
    http: upstream.client,
    stream: media.stream,
    logger: captured.logger,
    state,
    events: events.attach,
  });
  close = async () => {
    await events.close();
    await upstream.close();
    await media.close();
    await state.close();
  };
});
beforeEach(async () => {
  await resetSandbox(sandbox.origin);
});
afterAll(async () => {
  writeReliabilityReport('fuzz-contract', totals);
  await close?.();
  await sandbox?.close();
});

// ---- generators -------------------------------------------------------------------------

/** A path parameter: mostly a call the sandbox has, so answers come from Verba too. */
function pathValue(parameter: Parameter): fc.Arbitrary<string> {
  const fromSchema = arbitraryFor(parameter.schema).map(String);
  if (parameter.name === 'id')
    return fc.oneof(
      { weight: 3, arbitrary: fc.constantFrom(...CALLS).map((id) => `verba_${id}`) },
      { weight: 1, arbitrary: fromSchema },
    );
  if (parameter.name === 'recordingId')
    return fc.oneof(
      { weight: 3, arbitrary: fc.constantFrom(...CALLS) },
      { weight: 1, arbitrary: fromSchema },
    );
  if (parameter.name === 'instance')
    return fc.oneof(
      { weight: 3, arbitrary: fc.constant('verba') },
      { weight: 1, arbitrary: fromSchema },
    );
  return fromSchema;
}

/** Anything at all, for the one parameter a case sets wrong. */
const junk = fc.oneof(
  fc.string({ maxLength: 20 }),
  fc.constantFrom('', '-1', '0x10', '1e-7', 'null', '%', 'bytes=5-1', 'items=0-1', ',,'),
);

interface Case {
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: string;
  /** An empty path segment: the request names another path, not this operation. */
  elsewhere?: boolean;
}

function requestsFor(operation: Operation): fc.Arbitrary<Case> {
  const params = operation.parameters;
  const values = fc.tuple(
    ...params.map((p) =>
      p.in === 'path' || p.required
        ? pathValue(p).map((v) => v as string | undefined)
        : fc.option(arbitraryFor(p.schema).map(String), { nil: undefined, freq: 2 }),
    ),
  );
  const body = operation.body
    ? fc.option(
        fc.oneof(
          { weight: 1, arbitrary: fc.constant(operation.bodyExample) },
          { weight: 3, arbitrary: arbitraryFor(operation.body) },
        ),
        { nil: undefined, freq: operation.body && operation.method === 'DELETE' ? 2 : 8 },
      )
    : fc.constant(undefined);
  const broken = fc.option(fc.tuple(fc.nat(Math.max(params.length - 1, 0)), junk), { freq: 5 });
  return fc.tuple(values, body, broken).map(([given, payload, wrong]) => {
    const chosen = [...given];
    if (wrong && params.length) chosen[wrong[0]] = wrong[1];
    let url = operation.template;
    const query = new URLSearchParams();
    const headers: Record<string, string> = { authorization: `Bearer ${TEST_KEYS.all}` };
    let elsewhere = false;
    params.forEach((p, i) => {
      const value = chosen[i];
      if (value === undefined) return;
      if (p.in === 'path' && value === '') elsewhere = true;
      if (p.in === 'path') url = url.replace(`{${p.name}}`, encodeURIComponent(value));
      else if (p.in === 'query') query.set(p.name, value);
      else if (/^[\t\x20-\x7e]*$/.test(value)) headers[p.name] = value;
    });
    const search = query.toString();
    const sent: Case = {
      method: operation.method,
      url: search ? `${url}?${search}` : url,
      headers,
      ...(elsewhere ? { elsewhere } : {}),
    };
    if (payload !== undefined) {
      sent.body = JSON.stringify(payload);
      headers['content-type'] = 'application/json';
    }
    return sent;
  });
}

// ---- one case ---------------------------------------------------------------------------

async function answerTo(sent: Case) {
  const response = await app.fetch(
    new Request(`http://gateway.test${sent.url}`, {
      method: sent.method,
      headers: sent.headers,
      ...(sent.body === undefined ? {} : { body: sent.body }),
    }),
  );
  totals.requests += 1;
  totals.byStatus[response.status] = (totals.byStatus[response.status] ?? 0) + 1;
  const type = response.headers.get('content-type') ?? '';
  // Audio and metrics are not read: only JSON bodies have a schema to hold them to.
  const readable = sent.method !== 'HEAD' && /json/.test(type);
  const text = readable ? await response.text() : null;
  if (!readable) await response.body?.cancel();
  return { status: response.status, headers: response.headers, text };
}

describe('answers to requests generated from the document', () => {
  for (const operation of OPERATIONS) {
    it(`${operation.method} ${operation.template} answers as documented`, async () => {
      await fc.assert(
        fc.asyncProperty(requestsFor(operation), async (sent) => {
          const answer = await answerTo(sent);
          const context = `${sent.method} ${sent.url} ${JSON.stringify(sent.headers)} ${sent.body ?? ''} → ${answer.status}`;
          // The sandbox is healthy: a 5xx would be the gateway's fault.
          expect(answer.status, context).toBeLessThan(500);
          if (sent.elsewhere) {
            // Trailing slashes fold (`/calls/` is `/calls`): a path that folds onto one the
            // document has is held to that operation's contract (GET `/calls/` without
            // `provider` is its 400); any other is another path's 404 or 405, or a 403.
            const path = new URL(sent.url, 'http://gateway.test').pathname.replace(/\/+$/, '');
            const folded = OPERATIONS.find(
              (other) => other.method === sent.method && other.template === path,
            );
            if (folded) {
              expect(contractViolations(folded, answer), context).toEqual([]);
              return;
            }
            expect([401, 403, 404, 405], context).toContain(answer.status);
            expect(answer.headers.get('content-type'), context).toMatch(/problem\+json/);
            return;
          }
          expect(contractViolations(operation, answer), context).toEqual([]);
        }),
        { numRuns: RUNS_PER_OPERATION },
      );
    });
  }

  it('answers a method a path lacks with a 405 problem and the path’s Allow', async () => {
    const templates = Object.keys(DOCUMENT.paths);
    // Paths a route has: an empty or odd segment would be a 404 (no such path), not a 405.
    const cases = fc
      .tuple(fc.constantFrom(...templates), fc.constantFrom(...CALLS), fc.constantFrom(...METHODS))
      .filter(([template, , method]) => !allowOf(template).split(', ').includes(method))
      .map(([template, call, method]) => {
        const url = template
          .replace('{id}', `verba_${call}`)
          .replace('{recordingId}', call)
          .replace('{instance}', 'verba');
        const sent: Case = { method, url, headers: { authorization: `Bearer ${TEST_KEYS.all}` } };
        return [template, method, sent] as const;
      });
    await fc.assert(
      fc.asyncProperty(cases, async ([template, method, sent]) => {
        const answer = await answerTo({
          ...sent,
          method,
          ...(method === 'GET' || method === 'HEAD' ? { body: undefined } : {}),
        });
        const context = `${method} ${sent.url} → ${answer.status}`;
        expect(answer.status, context).toBe(405);
        expect(answer.headers.get('allow'), context).toBe(allowOf(template));
        if (method === 'HEAD') return;
        expect(answer.headers.get('content-type'), context).toBe('application/problem+json');
        const problem = {
          operationId: 'any',
          method,
          template,
          parameters: [],
          body: null,
          bodyExample: undefined,
          responses: {
            405: {
              content: {
                'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } },
              },
            },
          },
        };
        expect(contractViolations(problem, answer), context).toEqual([]);
      }),
      { numRuns: WRONG_METHOD_RUNS },
    );
  });

  it('ran every operation, with answers from the provider among them, and no crash', () => {
    expect(totals.requests).toBeGreaterThan(OPERATIONS.length * RUNS_PER_OPERATION);
    expect(totals.byStatus[200]).toBeGreaterThan(50);
    expect(totals.byStatus[400]).toBeGreaterThan(20);
    expect(logs().filter((line) => line.msg === 'unhandled error')).toEqual([]);
  });
});
