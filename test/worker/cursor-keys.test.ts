/**
 * Cursor keys on the Worker without `<PREFIX>_CURSOR_KEY`: the key is made at random once
 * and kept in the instance's Durable Object, so every isolate signs alike. Two gateway apps
 * on one namespace stand in for two isolates; a third with a state of its own for another
 * deployment.
 */
import { createExecutionContext } from 'cloudflare:test';
import { describe, expect, inject, it } from 'vitest';
import { buildWorkerApp } from '../../src/worker/index.ts';
import { resetSandbox, sandboxRequests } from '../support/sandbox-log.ts';
import { workerEnv } from './worker-env.ts';

const callfire = inject('callfire');
const ctx = createExecutionContext();
const env = workerEnv({
  CALLFIRE_BASE_URL: callfire.apiUrl,
  CALLFIRE_USERNAME: callfire.userName,
  CALLFIRE_PASSWORD: callfire.password,
  GATEWAY_AUTH: 'off',
  CALL_CACHE: 'off',
  LOG_LEVEL: 'silent',
});

type Isolate = (path: string) => Promise<Response>;

function isolate(statePrefix: string): Isolate {
  const handler = buildWorkerApp(env, { statePrefix });
  return async (path) => handler(new Request(`https://callgate.test${path}`), env, ctx);
}

const FIRST = '/calls?provider=callfire&state=completed&limit=2';
const page = async (response: Response) => {
  expect(response.status).toBe(200);
  return (await response.json()) as { items: Array<{ id: string }>; nextCursor: string | null };
};

describe('a CallFire instance without CALLFIRE_CURSOR_KEY on the Worker', () => {
  it('accepts in one isolate the cursor another made, and pages on', async () => {
    const prefix = `${crypto.randomUUID()}:`;
    const [one, two] = [isolate(prefix), isolate(prefix)];
    const first = await page(await one(FIRST));
    expect(first.nextCursor).toEqual(expect.any(String));
    const second = await page(await two(`${FIRST}&cursor=${first.nextCursor}`));
    expect(second.items).toHaveLength(2);
    expect(second.items.map((call) => call.id)).not.toContain(first.items[0]?.id);
    // And the other way round, with a cursor the second isolate made.
    if (second.nextCursor) {
      expect((await one(`${FIRST}&cursor=${second.nextCursor}`)).status).toBe(200);
    }
  });

  it('refuses the cursor of a deployment with a state of its own, before asking CallFire', async () => {
    const first = await page(await isolate(`${crypto.randomUUID()}:`)(FIRST));
    const stranger = isolate(`${crypto.randomUUID()}:`);
    await resetSandbox(callfire.origin);
    const refused = await stranger(`${FIRST}&cursor=${first.nextCursor}`);
    expect(refused.status).toBe(400);
    expect(await refused.json()).toMatchObject({
      errors: [expect.objectContaining({ field: 'query.cursor' })],
    });
    expect(await sandboxRequests(callfire.origin)).toEqual([]);
  });
});
