/**
 * Verba's token as the gateway holds it for every request, on Node and in workerd: a
 * provider that rejects every token is not asked for a new one on each request, and a
 * request waiting for another's token renewal fails at its own deadline, not at the other's.
 */
import { describe, expect, it } from 'vitest';
import { withKey } from '../support/keys.ts';
import { clearFaults, injectFault, resetSandbox, sandboxRequests } from '../support/sandbox-log.ts';
import type { ResilienceTarget } from './resilience-routes.ts';

const CALL = '/calls/verba_a8343631-9f35-4a3a-83f0-9e81592339fb';
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function tokenRequests(origin: string): Promise<number> {
  return (await sandboxRequests(origin)).filter((r) => r.action === 'RequestToken').length;
}

export function describeTokenWaits(target: () => ResilienceTarget) {
  describe("the instance's token", () => {
    it('is not requested again for every request while Verba rejects each one it issues', async () => {
      const origin = target().sandboxOrigin;
      await clearFaults(origin);
      await resetSandbox(origin);
      const gateway = await target().start({ CALL_CACHE: 'off', VERBA_RETRIES: '0' });
      try {
        // Every answer but RequestToken's: "token expired or never got authenticated".
        await injectFault(origin, { kind: 'expired-token' });
        const statuses: number[] = [];
        const retryAfter: Array<string | null> = [];
        for (let i = 0; i < 20; i++) {
          const response = await gateway.fetch(CALL, withKey(undefined));
          await response.arrayBuffer();
          statuses.push(response.status);
          retryAfter.push(response.headers.get('retry-after'));
        }
        expect(statuses.every((status) => status === 502 || status === 503)).toBe(true);
        // The first token, one replacement, and nothing more while the backoff lasts.
        expect(await tokenRequests(origin)).toBeLessThanOrEqual(3);
        // Refusals during the backoff say when to come back.
        expect(Number(retryAfter.at(-1))).toBeGreaterThanOrEqual(1);
      } finally {
        await clearFaults(origin);
        await gateway.close();
      }
    });

    it("lets a request waiting for another's token renewal wait until its own deadline", async () => {
      const origin = target().sandboxOrigin;
      await clearFaults(origin);
      await resetSandbox(origin);
      const gateway = await target().start({
        CALL_CACHE: 'off',
        VERBA_RETRIES: '0',
        VERBA_TIMEOUT_MS: '1500',
      });
      try {
        // The first RequestToken answers after the first request's deadline.
        await injectFault(origin, {
          kind: 'delay',
          delayMs: 2_500,
          operations: ['RequestToken'],
          times: 1,
        });
        const first = gateway.fetch(CALL, withKey(undefined));
        await sleep(700);
        const secondStarted = performance.now();
        const second = await gateway.fetch(CALL, withKey(undefined));
        const secondMs = performance.now() - secondStarted;
        const firstAnswer = await first;
        expect(firstAnswer.status).toBe(504);
        expect(((await firstAnswer.json()) as { detail: string }).detail).toContain('1500 ms');
        // The second had time left when the first gave up: it asked for its own token.
        expect(second.status).toBe(200);
        expect(secondMs).toBeLessThan(1_500 + 1_000);
        expect(await tokenRequests(origin)).toBe(2);
      } finally {
        await clearFaults(origin);
        await gateway.close();
      }
    });
  });
}
