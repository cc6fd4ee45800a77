/**
 * `npm start` with a provider configured: the banner names the URL, the instances and
 * requests to try (which work once the key is filled in); a bad variable stops the start
 * with a line naming it and what is wrong, and no value.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startVerbaSandbox, type VerbaSandbox } from '../../providers/verba/sandbox/index.ts';

const KEY = 'cgk_banner_test_8d2f4a6c1e3b';

function cleanEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, PORT: '0', LOG_LEVEL: 'warn' };
  for (const name of Object.keys(env))
    if (/^(VERBA|CALLFIRE|GATEWAY)_|^PROVIDERS$/.test(name)) delete env[name];
  return env;
}

function start(env: NodeJS.ProcessEnv): { child: ChildProcess; output: () => string } {
  const child = spawn(process.execPath, ['src/node/main.ts'], {
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  return { child, output: () => output };
}

describe('npm start with a Verba configured', () => {
  let verba: VerbaSandbox;
  let gateway: ReturnType<typeof start>;

  beforeAll(async () => {
    verba = await startVerbaSandbox();
    gateway = start({
      ...cleanEnv(),
      VERBA_BASE_URL: verba.apiUrl,
      VERBA_API_KEY: verba.options.apiKey,
      VERBA_USERNAME: verba.options.userName,
      VERBA_PASSWORD: verba.options.password,
      VERBA_TIMEZONE: verba.options.timeZone,
      GATEWAY_API_KEYS: JSON.stringify([{ name: 'banner', key: KEY, scopes: ['calls:read'] }]),
    });
    const deadline = Date.now() + 15_000;
    while (!/try:\n(.*\n){2}/.test(gateway.output())) {
      if (gateway.child.exitCode !== null || Date.now() > deadline)
        throw new Error(`no banner:\n${gateway.output()}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  });

  afterAll(async () => {
    if (gateway?.child.exitCode === null) {
      const exited = new Promise((resolve) => gateway.child.once('exit', resolve));
      gateway.child.kill('SIGTERM');
      await exited;
    }
    await verba?.close();
  });

  it('names the URL, the instances, the docs and requests to try', () => {
    const banner = gateway.output();
    expect(banner).toMatch(/^callgate on http:\/\/127\.0\.0\.1:\d+ \(Node v24\./m);
    expect(banner).toMatch(/^ {2}instances: verba \(verba\)$/m);
    expect(banner).toMatch(/^ {2}docs: +http:\/\/127\.0\.0\.1:\d+\/docs$/m);
    expect(banner).toMatch(
      /curl -H "authorization: Bearer \$CALLGATE_API_KEY" 'http:\/\/127\.0\.0\.1:\d+\/calls\/verba_<verba call id>'/,
    );
    expect(banner).not.toContain(KEY);
    expect(banner).not.toContain(verba.options.apiKey);
  });

  it('prints a request that works with the key filled in', async () => {
    const example = /curl -H "authorization: Bearer \$CALLGATE_API_KEY" '([^']+\/providers)'/.exec(
      gateway.output(),
    );
    expect(example).not.toBeNull();
    const response = await fetch(example?.[1] ?? '', {
      headers: { authorization: `Bearer ${KEY}` },
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ items: [{ instance: 'verba', kind: 'verba' }] });
  });

  it("answers Node's own refusals with a problem (431 for headers too large)", async () => {
    const base = /^callgate on (http:\/\/[^ ]+) /m.exec(gateway.output())?.[1];
    const response = await fetch(`${base}/providers`, {
      headers: { authorization: `Bearer ${KEY}`, 'x-pad': 'p'.repeat(20_000) },
    });
    expect(response.status).toBe(431);
    expect(response.headers.get('content-type')).toBe('application/problem+json');
    expect(await response.json()).toMatchObject({ status: 431, code: 'headers_too_large' });
  });
});

describe('npm start with a bad configuration', () => {
  it('stops, naming each bad variable and what is wrong with it, and no value', async () => {
    const secret = 'verba-key-that-must-not-be-printed';
    const run = start({
      ...cleanEnv(),
      PORT: 'eighty',
      VERBA_BASE_URL: 'ftp://192.168.1.104/verba/api',
      VERBA_API_KEY: secret,
      GATEWAY_API_KEYS: JSON.stringify([{ name: 'ops', key: KEY, scopes: ['calls:read'] }]),
    });
    const code = await new Promise((resolve) => run.child.once('exit', resolve));
    expect(code).toBe(1);
    const output = run.output();
    expect(output).toMatch(/^callgate: cannot start, invalid configuration:$/m);
    expect(output).toMatch(/^ {2}PORT: must be a port number/m);
    expect(output).toMatch(/^ {2}VERBA_BASE_URL: must be an http\(s\) URL/m);
    expect(output).not.toContain(secret);
    expect(output).not.toContain(KEY);
    expect(output).not.toContain('ftp://');
  });
});
