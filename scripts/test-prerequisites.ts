/**
 * `npm test`'s first step: the system tools some tests drive, provided before anything runs.
 *
 * - Chromium (/usr/bin/chromium, or CHROMIUM_PATH) for the browser test: a browser is never
 *   downloaded, so it comes from the system's packages;
 * - promtool (Debian's `prometheus` package, of which only promtool is used) to check the
 *   alerting rules, run their unit tests and lint the metrics exposition;
 * - Prometheus' Python client, whose parser reads the exposition in the tests.
 *
 * When one is missing and this runs as root (or with passwordless sudo) on a machine with
 * apt-get, the missing Debian packages are installed (one `apt-get update` first). Otherwise
 * it stops at once with one line naming the packages to install, so a test run never gets
 * halfway before failing on a missing tool.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

interface Tool {
  /** What a reader calls it. */
  name: string;
  present: () => boolean;
  debian: string;
  /** Whether the package's recommended packages come with it (Chromium's fonts do). */
  recommends: boolean;
  /** The macOS command that installs it. */
  mac: string;
}

const succeeds = (command: string, args: string[]) =>
  spawnSync(command, args, { stdio: 'ignore' }).status === 0;

const TOOLS: Tool[] = [
  {
    name: 'Chromium',
    present: () => existsSync(process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'),
    debian: 'chromium',
    recommends: true,
    mac: 'brew install --cask chromium',
  },
  {
    name: 'promtool',
    present: () => succeeds('promtool', ['--version']),
    debian: 'prometheus',
    recommends: false,
    mac: 'brew install prometheus',
  },
  {
    name: "Prometheus' Python client",
    // The tests run Debian's Python (a pyenv or venv python3 on PATH lacks the package).
    present: () => succeeds('/usr/bin/python3', ['-c', 'import prometheus_client.parser']),
    debian: 'python3-prometheus-client',
    recommends: false,
    mac: 'pip3 install prometheus-client',
  },
];

function say(line: string) {
  process.stdout.write(`test prerequisites: ${line}\n`);
}

/** apt-get's arguments for the packages, one command for those with recommends and one without. */
function aptInstalls(tools: Tool[]): string[][] {
  return [true, false].flatMap((recommends) => {
    const packages = tools
      .filter((tool) => tool.recommends === recommends)
      .map((tool) => tool.debian);
    if (packages.length === 0) return [];
    return [['install', ...(recommends ? [] : ['--no-install-recommends']), ...packages]];
  });
}

const aptCommands = (tools: Tool[]) =>
  aptInstalls(tools).map((args) => `sudo apt-get ${args.join(' ')}`);

function stop(missing: Tool[], why: string): never {
  process.stderr.write(
    `test prerequisites: missing ${missing.map((tool) => tool.name).join(', ')} (${why}); install them: ` +
      `Debian/Ubuntu: ${aptCommands(missing).join(' && ')}; ` +
      `macOS: ${missing.map((tool) => tool.mac).join('; ')}\n`,
  );
  process.exit(1);
}

/** The command prefix that runs apt-get with root's rights, or undefined when there is none. */
function asRoot(): string[] | undefined {
  if (process.getuid?.() === 0) return [];
  return succeeds('sudo', ['-n', 'true']) ? ['sudo', '-n'] : undefined;
}

function run(prefix: string[], args: string[]) {
  const [command = '', ...rest] = [...prefix, 'env', 'DEBIAN_FRONTEND=noninteractive', ...args];
  say(args.join(' '));
  const started = performance.now();
  const result = spawnSync(command, rest, { stdio: ['ignore', 'ignore', 'inherit'] });
  if (result.status !== 0) {
    process.stderr.write(`test prerequisites: \`${args.join(' ')}\` failed (${result.status})\n`);
    process.exit(1);
  }
  say(`done in ${((performance.now() - started) / 1000).toFixed(0)} s`);
}

const missing = TOOLS.filter((tool) => !tool.present());
if (missing.length === 0) {
  say(`${TOOLS.map((tool) => tool.name).join(', ')}: present`);
  process.exit(0);
}

const prefix = asRoot();
if (process.platform !== 'linux' || !succeeds('apt-get', ['--version'])) {
  stop(missing, 'no apt-get here');
}
if (prefix === undefined) stop(missing, 'not root and no passwordless sudo');

say(
  `installing ${missing.map((tool) => tool.debian).join(', ')} for ${missing.map((tool) => tool.name).join(', ')}`,
);
run(prefix, ['apt-get', 'update', '-qq']);
// Another apt-get may hold the lock a while (unattended upgrades): wait for it.
for (const args of aptInstalls(missing)) {
  run(prefix, ['apt-get', '-y', '-qq', '-o', 'DPkg::Lock::Timeout=600', ...args]);
}
const still = missing.filter((tool) => !tool.present());
if (still.length > 0) stop(still, 'still missing after apt-get install');
say(`${missing.map((tool) => tool.name).join(', ')} installed`);
