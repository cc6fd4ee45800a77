/**
 * The Worker as operators run it locally: `wrangler dev` on a loopback port, built from
 * wrangler.toml (static assets included), its secrets in an env file written to a temp dir,
 * its Durable Objects' storage in a temp dir too, or in `persistTo` to outlive a restart.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const WRANGLER = join(ROOT, 'node_modules/wrangler/bin/wrangler.js');
const READY_TIMEOUT_MS = 90_000;

export interface WranglerDev {
  url: string;
  /** What wrangler printed, for failure messages. */
  output(): string;
  close(): Promise<void>;
}

export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (!address || typeof address === 'string') throw new Error('no port');
  return address.port;
}

/** Single quotes keep a dotenv value literal, JSON's double quotes included. */
const dotenv = (vars: Record<string, string>) =>
  Object.entries(vars)
    .map(([name, value]) => {
      if (value.includes("'") || value.includes('\n'))
        throw new Error(`${name}: cannot be written to a dotenv file`);
      return `${name}='${value}'`;
    })
    .join('\n');

export interface WranglerDevOptions {
  /** Where local storage lives; kept after close, so the next start finds it. */
  persistTo?: string;
}

export async function startWranglerDev(
  secrets: Record<string, string>,
  options: WranglerDevOptions = {},
): Promise<WranglerDev> {
  const dir = mkdtempSync(join(tmpdir(), 'callgate-wrangler-'));
  const envFile = join(dir, 'secrets.env');
  writeFileSync(envFile, `${dotenv(secrets)}\n`, { mode: 0o600 });
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;

  let output = '';
  // Its own process group, so closing it also ends the workerd it starts.
  const child: ChildProcess = spawn(
    process.execPath,
    [
      WRANGLER,
      'dev',
      '--ip',
      '127.0.0.1',
      '--port',
      String(port),
      '--inspector-port',
      String(await freePort()),
      '--env-file',
      envFile,
      '--persist-to',
      options.persistTo ?? join(dir, 'state'),
      '--show-interactive-dev-session=false',
    ],
    {
      cwd: ROOT,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: {
        ...process.env,
        // The [build] step runs `node scripts/….ts`: this Node, not whatever is first on PATH.
        PATH: `${dirname(process.execPath)}:${process.env.PATH ?? ''}`,
        WRANGLER_SEND_METRICS: 'false',
        WRANGLER_LOG_PATH: join(dir, 'logs'),
        CI: 'true',
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
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));

  const close = async () => {
    if (child.exitCode === null && child.signalCode === null && child.pid) {
      try {
        process.kill(-child.pid, 'SIGTERM');
      } catch {}
      const killed = await Promise.race([
        exited.then(() => true),
        new Promise<boolean>((resolve) => setTimeout(() => resolve(false), 5_000)),
      ]);
      if (!killed) {
        try {
          process.kill(-child.pid, 'SIGKILL');
        } catch {}
        await exited;
      }
    }
    rmSync(dir, { recursive: true, force: true });
  };

  const deadline = Date.now() + READY_TIMEOUT_MS;
  for (;;) {
    if (child.exitCode !== null) {
      await close();
      throw new Error(`wrangler dev exited with ${child.exitCode}:\n${output}`);
    }
    try {
      const response = await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(2_000) });
      if (response.ok) break;
    } catch {}
    if (Date.now() > deadline) {
      await close();
      throw new Error(`wrangler dev did not answer on ${url} in time:\n${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return { url, output: () => output, close };
}
