/**
 * State kept across restarts: a keep repeated with the same Idempotency-Key after the
 * gateway stopped and started again is replayed, not sent to Verba again. On Node the
 * records live in STATE_DB; on the Worker in its Durable Objects, which `wrangler dev`
 * keeps in `--persist-to`.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startVerbaSandbox, type VerbaSandbox } from '../../providers/verba/sandbox/index.ts';
import { TEST_API_KEYS, withKey } from '../support/keys.ts';
import { resetSandbox, sandboxRequests } from '../support/sandbox-log.ts';
import { verbaEnv } from '../support/verba.ts';
import { startWranglerDev } from '../support/wrangler-dev.ts';

const ONGOING = '5d0b6f0c-7f64-4d3e-9a51-2c1f0f6e8a10';
const KEEP = `/calls/verba_${ONGOING}/keep`;

let sandbox: VerbaSandbox;
let dir: string;
beforeAll(async () => {
  sandbox = await startVerbaSandbox();
  dir = mkdtempSync(join(tmpdir(), 'callgate-restart-'));
});
afterAll(async () => {
  await sandbox?.close();
  rmSync(dir, { recursive: true, force: true });
});
beforeEach(async () => {
  await resetSandbox(sandbox.origin);
});

const keep = (base: string, key: string) =>
  fetch(
    `${base}${KEEP}`,
    withKey({
      method: 'POST',
      headers: { 'idempotency-key': key, 'content-type': 'application/json' },
      body: '{}',
    }),
  );

async function keepCalls(): Promise<number> {
  return (await sandboxRequests(sandbox.origin)).filter((r) => r.action === 'KeepCall').length;
}

/** `npm start` with `env`, until it prints its URL. */
async function startNode(env: Record<string, string>) {
  const clean: NodeJS.ProcessEnv = { PATH: process.env.PATH ?? '', PORT: '0', LOG_LEVEL: 'warn' };
  const child: ChildProcess = spawn(process.execPath, ['src/node/main.ts'], {
    env: { ...clean, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  const deadline = Date.now() + 15_000;
  let base: string | undefined;
  while (!base) {
    base = /callgate on (http:\/\/127\.0\.0\.1:\d+)/.exec(output)?.[1];
    if (child.exitCode !== null || Date.now() > deadline) throw new Error(`no banner:\n${output}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  const stop = async () => {
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
  };
  return { base, output: () => output, stop };
}

describe('the Node server restarted on the same STATE_DB', () => {
  it('replays a keep it answered before the restart', async () => {
    const env = {
      ...verbaEnv(sandbox),
      GATEWAY_API_KEYS: TEST_API_KEYS,
      HOST: '127.0.0.1',
      STATE_DB: join(dir, 'node-state.db'),
    };
    const first = await startNode(env);
    expect(first.output()).toContain(`state:   SQLite file ${env.STATE_DB}`);
    expect((await keep(first.base, 'restart-node')).status).toBe(200);
    await first.stop();

    const second = await startNode(env);
    const repeat = await keep(second.base, 'restart-node');
    await second.stop();
    expect(repeat.status).toBe(200);
    expect(repeat.headers.get('idempotent-replayed')).toBe('true');
    expect(await keepCalls()).toBe(1);
  });

  it('says at start when it keeps state in memory only', async () => {
    const gateway = await startNode({ ...verbaEnv(sandbox), GATEWAY_API_KEYS: TEST_API_KEYS });
    await gateway.stop();
    expect(gateway.output()).toMatch(/state: +in memory \(STATE_DB unset\)/);
  });
});

describe('wrangler dev restarted with its local state kept', () => {
  it('replays a keep it answered before the restart', { timeout: 240_000 }, async () => {
    const secrets = { ...verbaEnv(sandbox), GATEWAY_API_KEYS: TEST_API_KEYS, LOG_LEVEL: 'warn' };
    const persistTo = join(dir, 'wrangler-state');
    const first = await startWranglerDev(secrets, { persistTo });
    try {
      const answer = await keep(first.url, 'restart-worker');
      expect(answer.status, await answer.clone().text()).toBe(200);
    } finally {
      await first.close();
    }

    const second = await startWranglerDev(secrets, { persistTo });
    let repeat: Response;
    try {
      repeat = await keep(second.url, 'restart-worker');
      await repeat.text();
    } finally {
      await second.close();
    }
    expect(repeat.status).toBe(200);
    expect(repeat.headers.get('idempotent-replayed')).toBe('true');
    expect(await keepCalls()).toBe(1);
  });
});
