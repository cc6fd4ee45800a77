/**
 * Runs a command as a person would in a shell, for the tests that act as a consuming app:
 * in a folder of their own, on this Node, with none of npm's per-script variables.
 */
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { cp } from 'node:fs/promises';
import { dirname, join } from 'node:path';

export interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
  /** Both streams, for assertion messages. */
  output: string;
}

const PROJECT_MODULES = new URL('../../node_modules/', import.meta.url);

/** The environment of a shell in another folder: this Node first on PATH, no npm_* variables. */
export function consumerEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (!/^npm_|^INIT_CWD$|^VITEST|^NODE_OPTIONS$/i.test(name)) env[name] = value;
  }
  env.PATH = `${dirname(process.execPath)}:${process.env.PATH ?? ''}`;
  return { ...env, ...extra };
}

/** The file behind a package's command (its `bin`), to run on this Node. */
export function binOf(pkg: string, command: string): string {
  const manifest = JSON.parse(
    readFileSync(new URL(`${pkg}/package.json`, PROJECT_MODULES), 'utf8'),
  );
  const bin = typeof manifest.bin === 'string' ? manifest.bin : manifest.bin?.[command];
  if (typeof bin !== 'string') throw new Error(`${pkg} has no command ${command}`);
  return new URL(`${pkg}/${bin}`, PROJECT_MODULES).pathname;
}

export function run(
  command: string,
  args: readonly string[],
  options: { cwd: string; env?: NodeJS.ProcessEnv; timeoutMs?: number },
): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd: options.cwd,
      env: options.env ?? consumerEnv(),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk;
      output += chunk;
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk;
      output += chunk;
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 120_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr, output });
    });
  });
}

/** A package's command on this Node, e.g. `runBin('typescript', 'tsc', ['-p', '.'], …)`. */
export function runBin(
  pkg: string,
  command: string,
  args: readonly string[],
  options: { cwd: string; env?: NodeJS.ProcessEnv; timeoutMs?: number },
): Promise<RunResult> {
  return run(process.execPath, [binOf(pkg, command), ...args], options);
}

const REPOSITORY = new URL('../..', import.meta.url).pathname;

/**
 * Copies the files a clone has into `dest`: the working tree's, so uncommitted edits count,
 * and nothing built or installed.
 */
export async function copyWorkingTree(dest: string): Promise<void> {
  const tracked = execFileSync('git', ['ls-files', '-co', '--exclude-standard', '-z'], {
    cwd: REPOSITORY,
    encoding: 'utf8',
  })
    .split('\0')
    .filter((file) => file && existsSync(join(REPOSITORY, file)));
  for (const file of tracked)
    await cp(join(REPOSITORY, file), join(dest, file), { recursive: true });
}
