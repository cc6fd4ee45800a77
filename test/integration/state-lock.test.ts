/**
 * STATE_DB shared with another process that holds its write lock: node:sqlite is
 * synchronous, so a lock must never be waited for on the event loop. While another
 * process holds `BEGIN IMMEDIATE` on the file, /healthz and reads answer at once, and a
 * keep with an Idempotency-Key gets a 503 `state_unavailable` with nothing sent and
 * nothing written. A file deleted under the running gateway is noticed and said.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, unlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startVerbaSandbox, type VerbaSandbox } from '../../providers/verba/sandbox/index.ts';
import { type RunningGateway, startGateway } from '../support/gateway.ts';
import { resetSandbox, sandboxRequests } from '../support/sandbox-log.ts';
import { verbaEnv } from '../support/verba.ts';

const CALL = '/calls/verba_a8343631-9f35-4a3a-83f0-9e81592339fb';
const KEEP = '/calls/verba_5d0b6f0c-7f64-4d3e-9a51-2c1f0f6e8a10/keep';

let sandbox: VerbaSandbox;
let dir: string;
let gateway: RunningGateway;
let file: string;

beforeAll(async () => {
  sandbox = await startVerbaSandbox();
  dir = mkdtempSync(join(tmpdir(), 'callgate-lock-'));
});
afterAll(async () => {
  await sandbox?.close();
  rmSync(dir, { recursive: true, force: true });
});
beforeEach(async () => {
  await resetSandbox(sandbox.origin);
  file = join(dir, `state-${Math.random().toString(36).slice(2)}.db`);
  gateway = await startGateway(
    { ...verbaEnv(sandbox), STATE_DB: file, CALL_CACHE: 'off' },
    { name: 'state-lock' },
  );
});
afterEach(async () => {
  await gateway?.close();
});

/** Another process with the file's write lock, until `release`. */
async function holdWriteLock(path: string): Promise<{ release: () => Promise<void> }> {
  const script = `
    const { DatabaseSync } = require('node:sqlite');
    const db = new DatabaseSync(${JSON.stringify(path)});
    db.exec('BEGIN IMMEDIATE');
    db.exec("INSERT INTO breaker (instance, state, failures) VALUES ('other', 'closed', 0)");
    process.stdout.write('locked\\n');
    process.stdin.on('data', () => { db.exec('ROLLBACK'); db.close(); process.exit(0); });
  `;
  const child: ChildProcess = spawn(process.execPath, ['-e', script], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  await new Promise<void>((resolve, reject) => {
    child.stdout?.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('locked')) resolve();
    });
    child.once('exit', (code) => reject(new Error(`lock holder exited with ${code}`)));
  });
  return {
    release: () =>
      new Promise<void>((resolve) => {
        child.once('exit', () => resolve());
        child.stdin?.write('go\n');
      }),
  };
}

const keep = (key: string) =>
  gateway.fetch(KEEP, {
    method: 'POST',
    headers: { 'idempotency-key': key, 'content-type': 'application/json' },
    body: '{}',
  });

async function timed(request: Promise<Response>): Promise<{ response: Response; ms: number }> {
  const started = performance.now();
  const response = await request;
  await response.arrayBuffer();
  return { response, ms: performance.now() - started };
}

async function keepCalls(): Promise<number> {
  return (await sandboxRequests(sandbox.origin)).filter((r) => r.action === 'KeepCall').length;
}

describe('STATE_DB write lock held by another process', () => {
  it('never freezes the event loop: /healthz and reads answer fast beside a refused keep', async () => {
    // A first read brings the token and a breaker row, as in a running gateway.
    expect((await gateway.fetch(CALL)).status).toBe(200);
    const lock = await holdWriteLock(file);
    // The gateway runs in this process: its event loop is this one.
    const loop = monitorEventLoopDelay({ resolution: 10 });
    loop.enable();
    try {
      const [kept, health, read] = await Promise.all([
        timed(keep('locked-key')),
        timed(gateway.fetch('/healthz')),
        timed(gateway.fetch(CALL)),
      ]);
      loop.disable();
      // A lock waited for on the loop stalls it for the whole busy timeout (5 s before);
      // the bounds leave room for a machine busy with other work.
      expect(loop.max / 1e6).toBeLessThan(2_000);
      expect(health.response.status).toBe(200);
      expect(health.ms).toBeLessThan(2_500);
      expect(read.response.status).toBe(200);
      expect(read.ms).toBeLessThan(2_500);

      expect(kept.response.status).toBe(503);
      expect(kept.response.headers.get('content-type')).toContain('application/problem+json');
      const problem = (await (await keep('locked-key')).json()) as { code: string };
      expect(problem.code).toBe('state_unavailable');
      // Refused after a bounded wait on timers, not the 5 s of a blocking busy timeout.
      expect(kept.ms).toBeLessThan(3_000);
      expect(await keepCalls()).toBe(0);
    } finally {
      await lock.release();
    }
    // Nothing was half-written: the same key now runs the keep, once.
    const after = await keep('locked-key');
    expect(after.status).toBe(200);
    expect(await keepCalls()).toBe(1);
    expect((await keep('locked-key')).headers.get('idempotent-replayed')).toBe('true');
    expect(await keepCalls()).toBe(1);
  });
});

describe('STATE_DB deleted while the gateway runs', () => {
  it('is noticed and said in the log; keyed writes are refused rather than kept in a store nobody shares', async () => {
    expect((await keep('before-delete')).status).toBe(200);
    unlinkSync(file);
    const refused = await keep('after-delete');
    expect(refused.status).toBe(503);
    expect(((await refused.json()) as { code: string }).code).toBe('state_unavailable');
    expect(await keepCalls()).toBe(1);
    const said = gateway
      .logs()
      .filter((line) => line.level === 50 && String(line.msg).includes('STATE_DB'));
    expect(said.length).toBeGreaterThan(0);
    expect(String(said[0]?.msg)).toContain('deleted or replaced');
    // Reads go on.
    expect((await gateway.fetch(CALL)).status).toBe(200);
  });
});
