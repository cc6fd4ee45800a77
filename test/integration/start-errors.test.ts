/** `npm start` that cannot start says why and what to change, in plain lines, and exits 1. */
import { createServer, type Server } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { consumerEnv, type RunResult, run } from '../support/run.ts';

const ROOT = new URL('../..', import.meta.url).pathname;

let taken: Server;
let takenPort: number;

beforeAll(async () => {
  taken = createServer();
  await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
  takenPort = (taken.address() as { port: number }).port;
});

afterAll(() => new Promise<void>((resolve) => taken.close(() => resolve())));

/** `npm start` in sandbox mode (no provider configured) with `env` on top. */
function start(env: Record<string, string>): Promise<RunResult> {
  const base = consumerEnv({ LOG_LEVEL: 'warn', ...env });
  for (const name of Object.keys(base))
    if (/^(VERBA|CALLFIRE|GATEWAY)_|^PROVIDERS$/.test(name) && !(name in env)) delete base[name];
  return run('npm', ['start'], { cwd: ROOT, env: base, timeoutMs: 60_000 });
}

/** What the operator sees: our lines, without a stack trace or Node's own error dump. */
function expectPlainFailure(result: RunResult) {
  expect(result.code, result.output).not.toBe(0);
  expect(result.output).not.toMatch(/^\s+at /m);
  expect(result.output).not.toMatch(/Unhandled|node:events|Error:/);
  const ours = result.stderr.split('\n').filter((line) => line.trim());
  expect(ours.length, result.stderr).toBeLessThanOrEqual(3);
  expect(ours[0]).toMatch(/^callgate: cannot start, /);
}

describe.concurrent('npm start that cannot start', { timeout: 60_000 }, () => {
  it('on a port already taken, names the port and PORT', async () => {
    const result = await start({ PORT: String(takenPort), HOST: '127.0.0.1' });
    expectPlainFailure(result);
    expect(result.stderr).toContain(`port ${takenPort} on 127.0.0.1 is already in use`);
    expect(result.stderr).toMatch(/set PORT to a free port/);
  });

  it('on an address this machine does not have, names HOST', async () => {
    // TEST-NET-1 (RFC 5737): no machine has it, and binding to it sends nothing.
    const result = await start({ PORT: '0', HOST: '192.0.2.1' });
    expectPlainFailure(result);
    expect(result.stderr).toMatch(/192\.0\.2\.1 is not an address of this machine/);
    expect(result.stderr).toMatch(/Set HOST to one of its addresses/);
  });

  it('with a bad PORT, names the variable', async () => {
    const result = await start({ PORT: '70000' });
    expectPlainFailure(result);
    expect(result.stderr).toMatch(/PORT: must be a port number/);
  });
});
