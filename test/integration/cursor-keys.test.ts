/**
 * Cursor keys on Node, one rule for every kind: `<PREFIX>_CURSOR_KEY` when set, otherwise a
 * random key the gateway makes once and keeps in STATE_DB (memory without it). Two
 * gateways on one STATE_DB file stand in for two processes: each opens the file on its
 * own connection and reads the key from it.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  type CallFireSandbox,
  startCallFireSandbox,
} from '../../providers/callfire/sandbox/index.ts';
import { startVerbaSandbox, type VerbaSandbox } from '../../providers/verba/sandbox/index.ts';
import { createCursorCodec } from '../../src/core/page-cursor.ts';
import { type RunningGateway, startGateway } from '../support/gateway.ts';
import { resetSandbox, sandboxRequests } from '../support/sandbox-log.ts';
import { verbaEnv } from '../support/verba.ts';

let callfire: CallFireSandbox;
let verba: VerbaSandbox;
let dir: string;
const running: RunningGateway[] = [];

beforeAll(async () => {
  [callfire, verba] = await Promise.all([startCallFireSandbox(), startVerbaSandbox()]);
  dir = mkdtempSync(join(tmpdir(), 'callgate-cursor-keys-'));
});
afterEach(async () => {
  await Promise.all(running.splice(0).map((gateway) => gateway.close()));
});
afterAll(async () => {
  await Promise.all([callfire?.close(), verba?.close()]);
  rmSync(dir, { recursive: true, force: true });
});

/** A CallFire configuration as it was before cursor keys were required: no CURSOR_KEY. */
async function callfireGateway(name: string, stateDb?: string): Promise<RunningGateway> {
  const gateway = await startGateway(
    {
      CALLFIRE_BASE_URL: callfire.apiUrl,
      CALLFIRE_USERNAME: callfire.options.userName,
      CALLFIRE_PASSWORD: callfire.options.password,
      CALL_CACHE: 'off',
      ...(stateDb ? { STATE_DB: stateDb } : {}),
    },
    { name },
  );
  running.push(gateway);
  return gateway;
}

const FIRST = '/calls?provider=callfire&state=completed&limit=2';

async function page(response: Response) {
  expect(response.status).toBe(200);
  return (await response.json()) as { items: Array<{ id: string }>; nextCursor: string | null };
}

describe('a CallFire instance without CALLFIRE_CURSOR_KEY', () => {
  it('starts and pages', async () => {
    const gateway = await callfireGateway('cursor-keys-unset');
    const first = await page(await gateway.fetch(FIRST));
    expect(first.items).toHaveLength(2);
    expect(first.nextCursor).toEqual(expect.any(String));
    const second = await page(await gateway.fetch(`${FIRST}&cursor=${first.nextCursor}`));
    expect(second.items).toHaveLength(2);
    expect(second.items.map((call) => call.id)).not.toContain(first.items[0]?.id);
  });

  it("accepts another process's cursor on the same STATE_DB, and after a restart", async () => {
    const stateDb = join(dir, 'shared.db');
    const one = await callfireGateway('cursor-keys-one', stateDb);
    const two = await callfireGateway('cursor-keys-two', stateDb);
    const first = await page(await one.fetch(FIRST));
    const second = await page(await two.fetch(`${FIRST}&cursor=${first.nextCursor}`));
    expect(second.items).toHaveLength(2);

    await Promise.all(running.splice(0).map((gateway) => gateway.close()));
    const restarted = await callfireGateway('cursor-keys-restarted', stateDb);
    expect((await restarted.fetch(`${FIRST}&cursor=${first.nextCursor}`)).status).toBe(200);
  });

  it('refuses the cursor of a gateway with a state of its own, before asking CallFire', async () => {
    const first = await page(await (await callfireGateway('cursor-keys-a')).fetch(FIRST));
    const stranger = await callfireGateway('cursor-keys-b');
    await resetSandbox(callfire.origin);
    const refused = await stranger.fetch(`${FIRST}&cursor=${first.nextCursor}`);
    expect(refused.status).toBe(400);
    expect(await refused.json()).toMatchObject({
      errors: [expect.objectContaining({ field: 'query.cursor' })],
    });
    expect(await sandboxRequests(callfire.origin)).toEqual([]);
  });
});

describe('a Verba instance without VERBA_CURSOR_KEY', () => {
  it('refuses a cursor signed with a key derived from its API key', async () => {
    const gateway = await startGateway(
      { ...verbaEnv(verba), CALL_CACHE: 'off' },
      {
        name: 'cursor-keys-verba',
      },
    );
    running.push(gateway);
    const filters = { since: '2026-11-22T00:00:00Z', until: '2026-11-25T00:00:00Z' };
    // What a key derived from VERBA_API_KEY would sign: anyone holding such a cursor could
    // test guesses of the API key offline.
    const derived = createCursorCodec('verba', 'verba', `verba-cursor:${verba.options.apiKey}`);
    const cursor = await derived.encode(2, filters);
    const refused = await gateway.fetch(
      `/calls?provider=verba&since=${filters.since}&until=${filters.until}&limit=2&cursor=${cursor}`,
    );
    expect(refused.status).toBe(400);
    expect(await refused.json()).toMatchObject({
      errors: [expect.objectContaining({ field: 'query.cursor' })],
    });
  });
});
