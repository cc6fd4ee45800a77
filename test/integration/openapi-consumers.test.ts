/**
 * The API document as an app team meets it: fetched from a running gateway, saved in a
 * folder outside this repository (so none of its config files apply), linted with Redocly's
 * defaults and turned into clients by three generators at theirs, each client then compiled
 * with `tsc --strict`. The generators and versions are in bench/README.md.
 */
import { mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startVerbaSandbox, type VerbaSandbox } from '../../providers/verba/sandbox/index.ts';
import { type RunningGateway, startGateway } from '../support/gateway.ts';
import { consumerEnv, runBin } from '../support/run.ts';
import { verbaEnv } from '../support/verba.ts';

let sandbox: VerbaSandbox;
let gateway: RunningGateway;
let dir: string;

// Redocly reports usage and looks for updates over the network unless told not to.
const env = consumerEnv({ REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_NOTIFICATIONS: 'true' });

beforeAll(async () => {
  sandbox = await startVerbaSandbox();
  gateway = await startGateway(verbaEnv(sandbox), { name: 'openapi-consumers' });
  dir = await mkdtemp(join(tmpdir(), 'callgate-consumer-'));
});

afterAll(async () => {
  await gateway?.close();
  await sandbox?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

// Each tool takes seconds, more when the machine is busy.
describe('the served API document, at the defaults of the tools apps use', {
  timeout: 90_000,
}, () => {
  it('is the committed openapi/openapi.json', async () => {
    const served = await gateway.raw('/openapi.json');
    expect(served.status).toBe(200);
    const text = await served.text();
    const committed = await readFile(
      new URL('../../openapi/openapi.json', import.meta.url),
      'utf8',
    );
    expect(JSON.parse(text)).toEqual(JSON.parse(committed));
    await writeFile(join(dir, 'openapi.json'), text);
  });

  it("passes Redocly's recommended rules with no config: no error, no warning", async () => {
    const lint = await runBin(
      '@redocly/cli',
      'redocly',
      ['lint', 'openapi.json', '--format=json'],
      {
        cwd: dir,
        env,
      },
    );
    expect(lint.stderr).toContain('using built in recommended configuration');
    expect(lint.code, lint.output).toBe(0);
    const report = JSON.parse(lint.stdout);
    expect(report.problems, lint.stdout).toEqual([]);
    expect(report.totals).toEqual({ errors: 0, warnings: 0, ignored: 0 });
  });

  it('generates a client with openapi-typescript, @hey-api/openapi-ts and orval', async () => {
    const runs = [
      await runBin(
        'openapi-typescript',
        'openapi-typescript',
        ['openapi.json', '-o', 'openapi-typescript/schema.ts'],
        { cwd: dir, env },
      ),
      await runBin('@hey-api/openapi-ts', 'openapi-ts', ['-i', 'openapi.json', '-o', 'hey-api'], {
        cwd: dir,
        env,
      }),
      await runBin('orval', 'orval', ['--input', 'openapi.json', '--output', 'orval/callgate.ts'], {
        cwd: dir,
        env,
      }),
    ];
    for (const generated of runs) expect(generated.code, generated.output).toBe(0);
  });

  it('gives each generated client types that compile with tsc --strict and describe the API', async () => {
    // An app's own tsconfig; its node_modules holds what the clients import (orval's axios).
    await symlink(
      new URL('../../node_modules', import.meta.url).pathname,
      join(dir, 'node_modules'),
    );
    await writeFile(
      join(dir, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          target: 'ES2022',
          lib: ['ES2022', 'DOM', 'DOM.Iterable'],
          module: 'ESNext',
          moduleResolution: 'Bundler',
          strict: true,
          noEmit: true,
          skipLibCheck: true,
          types: [],
        },
        include: ['openapi-typescript', 'hey-api', 'orval', 'app.ts'],
      }),
    );
    // Each client used as an app would: a wrong answer type would not compile.
    await writeFile(
      join(dir, 'app.ts'),
      `import type { paths } from './openapi-typescript/schema';
import { getCall as heyGetCall } from './hey-api';
import { getCall as orvalGetCall } from './orval/callgate';

type State = 'scheduled' | 'in_progress' | 'completed' | 'failed' | 'unknown';
type Answer = paths['/calls/{id}']['get']['responses'][200]['content']['application/json'];
export const state: State = ({} as Answer).state;

export async function viaHeyApi(id: string): Promise<State | undefined> {
  const { data } = await heyGetCall({ path: { id }, headers: { 'cache-control': 'no-cache' } });
  return data?.state;
}

export async function viaOrval(id: string): Promise<State> {
  const { data } = await orvalGetCall(id);
  return data.state;
}
`,
    );
    const compiled = await runBin('typescript', 'tsc', ['-p', '.'], { cwd: dir, env });
    expect(compiled.code, compiled.output).toBe(0);
  });
});
