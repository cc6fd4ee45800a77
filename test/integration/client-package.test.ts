/**
 * @callgate/client as an app installs it: the `client` workspace packed with `npm pack -w`
 * from a clean copy (nothing built yet, so `prepack` must build it), the tarball installed
 * into fresh apps outside the repository with npm and no network, then a plain `.mjs`
 * reading a call through a running gateway on this Node, and a `.ts` use type-checked with
 * tsc.
 */
import { mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startVerbaSandbox, type VerbaSandbox } from '../../providers/verba/sandbox/index.ts';
import { type RunningGateway, startGateway } from '../support/gateway.ts';
import { TEST_KEYS } from '../support/keys.ts';
import { createOfflineApp } from '../support/offline-app.ts';
import { consumerEnv, copyWorkingTree, run, runBin } from '../support/run.ts';
import { verbaEnv } from '../support/verba.ts';

const ROOT = new URL('../..', import.meta.url).pathname;
const FINISHED = 'a8343631-9f35-4a3a-83f0-9e81592339fb';

let sandbox: VerbaSandbox;
let gateway: RunningGateway;
let work: string;
let tarball: string;
let packedFiles: string[];

beforeAll(async () => {
  sandbox = await startVerbaSandbox();
  gateway = await startGateway(verbaEnv(sandbox), { name: 'client-package' });
  work = await mkdtemp(join(tmpdir(), 'callgate-client-'));

  const clone = join(work, 'clone');
  await copyWorkingTree(clone);
  await symlink(join(ROOT, 'node_modules'), join(clone, 'node_modules'));

  const packed = await run(
    'npm',
    ['pack', '--workspace', '@callgate/client', '--json', '--pack-destination', work],
    {
      cwd: clone,
      env: consumerEnv(),
    },
  );
  if (packed.code !== 0) throw new Error(`npm pack failed:\n${packed.output}`);
  const [report] = JSON.parse(packed.stdout.slice(packed.stdout.indexOf('['))) as Array<{
    filename: string;
    files: Array<{ path: string }>;
  }>;
  if (!report) throw new Error(`npm pack said nothing:\n${packed.output}`);
  tarball = join(work, report.filename);
  packedFiles = report.files.map((f) => f.path).sort();
}, 120_000);

afterAll(async () => {
  await gateway?.close();
  await sandbox?.close();
  if (work) await rm(work, { recursive: true, force: true });
});

describe('the packed package', () => {
  it('holds the built client, JavaScript and declarations, and nothing of the gateway', () => {
    expect(packedFiles).toEqual([
      'README.md',
      'dist/index.d.ts',
      'dist/index.js',
      'dist/schema.d.ts',
      'dist/schema.js',
      'package.json',
    ]);
  });

  it('depends on openapi-fetch alone', async () => {
    const listed = await run('tar', ['-xOzf', tarball, 'package/package.json'], { cwd: work });
    const manifest = JSON.parse(listed.stdout) as { name: string; dependencies: object };
    expect(manifest.name).toBe('@callgate/client');
    expect(Object.keys(manifest.dependencies)).toEqual(['openapi-fetch']);
  });
});

// npm and tsc take seconds each, more when the machine is busy.
describe('a plain Node app (ESM, no bundler, no TypeScript)', { timeout: 90_000 }, () => {
  it('installs the tarball without the network and reads a call through the client', async () => {
    const app = await createOfflineApp(join(work, 'node-app'), tarball);
    expect(app.install.code, app.install.output).toBe(0);
    await writeFile(
      join(app.dir, 'read-call.mjs'),
      `import { createCallgateClient, isProblem } from '@callgate/client';

const callgate = createCallgateClient({
  baseUrl: process.env.CALLGATE_URL,
  apiKey: process.env.CALLGATE_API_KEY,
});
const { data, response } = await callgate.GET('/calls/{id}', {
  params: { path: { id: process.argv[2] } },
});
const missing = await callgate.GET('/calls/{id}', {
  params: { path: { id: 'verba_00000000-0000-4000-8000-000000000000' } },
});
console.log(JSON.stringify({
  status: response.status,
  id: data.id,
  state: data.state,
  missing: isProblem(missing.error) ? missing.error.code : null,
}));
`,
    );
    const read = await run(process.execPath, ['read-call.mjs', `verba_${FINISHED}`], {
      cwd: app.dir,
      env: consumerEnv({ CALLGATE_URL: gateway.url, CALLGATE_API_KEY: TEST_KEYS.reader }),
    });
    expect(read.code, read.output).toBe(0);
    expect(JSON.parse(read.stdout)).toEqual({
      status: 200,
      id: `verba_${FINISHED}`,
      state: 'completed',
      missing: 'not_found',
    });
  });
});

describe('a TypeScript app', { timeout: 90_000 }, () => {
  it('type-checks its use of the client against the shipped declarations', async () => {
    const app = await createOfflineApp(join(work, 'ts-app'), tarball, ['@types/node']);
    expect(app.install.code, app.install.output).toBe(0);
    await writeFile(
      join(app.dir, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          target: 'ES2023',
          lib: ['ES2023'],
          module: 'NodeNext',
          moduleResolution: 'NodeNext',
          types: ['node'],
          strict: true,
          noEmit: true,
        },
        files: ['app.ts'],
      }),
    );
    await writeFile(
      join(app.dir, 'app.ts'),
      `import { type Call, createCallgateClient, isProblem } from '@callgate/client';

const callgate = createCallgateClient({ baseUrl: 'http://127.0.0.1:8787', apiKey: 'key' });

export async function stateOf(id: string): Promise<Call['state'] | null> {
  const { data, error } = await callgate.GET('/calls/{id}', {
    params: { path: { id }, header: { 'cache-control': 'no-cache' } },
  });
  if (error) return isProblem(error) && error.code === 'not_found' ? null : Promise.reject(error);
  return data.state;
}

export async function misuse() {
  // @ts-expect-error not a route of the gateway
  await callgate.GET('/call/{id}', { params: { path: { id: 'x' } } });
  // @ts-expect-error not a call state
  const state: Call['state'] = 'ringing';
  return state;
}
`,
    );
    const tsc = await runBin('typescript', 'tsc', ['-p', '.'], { cwd: app.dir });
    expect(tsc.code, tsc.output).toBe(0);
  });
});
