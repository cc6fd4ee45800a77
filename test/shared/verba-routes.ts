/**
 * The Verba route behaviour, written once and run against the Node server
 * (test/integration) and the Worker build in workerd (test/worker). Only fetch is used,
 * so the same file runs in both runtimes.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { resetSandbox, type SandboxRequest, sandboxRequests } from '../support/sandbox-log.ts';

export interface RouteTarget {
  /** Sends a request to the gateway under test. */
  fetch(path: string, init?: RequestInit): Promise<Response>;
  /** Origin of the Verba sandbox the gateway points at. */
  sandboxOrigin: string;
}

export const FINISHED = 'a8343631-9f35-4a3a-83f0-9e81592339fb';
export const ONGOING = '5d0b6f0c-7f64-4d3e-9a51-2c1f0f6e8a10';
export const NEXT = '9b2e4c1a-3d5f-4e6a-8b7c-0d1e2f3a4b5c';
export const INTERNAL = 'e5c3a4b6-7d8f-4e9a-0b12-c3d4e5f6a7b8';
const UNKNOWN = '11111111-2222-4333-8444-555555555555';

// biome-ignore lint/suspicious/noExplicitAny: test assertions walk arbitrary JSON.
type Json = any;
const body = async (response: Response): Promise<Json> => response.json();

const json = (payload: unknown): RequestInit => ({
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify(payload),
});

/** Requests the gateway made to Verba, without the token requests that renewal adds. */
async function actions(target: RouteTarget): Promise<SandboxRequest[]> {
  return (await sandboxRequests(target.sandboxOrigin)).filter((r) => r.action !== 'RequestToken');
}

async function expectProblem(response: Response, status: number, code: string) {
  expect(response.status).toBe(status);
  expect(response.headers.get('content-type')).toBe('application/problem+json');
  const problem = (await body(response)) as Record<string, unknown>;
  expect(problem).toMatchObject({ status, code, type: `urn:callgate:problem:${code}` });
  expect(typeof problem.title).toBe('string');
  expect(typeof problem.detail).toBe('string');
  expect(problem.requestId).toBe(response.headers.get('x-request-id'));
  return problem;
}

export function describeVerbaRoutes(target: () => RouteTarget) {
  const get = (path: string, init?: RequestInit) => target().fetch(path, init);

  beforeEach(async () => {
    await resetSandbox(target().sandboxOrigin);
  });

  describe('GET /calls/{id}', () => {
    it('returns a finished call in the common schema, times in UTC', async () => {
      const response = await get(`/calls/verba_${FINISHED}`);
      expect(response.status).toBe(200);
      const call = await body(response);
      expect(call).toEqual({
        id: `verba_${FINISHED}`,
        provider: 'verba',
        instance: 'verba',
        providerCallId: FINISHED,
        state: 'completed',
        providerState: '1',
        outcome: null,
        providerOutcome: '0',
        direction: 'outbound',
        from: { number: '8856', name: 'Front desk' },
        to: [{ number: '+12125550101', name: 'Ada Lovelace' }],
        // The sandbox writes these in Europe/Budapest (UTC+1 in November).
        startedAt: '2026-11-20T09:15:02.120Z',
        answeredAt: null,
        endedAt: '2026-11-20T09:27:36.120Z',
        durationSeconds: 754,
        createdAt: null,
        updatedAt: null,
        attempts: [],
        // Its media, known from the CDR alone: still one request to Verba.
        recordings: [
          {
            id: FINISHED,
            callId: `verba_${FINISHED}`,
            name: null,
            startedAt: '2026-11-20T09:15:02.120Z',
            durationSeconds: 754,
            format: null,
            contentType: null,
            links: { audio: `/calls/verba_${FINISHED}/recordings/${FINISHED}/audio` },
          },
        ],
        labels: [],
        recordingPolicy: { onDemand: true, kept: false, doNotDelete: false },
        externalIds: { platformCallId: '71627389', nativeId: 'TRS26140192' },
        links: { self: `/calls/verba_${FINISHED}`, providerUrl: `/calls/verba_${FINISHED}/url` },
      });
      const sent = await actions(target());
      expect(sent.map((r) => [r.action, r.params.callID, r.params.responseType])).toEqual([
        ['GetCallInformation', FINISHED, 'XML'],
      ]);
    });

    it('adds the provider payload with include=raw', async () => {
      const call = await body(await get(`/calls/verba_${FINISHED}?include=raw`));
      expect(call.raw.verbacdr).toMatchObject({
        ccdr_id: FINISHED,
        '@state': '1',
        start_time: '2026-11-20 10:15:02.120',
      });
    });

    it('reads hh:mm:ss durations, internal calls and protection flags', async () => {
      const call = await body(await get(`/calls/verba_${INTERNAL}`));
      expect(call).toMatchObject({
        direction: 'internal',
        durationSeconds: 205,
        startedAt: '2026-11-21T14:02:19.673Z',
        recordingPolicy: { onDemand: false, kept: true, doNotDelete: true },
        externalIds: { meetingId: 'WHBFM6DD' },
      });
    });

    it('answers 404 with the provider code and message for an unknown call', async () => {
      const problem = await expectProblem(await get(`/calls/verba_${UNKNOWN}`), 404, 'not_found');
      expect(problem).toMatchObject({ provider: 'verba', instance: 'verba', providerCode: '2' });
      expect(problem.providerMessage).toMatch(/cannot be found/);
    });
  });

  describe('GET /calls', () => {
    it('finds the ongoing call on an extension with GetCallID, then reads it', async () => {
      const response = await get('/calls?provider=verba&extension=8856&status=ongoing');
      expect(response.status).toBe(200);
      const page = await body(response);
      expect(page.nextCursor).toBeNull();
      expect(page.items.map((c: { id: string }) => c.id)).toEqual([`verba_${ONGOING}`]);
      expect(page.items[0]).toMatchObject({
        state: 'in_progress',
        direction: 'inbound',
        endedAt: null,
      });
      const sent = await actions(target());
      expect(sent.map((r) => r.action)).toEqual(['GetCallID', 'GetCallInformation']);
      expect(sent[0]?.params).toMatchObject({ extension: '8856', status: 'ongoing' });
    });

    it('falls back through a status list: ongoing,next finds the call starting next', async () => {
      const page = await body(
        await get('/calls?provider=verba&extension=8857&status=ongoing%2Cnext'),
      );
      expect(page.items.map((c: { id: string }) => c.id)).toEqual([`verba_${NEXT}`]);
      expect((await actions(target()))[0]?.params.status).toBe('ongoing,next');
    });

    it('finds by platformCallId, nativeId and meetingId', async () => {
      for (const [query, id] of [
        ['platformCallId=71627389', FINISHED],
        ['nativeId=TRS26140192', FINISHED],
        ['meetingId=WHBFM6DD', INTERNAL],
      ] as const) {
        const page = await body(await get(`/calls?provider=verba&${query}`));
        expect(page.items.map((c: { id: string }) => c.id)).toEqual([`verba_${id}`]);
      }
      const sent = await actions(target());
      expect(sent.find((r) => r.params.platformCallID)?.action).toBe('GetCallID');
      expect(sent.find((r) => r.params.meetingID)?.action).toBe('GetCallInformation');
    });

    it('answers 409 when more than one call matches', async () => {
      const problem = await expectProblem(
        await get('/calls?provider=verba&extension=7000&status=ongoing'),
        409,
        'conflict',
      );
      expect(problem.providerMessage).toMatch(/More than one record/);
    });

    it('answers an empty page when nothing matches', async () => {
      const response = await get('/calls?provider=verba&extension=1234&status=last');
      expect(response.status).toBe(200);
      expect(await body(response)).toEqual({ items: [], nextCursor: null });
    });
  });

  describe('GET /calls/{id}/url', () => {
    it("returns the call's URL in Verba's web interface", async () => {
      const answer = await body(await get(`/calls/verba_${FINISHED}/url`));
      expect(answer.id).toBe(`verba_${FINISHED}`);
      expect(answer.url).toMatch(
        new RegExp(`^http://127\\.0\\.0\\.1:\\d+/verba/\\?mode=call&callid=${FINISHED}$`),
      );
    });
  });

  describe('keep and unmark', () => {
    it('keeps a call by id, and unmarks it', async () => {
      const kept = await get(`/calls/verba_${ONGOING}/keep`, { method: 'POST' });
      expect(kept.status).toBe(200);
      expect(await body(kept)).toEqual({
        operation: 'keep',
        instance: 'verba',
        id: `verba_${ONGOING}`,
        selector: null,
      });
      expect((await body(await get(`/calls/verba_${ONGOING}`))).recordingPolicy.kept).toBe(true);

      const unmarked = await get(`/calls/verba_${ONGOING}/keep`, { method: 'DELETE' });
      expect(unmarked.status).toBe(200);
      expect((await body(await get(`/calls/verba_${ONGOING}`))).recordingPolicy.kept).toBe(false);

      const keeps = (await actions(target())).filter((r) => r.action === 'KeepCall');
      expect(keeps.map((r) => r.params)).toEqual([
        expect.objectContaining({ callID: ONGOING }),
        expect.objectContaining({ callID: ONGOING, unmark: '1' }),
      ]);
      expect(keeps[0]?.params.unmark).toBeUndefined();
    });

    it('passes the keep type on', async () => {
      const response = await get(`/calls/verba_${ONGOING}/keep`, json({ type: 'manualRecord' }));
      expect(response.status).toBe(200);
      expect((await actions(target()))[0]?.params).toMatchObject({
        action: 'KeepCall',
        type: 'manualRecord',
      });
    });

    it('keeps by selector when the call has no id yet', async () => {
      const response = await get(
        '/providers/verba/keep',
        json({ extension: '8857', status: ['ongoing', 'next'] }),
      );
      expect(response.status).toBe(200);
      expect(await body(response)).toEqual({
        operation: 'keep',
        instance: 'verba',
        id: null,
        selector: { extension: '8857', status: ['ongoing', 'next'] },
      });
      expect((await actions(target()))[0]?.params).toMatchObject({
        extension: '8857',
        status: 'ongoing,next',
      });
      expect((await body(await get(`/calls/verba_${NEXT}`))).recordingPolicy.kept).toBe(true);
    });

    it('answers 404 keeping a call that does not exist', async () => {
      await expectProblem(
        await get(`/calls/verba_${UNKNOWN}/keep`, { method: 'POST' }),
        404,
        'not_found',
      );
    });
  });

  describe('delete', () => {
    it('deletes a finished call, which is then gone', async () => {
      const response = await get(`/calls/verba_${FINISHED}`, { method: 'DELETE' });
      expect(response.status).toBe(200);
      await expectProblem(await get(`/calls/verba_${FINISHED}`), 404, 'not_found');
    });

    it("deletes by selector, and reports Verba's -50 as 404", async () => {
      const done = await get(
        '/providers/verba/delete',
        json({ extension: '8856', status: ['last'] }),
      );
      expect(done.status).toBe(200);
      expect((await actions(target()))[0]?.params).toMatchObject({
        action: 'DeleteCall',
        extension: '8856',
        status: 'last',
      });
      const problem = await expectProblem(
        await get(
          '/providers/verba/delete',
          json({ extension: '3123212312', status: ['ongoing'] }),
        ),
        404,
        'not_found',
      );
      expect(problem.providerCode).toBe('-50');
    });

    it('deletes by platformCallId', async () => {
      const response = await get('/providers/verba/delete', json({ platformCallId: '71627389' }));
      expect(response.status).toBe(200);
      expect((await actions(target()))[0]?.params).toMatchObject({
        action: 'DeleteCall',
        platformCallID: '71627389',
      });
    });

    it('answers a call protected from deletion with 409 call_protected, sent once, never counted as a failure', async () => {
      const call = await body(await get(`/calls/verba_${INTERNAL}`));
      expect(call.recordingPolicy.doNotDelete).toBe(true);
      await resetSandbox(target().sandboxOrigin);
      // More refusals than it takes failures to open the breaker (5 by default).
      for (let i = 0; i < 7; i++) {
        const problem = await expectProblem(
          i % 2
            ? await get('/providers/verba/delete', json({ platformCallId: '71627394' }))
            : await get(`/calls/verba_${INTERNAL}`, { method: 'DELETE' }),
          409,
          'call_protected',
        );
        expect(problem).toMatchObject({
          instance: 'verba',
          providerCode: '-6',
          providerMessage: 'The call is protected from deletion.',
        });
      }
      // One DeleteCall per request: a refusal is not retried.
      expect((await actions(target())).filter((r) => r.action === 'DeleteCall')).toHaveLength(7);
      const providers = await body(await get('/providers'));
      const verba = providers.items.find((item: Json) => item.instance === 'verba');
      expect(verba.breaker).toMatchObject({ state: 'closed', consecutiveFailures: 0 });
      expect((await get(`/calls/verba_${INTERNAL}`)).status).toBe(200);
    });
  });

  describe('providers, health and docs', () => {
    it('lists the instance with its capabilities', async () => {
      const answer = await body(await get('/providers'));
      expect(answer.items).toContainEqual({
        instance: 'verba',
        kind: 'verba',
        capabilities: [
          'get',
          'find',
          'url',
          'keep',
          'unmark',
          'delete',
          'keepBySelector',
          'deleteBySelector',
          'recordings',
          'audio',
          'liveAudio',
          'search',
        ],
        breaker: {
          state: 'closed',
          consecutiveFailures: 0,
          openedAt: null,
          retryAfterSeconds: null,
          // The Worker's is the fleet's (a Durable Object), the Node server's its process's.
          scope: expect.stringMatching(/^(fleet|process)$/),
        },
        maxRps: null,
      });
    });

    it('is alive and ready', async () => {
      expect(await body(await get('/healthz'))).toEqual({ status: 'ok' });
      const ready = await get('/readyz');
      expect(ready.status).toBe(200);
      expect(await body(ready)).toMatchObject({
        status: 'ready',
        instances: { verba: { reachable: true } },
      });
    });

    it('serves the OpenAPI 3.1 document and a Swagger UI page with local assets', async () => {
      const document = await body(await get('/openapi.json'));
      expect(document.openapi).toBe('3.1.0');
      expect(Object.keys(document.paths)).toEqual(
        expect.arrayContaining([
          '/calls/{id}',
          '/calls',
          '/calls/{id}/url',
          '/calls/{id}/keep',
          '/providers/{instance}/keep',
        ]),
      );
      const page = await (await get('/docs')).text();
      expect(page).toContain('/docs/assets/swagger-ui-bundle.js');
      expect(page).not.toMatch(/https?:\/\//);
      const init = await (await get('/docs/init.js')).text();
      expect(init).toContain("url: '/openapi.json'");
    });
  });

  describe('request ids and unknown routes', () => {
    it('echoes a well-formed X-Request-Id and replaces a malformed one', async () => {
      const echoed = await get('/healthz', { headers: { 'x-request-id': 'abc-123.XYZ' } });
      expect(echoed.headers.get('x-request-id')).toBe('abc-123.XYZ');
      const replaced = await get('/healthz', { headers: { 'x-request-id': 'bad id with spaces' } });
      expect(replaced.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    });

    it('answers an unknown route with a 404 problem', async () => {
      await expectProblem(await get('/nope'), 404, 'route_not_found');
    });
  });

  describe('bad input never reaches Verba', () => {
    const cases: Array<[string, string, RequestInit | undefined, number, string]> = [
      ['a malformed id', '/calls/not-an-id', undefined, 400, 'bad_request'],
      ['a non-GUID Verba id', '/calls/verba_12345', undefined, 400, 'bad_request'],
      ['an unknown instance', `/calls/nowhere_${FINISHED}`, undefined, 400, 'unknown_instance'],
      [
        'an id carrying &action=DeleteCall',
        `/calls/verba_${FINISHED}&action=DeleteCall`,
        undefined,
        400,
        'bad_request',
      ],
      [
        'an id carrying %26action%3DDeleteCall',
        `/calls/verba_${FINISHED}%26action%3DDeleteCall`,
        undefined,
        400,
        'bad_request',
      ],
      [
        'an unknown status',
        '/calls?provider=verba&extension=8856&status=recent',
        undefined,
        400,
        'bad_request',
      ],
      [
        'an extension with &',
        '/calls?provider=verba&extension=88%2656&status=last',
        undefined,
        400,
        'bad_request',
      ],
      [
        'extension without status',
        '/calls?provider=verba&extension=8856',
        undefined,
        400,
        'bad_request',
      ],
      [
        'two selectors',
        '/calls?provider=verba&extension=8856&status=last&nativeId=X1',
        undefined,
        400,
        'bad_request',
      ],
      [
        'an unknown find instance',
        '/calls?provider=nowhere&extension=8856&status=last',
        undefined,
        400,
        'unknown_instance',
      ],
      [
        'an unknown status in a body',
        '/providers/verba/keep',
        json({ extension: '8856', status: ['soon'] }),
        400,
        'bad_request',
      ],
      [
        'an undocumented status list',
        '/providers/verba/keep',
        json({ extension: '8856', status: ['next', 'last'] }),
        400,
        'bad_request',
      ],
      [
        'an unknown body field',
        '/providers/verba/keep',
        json({ extension: '8856', status: ['last'], action: 'DeleteCall' }),
        400,
        'bad_request',
      ],
      [
        'an unknown keep type',
        `/calls/verba_${ONGOING}/keep`,
        json({ type: 'everything' }),
        400,
        'bad_request',
      ],
      [
        'malformed JSON',
        '/providers/verba/keep',
        { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"extension":' },
        400,
        'bad_request',
      ],
      ['an empty delete selector', '/providers/verba/delete', json({}), 400, 'bad_request'],
      [
        'an oversized body',
        '/providers/verba/keep',
        json({ extension: '8856', status: ['last'], pad: 'x'.repeat(20_000) }),
        413,
        'payload_too_large',
      ],
    ];

    for (const [name, path, init, status, code] of cases) {
      it(`refuses ${name}`, async () => {
        const problem = await expectProblem(await get(path, init), status, code);
        if (status === 400 && code === 'bad_request' && problem.errors) {
          expect(Array.isArray(problem.errors)).toBe(true);
        }
        expect(await sandboxRequests(target().sandboxOrigin)).toEqual([]);
      });
    }

    it('names the bad field', async () => {
      const problem = await expectProblem(
        await get('/calls?provider=verba&extension=8856&status=recent'),
        400,
        'bad_request',
      );
      expect(problem.errors).toEqual([expect.objectContaining({ field: 'query.status' })]);
    });

    it('refuses a cursor: Verba finds one call and issues none', async () => {
      const problem = await expectProblem(
        await get('/calls?provider=verba&extension=8856&status=ongoing&cursor=eyJvIjoxMDB9'),
        400,
        'bad_request',
      );
      expect(problem.errors).toEqual([expect.objectContaining({ field: 'query.cursor' })]);
      expect(await sandboxRequests(target().sandboxOrigin)).toEqual([]);
    });

    it('answers 404 for writes to an unknown instance', async () => {
      await expectProblem(
        await get('/providers/nowhere/keep', json({ extension: '8856', status: ['last'] })),
        404,
        'unknown_instance',
      );
    });
  });
}
