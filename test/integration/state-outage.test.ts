/**
 * When the gateway's state cannot be reached (a Durable Object outage, on the Worker): a
 * write that carries an Idempotency-Key is refused before anything is sent, and reads go on
 * without the breaker's shared view. The state is node:sqlite with its answers cut off.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startVerbaSandbox, type VerbaSandbox } from '../../providers/verba/sandbox/index.ts';
import { createGateway } from '../../src/app.ts';
import { loadConfig } from '../../src/config.ts';
import type { GatewayState } from '../../src/core/state/types.ts';
import { createNodeClient } from '../../src/node/http-client.ts';
import { openSqliteState, type SqliteState } from '../../src/node/sqlite-state.ts';
import { captureLogs } from '../support/log-capture.ts';
import { resetSandbox, sandboxRequests } from '../support/sandbox-log.ts';
import { verbaEnv } from '../support/verba.ts';

const CALL = '/calls/verba_a8343631-9f35-4a3a-83f0-9e81592339fb';
const KEEP = '/calls/verba_5d0b6f0c-7f64-4d3e-9a51-2c1f0f6e8a10/keep';
const unreachable = () => Promise.reject(new Error('Durable Object unreachable'));

let sandbox: VerbaSandbox;
let real: SqliteState;
let app: ReturnType<typeof createGateway>;
let logs: () => Array<Record<string, unknown>>;
let closeUpstream: () => Promise<void>;

beforeAll(async () => {
  sandbox = await startVerbaSandbox();
  real = openSqliteState({ path: null });
  const instance = real.instance('verba');
  // Everything shared is out of reach; the token stays in the process, as on Node.
  const state: GatewayState = {
    ...real,
    idempotency: { claim: unreachable, complete: unreachable, release: unreachable },
    instance: () => ({
      token: instance.token,
      breakerRead: unreachable,
      breakerProbe: unreachable,
      breakerReport: unreachable,
      permits: unreachable,
      key: unreachable,
    }),
  };
  const captured = captureLogs('state-outage');
  logs = captured.lines;
  const upstream = createNodeClient();
  closeUpstream = upstream.close;
  app = createGateway(
    loadConfig({
      ...verbaEnv(sandbox),
      GATEWAY_AUTH: 'off',
      CALL_CACHE: 'off',
      VERBA_MAX_RPS: '5',
    }),
    { http: upstream.client, logger: captured.logger, state },
  );
});

afterAll(async () => {
  await closeUpstream?.();
  await real?.close();
  await sandbox?.close();
});

beforeEach(async () => {
  await resetSandbox(sandbox.origin);
});

describe('with the state out of reach', () => {
  it('refuses a write with an Idempotency-Key, sending nothing', async () => {
    const response = await app.request(KEEP, {
      method: 'POST',
      headers: { 'idempotency-key': 'outage-1' },
    });
    expect(response.status).toBe(503);
    expect(response.headers.get('retry-after')).toBe('1');
    expect(await response.json()).toMatchObject({ code: 'state_unavailable' });
    expect(await sandboxRequests(sandbox.origin)).toEqual([]);
  });

  it('goes on with reads and plain writes, and says why in its log', async () => {
    expect((await app.request(CALL)).status).toBe(200);
    expect((await app.request(KEEP, { method: 'POST' })).status).toBe(200);
    const actions = (await sandboxRequests(sandbox.origin)).map((r) => r.action);
    expect(actions.filter((a) => a !== 'RequestToken')).toEqual(['GetCallInformation', 'KeepCall']);
    expect(logs().some((line) => String(line.msg).includes('did not answer'))).toBe(true);
  });
});
