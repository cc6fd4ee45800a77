import { createExecutionContext } from 'cloudflare:test';
/**
 * An instance that names a Workers VPC service binding reaches its provider only through
 * that binding's fetch. The binding here stands in for the Cloudflare Tunnel: it records
 * what it is asked and delivers it to the Verba sandbox, as the tunnel would deliver it to
 * the Verba on the private network.
 */
import { afterEach, beforeEach, describe, expect, inject, it, type MockInstance, vi } from 'vitest';
import { buildWorkerApp } from '../../src/worker/index.ts';
import { TEST_API_KEYS, withKey } from '../support/keys.ts';
import { resetSandbox } from '../support/sandbox-log.ts';
import { ownState, workerEnv } from './worker-env.ts';

const verba = inject('verba');
const PRIVATE_API = 'http://192.168.1.104/verba/api';
const FINISHED = 'a8343631-9f35-4a3a-83f0-9e81592339fb';
const ctx = createExecutionContext();

interface Asked {
  url: string;
  method: string;
}

/** A VPC service binding: what it was asked, delivered to the sandbox. */
function recordingBinding() {
  const asked: Asked[] = [];
  return {
    asked,
    binding: {
      fetch: async (input: string | URL | Request, init?: RequestInit) => {
        const request = new Request(input, init);
        asked.push({ url: request.url, method: request.method });
        const url = new URL(request.url);
        const delivered = new URL(`${url.pathname}${url.search}`, verba.origin);
        return fetch(new Request(delivered, request));
      },
    },
  };
}

const secrets = (prefix: string) => ({
  [`${prefix}_API_KEY`]: verba.apiKey,
  [`${prefix}_USERNAME`]: verba.userName,
  [`${prefix}_PASSWORD`]: verba.password,
  [`${prefix}_TIMEZONE`]: verba.timeZone,
});

let globalFetch: MockInstance<typeof fetch>;

beforeEach(async () => {
  await resetSandbox(verba.origin);
  globalFetch = vi.spyOn(globalThis, 'fetch');
});

afterEach(() => {
  globalFetch.mockRestore();
});

/** Hosts the gateway reached with the global fetch (the binding's own delivery excluded). */
function reachedDirectly(binding: { asked: Asked[] }): string[] {
  const delivered = binding.asked.length;
  const hosts = globalFetch.mock.calls.map(
    ([input]) => new URL(input instanceof Request ? input.url : String(input)).host,
  );
  // Each request the binding delivered appears once in the global fetch's calls.
  const sandboxHost = new URL(verba.origin).host;
  let fromBinding = delivered;
  return hosts.filter((host) => {
    if (host === sandboxHost && fromBinding > 0) {
      fromBinding -= 1;
      return false;
    }
    return true;
  });
}

describe('an instance behind a Workers VPC service binding', () => {
  it('sends every upstream request through the binding, to the private address', async () => {
    const vpc = recordingBinding();
    const env = {
      VERBA_BASE_URL: PRIVATE_API,
      ...secrets('VERBA'),
      VERBA_VPC_BINDING: 'VERBA_VPC',
      VERBA_VPC: vpc.binding,
      GATEWAY_API_KEYS: TEST_API_KEYS,
      LOG_LEVEL: 'warn',
    };
    const handler = buildWorkerApp(workerEnv(env), ownState());
    const response = await handler(
      new Request(`https://callgate.test/calls/verba_${FINISHED}`, withKey(undefined)),
      env,
      ctx,
    );
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ id: `verba_${FINISHED}`, state: 'completed' });

    expect(vpc.asked.length).toBeGreaterThan(0);
    for (const { url } of vpc.asked) expect(url.startsWith(`${PRIVATE_API}?`)).toBe(true);
    expect(vpc.asked.map((a) => new URL(a.url).searchParams.get('action'))).toContain(
      'GetCallInformation',
    );
    expect(reachedDirectly(vpc)).toEqual([]);
  });

  it('leaves an instance without a binding on the global fetch', async () => {
    const vpc = recordingBinding();
    const env = {
      PROVIDERS: JSON.stringify([
        { name: 'verba', kind: 'verba', env: 'VERBA' },
        { name: 'verba-lab', kind: 'verba', env: 'VERBA_LAB' },
      ]),
      VERBA_BASE_URL: PRIVATE_API,
      ...secrets('VERBA'),
      VERBA_VPC_BINDING: 'VERBA_VPC',
      VERBA_VPC: vpc.binding,
      VERBA_LAB_BASE_URL: verba.apiUrl,
      ...secrets('VERBA_LAB'),
      GATEWAY_API_KEYS: TEST_API_KEYS,
      LOG_LEVEL: 'warn',
    };
    const handler = buildWorkerApp(workerEnv(env), ownState());
    const response = await handler(
      new Request(`https://callgate.test/calls/verba-lab_${FINISHED}`, withKey(undefined)),
      env,
      ctx,
    );
    expect(response.status).toBe(200);
    expect(vpc.asked).toEqual([]);
    expect(reachedDirectly(vpc)).toContain(new URL(verba.origin).host);
  });

  it('answers 503 with a problem when the tunnel is down', async () => {
    const env = {
      VERBA_BASE_URL: PRIVATE_API,
      ...secrets('VERBA'),
      VERBA_VPC_BINDING: 'VERBA_VPC',
      VERBA_VPC: {
        fetch: async () => {
          throw new Error('Network connection lost.');
        },
      },
      GATEWAY_API_KEYS: TEST_API_KEYS,
      LOG_LEVEL: 'silent',
    };
    const handler = buildWorkerApp(workerEnv(env), ownState());
    const response = await handler(
      new Request(`https://callgate.test/calls/verba_${FINISHED}`, withKey(undefined)),
      env,
      ctx,
    );
    expect(response.status).toBe(503);
    expect(response.headers.get('content-type')).toBe('application/problem+json');
    const problem = (await response.json()) as Record<string, unknown>;
    expect(problem).toMatchObject({ code: 'provider_unavailable', instance: 'verba' });
    expect(JSON.stringify(problem)).not.toContain(verba.apiKey);
  });

  it('refuses to run when the named binding does not exist', async () => {
    const env = {
      VERBA_BASE_URL: PRIVATE_API,
      ...secrets('VERBA'),
      VERBA_VPC_BINDING: 'VERBA_VPC',
      GATEWAY_API_KEYS: TEST_API_KEYS,
      LOG_LEVEL: 'silent',
    };
    const errors = vi.spyOn(console, 'error').mockImplementation(() => {});
    const handler = buildWorkerApp(workerEnv(env), ownState());
    const response = await handler(new Request('https://callgate.test/healthz'), env, ctx);
    errors.mockRestore();
    expect(response.status).toBe(500);
    const problem = (await response.json()) as { detail: string };
    expect(problem.detail).toContain("VERBA_VPC_BINDING: no service binding named 'VERBA_VPC'");
  });
});
