/**
 * A fresh app that installs a packed tarball of the client (the `client` workspace) with npm,
 * without the network:
 * its lockfile pins every package to the version this project's lockfile has, so `npm ci
 * --offline` takes them from the npm cache that this project's own `npm ci` filled.
 */
import { createHash } from 'node:crypto';
import { copyFile, mkdir, readFile, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { consumerEnv, type RunResult, run } from './run.ts';

interface LockEntry {
  version: string;
  resolved?: string;
  integrity?: string;
  dependencies?: Record<string, string>;
  [field: string]: unknown;
}

const PROJECT_LOCK = new URL('../../package-lock.json', import.meta.url);
/** The packed package's entry in this project's lockfile: the client's workspace folder. */
const PACKED = 'client';

export interface OfflineApp {
  dir: string;
  install: RunResult;
}

/**
 * Installs `tarball` (as a dependency named after the package inside it) and `devDependencies`
 * (names of packages in this project's lockfile) into a new app in `dir`.
 */
export async function createOfflineApp(
  dir: string,
  tarball: string,
  devDependencies: readonly string[] = [],
): Promise<OfflineApp> {
  const lock = JSON.parse(await readFile(PROJECT_LOCK, 'utf8')) as {
    packages: Record<string, LockEntry>;
  };
  const own = lock.packages[PACKED] as LockEntry & { name: string; engines?: unknown };
  await mkdir(dir, { recursive: true });
  const file = basename(tarball);
  await copyFile(tarball, join(dir, file));
  const integrity = `sha512-${createHash('sha512')
    .update(await readFile(tarball))
    .digest('base64')}`;

  const pinned = (name: string) => {
    const entry = lock.packages[`node_modules/${name}`];
    if (!entry) throw new Error(`${name} is not in package-lock.json`);
    return entry;
  };
  const manifest = {
    name: 'callgate-consumer',
    version: '1.0.0',
    private: true,
    type: 'module',
    dependencies: { [own.name]: `file:${file}` },
    devDependencies: Object.fromEntries(devDependencies.map((n) => [n, pinned(n).version])),
  };
  const packages: Record<string, unknown> = {
    '': {
      name: manifest.name,
      version: manifest.version,
      dependencies: manifest.dependencies,
      devDependencies: manifest.devDependencies,
    },
    [`node_modules/${own.name}`]: {
      version: own.version,
      resolved: `file:${file}`,
      integrity,
      dependencies: own.dependencies,
      engines: own.engines,
    },
  };
  // Everything they depend on, as hoisted in this project (npm ci recomputes dev flags).
  const queue = [...Object.keys(own.dependencies ?? {}), ...devDependencies];
  for (let name = queue.shift(); name !== undefined; name = queue.shift()) {
    const key = `node_modules/${name}`;
    if (packages[key]) continue;
    const entry = pinned(name);
    packages[key] = entry;
    queue.push(...Object.keys(entry.dependencies ?? {}));
  }
  await writeFile(join(dir, 'package.json'), JSON.stringify(manifest, null, 2));
  await writeFile(
    join(dir, 'package-lock.json'),
    JSON.stringify(
      {
        name: manifest.name,
        version: manifest.version,
        lockfileVersion: 3,
        requires: true,
        packages,
      },
      null,
      2,
    ),
  );
  const install = await run('npm', ['ci', '--offline', '--no-audit', '--no-fund'], {
    cwd: dir,
    env: consumerEnv(),
  });
  return { dir, install };
}
