/**
 * 405 with `Allow` and idempotency after routing on the Node server (test/shared/methods.ts),
 * plus what only Node can show: TRACE, which fetch refuses to send, and the Idempotency-Key
 * records themselves, which a request no route takes must never read or write.
 */
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startVerbaSandbox, type VerbaSandbox } from '../../providers/verba/sandbox/index.ts';
import { describeMethods } from '../shared/methods.ts';
import { type RunningGateway, startGateway } from '../support/gateway.ts';
import { TEST_KEYS } from '../support/keys.ts';
import { verbaEnv } from '../support/verba.ts';

let sandbox: VerbaSandbox;
let gateway: RunningGateway;

beforeAll(async () => {
  sandbox = await startVerbaSandbox();
  gateway = await startGateway(verbaEnv(sandbox), { name: 'methods' });
});

afterAll(async () => {
  await gateway?.close();
  await sandbox?.close();
});

describe('methods and routes on Node', () => {
  describeMethods(() => ({ fetch: gateway.fetch, sandboxOrigin: sandbox.origin }));

  it('answers TRACE with 405 and Allow', async () => {
    const { status, headers } = await new Promise<{
      status: number;
      headers: Record<string, unknown>;
    }>((resolve, reject) => {
      const req = request(`${gateway.url}/healthz`, {
        method: 'TRACE',
        headers: { authorization: `Bearer ${TEST_KEYS.all}` },
      });
      req.on('response', (res) => {
        res.resume();
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers }));
      });
      req.on('error', reject);
      req.end();
    });
    expect(status).toBe(405);
    expect(headers.allow).toBe('GET, HEAD');
  });

  it('never reads or writes an Idempotency-Key record for a request no route takes', async () => {
    const records = gateway.state.idempotency;
    const touched: string[] = [];
    for (const name of ['claim', 'complete', 'release'] as const) {
      const original = records[name].bind(records) as (...args: unknown[]) => Promise<unknown>;
      (records as unknown as Record<string, unknown>)[name] = (...args: unknown[]) => {
        touched.push(name);
        return original(...args);
      };
    }
    for (const [method, path] of [
      ['POST', '/healthz'],
      ['DELETE', '/providers/verba/delete'],
      ['POST', '/calls'],
      ['DELETE', '/nowhere'],
    ] as const) {
      const response = await gateway.fetch(path, {
        method,
        headers: { 'idempotency-key': 'never-stored' },
      });
      expect([404, 405], `${method} ${path}`).toContain(response.status);
    }
    expect(touched).toEqual([]);
    // The same wrapper sees a real write claim and complete its record.
    const keep = await gateway.fetch('/calls/verba_5d0b6f0c-7f64-4d3e-9a51-2c1f0f6e8a10/keep', {
      method: 'POST',
      headers: { 'idempotency-key': 'stored' },
    });
    expect(keep.status).toBe(200);
    expect(touched).toEqual(['claim', 'complete']);
  });
});
