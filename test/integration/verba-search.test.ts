/**
 * Verba's SearchCalls has no paging of its own: the gateway reads the answer record by
 * record, stops once a page is known, and refuses a page that lies deeper than its read cap
 * with a 400 that says how to narrow the window.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startVerbaSandbox, type VerbaSandbox } from '../../providers/verba/sandbox/index.ts';
import { createCursorCodec } from '../../src/core/page-cursor.ts';
import { type RunningGateway, startGateway } from '../support/gateway.ts';
import { resetSandbox, sandboxRequests } from '../support/sandbox-log.ts';
import { verbaEnv } from '../support/verba.ts';

let verba: VerbaSandbox;
let gateway: RunningGateway;
const BULK = 20_000;
const filters = { since: '2026-11-22T00:00:00Z', until: '2026-11-25T00:00:00Z' };
const CURSOR_KEY = 'verba-search-test-cursor-key-0123456789';
const window = `since=${filters.since}&until=${filters.until}`;

beforeAll(async () => {
  verba = await startVerbaSandbox({ bulkCalls: BULK });
  // 256 KiB of SearchCalls answer: some 280 records.
  gateway = await startGateway(
    {
      ...verbaEnv(verba),
      VERBA_MAX_RESPONSE_BYTES: String(256 * 1024),
      VERBA_CURSOR_KEY: CURSOR_KEY,
    },
    { name: 'verba-search' },
  );
});

afterAll(async () => {
  await gateway?.close();
  await verba?.close();
});

describe('SearchCalls over a window of thousands of calls', () => {
  it('answers a page and stops reading the rest of the answer', async () => {
    await resetSandbox(verba.origin);
    const response = await gateway.fetch(`/calls?provider=verba&${window}&limit=50`);
    expect(response.status).toBe(200);
    const page = (await response.json()) as { items: Array<{ id: string }>; nextCursor: string };
    expect(page.items).toHaveLength(50);
    expect(page.items[0]?.id).toBe('verba_b0000000-0000-4000-8000-000000000000');
    expect(typeof page.nextCursor).toBe('string');
    let search: { bytes?: number; aborted?: boolean } | undefined;
    await expect
      .poll(async () => {
        search = (await sandboxRequests(verba.origin)).find((r) => r.action === 'SearchCalls');
        return search?.aborted;
      })
      .toBe(true);
    expect(search?.bytes).toBeLessThan(BULK * 800);

    const next = (await (
      await gateway.fetch(`/calls?provider=verba&${window}&limit=50&cursor=${page.nextCursor}`)
    ).json()) as { items: Array<{ id: string }> };
    expect(next.items[0]?.id).toBe('verba_b0000000-0000-4000-8000-000000000050');
  });

  it('refuses a page beyond what it reads, saying how to narrow the window', async () => {
    // Signed with the gateway's VERBA_CURSOR_KEY, as the gateway signs its own.
    const cursors = createCursorCodec('verba', 'verba', CURSOR_KEY);
    const deep = await cursors.encode(2500, filters);
    const response = await gateway.fetch(`/calls?provider=verba&${window}&limit=50&cursor=${deep}`);
    expect(response.status).toBe(400);
    const problem = (await response.json()) as { detail: string; errors: unknown[] };
    expect(problem.detail).toMatch(/narrow `since`\/`until`/);
    expect(problem.errors).toEqual([
      { field: 'query.since', message: 'window too wide for this page' },
    ]);
  });
});
