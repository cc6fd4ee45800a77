/**
 * The call cache through HTTP: a gateway in front of the Verba sandbox, whose request log
 * shows what reached the provider.
 */
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startVerbaSandbox, type VerbaSandbox } from '../../providers/verba/sandbox/index.ts';
import { createGateway } from '../../src/app.ts';
import { loadConfig } from '../../src/config.ts';
import { createNodeClient } from '../../src/node/http-client.ts';
import { openSqliteState } from '../../src/node/sqlite-state.ts';
import { type RunningGateway, startGateway } from '../support/gateway.ts';
import { captureLogs } from '../support/log-capture.ts';
import { resetSandbox, sandboxRequests } from '../support/sandbox-log.ts';
import { verbaEnv } from '../support/verba.ts';

const FINISHED = 'a8343631-9f35-4a3a-83f0-9e81592339fb';
const ONGOING = '5d0b6f0c-7f64-4d3e-9a51-2c1f0f6e8a10';
const IN_PROGRESS_TTL_MS = 150;

let sandbox: VerbaSandbox;
let gateway: RunningGateway;

beforeAll(async () => {
  sandbox = await startVerbaSandbox();
  gateway = await startGateway(
    {
      ...verbaEnv(sandbox),
      CALL_CACHE_TTL_MS: String(IN_PROGRESS_TTL_MS),
    },
    { name: 'cache' },
  );
});

afterAll(async () => {
  await gateway?.close();
  await sandbox?.close();
});

// Each test starts from fresh data with nothing cached: writes by selector drop every call.
beforeEach(async () => {
  await gateway.fetch('/providers/verba/delete', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ platformCallId: 'none' }),
  });
  await resetSandbox(sandbox.origin);
});

async function reads(callId: string): Promise<number> {
  const log = await sandboxRequests(sandbox.origin);
  return log.filter((r) => r.action === 'GetCallInformation' && r.params.callID === callId).length;
}

/**
 * A gateway whose upstream requests wait until `expected` requests have reached it, so
 * they are all in flight together whatever the machine's speed. Nothing is cached
 * (TTL 0): only sharing can bring 20 reads down to one.
 */
async function startGatedGateway(expected: number) {
  const config = loadConfig({
    ...verbaEnv(sandbox),
    CALL_CACHE_TTL_MS: '0',
    GATEWAY_AUTH: 'off',
  });
  const { logger } = captureLogs('cache-gated');
  const upstream = createNodeClient();
  let arrived = 0;
  let open: () => void = () => {};
  const allArrived = new Promise<void>((resolve) => {
    open = resolve;
  });
  const app = createGateway(config, {
    http: async (request) => {
      await allArrived;
      return upstream.client(request);
    },
    logger,
    state: openSqliteState({ path: null }),
  });
  const server = serve({
    fetch: (request) => {
      if (++arrived === expected) open();
      return app.fetch(request);
    },
    port: 0,
    hostname: '127.0.0.1',
  });
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: async () => {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        if ('closeAllConnections' in server) server.closeAllConnections();
      });
      await upstream.close();
    },
  };
}

// biome-ignore lint/suspicious/noExplicitAny: assertions walk the JSON answer.
const json = async (response: Response): Promise<any> => response.json();

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('concurrent reads', () => {
  it('send one upstream request for 20 concurrent reads of one call', async () => {
    const gated = await startGatedGateway(20);
    try {
      const answers = await Promise.all(
        Array.from({ length: 20 }, () => fetch(`${gated.url}/calls/verba_${ONGOING}`)),
      );
      const bodies = await Promise.all(answers.map((a) => a.json()));
      expect(answers.map((a) => a.status)).toEqual(Array(20).fill(200));
      expect(new Set(bodies.map((b) => JSON.stringify(b))).size).toBe(1);
      expect(await reads(ONGOING)).toBe(1);
    } finally {
      await gated.close();
    }
  });
});

describe('GET /calls/{id} with the cache', () => {
  it('answers a finished call from memory, with an ETag and a 304 for If-None-Match', async () => {
    const first = await gateway.fetch(`/calls/verba_${FINISHED}`);
    expect(first.status).toBe(200);
    expect(first.headers.get('content-type')).toMatch(/^application\/json/);
    expect(first.headers.get('cache-control')).toBe('private, max-age=60');
    const etag = first.headers.get('etag');
    expect(etag).toMatch(/^W\/".+"$/);
    const call = await first.json();

    const second = await gateway.fetch(`/calls/verba_${FINISHED}`);
    expect(await json(second)).toEqual(call);
    expect(second.headers.get('etag')).toBe(etag);

    // fetch() adds `Cache-Control: no-cache` to a conditional request unless told that a
    // kept copy will do (the Fetch standard), and no-cache makes the gateway ask Verba.
    const revalidated = await gateway.fetch(`/calls/verba_${FINISHED}`, {
      cache: 'force-cache',
      headers: { 'if-none-match': etag ?? '' },
    });
    expect(revalidated.status).toBe(304);
    expect(await revalidated.text()).toBe('');
    expect(revalidated.headers.get('etag')).toBe(etag);
    expect(revalidated.headers.get('x-request-id')).toBeTruthy();

    const stale = await gateway.fetch(`/calls/verba_${FINISHED}`, {
      cache: 'force-cache',
      headers: { 'if-none-match': 'W/"something-else"' },
    });
    expect(stale.status).toBe(200);
    expect(await reads(FINISHED)).toBe(1);
  });

  it('reads a call in progress again once its TTL has passed, and says no-cache', async () => {
    const first = await gateway.fetch(`/calls/verba_${ONGOING}`);
    expect(first.headers.get('cache-control')).toBe('private, no-cache');
    await gateway.fetch(`/calls/verba_${ONGOING}`);
    expect(await reads(ONGOING)).toBe(1);
    await sleep(IN_PROGRESS_TTL_MS + 50);
    await gateway.fetch(`/calls/verba_${ONGOING}`);
    expect(await reads(ONGOING)).toBe(2);
  });

  it('shows a keep and an unmark at once, and changes the ETag', async () => {
    const before = await gateway.fetch(`/calls/verba_${FINISHED}`);
    const etag = before.headers.get('etag') ?? '';
    expect((await json(before)).recordingPolicy.kept).toBe(false);

    await gateway.fetch(`/calls/verba_${FINISHED}/keep`, { method: 'POST' });
    const kept = await gateway.fetch(`/calls/verba_${FINISHED}`, {
      headers: { 'if-none-match': etag },
    });
    expect(kept.status).toBe(200);
    expect(kept.headers.get('etag')).not.toBe(etag);
    expect((await json(kept)).recordingPolicy.kept).toBe(true);

    await gateway.fetch(`/calls/verba_${FINISHED}/keep`, { method: 'DELETE' });
    const unmarked = await gateway.fetch(`/calls/verba_${FINISHED}`);
    expect((await json(unmarked)).recordingPolicy.kept).toBe(false);
    expect(unmarked.headers.get('etag')).toBe(etag);
    expect(await reads(FINISHED)).toBe(3);
  });

  it('forgets a call deleted by id', async () => {
    expect((await gateway.fetch(`/calls/verba_${FINISHED}`)).status).toBe(200);
    expect((await gateway.fetch(`/calls/verba_${FINISHED}`, { method: 'DELETE' })).status).toBe(
      200,
    );
    expect((await gateway.fetch(`/calls/verba_${FINISHED}`)).status).toBe(404);
  });

  it('forgets a finished call that a delete by selector may have picked', async () => {
    expect((await gateway.fetch(`/calls/verba_${FINISHED}`)).status).toBe(200);
    const deleted = await gateway.fetch('/providers/verba/delete', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ extension: '8856', status: ['last'] }),
    });
    expect(deleted.status).toBe(200);
    expect((await gateway.fetch(`/calls/verba_${FINISHED}`)).status).toBe(404);
  });

  it('serves the call a search found without asking again', async () => {
    const page = await gateway.fetch('/calls?provider=verba&nativeId=TRS26140192');
    expect((await json(page)).items[0].id).toBe(`verba_${FINISHED}`);
    expect((await gateway.fetch(`/calls/verba_${FINISHED}`)).status).toBe(200);
    expect(await reads(FINISHED)).toBe(1);
  });
});

/** A change made in Verba's own UI, which the gateway does not see. */
async function editInVerba(callId: string, edit: Record<string, unknown>) {
  const response = await fetch(`${sandbox.origin}/__sandbox/calls/${callId}`, {
    method: 'PATCH',
    body: JSON.stringify(edit),
  });
  expect(response.status).toBe(204);
}

describe('request cache directives on GET /calls/{id}', () => {
  it('says where each answer came from: read and kept, then from memory with its age', async () => {
    const first = await gateway.fetch(`/calls/verba_${FINISHED}`);
    expect(first.headers.get('cache-status')).toBe('callgate; fwd=miss; stored');
    expect(first.headers.get('age')).toBe('0');
    await sleep(1100);
    const second = await gateway.fetch(`/calls/verba_${FINISHED}`);
    expect(second.headers.get('cache-status')).toMatch(/^callgate; hit; ttl=(59[0-9])$/);
    expect(Number(second.headers.get('age'))).toBeGreaterThanOrEqual(1);
    expect(await reads(FINISHED)).toBe(1);
  });

  it('no-cache reads Verba again after a change made in its UI, and refreshes the kept copy', async () => {
    const before = await json(await gateway.fetch(`/calls/verba_${FINISHED}`));
    expect(before.recordingPolicy.doNotDelete).toBe(false);
    await editInVerba(FINISHED, { doNotDelete: true, calleeName: 'Ada King' });

    const kept = await gateway.fetch(`/calls/verba_${FINISHED}`);
    expect((await json(kept)).recordingPolicy.doNotDelete).toBe(false);
    expect(kept.headers.get('cache-status')).toMatch(/^callgate; hit; /);

    const fresh = await gateway.fetch(`/calls/verba_${FINISHED}`, {
      headers: { 'cache-control': 'no-cache' },
    });
    expect(fresh.status).toBe(200);
    expect(fresh.headers.get('cache-status')).toBe('callgate; fwd=request; stored');
    expect(fresh.headers.get('age')).toBe('0');
    const call = await json(fresh);
    expect(call.recordingPolicy.doNotDelete).toBe(true);
    expect(call.to[0].name).toBe('Ada King');

    // The next plain read gets the refreshed copy, from memory.
    const after = await gateway.fetch(`/calls/verba_${FINISHED}`);
    expect(after.headers.get('cache-status')).toMatch(/^callgate; hit; /);
    expect(await json(after)).toEqual(call);
    expect(await reads(FINISHED)).toBe(2);
  });

  it('takes max-age=0 as no-cache, and a max-age the kept copy is within as a hit', async () => {
    await gateway.fetch(`/calls/verba_${FINISHED}`);
    await editInVerba(FINISHED, { callerName: 'Reception' });
    const within = await gateway.fetch(`/calls/verba_${FINISHED}`, {
      headers: { 'cache-control': 'max-age=600' },
    });
    expect(within.headers.get('cache-status')).toMatch(/^callgate; hit; /);
    expect((await json(within)).from.name).toBe('Front desk');

    const refused = await gateway.fetch(`/calls/verba_${FINISHED}`, {
      headers: { 'cache-control': 'max-age=0' },
    });
    expect(refused.headers.get('cache-status')).toBe('callgate; fwd=request; stored');
    expect((await json(refused)).from.name).toBe('Reception');
    expect(await reads(FINISHED)).toBe(2);
  });

  it('answers a conditional no-cache read with 304 when Verba still has the same call', async () => {
    const etag = (await gateway.fetch(`/calls/verba_${FINISHED}`)).headers.get('etag') ?? '';
    // fetch() sends `Cache-Control: no-cache` with If-None-Match by itself.
    const revalidated = await gateway.fetch(`/calls/verba_${FINISHED}`, {
      headers: { 'if-none-match': etag },
    });
    expect(revalidated.status).toBe(304);
    expect(revalidated.headers.get('cache-status')).toBe('callgate; fwd=request; stored');
    expect(await reads(FINISHED)).toBe(2);
  });

  it('refuses an oversized Cache-Control as bad input, without asking Verba', async () => {
    const response = await gateway.fetch(`/calls/verba_${FINISHED}`, {
      headers: { 'cache-control': `no-cache, ${'x'.repeat(1100)}` },
    });
    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(await reads(FINISHED)).toBe(0);
  });
});
