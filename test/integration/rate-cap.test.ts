/**
 * `<PREFIX>_MAX_RPS` on Node, as its logs tell it: a request the cap refused sent nothing,
 * so it is logged as skipped and counted as no upstream call. (What callers get is in the
 * shared route tests, test/shared/resilience-routes.ts.)
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startVerbaSandbox, type VerbaSandbox } from '../../providers/verba/sandbox/index.ts';
import { startGateway } from '../support/gateway.ts';
import { verbaEnv } from '../support/verba.ts';

const CALL = '/calls/verba_a8343631-9f35-4a3a-83f0-9e81592339fb';
let sandbox: VerbaSandbox;

beforeAll(async () => {
  sandbox = await startVerbaSandbox();
});
afterAll(async () => {
  await sandbox?.close();
});

describe('a request over the cap', () => {
  it('is logged as skipped, not as an upstream call', async () => {
    const gateway = await startGateway(
      { ...verbaEnv(sandbox), VERBA_MAX_RPS: '1', CALL_CACHE: 'off', LOG_LEVEL: 'info' },
      { name: 'rate-cap' },
    );
    try {
      await gateway.fetch(CALL);
      await new Promise((resolve) => setTimeout(resolve, 1020 - (Date.now() % 1000)));
      const [sent, refused] = [await gateway.fetch(CALL), await gateway.fetch(CALL)];
      expect(sent.status).toBe(200);
      expect(refused.status).toBe(503);
      const id = refused.headers.get('x-request-id');
      const lines = gateway.logs().filter((line) => line.requestId === id);
      expect(lines.find((line) => line.msg === 'upstream skipped')).toMatchObject({
        upstream: { instance: 'verba', skipped: 'request cap reached' },
      });
      expect(lines.find((line) => line.msg === 'request')).toMatchObject({
        status: 503,
        upstreamCalls: 0,
      });
      expect(lines.filter((line) => line.msg === 'upstream failed')).toEqual([]);
    } finally {
      await gateway.close();
    }
  });
});
