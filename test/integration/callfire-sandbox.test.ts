/** The CallFire sandbox speaks CallFire 1.1 as documented: auth, both forms, paging, errors. */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { parseCallFireJson } from '../../providers/callfire/payload.ts';
import {
  BULK_BROADCAST_ID,
  CALLFIRE_FAULT_CALLS,
  CALLFIRE_SAMPLE_CALLS,
  type CallFireSandbox,
  startCallFireSandbox,
} from '../../providers/callfire/sandbox/index.ts';
import { parseCallFireXml, xmlToJsonShape } from '../../providers/callfire/xml.ts';
import { resetSandbox, sandboxRequests } from '../support/sandbox-log.ts';

let sandbox: CallFireSandbox;
let auth: string;

// biome-ignore lint/suspicious/noExplicitAny: test assertions walk arbitrary JSON.
type Json = any;

beforeAll(async () => {
  sandbox = await startCallFireSandbox({ bulkCalls: 30 });
  auth = `Basic ${Buffer.from(`${sandbox.options.userName}:${sandbox.options.password}`).toString('base64')}`;
});
afterAll(() => sandbox?.close());
beforeEach(() => resetSandbox(sandbox.origin));

const call = (path: string, headers: Record<string, string> = { authorization: auth }) =>
  fetch(`${sandbox.apiUrl}${path}`, { headers });

describe('CallFire sandbox', () => {
  it('answers GetCall with the documented sample, in XML by default', async () => {
    const response = await call(`/call/${CALLFIRE_SAMPLE_CALLS.documented}`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^application\/xml/);
    const published = readFileSync(
      new URL('../fixtures/callfire/get-call.xml', import.meta.url),
      'utf8',
    );
    // Same elements, attributes and values as the published sample, layout aside.
    expect(xmlToJsonShape(await response.text())).toEqual(xmlToJsonShape(published));
  });

  it('answers the same call in the .json form', async () => {
    const response = await call(`/call/${CALLFIRE_SAMPLE_CALLS.documented}.json`);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    const text = await response.text();
    expect(JSON.parse(text).Resource.Call).toMatchObject({
      '@id': 224205636001,
      FromNumber: '12132609784',
      ToNumber: { '@context': 'cf3-verify', '@verifyDigits': '9366', value: '19196991764' },
      Inbound: false,
      CallRecord: [{ '@id': 135106697001, Duration: 35, BilledAmount: 0 }],
    });
    expect(parseCallFireJson(text).kind).toBe('call');
  });

  it('refuses missing or wrong credentials with 401 and a ResourceException in either form', async () => {
    const xml = await call(`/call/${CALLFIRE_SAMPLE_CALLS.documented}`, {});
    expect(xml.status).toBe(401);
    expect(xml.headers.get('www-authenticate')).toBe('Basic realm="CallFire API"');
    expect(parseCallFireXml(await xml.text())).toEqual({
      kind: 'exception',
      httpStatus: '401',
      message: 'Unauthorized: invalid username or password.',
    });
    const wrong = `Basic ${Buffer.from(`${sandbox.options.userName}:nope`).toString('base64')}`;
    const json = await call('/call.json', { authorization: wrong });
    expect(json.status).toBe(401);
    expect(await json.json()).toEqual({
      ResourceException: {
        HttpStatus: 401,
        Message: 'Unauthorized: invalid username or password.',
      },
    });
  });

  it('answers 404 for an unknown call and 400 for an id that is not a long', async () => {
    const missing = await call('/call/123.json');
    expect([missing.status, await missing.json()]).toEqual([
      404,
      { ResourceException: { HttpStatus: 404, Message: 'Call 123 not found.' } },
    ]);
    expect((await call('/call/12ab.json')).status).toBe(400);
  });

  it('pages QueryCalls with MaxResults and FirstResult, counting every match', async () => {
    const page = async (query: string) =>
      ((await (await call(`/call.json?BroadcastId=${BULK_BROADCAST_ID}&${query}`)).json()) as Json)
        .ResourceList;
    const first = await page('MaxResults=20');
    const second = await page('MaxResults=20&FirstResult=20');
    expect([first['@totalResults'], first.Call.length]).toEqual([30, 20]);
    expect([second['@totalResults'], second.Call.length]).toEqual([30, 10]);
    const ids = [...first.Call, ...second.Call].map((c: { '@id': number }) => c['@id']);
    expect(new Set(ids).size).toBe(30);
    expect(await page('FirstResult=30')).toEqual({ '@totalResults': 30 });
  });

  it('answers QueryCalls in XML with totalResults on the ResourceList', async () => {
    const response = await call('/call?State=READY');
    const document = parseCallFireXml(await response.text());
    expect(document).toMatchObject({ kind: 'list', totalResults: 1 });
    expect(document.kind === 'list' && document.calls[0]?.['@id']).toBe(
      CALLFIRE_SAMPLE_CALLS.ready,
    );
  });

  it('takes list parameters space-separated or repeated', async () => {
    const count = async (query: string) =>
      ((await (await call(`/call.json?${query}`)).json()) as Json).ResourceList['@totalResults'];
    const spaced = await count('Result=AM%20SD');
    expect(spaced).toBe(2);
    expect(await count('Result=AM&Result=SD')).toBe(spaced);
  });

  it.each([
    ['MaxResults=1001', 'MaxResults must be a long of at most 1000.'],
    ['MaxResults=0', 'MaxResults must be between 1 and 1000.'],
    ['FirstResult=-1', 'FirstResult must be a long.'],
    ['State=DONE', "Unknown State 'DONE'."],
    ['Inbound=yes', 'Inbound must be true or false.'],
    ['IntervalBegin=yesterday', 'IntervalBegin must be a dateTime.'],
    ['Limit=5', "Unknown parameter 'Limit'."],
  ])('refuses QueryCalls with %s', async (query, message) => {
    const response = await call(`/call.json?${query}`);
    expect([response.status, await response.json()]).toEqual([
      400,
      { ResourceException: { HttpStatus: 400, Message: message } },
    ]);
  });

  it('serves recordings behind the same credentials', async () => {
    const link = `/recording/88100001.wav`;
    expect((await call(link, {})).status).toBe(401);
    const response = await call(link);
    expect(response.headers.get('content-type')).toBe('audio/wav');
    const bytes = new Uint8Array(await response.arrayBuffer());
    expect(new TextDecoder().decode(bytes.slice(0, 4))).toBe('RIFF');
  });

  it('has reserved ids that fail the way an unwell CallFire would', async () => {
    expect((await call(`/call/${CALLFIRE_FAULT_CALLS.serverError}.json`)).status).toBe(500);
    expect((await call(`/call/${CALLFIRE_FAULT_CALLS.forbidden}.json`)).status).toBe(403);
    const html = await call(`/call/${CALLFIRE_FAULT_CALLS.htmlPage}.json`);
    expect([html.status, html.headers.get('content-type')]).toEqual([
      200,
      'text/html; charset=utf-8',
    ]);
  });

  it('logs requests without their credentials', async () => {
    await call(`/call/${CALLFIRE_SAMPLE_CALLS.documented}.json`);
    await fetch(`${sandbox.apiUrl}/call.json?MaxResults=1&password=hunter2`, {
      headers: { authorization: auth },
    });
    const log = await sandboxRequests(sandbox.origin);
    expect(log).toEqual([
      {
        method: 'GET',
        action: 'GetCall',
        path: `/call/${CALLFIRE_SAMPLE_CALLS.documented}.json`,
        format: 'json',
        params: { Id: CALLFIRE_SAMPLE_CALLS.documented },
        authorization: true,
        traceparent: null,
        tracestate: null,
      },
      {
        method: 'GET',
        action: 'QueryCalls',
        path: '/call.json',
        format: 'json',
        params: { MaxResults: '1', password: '***' },
        authorization: true,
        traceparent: null,
        tracestate: null,
      },
    ]);
    expect(JSON.stringify(log)).not.toContain(sandbox.options.password);
  });
});
