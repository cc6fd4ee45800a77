/**
 * What a healthy read costs the gateway's state on Node: nothing. The breaker's view is
 * held in memory and read from STATE_DB at most once per `BREAKER_SYNC_MS`, so reads of a
 * healthy instance run no SQLite statement; a keep with an `Idempotency-Key` does (its
 * claim and stored answer), which shows the count counts.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CALLFIRE_SAMPLE_CALLS,
  type CallFireSandbox,
  startCallFireSandbox,
} from '../../providers/callfire/sandbox/index.ts';
import { startVerbaSandbox, type VerbaSandbox } from '../../providers/verba/sandbox/index.ts';
import { CALLFIRE_TEST_CURSOR_KEY, callfireEnv } from '../support/callfire.ts';
import { type RunningGateway, startGateway } from '../support/gateway.ts';
import { verbaEnv } from '../support/verba.ts';

const VERBA_CALL = '/calls/verba_a8343631-9f35-4a3a-83f0-9e81592339fb';
const CALLFIRE_CALL = `/calls/callfire_${CALLFIRE_SAMPLE_CALLS.documented}`;

let verba: VerbaSandbox;
let callfire: CallFireSandbox;
let gateway: RunningGateway;
let dir: string;
// A clock that stands still: the breaker's sync interval never runs out during the reads.
const clock = Date.now();

beforeAll(async () => {
  verba = await startVerbaSandbox();
  callfire = await startCallFireSandbox();
  dir = mkdtempSync(join(tmpdir(), 'callgate-statements-'));
  gateway = await startGateway(
    {
      ...verbaEnv(verba),
      ...callfireEnv(callfire),
      STATE_DB: join(dir, 'state.db'),
      CALL_CACHE: 'off',
    },
    { name: 'state-statements', now: () => clock },
  );
});

afterAll(async () => {
  await gateway?.close();
  await verba?.close();
  await callfire?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('reads of healthy instances with STATE_DB set', () => {
  it('run no SQLite statement', async () => {
    // The first read of each instance reads its breaker once.
    expect((await gateway.fetch(VERBA_CALL)).status).toBe(200);
    expect((await gateway.fetch(CALLFIRE_CALL)).status).toBe(200);
    const before = gateway.state.statements();
    for (let i = 0; i < 10; i++) {
      expect((await gateway.fetch(VERBA_CALL)).status).toBe(200);
      expect((await gateway.fetch(CALLFIRE_CALL)).status).toBe(200);
    }
    expect(gateway.state.statements() - before).toBe(0);
  });

  it('while a keep with an Idempotency-Key runs some (the count counts)', async () => {
    const before = gateway.state.statements();
    const kept = await gateway.fetch(`${VERBA_CALL}/keep`, {
      method: 'POST',
      headers: { 'idempotency-key': `statements-${clock}` },
    });
    expect(kept.status).toBe(200);
    expect(gateway.state.statements() - before).toBeGreaterThan(0);
  });
});
