/** Token lifecycle and credential failures against the Verba sandbox, over HTTP. */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startVerbaSandbox, type VerbaSandbox } from '../../providers/verba/sandbox/index.ts';
import { TOKEN_LIFETIME_MS } from '../../providers/verba/token.ts';
import { type RunningGateway, startGateway } from '../support/gateway.ts';
import { expireSandboxTokens, resetSandbox, sandboxRequests } from '../support/sandbox-log.ts';
import { verbaEnv } from '../support/verba.ts';

const CALL = 'verba_a8343631-9f35-4a3a-83f0-9e81592339fb';
let sandbox: VerbaSandbox;
const gateways: RunningGateway[] = [];

beforeAll(async () => {
  sandbox = await startVerbaSandbox();
});
afterEach(async () => {
  await Promise.all(gateways.splice(0).map((g) => g.close()));
  await resetSandbox(sandbox.origin);
});
afterAll(async () => {
  await sandbox.close();
});

const credentials = () => verbaEnv(sandbox);

async function gateway(env: Record<string, string>, now?: () => number) {
  const started = await startGateway(env, { name: 'verba-auth', ...(now ? { now } : {}) });
  gateways.push(started);
  return started;
}

const tokenRequests = async () =>
  (await sandboxRequests(sandbox.origin)).filter((r) => r.action === 'RequestToken');

describe('Verba tokens', () => {
  it('requests one token for concurrent first requests and reuses it', async () => {
    const g = await gateway(credentials());
    const answers = await Promise.all(Array.from({ length: 12 }, () => g.fetch(`/calls/${CALL}`)));
    expect(answers.map((r) => r.status)).toEqual(Array(12).fill(200));
    await g.fetch(`/calls/${CALL}`);
    const tokens = await tokenRequests();
    expect(tokens).toHaveLength(1);
    // The password travels in the Authorization header, never in the URL.
    expect(tokens[0]?.authorization).toBe(true);
    expect(tokens[0]?.params.password).toBeUndefined();
  });

  it('renews a rejected token once and retries the request once', async () => {
    const g = await gateway(credentials());
    expect((await g.fetch(`/calls/${CALL}`)).status).toBe(200);
    await expireSandboxTokens(sandbox.origin);
    const response = await g.fetch(`/calls/${CALL}/keep`, { method: 'POST' });
    expect(response.status).toBe(200);
    const sent = (await sandboxRequests(sandbox.origin)).map((r) => r.action);
    expect(sent).toEqual([
      'RequestToken',
      'GetCallInformation',
      'KeepCall',
      'RequestToken',
      'KeepCall',
    ]);
  });

  it('renews before the hour is up, without a rejected request', async () => {
    let clock = Date.now();
    const g = await gateway(credentials(), () => clock);
    await g.fetch(`/calls/${CALL}`);
    clock += TOKEN_LIFETIME_MS - 60_000;
    await g.fetch(`/calls/${CALL}`);
    const sent = (await sandboxRequests(sandbox.origin)).map((r) => r.action);
    expect(sent).toEqual([
      'RequestToken',
      'GetCallInformation',
      'RequestToken',
      'GetCallInformation',
    ]);
  });

  it('uses a fixed VERBA_TOKEN as it is', async () => {
    const issued = await fetch(
      `${sandbox.apiUrl}?action=RequestToken&apiKey=${sandbox.options.apiKey}&userName=${sandbox.options.userName}&password=${sandbox.options.password}`,
    );
    const token = /token="([^"]+)"/.exec(await issued.text())?.[1] ?? '';
    await resetSandbox(sandbox.origin);
    const g = await gateway({
      VERBA_BASE_URL: sandbox.apiUrl,
      VERBA_API_KEY: sandbox.options.apiKey,
      VERBA_TOKEN: token,
      VERBA_TIMEZONE: sandbox.options.timeZone,
    });
    expect((await g.fetch(`/calls/${CALL}`)).status).toBe(200);
    expect((await sandboxRequests(sandbox.origin)).map((r) => r.action)).toEqual([
      'GetCallInformation',
    ]);
  });
});

describe("credential failures are the gateway's, not the caller's", () => {
  it('answers 502 provider_auth_failed for a wrong password, naming no secret', async () => {
    const g = await gateway({ ...credentials(), VERBA_PASSWORD: 'wrong-password-123' });
    const response = await g.fetch(`/calls/${CALL}`);
    expect(response.status).toBe(502);
    const text = await response.text();
    expect(JSON.parse(text)).toMatchObject({ code: 'provider_auth_failed', provider: 'verba' });
    for (const secret of ['wrong-password-123', sandbox.options.apiKey, sandbox.options.userName]) {
      expect(text).not.toContain(secret);
    }
  });

  it('answers 502 provider_auth_failed for a wrong API key', async () => {
    const g = await gateway({
      ...credentials(),
      VERBA_API_KEY: '00000000-aaaa-bbbb-cccc-000000000000',
    });
    const problem = await (await g.fetch(`/calls/${CALL}`)).json();
    expect(problem).toMatchObject({ status: 502, code: 'provider_auth_failed' });
    expect(JSON.stringify(problem)).not.toContain('00000000-aaaa-bbbb-cccc-000000000000');
  });

  it('answers 502 provider_auth_failed when a renewed token is rejected too', async () => {
    const g = await gateway({
      VERBA_BASE_URL: sandbox.apiUrl,
      VERBA_API_KEY: sandbox.options.apiKey,
      VERBA_TOKEN: 'never-issued-token',
    });
    const problem = await (await g.fetch(`/calls/${CALL}`)).json();
    expect(problem).toMatchObject({
      status: 502,
      code: 'provider_auth_failed',
      providerCode: '-2',
    });
  });
});

describe('an upstream that is not Verba', () => {
  it('answers 503 with Retry-After when nothing listens', async () => {
    const g = await gateway({ ...credentials(), VERBA_BASE_URL: 'http://127.0.0.1:9/verba/api' });
    const response = await g.fetch(`/calls/${CALL}`);
    expect(response.status).toBe(503);
    expect(response.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(await response.json()).toMatchObject({
      code: 'provider_unavailable',
      instance: 'verba',
    });
  });

  it('answers 502 saying the answer was not Verba XML', async () => {
    const g = await gateway({
      ...credentials(),
      VERBA_BASE_URL: `${sandbox.origin}/__sandbox/requests`,
    });
    const problem = (await (await g.fetch(`/calls/${CALL}`)).json()) as { detail: string };
    expect(problem).toMatchObject({ status: 502, code: 'provider_bad_response' });
    expect(problem.detail).toMatch(/no Verba XML/);
  });
});
