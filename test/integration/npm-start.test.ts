/** `npm start` with no provider configured: sandbox mode, working examples, clean shutdown. */
import { type ChildProcess, spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

let child: ChildProcess;
let banner = '';

beforeAll(async () => {
  const env: NodeJS.ProcessEnv = { ...process.env, PORT: '0', LOG_LEVEL: 'warn' };
  for (const name of Object.keys(env))
    if (/^(VERBA|CALLFIRE)_|^PROVIDERS$/.test(name)) delete env[name];
  child = spawn(process.execPath, ['src/node/main.ts'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no banner in time:\n${banner}`)), 15_000);
    child.stdout?.on('data', (chunk: Buffer) => {
      banner += chunk.toString();
      // The banner is one write, but the asynchronous log may land before or after it.
      if (/try:\n(\s+curl .*\n)+/.test(banner)) {
        // Give the remaining example lines of the same write a moment to arrive.
        setTimeout(() => {
          clearTimeout(timer);
          resolve();
        }, 100);
      }
    });
    child.on('exit', (code) => reject(new Error(`exited with ${code}:\n${banner}`)));
  });
});

afterAll(() => {
  if (child.exitCode === null) child.kill('SIGKILL');
});

/** The banner's curl lines, as method, URL and body. */
function examples() {
  return [...banner.matchAll(/curl(?: -X (\w+))? '([^']+)'(?: -H '[^']+' -d '([^']+)')?/g)].map(
    (m) => ({
      method: m[1] ?? 'GET',
      url: m[2] ?? '',
      body: m[3],
    }),
  );
}

describe('npm start in sandbox mode', () => {
  it('says it runs on sandboxes and where the docs are', () => {
    expect(banner).toMatch(/sandbox mode/);
    expect(banner).toMatch(/docs: +http:\/\/127\.0\.0\.1:\d+\/docs/);
    // Open, and loud about it.
    expect(banner).toMatch(/auth: +OFF \(sandbox mode\): NO API KEY IS CHECKED/);
    expect(examples().length).toBeGreaterThanOrEqual(3);
  });

  it('prints examples that work', async () => {
    for (const example of examples()) {
      const response = await fetch(example.url, {
        method: example.method,
        ...(example.body
          ? { body: example.body, headers: { 'content-type': 'application/json' } }
          : {}),
      });
      expect(`${example.method} ${example.url} → ${response.status}`).toMatch(/→ 200$/);
    }
  });

  it('serves Swagger UI from its own assets', async () => {
    const base = /docs: +(http:\/\/127\.0\.0\.1:\d+)\/docs/.exec(banner)?.[1];
    const asset = await fetch(`${base}/docs/assets/swagger-ui-bundle.js`);
    expect(asset.status).toBe(200);
    expect(asset.headers.get('content-type')).toMatch(/javascript/);
    expect((await asset.arrayBuffer()).byteLength).toBeGreaterThan(500_000);
  });

  it('stops cleanly on SIGTERM', async () => {
    const exited = new Promise<number | null>((resolve) =>
      child.once('exit', (code) => resolve(code)),
    );
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  });
});
