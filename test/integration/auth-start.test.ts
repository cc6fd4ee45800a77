/** A gateway in front of a real provider never starts open by accident. */
import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';

const VERBA_KEY = 'verba-secret-api-key-1234';

function run(extra: Record<string, string>): Promise<{ code: number | null; output: string }> {
  const env: NodeJS.ProcessEnv = { ...process.env, PORT: '0', LOG_LEVEL: 'warn' };
  for (const name of Object.keys(env))
    if (/^(VERBA|CALLFIRE|GATEWAY)_|^PROVIDERS$/.test(name)) delete env[name];
  const child = spawn(process.execPath, ['src/node/main.ts'], {
    env: {
      ...env,
      VERBA_BASE_URL: 'http://127.0.0.1:9/verba/api',
      VERBA_API_KEY: VERBA_KEY,
      ...extra,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => {
    output += chunk.toString();
    // Started: enough to know it did not refuse.
    if (output.includes('auth:')) child.kill('SIGTERM');
  });
  child.stderr.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  return new Promise((resolve) => child.on('exit', (code) => resolve({ code, output })));
}

describe.concurrent('starting a configured gateway', () => {
  it('refuses without GATEWAY_API_KEYS, naming the variable and no value', async () => {
    const { code, output } = await run({});
    expect(code).toBe(1);
    expect(output).toMatch(/GATEWAY_API_KEYS: is required when providers are configured/);
    expect(output).toMatch(/GATEWAY_AUTH=off/);
    expect(output).not.toContain(VERBA_KEY);
  });

  it('refuses a malformed GATEWAY_API_KEYS without printing it', async () => {
    const { code, output } = await run({
      GATEWAY_API_KEYS: '[{"name":"ops","key":"my-very-secret-key","scopes":["calls:all"]}]',
    });
    expect(code).toBe(1);
    expect(output).toMatch(/GATEWAY_API_KEYS: 0\.scopes\.0 must be one of/);
    expect(output).not.toContain('my-very-secret-key');
  });

  it('starts open with GATEWAY_AUTH=off, and says so loudly', async () => {
    const { output } = await run({ GATEWAY_AUTH: 'off' });
    expect(output).toMatch(/auth: +OFF \(GATEWAY_AUTH=off\): NO API KEY IS CHECKED/);
  });

  it('starts with keys and names them, never their values', async () => {
    const { output } = await run({
      GATEWAY_API_KEYS: '[{"name":"ops","key":"my-very-secret-key","scopes":["calls:read"]}]',
    });
    expect(output).toMatch(/auth: +API keys required \(ops\)/);
    expect(output).not.toContain('my-very-secret-key');
  });
});
