/**
 * `npm run dev:worker`: the Worker under `wrangler dev` on loopback, on the project's Node.
 *
 * With a configuration (.dev.vars or .env beside wrangler.toml, or an env file or variables
 * passed on the command line) it is plain `wrangler dev`. With none (or with `--sandbox`,
 * to try the sandboxes while a configuration is present), it runs in sandbox mode
 * as `npm start` does: the providers' sandboxes start beside it, their settings reach the
 * Worker through a temporary env file (`--env-file`, so no value is printed, as a `--var`
 * would be), the Durable Objects keep their storage in .wrangler/sandbox-state, and the same
 * banner with requests to try is printed once the Worker answers.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadConfig } from '../src/config.ts';
import { startBanner } from '../src/node/banner.ts';
import type { Sandboxes } from '../src/node/sandbox-mode.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const WRANGLER = join(ROOT, 'node_modules/wrangler/bin/wrangler.js');
const SANDBOX_STATE = join(ROOT, '.wrangler/sandbox-state');
const READY_TIMEOUT_MS = 120_000;
/** How long wrangler gets to stop workerd before it is killed. */
const STOP_GRACE_MS = 5_000;

const SANDBOX_FLAG = '--sandbox';
const sandboxAsked = process.argv.includes(SANDBOX_FLAG);
/** What is passed on to wrangler. */
const args = process.argv.slice(2).filter((arg) => arg !== SANDBOX_FLAG);
const env = {
  ...process.env,
  // The [build] step runs `node scripts/….ts`: this Node 24, not whatever is first on PATH.
  PATH: `${dirname(process.execPath)}:${process.env.PATH ?? ''}`,
};

function configured(): boolean {
  if (sandboxAsked) return false;
  if (existsSync(join(ROOT, '.dev.vars')) || existsSync(join(ROOT, '.env'))) return true;
  return args.some((arg) => /^--(env-file|var)\b/.test(arg));
}

/** The value of `--name value` or `--name=value` among the arguments. */
function option(name: string): string | undefined {
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] ?? '';
    if (arg === `--${name}`) return args[i + 1];
    if (arg.startsWith(`--${name}=`)) return arg.slice(name.length + 3);
  }
  return undefined;
}

/** Single quotes keep a dotenv value literal. */
function dotenv(vars: Record<string, string>): string {
  return Object.entries(vars)
    .map(([name, value]) => {
      if (value.includes("'") || value.includes('\n'))
        throw new Error(`${name}: cannot be written to an env file`);
      return `${name}='${value}'\n`;
    })
    .join('');
}

function plainWranglerDev(): void {
  const child = spawn(process.execPath, [WRANGLER, 'dev', '--ip', '127.0.0.1', ...args], {
    cwd: ROOT,
    env,
    stdio: 'inherit',
  });
  // Ctrl-C reaches wrangler too (one process group); a SIGTERM is passed on.
  process.on('SIGINT', () => {});
  process.on('SIGTERM', () => child.kill('SIGTERM'));
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}

async function sandboxWranglerDev(): Promise<void> {
  let sandboxes: Sandboxes;
  try {
    const { startSandboxes } = await import('../src/node/sandbox-mode.ts');
    sandboxes = await startSandboxes();
  } catch (error) {
    process.stderr.write(
      `dev:worker: cannot start the sandboxes: ${(error as Error).message}\n  Sandbox mode needs the dev packages (npm ci).\n`,
    );
    process.exit(1);
  }
  // Sandbox mode has no callers but the developer: no API key, as with `npm start`.
  const vars = { ...sandboxes.env, GATEWAY_AUTH: 'off' };
  const dir = mkdtempSync(join(tmpdir(), 'callgate-dev-worker-'));
  const envFile = join(dir, 'sandbox.env');
  writeFileSync(envFile, dotenv(vars), { mode: 0o600 });

  const ip = option('ip') ?? '127.0.0.1';
  const port = option('port') ?? '8787';
  const base = `http://${ip}:${port}`;
  const wranglerArgs = [WRANGLER, 'dev', '--env-file', envFile];
  if (!option('ip')) wranglerArgs.push('--ip', ip);
  const persistTo = option('persist-to');
  if (!persistTo) wranglerArgs.push('--persist-to', SANDBOX_STATE);
  wranglerArgs.push('--show-interactive-dev-session=false', ...args);
  // A process group of its own, so stopping it stops the workerd it starts as well.
  const child: ChildProcess = spawn(process.execPath, wranglerArgs, {
    cwd: ROOT,
    env,
    detached: true,
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const exited = new Promise<number>((resolve) => child.once('exit', (code) => resolve(code ?? 1)));

  let stopping = false;
  const stop = async (code: number) => {
    if (stopping) return;
    stopping = true;
    if (child.exitCode === null && child.signalCode === null && child.pid) {
      signalGroup(child.pid, 'SIGTERM');
      const gone = await Promise.race([
        exited.then(() => true),
        new Promise<boolean>((resolve) => setTimeout(() => resolve(false), STOP_GRACE_MS)),
      ]);
      if (!gone) signalGroup(child.pid, 'SIGKILL');
    }
    await sandboxes.close();
    rmSync(dir, { recursive: true, force: true });
    process.exit(code);
  };
  process.on('SIGINT', () => void stop(0));
  process.on('SIGTERM', () => void stop(0));
  void exited.then((code) => stop(code));

  if (await answers(`${base}/healthz`, () => stopping)) {
    const config = loadConfig(sandboxes.env, { sandbox: true });
    process.stdout.write(
      startBanner({
        base,
        runtime: 'wrangler dev, workerd',
        config,
        sandboxes,
        state: `Durable Objects, local (${persistTo ?? SANDBOX_STATE.replace(ROOT, '')})`,
      }),
    );
  }
}

function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // Already gone.
  }
}

/** Waits for the Worker's first answer; false when it stops first or never answers. */
async function answers(url: string, stopped: () => boolean): Promise<boolean> {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  while (!stopped() && Date.now() < deadline) {
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(2_000) });
      if (response.ok) return true;
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return false;
}

if (configured()) plainWranglerDev();
else await sandboxWranglerDev();
