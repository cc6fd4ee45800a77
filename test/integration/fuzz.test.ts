/**
 * Generated bad input on every route: ids, selectors, query strings, headers and bodies
 * with unicode, percent-encoding, `&`, `=`, `#`, `/`, `..` and very long values. Whatever
 * comes in, the gateway answers 2xx or a 4xx problem (never a 5xx: the sandbox is
 * healthy), never crashes, and never sends Verba a parameter the validated input does not
 * allow, as the sandbox's request log shows.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startVerbaSandbox, type VerbaSandbox } from '../../providers/verba/sandbox/index.ts';
import { createGateway } from '../../src/app.ts';
import { loadConfig } from '../../src/config.ts';
import { createNodeClient } from '../../src/node/http-client.ts';
import { openSqliteState } from '../../src/node/sqlite-state.ts';
import { EXTENSION, REFERENCE, STATUS_LISTS } from '../../src/schemas/requests.ts';
import { TEST_API_KEYS, TEST_KEYS } from '../support/keys.ts';
import { captureLogs } from '../support/log-capture.ts';
import { writeReliabilityReport } from '../support/reliability-report.ts';
import { resetSandbox, type SandboxRequest, sandboxRequests } from '../support/sandbox-log.ts';
import { verbaEnv } from '../support/verba.ts';

const FINISHED = 'a8343631-9f35-4a3a-83f0-9e81592339fb';
const ONGOING = '5d0b6f0c-7f64-4d3e-9a51-2c1f0f6e8a10';
const NEXT = '9b2e4c1a-3d5f-4e6a-8b7c-0d1e2f3a4b5c';
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const RUNS = 400;

/** Answers that come from checking the input, which must never reach Verba. */
const REFUSALS = new Set([
  'bad_request',
  'unauthorized',
  'forbidden',
  'unknown_instance',
  'payload_too_large',
  'unsupported_media_type',
  'idempotency_conflict',
  'route_not_found',
  'method_not_allowed',
]);
const CREDENTIALS = new Set(['action', 'apiKey', 'token', 'responseType']);

let sandbox: VerbaSandbox;
let app: ReturnType<typeof createGateway>;
let closeUpstream: () => Promise<void>;
let logs: () => Array<Record<string, unknown>>;
const totals = {
  cases: 0,
  failures: 0,
  upstreamRequests: 0,
  byStatus: {} as Record<string, number>,
};

beforeAll(async () => {
  sandbox = await startVerbaSandbox();
  const config = loadConfig({
    ...verbaEnv(sandbox),
    GATEWAY_API_KEYS: TEST_API_KEYS,
    CALL_CACHE: 'off',
  });
  const captured = captureLogs('fuzz');
  logs = captured.lines;
  const upstream = createNodeClient();
  closeUpstream = upstream.close;
  app = createGateway(config, {
    http: upstream.client,
    logger: captured.logger,
    state: openSqliteState({ path: null }),
  });
});

afterAll(async () => {
  const crashes = logs().filter((line) => line.msg === 'unhandled error').length;
  writeReliabilityReport('fuzz', { ...totals, crashes });
  await closeUpstream?.();
  await sandbox?.close();
});

// ---- generators -------------------------------------------------------------------------

const SPECIAL = [
  '&',
  '=',
  '#',
  '/',
  '..',
  '../',
  '%',
  '%2',
  '%26',
  '%3D',
  '%2F',
  '%2e%2e',
  '%00',
  '?',
  '+',
  ' ',
  ';',
  '\\',
  '"',
  "'",
  '<',
  '>',
  '{}',
  '@',
  ':',
  ',',
  '\u0000',
  '\r\n',
  '\u202e',
  '\ud83d\ude00',
  'é',
  'Ω',
  '٣',
  '&action=DeleteCall',
  '&apiKey=x',
  '__proto__',
  'constructor',
  'verba_',
  'nowhere_',
  FINISHED,
  ONGOING,
  '8856',
  '7000',
  'ongoing',
  'next',
  'last',
  'ongoing,next',
  'manualRecord',
  '71627389',
  'TRS26140192',
  'WHBFM6DD',
];

const piece = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...SPECIAL) },
  { weight: 2, arbitrary: fc.string({ unit: 'grapheme', maxLength: 12 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 12 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme-ascii', maxLength: 40 }) },
);
const long = fc
  .tuple(fc.constantFrom('a', '8', '%41', 'é', '&', '/'), fc.integer({ min: 129, max: 6_000 }))
  .map(([unit, times]) => unit.repeat(times));
const text = fc.oneof(
  { weight: 8, arbitrary: fc.array(piece, { maxLength: 5 }).map((parts) => parts.join('')) },
  { weight: 1, arbitrary: long },
);
/** A call id: mostly near the real shape, so some reach Verba. */
const id = fc.oneof(
  {
    weight: 2,
    arbitrary: fc.constantFrom(FINISHED, ONGOING, NEXT).map((callId) => `verba_${callId}`),
  },
  {
    weight: 3,
    arbitrary: fc
      .tuple(
        fc.constantFrom('verba_', 'verba-2_', 'nowhere_', '', '_'),
        fc.oneof(fc.constantFrom(FINISHED, ONGOING, NEXT), fc.uuid(), text),
      )
      .map(([prefix, rest]) => `${prefix}${rest}`),
  },
  { weight: 1, arbitrary: text },
);
const instance = fc.oneof(fc.constantFrom('verba', 'VERBA', 'nowhere', 'verba/..'), text);
/** Put in a URL percent-encoded, or as is, so `/`, `#`, `?` and `..` reshape the URL. */
const inPath = (value: string, raw: boolean) => (raw ? value : encodeURIComponent(value));

const QUERY_NAMES = [
  'provider',
  'extension',
  'status',
  'platformCallId',
  'nativeId',
  'meetingId',
  'type',
  'include',
  'limit',
  'cursor',
  'action',
  'apiKey',
  '__proto__',
];
const queryValue = fc.oneof(
  fc.constantFrom('verba', '8856', 'ongoing', 'ongoing,next', 'raw', 'manualRecord', '10', '-1'),
  text,
);
/** Mostly well-formed searches, some with one field gone wrong, so many reach Verba. */
const search = fc
  .tuple(
    fc.oneof(
      fc.constantFrom('8856', '8857', '7000', '1234').map((ext) => ({ extension: ext })),
      fc.constant({}),
    ),
    fc.constantFrom(...STATUS_LISTS, 'soon', ''),
    fc.constantFrom<Record<string, string>>(
      {},
      { platformCallId: '71627389' },
      { nativeId: 'TRS26140192' },
      { meetingId: 'WHBFM6DD' },
      { include: 'raw' },
      { type: 'manualRecord' },
      { limit: '0' },
    ),
    fc.option(fc.tuple(fc.constantFrom(...QUERY_NAMES), text)),
  )
  .map(([ext, status, extra, broken]) => {
    const params = new URLSearchParams({ provider: 'verba', ...ext, ...extra });
    if ('extension' in ext) params.set('status', status);
    if (broken) params.set(broken[0], broken[1]);
    return params.toString();
  });

const anyQuery = fc
  .tuple(
    fc.array(fc.tuple(fc.oneof(fc.constantFrom(...QUERY_NAMES), text), queryValue), {
      maxLength: 6,
    }),
    fc.boolean(),
  )
  .map(([pairs, raw]) =>
    raw ? pairs.map(([k, v]) => `${k}=${v}`).join('&') : new URLSearchParams(pairs).toString(),
  );
const query = fc.oneof(search, anyQuery);

const selectorBody = fc.record(
  {
    extension: fc.oneof(fc.constantFrom('8856', '8857', '7000'), text),
    status: fc.oneof(
      fc.constantFrom(['ongoing'], ['last'], ['ongoing', 'next'], ['next', 'last']),
      fc.array(text, { maxLength: 3 }),
      text,
    ),
    type: fc.oneof(fc.constant('manualRecord'), text),
    platformCallId: fc.oneof(fc.constant('71627389'), text),
    nativeId: text,
    meetingId: text,
    action: fc.constant('DeleteCall'),
  },
  { requiredKeys: [] },
);
const body = fc.oneof(
  { weight: 4, arbitrary: selectorBody.map((value) => JSON.stringify(value)) },
  { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 3 }).map((value) => JSON.stringify(value)) },
  { weight: 1, arbitrary: text },
  { weight: 1, arbitrary: fc.constant('') },
);
const contentType = fc.constantFrom(
  'application/json',
  'application/json; charset=utf-8',
  'text/plain',
  'application/x-www-form-urlencoded',
  'application/problem+json',
  undefined,
);

/** Header values as HTTP can carry them: no NUL, CR or LF. */
const headerText = text.map((value) =>
  [...value]
    .map((ch) => (/[\x20-\x7e]/.test(ch) ? ch : ''))
    .join('')
    .slice(0, 4_000),
);
const authorization = fc.oneof(
  { weight: 24, arbitrary: fc.constant(`Bearer ${TEST_KEYS.all}`) },
  { weight: 1, arbitrary: fc.constantFrom(...Object.values(TEST_KEYS)).map((k) => `Bearer ${k}`) },
  { weight: 1, arbitrary: headerText.map((value) => `Bearer ${value}`) },
  { weight: 1, arbitrary: headerText },
  { weight: 1, arbitrary: fc.constant(undefined) },
);
const headers = fc.record(
  {
    authorization,
    'x-request-id': headerText,
    'idempotency-key': headerText,
    accept: fc.constantFrom('*/*', 'application/json', 'text/html', 'application/xml'),
    'x-forwarded-for': headerText,
    cookie: headerText,
    'content-length': fc.constantFrom('0', '5', '-1', 'abc'),
  },
  { requiredKeys: ['authorization'] },
);

// ---- one case ---------------------------------------------------------------------------

interface Sent {
  method: string;
  url: string;
  body?: string | undefined;
  headers: Record<string, string | undefined>;
}

async function send(sent: Sent): Promise<{ response: Response; request: Request } | null> {
  const headers = new Headers();
  for (const [name, value] of Object.entries(sent.headers)) {
    // content-length is the runtime's to set; a forged one would not survive a real client.
    if (value !== undefined && name !== 'content-length') headers.set(name, value);
  }
  let request: Request;
  try {
    request = new Request(`http://gateway.test${sent.url}`, {
      method: sent.method,
      headers,
      ...(sent.body !== undefined && sent.method !== 'GET' ? { body: sent.body } : {}),
    });
  } catch {
    // Not a request any client could send (an unparseable URL): nothing to test.
    return null;
  }
  const response = await app.fetch(request.clone());
  return { response, request };
}

/** The call ids, selectors and flags a request validly carries, as the gateway sees it. */
function expectedFrom(request: Request, bodyText: string | undefined) {
  const url = new URL(request.url);
  let path = url.pathname;
  try {
    path = decodeURIComponent(path);
  } catch {
    // Malformed escapes stay as they are; such an id never matches a GUID anyway.
  }
  let json: Record<string, unknown> = {};
  try {
    const parsed = bodyText ? JSON.parse(bodyText) : {};
    if (parsed && typeof parsed === 'object') json = parsed;
  } catch {}
  return { path, query: url.searchParams, json };
}

function checkUpstream(
  sent: Sent,
  request: Request,
  upstream: SandboxRequest[],
  status: number,
  code: string | null,
): void {
  const context = `${sent.method} ${sent.url} → ${status} ${code ?? ''}`;
  if (code && REFUSALS.has(code)) expect(upstream, context).toEqual([]);
  const { path, query, json } = expectedFrom(request, sent.body);
  for (const call of upstream) {
    const params = call.params;
    const action = params.action ?? '';
    expect(params.responseType, context).toBe('XML');
    for (const name of Object.keys(params)) {
      expect(
        [
          ...CREDENTIALS,
          'callID',
          'extension',
          'status',
          'platformCallID',
          'nativeID',
          'meetingID',
          'type',
          'unmark',
        ],
        `${context}: parameter ${name}`,
      ).toContain(name);
    }
    if (params.callID !== undefined) {
      expect(params.callID, context).toMatch(GUID);
      // An id route's callID is the one in its path; a search reads the id Verba found.
      // (`/calls/` with nothing after it is the search: the trailing slash does not count.)
      if (/^\/calls\/./.test(path)) expect(path, context).toContain(`verba_${params.callID}`);
    }
    // A HEAD is answered as the GET it stands for.
    const read = sent.method === 'GET' || sent.method === 'HEAD';
    const source = read ? (n: string) => query.get(n) : (n: string) => json[n];
    if (params.extension !== undefined) {
      expect(params.extension, context).toMatch(EXTENSION);
      expect(params.extension, context).toBe(source('extension'));
      expect(STATUS_LISTS as readonly string[], context).toContain(params.status);
      const status = source('status');
      expect(params.status, context).toBe(Array.isArray(status) ? status.join(',') : status);
    }
    for (const [param, field] of [
      ['platformCallID', 'platformCallId'],
      ['nativeID', 'nativeId'],
      ['meetingID', 'meetingId'],
    ] as const) {
      if (params[param] === undefined) continue;
      expect(params[param], context).toMatch(REFERENCE);
      expect(params[param], context).toBe(source(field));
    }
    if (params.type !== undefined) expect(params.type, context).toBe('manualRecord');
    if (params.unmark !== undefined) {
      expect(params.unmark, context).toBe('1');
      expect(sent.method, context).toBe('DELETE');
    }
    const allowed: Record<string, string[]> = {
      GET: ['GetCallInformation', 'GetCallURL', 'GetCallID'],
      HEAD: ['GetCallInformation', 'GetCallURL', 'GetCallID'],
      POST: ['KeepCall', 'DeleteCall'],
      DELETE: ['KeepCall', 'DeleteCall'],
    };
    expect(allowed[sent.method], context).toContain(action);
  }
}

async function runCase(sent: Sent): Promise<void> {
  await resetSandbox(sandbox.origin);
  const result = await send(sent);
  if (!result) return;
  const { response, request } = result;
  const status = response.status;
  totals.cases += 1;
  totals.byStatus[status] = (totals.byStatus[status] ?? 0) + 1;
  const context = `${sent.method} ${sent.url.slice(0, 200)} → ${status}`;
  expect(status, context).toBeGreaterThanOrEqual(200);
  expect(status, context).toBeLessThan(500);
  let code: string | null = null;
  if (status >= 400 && sent.method !== 'HEAD') {
    expect(response.headers.get('content-type'), context).toBe('application/problem+json');
    const problem = (await response.json()) as Record<string, unknown>;
    expect(problem, context).toMatchObject({
      status,
      type: `urn:callgate:problem:${problem.code}`,
    });
    expect(typeof problem.detail, context).toBe('string');
    code = String(problem.code);
  } else {
    await response.arrayBuffer();
  }
  const upstream = (await sandboxRequests(sandbox.origin)).filter(
    (r) => r.action !== 'RequestToken',
  );
  totals.upstreamRequests += upstream.length;
  checkUpstream(sent, request, upstream, status, code);
}

async function property<T>(arbitrary: fc.Arbitrary<T>, toSent: (value: T) => Sent) {
  try {
    await fc.assert(
      fc.asyncProperty(arbitrary, async (value) => runCase(toSent(value))),
      { numRuns: RUNS },
    );
  } catch (error) {
    totals.failures += 1;
    throw error;
  }
}

describe('generated input on every route', () => {
  it('GET /calls/{id}', async () => {
    await property(fc.tuple(id, fc.boolean(), fc.option(query), headers), ([value, raw, q, h]) => ({
      method: 'GET',
      url: `/calls/${inPath(value, raw)}${q === null ? '' : `?${q}`}`,
      headers: h,
    }));
  });

  it('GET /calls?…', async () => {
    await property(fc.tuple(query, headers), ([q, h]) => ({
      method: 'GET',
      url: `/calls?${q}`,
      headers: h,
    }));
  });

  it('GET /calls/{id}/url', async () => {
    await property(fc.tuple(id, fc.boolean(), headers), ([value, raw, h]) => ({
      method: 'GET',
      url: `/calls/${inPath(value, raw)}/url`,
      headers: h,
    }));
  });

  for (const [method, suffix] of [
    ['POST', '/keep'],
    ['DELETE', '/keep'],
    ['DELETE', ''],
  ] as const) {
    it(`${method} /calls/{id}${suffix}`, async () => {
      await property(
        fc.tuple(id, fc.boolean(), fc.option(body), contentType, headers),
        ([value, raw, b, type, h]) => ({
          method,
          url: `/calls/${inPath(value, raw)}${suffix}`,
          ...(b === null ? {} : { body: b }),
          headers: { ...h, ...(type ? { 'content-type': type } : {}) },
        }),
      );
    });
  }

  for (const operation of ['keep', 'delete']) {
    it(`POST /providers/{instance}/${operation}`, async () => {
      await property(
        fc.tuple(instance, fc.boolean(), body, contentType, headers),
        ([name, raw, b, type, h]) => ({
          method: 'POST',
          url: `/providers/${inPath(name, raw)}/${operation}`,
          body: b,
          headers: { ...h, ...(type ? { 'content-type': type } : {}) },
        }),
      );
    });
  }

  it('any method on any path', async () => {
    await property(
      fc.tuple(
        fc.constantFrom('GET', 'POST', 'DELETE', 'PUT', 'PATCH', 'HEAD', 'OPTIONS'),
        fc.array(
          fc.oneof(fc.constantFrom('calls', 'providers', 'verba', 'keep', 'url', 'docs'), text),
          { maxLength: 5 },
        ),
        fc.option(query),
        headers,
      ),
      ([method, segments, q, h]) => ({
        method,
        url: `/${segments.join('/')}${q === null ? '' : `?${q}`}`,
        headers: h,
      }),
    );
  });

  it('ran thousands of cases, some of which reached Verba', () => {
    expect(totals.cases).toBeGreaterThan(3_000);
    expect(totals.upstreamRequests).toBeGreaterThan(100);
    expect(logs().filter((line) => line.msg === 'unhandled error')).toEqual([]);
  });
});
