/** The adapter against a scripted upstream: what it sends, and how each answer maps. */
import { describe, expect, it } from 'vitest';
import { createCallFireProvider } from '../../providers/callfire/index.ts';
import { GatewayError } from '../../src/core/errors.ts';
import type { Logger } from '../../src/core/logger.ts';
import type { OperationContext, Provider } from '../../src/core/provider.ts';
import { WITHHELD } from '../../src/core/provider-text.ts';
import { IDS_ONLY_TRACER } from '../../src/core/telemetry.ts';
import { type HttpClient, UpstreamError, type UpstreamRequest } from '../../src/core/upstream.ts';

const silent: Logger = {
  debug() {},
  info() {},
  warn() {},
  error() {},
  child: () => silent,
};

const CONFIG = {
  baseUrl: 'https://callfire.test/api/1.1/rest',
  userName: 'login-7f3a',
  password: 'pa:ss word-9c1e',
  cursorKey: 'unit-test-cursor-key-0123456789abcdef',
  timeoutMs: 4_000,
};

interface Scripted {
  status: number;
  body: string;
}

function harness(answer: Scripted | Error | ((request: UpstreamRequest) => Scripted)) {
  const sent: UpstreamRequest[] = [];
  const http: HttpClient = async (request) => {
    sent.push(request);
    if (answer instanceof Error) throw answer;
    const { status, body } = typeof answer === 'function' ? answer(request) : answer;
    return { status, body, header: () => undefined };
  };
  const ctx: OperationContext = {
    http,
    stream: () => Promise.reject(new Error('no streamed requests here')),
    log: silent,
    requestId: 'test',
    span: IDS_ONLY_TRACER.startRequest('GET', null),
  };
  const provider: Provider = createCallFireProvider('callfire', CONFIG);
  return { provider, ctx, sent };
}

async function failure(promise: Promise<unknown>): Promise<GatewayError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(GatewayError);
    return error as GatewayError;
  }
  throw new Error('expected a failure');
}

const get = (h: ReturnType<typeof harness>, id = '224205636001') =>
  h.provider.get?.(id, { includeRaw: false }, h.ctx) ?? Promise.reject(new Error('no get'));

const CALL_JSON =
  '{"Resource":{"Call":{"@id":224205636001,"FromNumber":"12132609784","ToNumber":{"value":"19196991764"},"State":"FINISHED"}}}';
const exceptionJson = (status: number, message: string) =>
  JSON.stringify({ ResourceException: { HttpStatus: status, Message: message } });

describe('requests', () => {
  it('asks for the .json form of call/{id} with basic auth', async () => {
    const h = harness({ status: 200, body: CALL_JSON });
    const call = await get(h);
    expect(call.providerCallId).toBe('224205636001');
    expect(h.sent).toHaveLength(1);
    const [request] = h.sent;
    expect(request).toMatchObject({
      method: 'GET',
      url: 'https://callfire.test/api/1.1/rest/call/224205636001.json',
      timeoutMs: 4_000,
    });
    const expected = `Basic ${Buffer.from(`${CONFIG.userName}:${CONFIG.password}`).toString('base64')}`;
    expect(request?.headers).toEqual({ accept: 'application/json', authorization: expected });
  });

  it('queries call.json with filters, MaxResults and FirstResult, and allows large pages', async () => {
    const h = harness({
      status: 200,
      body: '{"ResourceList":{"@totalResults":3,"Call":[{"@id":1},{"@id":2}]}}',
    });
    const page = await h.provider.find?.(
      { limit: 2, filters: { state: 'completed', fromNumber: '+12132609784' } },
      { includeRaw: false },
      h.ctx,
    );
    expect(page?.items.map((c) => c.id)).toEqual(['callfire_1', 'callfire_2']);
    expect(page?.nextCursor).toEqual(expect.any(String));
    const url = new URL(h.sent[0]?.url ?? '');
    expect(url.pathname).toBe('/api/1.1/rest/call.json');
    expect(Object.fromEntries(url.searchParams)).toEqual({
      State: 'FINISHED',
      FromNumber: '12132609784',
      MaxResults: '2',
      FirstResult: '0',
    });
    expect(h.sent[0]?.maxBodyBytes).toBeGreaterThanOrEqual(8 * 1024 * 1024);
  });

  it('ends paging at totalResults, or on a short page when CallFire gives no total', async () => {
    const last = harness({
      status: 200,
      body: '{"ResourceList":{"@totalResults":2,"Call":[{"@id":1},{"@id":2}]}}',
    });
    const page = await last.provider.find?.(
      { limit: 2, filters: {} },
      { includeRaw: false },
      last.ctx,
    );
    expect(page?.nextCursor).toBeNull();
    const noTotal = harness({ status: 200, body: '{"ResourceList":{"Call":[{"@id":1}]}}' });
    const short = await noTotal.provider.find?.(
      { limit: 2, filters: {} },
      { includeRaw: false },
      noTotal.ctx,
    );
    expect(short?.nextCursor).toBeNull();
    // A total that outruns an empty page must not loop forever.
    const empty = harness({ status: 200, body: '{"ResourceList":{"@totalResults":9}}' });
    const stuck = await empty.provider.find?.(
      { limit: 2, filters: {} },
      { includeRaw: false },
      empty.ctx,
    );
    expect(stuck).toEqual({ items: [], nextCursor: null });
  });

  it('reads an XML answer as well as a JSON one', async () => {
    const h = harness({
      status: 200,
      body: '<r:Resource xmlns="http://api.callfire.com/data" xmlns:r="http://api.callfire.com/resource"><Call id="224205636001"><State>READY</State></Call></r:Resource>',
    });
    expect((await get(h)).state).toBe('scheduled');
  });
});

describe('errors', () => {
  it.each([
    [401, 'provider_auth_failed', 502],
    [403, 'provider_auth_failed', 502],
    [404, 'not_found', 404],
    [400, 'provider_error', 502],
    [429, 'provider_error', 502],
    [500, 'provider_error', 502],
    [503, 'provider_error', 502],
  ])('maps HTTP %i with a ResourceException to %s (%i)', async (status, code, gatewayStatus) => {
    const h = harness({ status, body: exceptionJson(status, `CallFire says ${status}`) });
    const error = await failure(get(h));
    expect([error.code, error.status]).toEqual([code, gatewayStatus]);
    expect(error.extras).toMatchObject({
      provider: 'callfire',
      instance: 'callfire',
      providerCode: String(status),
      providerMessage: `CallFire says ${status}`,
    });
  });

  it('reads a ResourceException in XML', async () => {
    const h = harness({
      status: 404,
      body: '<r:ResourceException xmlns="http://api.callfire.com/data" xmlns:r="http://api.callfire.com/resource"><r:HttpStatus>404</r:HttpStatus><r:Message>Call 1 not found.</r:Message></r:ResourceException>',
    });
    const error = await failure(get(h));
    expect(error.code).toBe('not_found');
    expect(error.extras.providerMessage).toBe('Call 1 not found.');
  });

  it('takes a ResourceException in a 200 for the error it states', async () => {
    const h = harness({ status: 200, body: exceptionJson(403, 'No API access') });
    const error = await failure(get(h));
    expect([error.code, error.extras.providerCode]).toEqual(['provider_auth_failed', '403']);
  });

  it('does not take a 404 without a ResourceException for a missing call', async () => {
    const h = harness({ status: 404, body: '<html><body>Not Found</body></html>' });
    const error = await failure(get(h));
    expect([error.code, error.status, error.extras.providerCode]).toEqual([
      'provider_error',
      502,
      '404',
    ]);
  });

  it.each([
    ['HTML', '<html><body>maintenance</body></html>'],
    ['plain text', 'OK'],
    ['nothing', ''],
    ['broken JSON', '{"Resource":{"Call":'],
    ['a list where a call was asked for', '{"ResourceList":{"@totalResults":0}}'],
    ['a call without an id', '{"Resource":{"Call":{"State":"READY"}}}'],
  ])('answers 502 provider_bad_response to a 200 with %s', async (_name, body) => {
    const error = await failure(get(harness({ status: 200, body })));
    expect([error.code, error.status]).toEqual(['provider_bad_response', 502]);
  });

  it('never passes a credential on in a provider message or a detail', async () => {
    const basic = Buffer.from(`${CONFIG.userName}:${CONFIG.password}`).toString('base64');
    const h = harness({
      status: 401,
      body: exceptionJson(401, `Bad login ${CONFIG.userName} / ${CONFIG.password} (${basic})`),
    });
    const error = await failure(get(h));
    const shown = JSON.stringify({ detail: error.message, ...error.extras });
    expect(shown).not.toContain(CONFIG.password);
    expect(shown).not.toContain(CONFIG.userName);
    expect(shown).not.toContain(basic);
    expect(error.extras.providerMessage).toBe(WITHHELD);
  });

  it('maps failures below HTTP', async () => {
    const timeout = await failure(get(harness(new UpstreamError('timeout', true, 'slow'))));
    expect([timeout.code, timeout.status]).toEqual(['provider_timeout', 504]);
    const refused = await failure(get(harness(new UpstreamError('connect', false, 'refused'))));
    expect([refused.code, refused.status, refused.headers['retry-after']]).toEqual([
      'provider_unavailable',
      503,
      expect.any(String),
    ]);
  });

  it('refuses a selector before any request', async () => {
    const h = harness({ status: 200, body: CALL_JSON });
    const error = await failure(
      h.provider.find?.(
        { selector: { platformCallId: '71627389' }, limit: 10, filters: {} },
        { includeRaw: false },
        h.ctx,
      ) ?? Promise.resolve(),
    );
    expect(error.extras.errors).toEqual([
      { field: 'query.platformCallId', message: 'not supported by callfire' },
    ]);
    expect(h.sent).toEqual([]);
  });
});

describe('readiness', () => {
  it('counts CallFire’s own “not found” as reachable, a refusal as not', async () => {
    const ok = harness({ status: 404, body: exceptionJson(404, 'Call 1 not found.') });
    await expect(ok.provider.ping?.(ok.ctx)).resolves.toBeUndefined();
    const denied = harness({ status: 401, body: exceptionJson(401, 'Unauthorized') });
    await expect(denied.provider.ping?.(denied.ctx)).rejects.toMatchObject({
      code: 'provider_auth_failed',
    });
  });
});
