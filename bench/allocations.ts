/**
 * What a request allocates, and how much of it outlives a young-generation collection, in
 * the floor on Hono and in the gateway (uncached, a deployment's defaults), for an uncached
 * Verba and CallFire get: V8's sampling heap profiler (bench/alloc-sampler.ts) over a fixed
 * number of requests, by module. Garbage collection is the largest cost the gateway adds
 * to the floor (bench/README.md), and it follows from these figures.
 *
 * Run alone: `node bench/allocations.ts` (about a minute); writes
 * bench/results/allocations.{md,json}.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { freePort } from '../test/support/wrangler-dev.ts';
import { firstJsonLine } from './measure.ts';
import { type BenchUpstreams, gatewayEnvFor } from './sandbox-gateway.ts';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const resultsDir = join(root, 'bench/results');
const WARM_UP = 5_000;
const MEASURED = 10_000;

const children: ChildProcess[] = [];
process.on('exit', () => {
  for (const child of children) if (child.exitCode === null) child.kill('SIGTERM');
});

function start(args: string[], env: Record<string, string>, stdout: 'pipe' | number) {
  const child = spawn(process.execPath, args, {
    cwd: root,
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', stdout, 'pipe'],
  });
  children.push(child);
  return child;
}

/** Sends SIGUSR2 and waits for the sampler to say the stage is done. */
function signal(child: ChildProcess, stage: number): Promise<void> {
  return new Promise((resolve) => {
    const listen = (chunk: Buffer) => {
      if (chunk.toString().includes(`alloc-sampler: stage ${stage} done`)) {
        child.stderr?.off('data', listen);
        resolve();
      }
    };
    child.stderr?.on('data', listen);
    child.kill('SIGUSR2');
  });
}

async function load(url: string, headers: Record<string, string>, amount: number) {
  const result = await autocannon({ url, connections: 16, amount, headers });
  if (result['2xx'] !== amount) throw new Error(`${url}: ${result['2xx']} of ${amount} were 2xx`);
}

interface HeapNode {
  callFrame: { url: string };
  selfSize: number;
  children: HeapNode[];
}

/** Bytes per request by module: a package, a folder of the gateway's own, Node, V8. */
function byModule(file: string, requests: number): Array<[string, number]> {
  const { head } = JSON.parse(readFileSync(file, 'utf8')) as { head: HeapNode };
  const sizes = new Map<string, number>();
  const walk = (node: HeapNode) => {
    const url = node.callFrame.url.replace(/^.*?\/(node_modules|src|providers|bench)\//, '$1/');
    const pkg = /^node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url)?.[1];
    const own = /^(src|providers)\/[^/]+/.exec(url)?.[0];
    const key =
      pkg ?? own ?? (url.startsWith('bench/') ? 'bench/hono-floor.ts' : url ? 'node:' : '(V8)');
    sizes.set(key, (sizes.get(key) ?? 0) + node.selfSize);
    for (const child of node.children) walk(child);
  };
  walk(head);
  return [...sizes.entries()]
    .map(([key, bytes]) => [key, bytes / requests] as [string, number])
    .sort((a, b) => b[1] - a[1]);
}

mkdirSync(resultsDir, { recursive: true });
const upstream = start(['bench/upstream.ts'], {}, 'pipe');
const up = (await firstJsonLine(upstream, 'bench/upstream.ts')) as unknown as BenchUpstreams;
const verbaUrl = new URL(up.verba.apiUrl);
for (const [name, value] of Object.entries({
  action: 'GetCallInformation',
  apiKey: up.verba.apiKey,
  token: up.verba.token,
  responseType: 'XML',
  callID: up.verba.finished,
}))
  verbaUrl.searchParams.set(name, value);
const callfireAuth = `Basic ${Buffer.from(`${up.callfire.userName}:${up.callfire.password}`).toString('base64')}`;
const paths = {
  'Verba get': `/calls/verba_${up.verba.finished}`,
  'CallFire get': `/calls/callfire_${up.callfire.finished}`,
};

const sampler = ['--import', join(root, 'bench/alloc-sampler.ts')];
const floor = start(
  [...sampler, 'bench/hono-floor.ts'],
  {
    BENCH_FLOOR_LOG: join(resultsDir, 'allocations-floor.log'),
    BENCH_ALLOC_OUT: join(resultsDir, 'allocations-floor'),
    BENCH_RELAY_ROUTES: JSON.stringify({
      [paths['Verba get']]: [
        { url: verbaUrl.toString(), headers: { accept: 'application/xml, text/xml' } },
      ],
      [paths['CallFire get']]: [
        {
          url: `${up.callfire.apiUrl}/call/${up.callfire.finished}.json`,
          headers: { accept: 'application/json', authorization: callfireAuth },
        },
      ],
    }),
  },
  'pipe',
);
const floorBase = `http://127.0.0.1:${(await firstJsonLine(floor, 'bench/hono-floor.ts')).port}`;

const apiKey = randomBytes(24).toString('base64url');
const port = await freePort();
const stateDb = join(resultsDir, 'allocations-gateway.db');
for (const suffix of ['', '-wal', '-shm']) rmSync(`${stateDb}${suffix}`, { force: true });
const gateway = start(
  [...sampler, 'src/node/main.ts'],
  {
    NODE_ENV: 'production',
    HOST: '127.0.0.1',
    PORT: String(port),
    LOG_LEVEL: 'info',
    CALL_CACHE: 'off',
    STATE_DB: stateDb,
    BENCH_ALLOC_OUT: join(resultsDir, 'allocations-gateway'),
    ...gatewayEnvFor(up, apiKey, ['calls:read']),
  },
  openSync(join(resultsDir, 'allocations-gateway.log'), 'w'),
);
const gatewayBase = `http://127.0.0.1:${port}`;
for (let ready = false; !ready; ) {
  ready = await fetch(`${gatewayBase}/healthz`).then(
    (response) => response.ok,
    () => false,
  );
  if (!ready) await new Promise((resolve) => setTimeout(resolve, 100));
}

const rows: Array<{
  process: string;
  path: string;
  allocated: number;
  survived: number;
  top: Array<[string, number]>;
  topSurvived: Array<[string, number]>;
}> = [];
for (const [name, child, base, headers] of [
  ['floor on Hono', floor, floorBase, {}],
  ['gateway', gateway, gatewayBase, { authorization: `Bearer ${apiKey}` }],
] as const) {
  let stage = 0;
  for (const [label, path] of Object.entries(paths)) {
    const url = `${base}${path}`;
    const round = stage / 3;
    await load(url, headers, WARM_UP);
    await signal(child, ++stage);
    await load(url, headers, MEASURED);
    await signal(child, ++stage);
    await load(url, headers, MEASURED);
    await signal(child, ++stage);
    const prefix = join(
      resultsDir,
      name === 'gateway' ? 'allocations-gateway' : 'allocations-floor',
    );
    const all = byModule(`${prefix}.${round}.all.heapprofile`, MEASURED);
    const survived = byModule(`${prefix}.${round}.survived.heapprofile`, MEASURED);
    const sum = (entries: Array<[string, number]>) => entries.reduce((t, [, b]) => t + b, 0);
    rows.push({
      process: name,
      path: label,
      allocated: sum(all),
      survived: sum(survived),
      top: all.slice(0, 8),
      topSurvived: survived.slice(0, 8),
    });
  }
}

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
const lines = [
  `Allocations per request, ${MEASURED.toLocaleString('en')} requests under 16 connections after ${WARM_UP.toLocaleString('en')} to warm up (Node ${process.version}):`,
  '',
  '| process | path | allocated | outlived a young collection | largest allocators |',
  '|---|---|--:|--:|---|',
  ...rows.map(
    (row) =>
      `| ${row.process} | ${row.path} | ${kb(row.allocated)} | ${kb(row.survived)} | ${row.top
        .slice(0, 5)
        .map(([key, bytes]) => `${key} ${kb(bytes)}`)
        .join(', ')} |`,
  ),
];
process.stdout.write(`${lines.join('\n')}\n`);
writeFileSync(join(resultsDir, 'allocations.md'), `${lines.join('\n')}\n`);
writeFileSync(join(resultsDir, 'allocations.json'), `${JSON.stringify(rows, null, 2)}\n`);
process.exit(0);
