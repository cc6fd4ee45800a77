/**
 * The CallFire route behaviour, written once and run against the Node server
 * (test/integration) and the Worker build in workerd (test/worker). Only fetch is used,
 * so the same file runs in both runtimes.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  BULK_BROADCAST_ID,
  CALLFIRE_CALLS_BY_RESULT,
  CALLFIRE_SAMPLE_CALLS,
  SURVEY_BROADCAST_ID,
} from '../../providers/callfire/sandbox/calls.ts';
import { FIND_FILTERS as FIND_FILTER_NAMES } from '../../src/core/provider.ts';
import { CALLFIRE_CALL_EXAMPLE } from '../../src/schemas/examples.ts';
import { CALLFIRE_BULK_CALLS } from '../support/callfire.ts';
import { resetSandbox, type SandboxRequest, sandboxRequests } from '../support/sandbox-log.ts';

type Fetch = (path: string, init?: RequestInit) => Promise<Response>;

export interface CallFireRouteTarget {
  /** Sends a request to the gateway under test (CallFire configured as instance `callfire`). */
  fetch: Fetch;
  /** Origin of the CallFire sandbox the gateway points at. */
  sandboxOrigin: string;
  /** API base of that sandbox, what CALLFIRE_BASE_URL is. */
  sandboxApiUrl: string;
  /** A gateway configured like this one, with `env` added or changed. */
  variant(env: Record<string, string>): Promise<{ fetch: Fetch; close(): Promise<void> }>;
}

// Mirrors the sandbox's reserved ids (providers/callfire/sandbox/index.ts, Node only).
const FAULT = {
  serverError: '900000000500',
  htmlServerError: '900000000501',
  htmlPage: '900000000200',
  callWithoutId: '900000000201',
  forbidden: '900000000403',
  slow: '900000000504',
} as const;

const DOCUMENTED = CALLFIRE_SAMPLE_CALLS.documented;
const UNKNOWN = '999999999999';
/** Seeded calls created in November 2026: all but the documented sample and the bulk ones. */
const NOVEMBER = 'since=2026-11-01T00:00:00Z&until=2026-12-01T00:00:00Z';
const NOVEMBER_CALLS = 23;

// biome-ignore lint/suspicious/noExplicitAny: test assertions walk arbitrary JSON.
type Json = any;
const body = async (response: Response): Promise<Json> => response.json();

type CallFireRequest = SandboxRequest & { path: string; format: 'xml' | 'json' };

const json = (payload: unknown): RequestInit => ({
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify(payload),
});

async function expectProblem(response: Response, status: number, code: string) {
  expect(response.status).toBe(status);
  expect(response.headers.get('content-type')).toBe('application/problem+json');
  const problem = (await body(response)) as Record<string, unknown>;
  expect(problem).toMatchObject({ status, code, type: `urn:callgate:problem:${code}` });
  expect(problem.requestId).toBe(response.headers.get('x-request-id'));
  return problem;
}

const ids = (page: { items: Array<{ id: string }> }) => page.items.map((call) => call.id);

export function describeCallFireRoutes(target: () => CallFireRouteTarget) {
  const get: Fetch = (path, init) => target().fetch(path, init);
  const requests = async () =>
    (await sandboxRequests(target().sandboxOrigin)) as unknown as CallFireRequest[];
  const variants: Array<{ close(): Promise<void> }> = [];
  /** A separate gateway per fault, so one test's failures cannot trip another's breaker. */
  const variant = async (env: Record<string, string>) => {
    const gateway = await target().variant(env);
    variants.push(gateway);
    return gateway;
  };

  beforeEach(async () => {
    await resetSandbox(target().sandboxOrigin);
  });
  afterEach(async () => {
    await Promise.all(variants.splice(0).map((gateway) => gateway.close()));
  });

  describe('GET /calls/{id}', () => {
    it('returns the sample call of the GetCall document with every field mapped', async () => {
      const response = await get(`/calls/callfire_${DOCUMENTED}`);
      expect(response.status).toBe(200);
      const call = await body(response);
      expect(call).toEqual({
        id: 'callfire_224205636001',
        provider: 'callfire',
        instance: 'callfire',
        providerCallId: '224205636001',
        state: 'completed',
        providerState: 'FINISHED',
        outcome: 'answered',
        providerOutcome: 'LA',
        direction: 'outbound',
        from: { number: '+12132609784', name: null },
        to: [{ number: '+19196991764', name: null }],
        startedAt: '2014-06-16T19:34:29.000Z',
        answeredAt: '2014-06-16T19:34:41.000Z',
        endedAt: '2014-06-16T19:35:16.000Z',
        durationSeconds: 35,
        createdAt: '2014-06-16T19:34:29.000Z',
        updatedAt: '2014-06-16T19:35:14.000Z',
        attempts: [
          {
            id: '135106697001',
            outcome: 'answered',
            providerOutcome: 'LA',
            startedAt: '2014-06-16T19:34:29.000Z',
            answeredAt: '2014-06-16T19:34:41.000Z',
            endedAt: '2014-06-16T19:35:16.000Z',
            durationSeconds: 35,
            billedAmount: 0,
            ivrAnswers: [],
            recordings: [],
          },
        ],
        recordings: [],
        labels: [],
        recordingPolicy: null,
        externalIds: { broadcastId: '1836940001', contactId: '169915679001' },
        links: { self: '/calls/callfire_224205636001', providerUrl: null },
      });
      // The OpenAPI example is this very answer.
      expect(call).toEqual(CALLFIRE_CALL_EXAMPLE);
      const sent = await requests();
      expect(sent).toEqual([
        expect.objectContaining({
          method: 'GET',
          action: 'GetCall',
          path: `/call/${DOCUMENTED}.json`,
          format: 'json',
          params: { Id: DOCUMENTED },
          authorization: true,
        }),
      ]);
    });

    it("adds CallFire's own payload with include=raw", async () => {
      const call = await body(await get(`/calls/callfire_${DOCUMENTED}?include=raw`));
      expect(call.raw.Call).toMatchObject({
        '@id': 224205636001,
        FromNumber: '12132609784',
        ToNumber: { '@context': 'cf3-verify', '@verifyDigits': '9366', value: '19196991764' },
        State: 'FINISHED',
        CallRecord: [expect.objectContaining({ '@id': 135106697001, Duration: 35 })],
      });
      expect(call.state).toBe('completed');
    });

    it('maps every dial attempt, IVR answers, recordings and labels; the final attempt is the call', async () => {
      const call = await body(await get(`/calls/callfire_${CALLFIRE_SAMPLE_CALLS.survey}`));
      expect(call).toMatchObject({
        state: 'completed',
        outcome: 'answered',
        direction: 'outbound',
        to: [{ number: '+13105550143', name: null }],
        startedAt: '2026-11-02T18:00:04.000Z',
        answeredAt: '2026-11-02T18:00:11.000Z',
        endedAt: '2026-11-02T18:03:02.000Z',
        durationSeconds: 171,
        createdAt: '2026-11-02T16:00:00.000Z',
        updatedAt: '2026-11-02T18:03:20.000Z',
        labels: ['survey', 'q4-2026'],
        externalIds: {
          broadcastId: SURVEY_BROADCAST_ID,
          batchId: '7700001',
          contactId: '169915680001',
        },
      });
      expect(call.attempts.map((a: Json) => [a.id, a.outcome, a.providerOutcome])).toEqual([
        ['487077388003', 'busy', 'BUSY'],
        ['487077389003', 'no_answer', 'NO_ANS'],
        ['487077390003', 'answered', 'LA'],
      ]);
      expect(call.attempts[2]).toMatchObject({
        billedAmount: 1.5,
        ivrAnswers: [
          { question: 'satisfaction', answer: '5' },
          { question: 'recommend', answer: 'yes' },
          { question: 'callback_time', answer: 'after 5pm & weekends' },
        ],
      });
      // The gateway's audio route, never CallFire's link (which needs CallFire's credentials).
      const recording = {
        id: '88100001',
        callId: call.id,
        name: 'comment',
        startedAt: '2026-11-02T18:02:40.000Z',
        durationSeconds: 19,
        format: 'wav',
        contentType: 'audio/wav',
        links: { audio: `/calls/${call.id}/recordings/88100001/audio` },
      };
      expect(call.attempts[2].recordings).toEqual([recording]);
      expect(call.recordings).toEqual([recording]);
    });

    it('maps an inbound call with its recordings, and a call to two numbers', async () => {
      const inbound = await body(await get(`/calls/callfire_${CALLFIRE_SAMPLE_CALLS.inbound}`));
      expect(inbound).toMatchObject({
        direction: 'inbound',
        from: { number: '+13105551212' },
        to: [{ number: '+18185551212' }],
        durationSeconds: 465,
        labels: ['support'],
      });
      expect(inbound.recordings.map((r: Json) => [r.id, r.name, r.durationSeconds])).toEqual([
        ['88100002', 'menu-choice', 12],
        ['88100003', 'full-call', 465],
      ]);
      const two = await body(await get(`/calls/callfire_${CALLFIRE_SAMPLE_CALLS.twoRecipients}`));
      expect(two.to).toEqual([
        { number: '+13105550144', name: null },
        { number: '+13105550145', name: null },
      ]);
      expect(two).toMatchObject({ outcome: 'transferred', providerOutcome: 'XFER' });
    });

    it('maps a call being dialed now and one waiting to be dialed', async () => {
      const live = await body(await get(`/calls/callfire_${CALLFIRE_SAMPLE_CALLS.inProgress}`));
      expect(live).toMatchObject({
        state: 'in_progress',
        providerState: 'SELECTED',
        outcome: null,
        providerOutcome: null,
        startedAt: '2026-11-05T10:00:00.000Z',
        answeredAt: '2026-11-05T10:00:09.000Z',
        endedAt: null,
        durationSeconds: null,
      });
      const ready = await body(await get(`/calls/callfire_${CALLFIRE_SAMPLE_CALLS.ready}`));
      expect(ready).toMatchObject({
        state: 'scheduled',
        providerState: 'READY',
        outcome: null,
        attempts: [],
        startedAt: null,
      });
    });

    it('maps every final result CallFire documents', async () => {
      const expected: Record<string, string> = {
        LA: 'answered',
        AM: 'voicemail',
        BUSY: 'busy',
        NO_ANS: 'no_answer',
        DNC: 'do_not_call',
        XFER: 'transferred',
        XFER_LEG: 'transferred',
        UNDIALED: 'not_dialed',
        SENT: 'sent',
        SD: 'voicemail',
        POSTPONED: 'postponed',
        INTERNAL_ERROR: 'failed',
        CARRIER_ERROR: 'failed',
        CARRIER_TEMP_ERROR: 'failed',
        ABANDONED: 'abandoned',
        INVALID_NUMBER: 'invalid_number',
      };
      expect(Object.keys(CALLFIRE_CALLS_BY_RESULT).sort()).toEqual(Object.keys(expected).sort());
      for (const [result, id] of Object.entries(CALLFIRE_CALLS_BY_RESULT)) {
        const call = await body(await get(`/calls/callfire_${id}`));
        expect([result, call.providerOutcome, call.outcome]).toEqual([
          result,
          result,
          expected[result],
        ]);
      }
    });

    it('answers 404 with CallFire’s message for an unknown call', async () => {
      const problem = await expectProblem(
        await get(`/calls/callfire_${UNKNOWN}`),
        404,
        'not_found',
      );
      expect(problem).toMatchObject({
        provider: 'callfire',
        instance: 'callfire',
        providerCode: '404',
        providerMessage: `Call ${UNKNOWN} not found.`,
      });
    });
  });

  describe('GET /calls?provider=callfire', () => {
    it('lists calls a page at a time, with CallFire’s paging parameters', async () => {
      const first = await body(await get('/calls?provider=callfire&state=completed&limit=5'));
      expect(first.items).toHaveLength(5);
      expect(first.items.every((c: Json) => c.state === 'completed')).toBe(true);
      expect(first.nextCursor).toEqual(expect.any(String));
      const second = await body(
        await get(`/calls?provider=callfire&state=completed&limit=5&cursor=${first.nextCursor}`),
      );
      expect(second.items).toHaveLength(5);
      expect(ids(second).filter((id: string) => ids(first).includes(id))).toEqual([]);
      const sent = await requests();
      expect(sent.map((r) => [r.action, r.path, r.params])).toEqual([
        ['QueryCalls', '/call.json', { State: 'FINISHED', MaxResults: '5', FirstResult: '0' }],
        ['QueryCalls', '/call.json', { State: 'FINISHED', MaxResults: '5', FirstResult: '5' }],
      ]);
    });

    it('walks every page with no call lost or repeated', async () => {
      const all = await body(await get(`/calls?provider=callfire&${NOVEMBER}&limit=1000`));
      expect(all.items).toHaveLength(NOVEMBER_CALLS);
      expect(all.nextCursor).toBeNull();
      const walked: string[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const page: Json = await body(
          await get(
            `/calls?provider=callfire&${NOVEMBER}&limit=4${cursor ? `&cursor=${cursor}` : ''}`,
          ),
        );
        walked.push(...ids(page));
        cursor = page.nextCursor;
        pages += 1;
      } while (cursor && pages < 50);
      expect(pages).toBe(Math.ceil(NOVEMBER_CALLS / 4));
      expect(walked).toEqual(ids(all));
      expect(new Set(walked).size).toBe(NOVEMBER_CALLS);
    });

    it('pages through a campaign larger than 1000 calls at the largest page size', async () => {
      const walked: string[] = [];
      const sizes: number[] = [];
      let cursor: string | null = null;
      do {
        const response = await get(
          `/calls?provider=callfire&broadcastId=${BULK_BROADCAST_ID}&limit=1000${cursor ? `&cursor=${cursor}` : ''}`,
        );
        expect(response.status).toBe(200);
        const page: Json = await body(response);
        walked.push(...ids(page));
        sizes.push(page.items.length);
        cursor = page.nextCursor;
      } while (cursor && sizes.length < 10);
      expect(sizes).toEqual([1000, 1000, CALLFIRE_BULK_CALLS - 2000]);
      expect(new Set(walked).size).toBe(CALLFIRE_BULK_CALLS);
      const sent = await requests();
      expect(sent.map((r) => r.params.FirstResult)).toEqual(['0', '1000', '2000']);
    });

    it('passes every filter on as a QueryCalls parameter', async () => {
      const response = await get(
        '/calls?provider=callfire&state=scheduled,completed&result=voicemail,failed&inbound=false' +
          '&fromNumber=%2B12132609784&toNumber=13105550143&broadcastId=1836940002&batchId=7700001' +
          '&label=q4-2026&since=2026-11-02T15:00:00.250Z&until=2026-11-02T17:00:00%2B01:00&limit=7',
      );
      expect(response.status).toBe(200);
      const [sent] = await requests();
      expect(sent?.params).toEqual({
        State: 'READY CALLBACK DISABLED FINISHED',
        Result: 'AM SD INTERNAL_ERROR CARRIER_ERROR CARRIER_TEMP_ERROR',
        Inbound: 'false',
        FromNumber: '12132609784',
        ToNumber: '13105550143',
        BroadcastId: '1836940002',
        BatchId: '7700001',
        LabelName: 'q4-2026',
        // Whole seconds, widened outwards; an offset becomes UTC.
        IntervalBegin: '2026-11-02T15:00:00Z',
        IntervalEnd: '2026-11-02T16:00:00Z',
        MaxResults: '7',
        FirstResult: '0',
      });
    });

    it('finds calls by state, result, direction, number, campaign, batch, label and time', async () => {
      const find = async (query: string) =>
        ids(await body(await get(`/calls?provider=callfire&${query}`)))
          .map((id: string) => id.replace('callfire_', ''))
          .sort();
      const by = CALLFIRE_CALLS_BY_RESULT;
      expect(await find('result=voicemail')).toEqual([by.AM, by.SD].sort());
      expect(await find(`inbound=true&${NOVEMBER}`)).toEqual(
        [CALLFIRE_SAMPLE_CALLS.inbound, by.ABANDONED].sort(),
      );
      expect(await find('fromNumber=%2B13105551212')).toEqual([CALLFIRE_SAMPLE_CALLS.inbound]);
      expect(await find('toNumber=13105550145')).toEqual([CALLFIRE_SAMPLE_CALLS.twoRecipients]);
      expect(await find(`broadcastId=${SURVEY_BROADCAST_ID}&batchId=7700002`)).toEqual(
        [
          CALLFIRE_SAMPLE_CALLS.twoRecipients,
          CALLFIRE_SAMPLE_CALLS.inProgress,
          CALLFIRE_SAMPLE_CALLS.ready,
        ].sort(),
      );
      expect(await find('label=survey&state=in_progress,scheduled')).toEqual(
        [CALLFIRE_SAMPLE_CALLS.inProgress, CALLFIRE_SAMPLE_CALLS.ready].sort(),
      );
      expect(await find('since=2014-06-16T19:34:29Z&until=2014-06-16T19:34:30Z')).toEqual([
        DOCUMENTED,
      ]);
      expect(await find('since=2014-06-16T19:34:30Z&until=2014-06-17T00:00:00Z')).toEqual([]);
    });

    it('answers an empty page when nothing matches', async () => {
      const response = await get('/calls?provider=callfire&label=no-such-label');
      expect(response.status).toBe(200);
      expect(await body(response)).toEqual({ items: [], nextCursor: null });
    });

    it('adds each call’s payload with include=raw', async () => {
      const page = await body(
        await get(`/calls?provider=callfire&${NOVEMBER}&limit=2&include=raw`),
      );
      expect(page.items).toHaveLength(2);
      for (const call of page.items) expect(call.raw.Call['@id']).toBe(Number(call.providerCallId));
    });
  });

  describe('operations CallFire does not have', () => {
    const cases: Array<[string, string, RequestInit | undefined, string]> = [
      ['the UI link', `/calls/callfire_${DOCUMENTED}/url`, undefined, 'url'],
      ['keep', `/calls/callfire_${DOCUMENTED}/keep`, { method: 'POST' }, 'keep'],
      ['unmark', `/calls/callfire_${DOCUMENTED}/keep`, { method: 'DELETE' }, 'unmark'],
      ['delete', `/calls/callfire_${DOCUMENTED}`, { method: 'DELETE' }, 'delete'],
      [
        'keep by selector',
        '/providers/callfire/keep',
        json({ extension: '8856', status: ['ongoing'] }),
        'keepBySelector',
      ],
      [
        'delete by selector',
        '/providers/callfire/delete',
        json({ platformCallId: '71627389' }),
        'deleteBySelector',
      ],
    ];
    for (const [name, path, init, operation] of cases) {
      it(`answers 501 for ${name}, with what CallFire can do`, async () => {
        const problem = await expectProblem(await get(path, init), 501, 'not_implemented');
        expect(problem).toMatchObject({
          provider: 'callfire',
          instance: 'callfire',
          capabilities: ['get', 'find', 'recordings', 'audio', 'search'],
        });
        expect(problem.detail).toContain(`'${operation}'`);
        expect(await requests()).toEqual([]);
      });
    }

    it('lists the instance with its capabilities, and is ready', async () => {
      const providers = await body(await get('/providers'));
      expect(providers.items).toContainEqual(
        expect.objectContaining({
          instance: 'callfire',
          kind: 'callfire',
          capabilities: ['get', 'find', 'recordings', 'audio', 'search'],
        }),
      );
      const ready = await get('/readyz');
      expect(await body(ready)).toMatchObject({ instances: { callfire: { reachable: true } } });
      expect((await requests()).map((r) => [r.action, r.authorization])).toEqual([
        ['GetCall', true],
      ]);
    });
  });

  describe('CallFire failures', () => {
    it('reports credentials CallFire refuses as 502 provider_auth_failed, never echoing them', async () => {
      const gateway = await variant({ CALLFIRE_PASSWORD: 'wrong-password-123' });
      const response = await gateway.fetch(`/calls/callfire_${DOCUMENTED}`);
      const text = await response.clone().text();
      const problem = await expectProblem(response, 502, 'provider_auth_failed');
      expect(problem).toMatchObject({
        provider: 'callfire',
        providerCode: '401',
        providerMessage: 'Unauthorized: invalid username or password.',
      });
      expect(text).not.toContain('wrong-password-123');
      expect(text).not.toMatch(/Basic /);
      const ready = await gateway.fetch('/readyz');
      expect(ready.status).toBe(503);
      expect(await body(ready)).toMatchObject({ instances: { callfire: { reachable: false } } });
    });

    const faults: Array<[string, string, number, string, Record<string, unknown>]> = [
      [
        'a 403 (no API access) as provider_auth_failed',
        FAULT.forbidden,
        502,
        'provider_auth_failed',
        { providerCode: '403', providerMessage: 'Forbidden: this account has no API access.' },
      ],
      [
        'a 500 as provider_error, keeping its message',
        FAULT.serverError,
        502,
        'provider_error',
        {
          providerCode: '500',
          providerMessage: 'Internal Server Error: the call service is unavailable.',
        },
      ],
      [
        'a 500 with an HTML page as provider_error',
        FAULT.htmlServerError,
        502,
        'provider_error',
        { providerCode: '500' },
      ],
      [
        'a 200 that is neither XML nor JSON as provider_bad_response',
        FAULT.htmlPage,
        502,
        'provider_bad_response',
        {},
      ],
      [
        'a call without an id as provider_bad_response',
        FAULT.callWithoutId,
        502,
        'provider_bad_response',
        {},
      ],
    ];
    for (const [name, id, status, code, extras] of faults) {
      it(`reports ${name}`, async () => {
        const gateway = await variant({});
        const problem = await expectProblem(
          await gateway.fetch(`/calls/callfire_${id}`),
          status,
          code,
        );
        expect(problem).toMatchObject({ provider: 'callfire', instance: 'callfire', ...extras });
      });
    }

    it('answers 504 when CallFire is slower than CALLFIRE_TIMEOUT_MS', async () => {
      const gateway = await variant({ CALLFIRE_TIMEOUT_MS: '300' });
      const started = Date.now();
      await expectProblem(
        await gateway.fetch(`/calls/callfire_${FAULT.slow}`),
        504,
        'provider_timeout',
      );
      expect(Date.now() - started).toBeLessThan(1_900);
    });

    it('answers 503 with Retry-After when CallFire cannot be reached', async () => {
      const gateway = await variant({ CALLFIRE_BASE_URL: 'http://127.0.0.1:1/api/1.1/rest' });
      const response = await gateway.fetch(`/calls/callfire_${DOCUMENTED}`);
      expect(Number(response.headers.get('retry-after'))).toBeGreaterThan(0);
      await expectProblem(response, 503, 'provider_unavailable');
    });

    it('does not take a bare 404 (a wrong base URL) for a missing call', async () => {
      const gateway = await variant({
        CALLFIRE_BASE_URL: `${target().sandboxOrigin}/no/such/api`,
      });
      const problem = await expectProblem(
        await gateway.fetch(`/calls/callfire_${DOCUMENTED}`),
        502,
        'provider_error',
      );
      expect(problem.providerCode).toBe('404');
    });
  });

  describe('bad input never reaches CallFire', () => {
    const cases: Array<[string, string, string]> = [
      ['a non-numeric id', '/calls/callfire_abc', 'path.id'],
      ['an id with a leading zero', `/calls/callfire_0${DOCUMENTED}`, 'path.id'],
      ['a negative id', '/calls/callfire_-1', 'path.id'],
      ['an id past a long', '/calls/callfire_9223372036854775808', 'path.id'],
      ['an id with a suffix', `/calls/callfire_${DOCUMENTED}.json`, 'path.id'],
      ['an id carrying a path', `/calls/callfire_${DOCUMENTED}%2F..%2Fcall`, 'path.id'],
      ['a page larger than 1000', '/calls?provider=callfire&limit=1001', 'query.limit'],
      ['a page size in hex', '/calls?provider=callfire&limit=0x10', 'query.limit'],
      ['a page size with an exponent', '/calls?provider=callfire&limit=1e2', 'query.limit'],
      ['a page size with a fraction', '/calls?provider=callfire&limit=16.0', 'query.limit'],
      ['a page size with a sign', '/calls?provider=callfire&limit=%2B16', 'query.limit'],
      ['a page size with a space', '/calls?provider=callfire&limit=%2016', 'query.limit'],
      ['an unknown state', '/calls?provider=callfire&state=done', 'query.state'],
      ['the unknown outcome', '/calls?provider=callfire&result=unknown', 'query.result'],
      ['inbound=yes', '/calls?provider=callfire&inbound=yes', 'query.inbound'],
      ['a number with letters', '/calls?provider=callfire&fromNumber=1213abc', 'query.fromNumber'],
      ['a broadcast id in hex', '/calls?provider=callfire&broadcastId=0x1f', 'query.broadcastId'],
      ['a batch id of 0', '/calls?provider=callfire&batchId=0', 'query.batchId'],
      ['a label with &', '/calls?provider=callfire&label=a%26b', 'query.label'],
      ['a date without time', '/calls?provider=callfire&since=2026-11-01', 'query.since'],
      [
        'until before since',
        '/calls?provider=callfire&since=2026-11-02T00:00:00Z&until=2026-11-01T00:00:00Z',
        'query.until',
      ],
      ['a selector', '/calls?provider=callfire&extension=8856&status=ongoing', 'query.extension'],
      ['a cursor that is not one', '/calls?provider=callfire&cursor=not-a-cursor', 'query.cursor'],
    ];
    for (const [name, path, field] of cases) {
      it(`refuses ${name}, naming ${field}`, async () => {
        const problem = await expectProblem(await get(path), 400, 'bad_request');
        expect(problem.errors).toEqual(
          expect.arrayContaining([expect.objectContaining({ field })]),
        );
        expect(await requests()).toEqual([]);
      });
    }

    it('refuses a cursor forged for the same filters, as an unkeyed hash would allow', async () => {
      // What anyone could make of the filters alone: an offset and their FNV-1a hash.
      const filters = { state: 'completed' };
      const canonical = FIND_FILTER_NAMES.map(
        (name) => `${name}=${filters[name as keyof typeof filters] ?? ''}`,
      ).join('&');
      let hash = 0x811c9dc5;
      for (let i = 0; i < canonical.length; i++) {
        hash ^= canonical.charCodeAt(i);
        hash = Math.imul(hash, 0x01000193);
      }
      const fingerprint = (hash >>> 0).toString(16).padStart(8, '0');
      const forged = btoa(JSON.stringify({ o: 7, q: fingerprint }))
        .replace(/\+/g, '-')
        .replace(/\//g, '_')
        .replace(/=+$/, '');
      const page = await body(await get('/calls?provider=callfire&state=completed&limit=2'));
      const tampered = [
        forged,
        // The genuine cursor with one character changed, wherever it is.
        ...[0, Math.floor(page.nextCursor.length / 2), page.nextCursor.length - 1].map(
          (at) =>
            `${page.nextCursor.slice(0, at)}${page.nextCursor[at] === 'A' ? 'B' : 'A'}${page.nextCursor.slice(at + 1)}`,
        ),
      ];
      await resetSandbox(target().sandboxOrigin);
      for (const cursor of tampered) {
        const problem = await expectProblem(
          await get(`/calls?provider=callfire&state=completed&limit=2&cursor=${cursor}`),
          400,
          'bad_request',
        );
        expect(problem.errors).toEqual([expect.objectContaining({ field: 'query.cursor' })]);
      }
      expect(await requests()).toEqual([]);
    });

    it("accepts another gateway's cursor only when it holds the same cursor key", async () => {
      const page = await body(await get('/calls?provider=callfire&state=completed&limit=2'));
      const fleet = await variant({});
      const next = await fleet.fetch(
        `/calls?provider=callfire&state=completed&limit=2&cursor=${page.nextCursor}`,
      );
      expect(next.status).toBe(200);
      const stranger = await variant({
        CALLFIRE_CURSOR_KEY: 'another-gateway-cursor-key-0123456789',
      });
      await resetSandbox(target().sandboxOrigin);
      await expectProblem(
        await stranger.fetch(
          `/calls?provider=callfire&state=completed&limit=2&cursor=${page.nextCursor}`,
        ),
        400,
        'bad_request',
      );
      expect(await requests()).toEqual([]);
    });

    it('refuses a cursor made for other filters', async () => {
      const page = await body(await get('/calls?provider=callfire&state=completed&limit=2'));
      await resetSandbox(target().sandboxOrigin);
      const problem = await expectProblem(
        await get(`/calls?provider=callfire&state=failed&limit=2&cursor=${page.nextCursor}`),
        400,
        'bad_request',
      );
      expect(problem.errors).toEqual([expect.objectContaining({ field: 'query.cursor' })]);
      expect(await requests()).toEqual([]);
    });

    it('refuses CallFire-only filters on a Verba instance, before asking Verba', async () => {
      // Verba aimed at the CallFire sandbox: any request it made would show in the same log.
      const gateway = await variant({
        VERBA_BASE_URL: `${target().sandboxOrigin}/verba/api`,
        VERBA_API_KEY: '74c8eea0-50c6-40b2-9f3e-252ed501c3c8',
      });
      const problem = await expectProblem(
        await gateway.fetch('/calls?provider=verba&label=x&extension=8856&status=last'),
        400,
        'bad_request',
      );
      expect(problem.errors).toEqual([{ field: 'query.label', message: 'not supported by verba' }]);
      expect(await requests()).toEqual([]);
    });
  });
}
