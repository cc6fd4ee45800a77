/**
 * `npm run dev:worker` with nothing configured: the Worker under `wrangler dev` in sandbox
 * mode, the sandboxes beside it, the banner of `npm start` with requests to try, which work;
 * then Ctrl-C (SIGINT to its process group, as a terminal sends it) stops everything it
 * started, workerd included.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../support/wrangler-dev.ts';

const ROOT = new URL('../..', import.meta.url).pathname;
const BANNER_TIMEOUT_MS = 150_000;

let dir: string;
let port: number;
let child: ChildProcess;
let output = '';
let exited: Promise<number | null>;

/** Command lines of the running processes that mention `text`. */
function processesWith(text: string): string[] {
  const found: string[] = [];
  for (const pid of readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
    try {
      const command = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ');
      if (command.includes(text)) found.push(`${pid}: ${command}`);
    } catch {
      // Gone meanwhile.
    }
  }
  return found;
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'callgate-dev-worker-test-'));
  port = await freePort();
  // A checkout with a configuration of its own would run plain wrangler dev: ask for the
  // sandboxes then, and test the default where a fresh clone has none.
  const configured = ['.dev.vars', '.env'].some((file) => existsSync(join(ROOT, file)));
  child = spawn(
    'npm',
    [
      'run',
      'dev:worker',
      '--',
      ...(configured ? ['--sandbox'] : []),
      '--port',
      String(port),
      '--inspector-port',
      String(await freePort()),
      '--persist-to',
      join(dir, 'state'),
    ],
    {
      cwd: ROOT,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: {
        ...process.env,
        WRANGLER_SEND_METRICS: 'false',
        WRANGLER_LOG_PATH: join(dir, 'logs'),
        NO_COLOR: '1',
      },
    },
  );
  child.stdout?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  exited = new Promise((resolve) => child.once('exit', (code) => resolve(code)));
  const deadline = Date.now() + BANNER_TIMEOUT_MS;
  while (!/^ {2}try:\n(?: {4}curl .*\n)+/m.test(output)) {
    if (child.exitCode !== null || Date.now() > deadline)
      throw new Error(`no banner from npm run dev:worker:\n${output}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}, BANNER_TIMEOUT_MS + 10_000);

afterAll(async () => {
  if (child?.pid && child.exitCode === null) {
    try {
      process.kill(-child.pid, 'SIGKILL');
    } catch {}
  }
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('npm run dev:worker with nothing configured', { timeout: 60_000 }, () => {
  it("prints npm start's banner for the Worker, in sandbox mode", () => {
    const base = `http://127.0.0.1:${port}`;
    expect(output).toContain(`callgate on ${base} (wrangler dev, workerd)`);
    expect(output).toMatch(
      /^ {2}sandbox mode \(no provider configured\): Verba sandbox: .*CallFire sandbox: /m,
    );
    expect(output).toMatch(/^ {2}auth: +OFF \(sandbox mode\)/m);
    expect(output).toMatch(/^ {2}state: +Durable Objects, local/m);
    // The sandboxes' settings went through an env file: wrangler shows none of the values.
    expect(output).toMatch(/env\.VERBA_PASSWORD \("\(hidden\)"\)/);
  });

  it('serves the sandbox calls its example requests name', async () => {
    const examples = [...output.matchAll(/^ {4}curl '([^']+\/calls\/[a-z]+_[^'/]+)'$/gm)].map(
      (match) => match[1] ?? '',
    );
    expect(examples).toEqual([
      expect.stringMatching(/\/calls\/verba_/),
      expect.stringMatching(/\/calls\/callfire_/),
    ]);
    for (const url of examples) {
      const response = await fetch(url);
      expect(response.status, url).toBe(200);
      const call = (await response.json()) as { id: string };
      expect(url.endsWith(`/calls/${call.id}`)).toBe(true);
    }
    // A CallFire page and the next, through the cursor key kept in the local Durable Object.
    const first = await fetch(`http://127.0.0.1:${port}/calls?provider=callfire&limit=2`);
    const page = (await first.json()) as { nextCursor: string };
    const next = await fetch(
      `http://127.0.0.1:${port}/calls?provider=callfire&limit=2&cursor=${page.nextCursor}`,
    );
    expect(next.status).toBe(200);
  });

  it('stops on Ctrl-C, leaving no workerd behind', async () => {
    const socket = `--socket-addr=entry=127.0.0.1:${port}`;
    expect(processesWith(socket).length).toBeGreaterThan(0);
    process.kill(-(child.pid as number), 'SIGINT');
    await exited;
    // The dev script stops wrangler, which stops workerd, before it exits itself.
    const deadline = Date.now() + 20_000;
    while (processesWith(socket).length > 0 && Date.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 200));
    expect(processesWith(socket)).toEqual([]);
    // Nor the dev script or wrangler (both carry the port among their arguments).
    expect(processesWith(`--port ${port} `)).toEqual([]);
    expect(processesWith(join(dir, 'state'))).toEqual([]);
    await expect(fetch(`http://127.0.0.1:${port}/healthz`)).rejects.toThrow();
  });
});
