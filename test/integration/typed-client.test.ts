/** @callgate/client against a running gateway in front of the Verba sandbox. */

import { type CallgateClient, createCallgateClient, isProblem } from '@callgate/client';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startVerbaSandbox, type VerbaSandbox } from '../../providers/verba/sandbox/index.ts';
import { type RunningGateway, startGateway } from '../support/gateway.ts';
import { resetSandbox, sandboxRequests } from '../support/sandbox-log.ts';

const FINISHED = 'a8343631-9f35-4a3a-83f0-9e81592339fb';
const ONGOING = '5d0b6f0c-7f64-4d3e-9a51-2c1f0f6e8a10';
const API_KEY = 'typed-client-test-key';

let verba: VerbaSandbox;
let gateway: RunningGateway;
let callgate: CallgateClient;

beforeAll(async () => {
  verba = await startVerbaSandbox();
  gateway = await startGateway(
    {
      VERBA_BASE_URL: verba.apiUrl,
      VERBA_API_KEY: verba.options.apiKey,
      VERBA_USERNAME: verba.options.userName,
      VERBA_PASSWORD: verba.options.password,
      VERBA_TIMEZONE: verba.options.timeZone,
      GATEWAY_API_KEYS: JSON.stringify([
        { name: 'typed-client', key: API_KEY, scopes: ['calls:read', 'calls:write'] },
      ]),
    },
    { name: 'typed-client' },
  );
  callgate = createCallgateClient({ baseUrl: gateway.url, apiKey: API_KEY });
});

afterAll(async () => {
  await gateway?.close();
  await verba?.close();
});

beforeEach(() => resetSandbox(verba.origin));

describe('@callgate/client', () => {
  it('gets a call', async () => {
    const { data, error, response } = await callgate.GET('/calls/{id}', {
      params: { path: { id: `verba_${FINISHED}` } },
    });
    expect(error).toBeUndefined();
    expect(response.status).toBe(200);
    expect(data).toMatchObject({
      id: `verba_${FINISHED}`,
      state: 'completed',
      from: { number: '8856', name: 'Front desk' },
    });
  });

  it('finds the ongoing call on an extension', async () => {
    const { data } = await callgate.GET('/calls', {
      params: { query: { provider: 'verba', extension: '8856', status: 'ongoing' } },
    });
    expect(data?.items.map((call) => call.id)).toEqual([`verba_${ONGOING}`]);
    expect(data?.nextCursor).toBeNull();
  });

  it('keeps a call', async () => {
    const { data } = await callgate.POST('/calls/{id}/keep', {
      params: { path: { id: `verba_${ONGOING}` } },
    });
    expect(data).toEqual({
      operation: 'keep',
      instance: 'verba',
      id: `verba_${ONGOING}`,
      selector: null,
    });
    const sent = (await sandboxRequests(verba.origin)).filter((r) => r.action === 'KeepCall');
    expect(sent.map((r) => r.params.callID)).toEqual([ONGOING]);
  });

  it('keeps the call on an extension by selector', async () => {
    const { data } = await callgate.POST('/providers/{instance}/keep', {
      params: { path: { instance: 'verba' } },
      body: { extension: '8856', status: ['ongoing', 'next'] },
    });
    expect(data?.selector).toEqual({ extension: '8856', status: ['ongoing', 'next'] });
  });

  it('hands back a problem for a call that does not exist', async () => {
    const { data, error, response } = await callgate.GET('/calls/{id}', {
      params: { path: { id: 'verba_11111111-2222-4333-8444-555555555555' } },
    });
    expect(data).toBeUndefined();
    expect(response.status).toBe(404);
    expect(response.headers.get('content-type')).toBe('application/problem+json');
    expect(isProblem(error)).toBe(true);
    expect(error).toMatchObject({ status: 404, code: 'not_found', providerCode: '2' });
  });

  it('hands back 401 without a key and 403 for a scope the key lacks', async () => {
    const anonymous = createCallgateClient({ baseUrl: gateway.url });
    const unauthorized = await anonymous.GET('/providers');
    expect(unauthorized.response.status).toBe(401);
    expect(unauthorized.error).toMatchObject({ status: 401, code: 'unauthorized' });

    const forbidden = await callgate.DELETE('/calls/{id}', {
      params: { path: { id: `verba_${FINISHED}` } },
    });
    expect(forbidden.response.status).toBe(403);
    expect(forbidden.error).toMatchObject({ status: 403, code: 'forbidden' });
  });

  it('hands back a problem naming the bad field', async () => {
    const { error } = await callgate.GET('/calls/{id}', { params: { path: { id: 'verba_nope' } } });
    expect(error).toMatchObject({
      status: 400,
      code: 'bad_request',
      errors: [{ field: 'path.id', message: 'not a verba call id' }],
    });
  });
});
