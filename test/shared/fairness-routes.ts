/**
 * `<PREFIX>_MAX_RPS` shared fairly between API keys, through the routes, on Node and in
 * workerd: one key sending as fast as it can gets its requests refused, another key's
 * reads at a few per second all go through.
 */
import { describe, expect, it } from 'vitest';
import { TEST_KEYS, withKey } from '../support/keys.ts';
import type { ResilienceTarget } from './resilience-routes.ts';

const CALL = '/calls/verba_a8343631-9f35-4a3a-83f0-9e81592339fb';
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export function describeFairness(target: () => ResilienceTarget) {
  describe('the request cap between API keys', () => {
    it("one key's flood never refuses another key's reads", async () => {
      const gateway = await target().start({
        CALL_CACHE: 'off',
        VERBA_MAX_RPS: '10',
        VERBA_RETRIES: '0',
      });
      const read = (key: string) => gateway.fetch(CALL, withKey(undefined, key));
      try {
        // The quiet key is known to the gateway (and the token fetched) before the flood.
        expect((await read(TEST_KEYS.reader)).status).toBe(200);
        let flooding = true;
        const flood: number[] = [];
        const flooder = async () => {
          while (flooding) {
            const response = await read(TEST_KEYS.all);
            await response.arrayBuffer();
            flood.push(response.status);
            // ~50 requests a second from five loops: five times the cap.
            await sleep(100);
          }
        };
        const loops = Array.from({ length: 5 }, flooder);
        const quiet: number[] = [];
        for (let i = 0; i < 12; i++) {
          await sleep(250);
          const response = await read(TEST_KEYS.reader);
          await response.arrayBuffer();
          quiet.push(response.status);
        }
        flooding = false;
        await Promise.all(loops);
        // The cap was contended: the flood was refused, the quiet key never.
        expect(flood.filter((status) => status === 503).length).toBeGreaterThan(0);
        expect(quiet).toEqual(Array(12).fill(200));
      } finally {
        await gateway.close();
      }
    });
  });
}
