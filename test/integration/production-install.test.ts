/**
 * A production install runs the gateway: the files a clone has, `npm ci --omit=dev` without
 * the network (the npm cache this project's own `npm ci` filled), then `npm start`
 * configured against sandboxes this test starts, read through with an API key. The same
 * install without a provider says plainly that sandbox mode needs the dev packages.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type CallFireSandbox,
  startCallFireSandbox,
} from '../../providers/callfire/sandbox/index.ts';
import { startVerbaSandbox, type VerbaSandbox } from '../../providers/verba/sandbox/index.ts';
import { TEST_API_KEYS, TEST_KEYS } from '../support/keys.ts';
import { consumerEnv, copyWorkingTree, type RunResult, run } from '../support/run.ts';
import { verbaEnv } from '../support/verba.ts';

const VERBA_CALL = 'verba_a8343631-9f35-4a3a-83f0-9e81592339fb';
const CALLFIRE_CALL = 'callfire_224205636001';

let verba: VerbaSandbox;
let callfire: CallFireSandbox;
let work: string;
let install: RunResult;
const started: ChildProcess[] = [];

/**
 * A shell's environment without this project's tools: no node_modules/.bin of the repository
 * on PATH (npm start must find Node 24 in the install itself), no provider variables.
 */
function productionEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env = consumerEnv();
  env.PATH = (process.env.PATH ?? '')
    .split(delimiter)
    .filter((dir) => !dir.includes('node_modules'))
    .join(delimiter);
  for (const name of Object.keys(env))
    if (/^(VERBA|CALLFIRE|GATEWAY)_|^PROVIDERS$|^STATE_DB$/.test(name)) delete env[name];
  return { ...env, PORT: '0', LOG_LEVEL: 'warn', ...extra };
}

/** `npm start` in the install, in a process group of its own so it goes as a whole. */
function npmStart(env: NodeJS.ProcessEnv) {
  const child = spawn('npm', ['start'], {
    cwd: join(work, 'app'),
    env,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  started.push(child);
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  return { child, output: () => output, exited };
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  process.kill(-child.pid, 'SIGTERM');
  await exited;
}

beforeAll(async () => {
  [verba, callfire] = await Promise.all([startVerbaSandbox(), startCallFireSandbox()]);
  work = await mkdtemp(join(tmpdir(), 'callgate-production-'));
  const app = join(work, 'app');
  await copyWorkingTree(app);
  const args = ['ci', '--omit=dev', '--no-audit', '--no-fund'];
  install = await run('npm', [...args, '--offline'], { cwd: app, env: productionEnv({}) });
  // A package the cache lacks only as metadata: let npm ask the registry for that alone.
  if (install.code !== 0)
    install = await run('npm', [...args, '--prefer-offline'], { cwd: app, env: productionEnv({}) });
}, 300_000);

afterAll(async () => {
  await Promise.all(started.map(stop));
  await Promise.all([verba?.close(), callfire?.close()]);
  if (work) await rm(work, { recursive: true, force: true });
});

describe('npm ci --omit=dev', { timeout: 60_000 }, () => {
  it('installs the runtime packages and none of the dev ones', () => {
    expect(install.code, install.output).toBe(0);
    const modules = join(work, 'app', 'node_modules');
    for (const runtime of [
      'hono',
      '@hono/node-server',
      'undici',
      'pino',
      'node',
      'swagger-ui-dist',
    ])
      expect(existsSync(join(modules, runtime, 'package.json')), runtime).toBe(true);
    for (const dev of ['vitest', 'wrangler', 'typescript', '@breezystack/lamejs'])
      expect(existsSync(join(modules, dev)), dev).toBe(false);
  });

  it('then npm start, configured, serves calls of both kinds', async () => {
    const gateway = npmStart(
      productionEnv({
        ...verbaEnv(verba),
        CALLFIRE_BASE_URL: callfire.apiUrl,
        CALLFIRE_USERNAME: callfire.options.userName,
        CALLFIRE_PASSWORD: callfire.options.password,
        GATEWAY_API_KEYS: TEST_API_KEYS,
      }),
    );
    const deadline = Date.now() + 45_000;
    let base: string | undefined;
    while (!base) {
      base = /^callgate on (http:\/\/\S+) \(Node v24\./m.exec(gateway.output())?.[1];
      if (gateway.child.exitCode !== null || Date.now() > deadline)
        throw new Error(`no banner:\n${gateway.output()}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(gateway.output()).toMatch(/^ {2}instances: verba \(verba\), callfire \(callfire\)$/m);
    const headers = { authorization: `Bearer ${TEST_KEYS.reader}` };
    for (const id of [VERBA_CALL, CALLFIRE_CALL]) {
      const response = await fetch(`${base}/calls/${id}`, { headers });
      expect(response.status, id).toBe(200);
      expect(await response.json()).toMatchObject({ id });
    }
    await stop(gateway.child);
  });

  it('then npm start without a provider says sandbox mode needs the dev packages', async () => {
    const gateway = npmStart(productionEnv({}));
    expect(await gateway.exited).toBe(1);
    expect(gateway.output()).toMatch(
      /^callgate: cannot start, no provider is configured, and sandbox mode needs the dev packages/m,
    );
    expect(gateway.output()).toMatch(/npm ci/);
  });
});
