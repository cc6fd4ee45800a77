/**
 * `npm run bench`: the gateway against the floor (a bare relay), in one run.
 *
 * Starts the upstreams (bench/upstream.ts), the bare relay (bench/relay.ts) and two Node
 * gateways with production settings (info logging to a file, API keys on): one with the
 * call cache off, for the uncached paths, and one as deployed, for the cached path. Each
 * path is driven A B A B (floor, gateway, floor, gateway) while the CPU time of the process
 * under load is read from /proc; then latency at a fixed 1,000 req/s; then what the
 * gateway's state costs a read and a keep on Node and in workerd (bench/state.ts); then a
 * soak for memory and sockets. Then the cost of telemetry: the Verba get path on three more
 * gateways, one with metrics and tracing off, one with both on (every trace exported over
 * OTLP/HTTP to bench/otlp-sink.ts), one with a tenth of the traces sampled, taking turns
 * like the rest. Prints a table and writes bench/results/report.{md,json}.
 *
 * Options: --soak-seconds N (default 300), --phase-seconds N (default 10), --rate-seconds N
 * (default 5), --quick (phases of 3 s, soak of 20 s: a smoke run), --profile (CPU profile
 * of the uncached gateway, summarized at the end; its CPU figures then include profiling),
 * --paths verba,callfire,find,cached,state,telemetry,audio (a subset; state is
 * bench/state.ts, audio bench/audio.ts), --log-level L (default info),
 * --node-options '…' (for the gateways, e.g. --trace-gc).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, openSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { freePort } from '../test/support/wrangler-dev.ts';
import { audioMarkdown, runAudioBench } from './audio.ts';
import { workerBundleSize } from './bundle-size.ts';
import {
  firstJsonLine,
  type Latency,
  latencyAtRate,
  rssMegabytes,
  socketsTo,
  sustained,
  type Target,
  type Throughput,
  throughput,
} from './measure.ts';
import { topFiles, topFrames, topModules } from './profile-top.ts';
import { type BenchUpstreams, gatewayEnvFor } from './sandbox-gateway.ts';
import { benchState, type StateRow, stateTable } from './state.ts';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const resultsDir = join(root, 'bench/results');

const { values: flags } = parseArgs({
  options: {
    'soak-seconds': { type: 'string' },
    'phase-seconds': { type: 'string' },
    'rate-seconds': { type: 'string' },
    quick: { type: 'boolean', default: false },
    profile: { type: 'boolean', default: false },
    paths: { type: 'string' },
    'log-level': { type: 'string' },
    'node-options': { type: 'string' },
  },
});
const quick = flags.quick ?? false;
const PHASE_S = Number(flags['phase-seconds'] ?? (quick ? 3 : 10));
const RATE_S = Number(flags['rate-seconds'] ?? (quick ? 3 : 5));
const SOAK_S = Number(flags['soak-seconds'] ?? (quick ? 20 : 300));
const RATE = 1000;
const ROUNDS = 2;

const startedAt = performance.now();
const elapsed = () => {
  const s = Math.round((performance.now() - startedAt) / 1000);
  return `${String(Math.floor(s / 60)).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}`;
};
const say = (line: string) => process.stdout.write(`[${elapsed()}] ${line}\n`);

const children: ChildProcess[] = [];
const stopAll = () => {
  for (const child of children) if (child.exitCode === null) child.kill('SIGTERM');
};
process.on('exit', stopAll);
process.on('SIGINT', () => {
  stopAll();
  process.exit(130);
});

/** Starts `node <script>` and resolves with the first JSON line it prints. */
async function startJsonChild(
  script: string,
  env: Record<string, string> = {},
): Promise<{
  child: ChildProcess;
  info: Record<string, unknown>;
}> {
  const child = spawn(process.execPath, [join(root, script)], {
    cwd: root,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  children.push(child);
  return { child, info: await firstJsonLine(child, script) };
}

async function startGateway(name: string, env: Record<string, string>, profile: boolean) {
  const port = await freePort();
  const log = openSync(join(resultsDir, `${name}.log`), 'w');
  const nodeArgs = profile
    ? ['--cpu-prof', `--cpu-prof-dir=${join(resultsDir, 'profile', name)}`]
    : [];
  const child = spawn(process.execPath, [...nodeArgs, join(root, 'src/node/main.ts')], {
    cwd: root,
    // Only what production would set: nothing inherited can change the configuration.
    env: {
      PATH: process.env.PATH ?? '',
      NODE_ENV: 'production',
      HOST: '127.0.0.1',
      PORT: String(port),
      LOG_LEVEL: flags['log-level'] ?? 'info',
      ...env,
    },
    stdio: ['ignore', log, 'inherit'],
  });
  children.push(child);
  const base = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 20_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`gateway ${name} exited (${child.exitCode})`);
    try {
      if ((await fetch(`${base}/healthz`)).ok) break;
    } catch {
      // Not listening yet.
    }
    if (Date.now() > deadline) throw new Error(`gateway ${name} did not start`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return { child, base, pid: child.pid as number };
}

async function expectOk(label: string, target: Target): Promise<void> {
  const response = await fetch(target.url, target.headers ? { headers: target.headers } : {});
  const body = await response.text();
  if (response.status !== 200) {
    throw new Error(`${label}: ${target.url} answered ${response.status}: ${body.slice(0, 300)}`);
  }
}

// ---------------------------------------------------------------------------------------

mkdirSync(resultsDir, { recursive: true });
rmSync(join(resultsDir, 'profile'), { recursive: true, force: true });
const machine = {
  node: process.version,
  cores: availableParallelism(),
  cpu: cpus()[0]?.model ?? 'unknown',
};
say(
  `callgate benchmark: Node ${machine.node}, ${machine.cores} cores (${machine.cpu}); phases ${PHASE_S} s, rate phases ${RATE_S} s, soak ${SOAK_S} s`,
);

say('micro: provider answer -> call, on one core …');
const micro = (await startJsonChild('bench/micro.ts')).info as {
  verba: { bytes: number; perSecond: number };
  callfire: { bytes: number; perSecond: number };
  callfireRich: { bytes: number; perSecond: number };
};
say(
  `micro: Verba ${micro.verba.perSecond.toLocaleString('en')}/s, CallFire ${micro.callfire.perSecond.toLocaleString('en')}/s (richest sample ${micro.callfireRich.perSecond.toLocaleString('en')}/s)`,
);

const upstream = await startJsonChild('bench/upstream.ts');
const up = upstream.info as unknown as BenchUpstreams;
const upstreamPid = upstream.child.pid as number;

/** The URL the Verba adapter builds for an action, parameter for parameter. */
const verbaUrl = (action: string, params: Record<string, string>) => {
  const url = new URL(up.verba.apiUrl);
  url.searchParams.set('action', action);
  url.searchParams.set('apiKey', up.verba.apiKey);
  url.searchParams.set('token', up.verba.token);
  url.searchParams.set('responseType', 'XML');
  for (const [name, value] of Object.entries(params)) url.searchParams.set(name, value);
  return url.toString();
};
const verbaHeaders = { accept: 'application/xml, text/xml' };
const callfireHeaders = {
  accept: 'application/json',
  authorization: `Basic ${Buffer.from(`${up.callfire.userName}:${up.callfire.password}`).toString('base64')}`,
};

const verbaGet = {
  url: verbaUrl('GetCallInformation', { callID: up.verba.finished }),
  headers: verbaHeaders,
};
const callfireGet = {
  url: `${up.callfire.apiUrl}/call/${up.callfire.finished}.json`,
  headers: callfireHeaders,
};
const findPath = '/calls?provider=verba&extension=8856&status=last';
const paths = {
  verbaGet: `/calls/verba_${up.verba.finished}`,
  callfireGet: `/calls/callfire_${up.callfire.finished}`,
  find: findPath,
};
const relay = await startJsonChild('bench/relay.ts', {
  BENCH_RELAY_ROUTES: JSON.stringify({
    [paths.verbaGet]: [verbaGet],
    [paths.callfireGet]: [callfireGet],
    [paths.find]: [
      { url: verbaUrl('GetCallID', { extension: '8856', status: 'last' }), headers: verbaHeaders },
      verbaGet,
    ],
  }),
});
const relayBase = `http://127.0.0.1:${(relay.info as { port: number }).port}`;
const relayPid = relay.child.pid as number;
// The floor on Hono: the same upstream requests, plus the work no gateway on Hono can avoid.
const honoFloor = await startJsonChild('bench/hono-floor.ts', {
  BENCH_RELAY_ROUTES: JSON.stringify({
    [paths.verbaGet]: [verbaGet],
    [paths.callfireGet]: [callfireGet],
  }),
  BENCH_FLOOR_LOG: join(resultsDir, 'hono-floor.log'),
});
const honoBase = `http://127.0.0.1:${(honoFloor.info as { port: number }).port}`;
const honoPid = honoFloor.child.pid as number;

const apiKey = randomBytes(24).toString('base64url');
const gatewayEnv = gatewayEnvFor(up, apiKey, ['calls:read', 'metrics:read']);
const auth = { authorization: `Bearer ${apiKey}` };
// Deployment defaults: metrics on, LOG_LEVEL=info, STATE_DB set (a file each), cache on.
const stateFile = (name: string) => {
  const file = join(resultsDir, `${name}.db`);
  for (const suffix of ['', '-wal', '-shm']) rmSync(`${file}${suffix}`, { force: true });
  return file;
};
const plain = await startGateway(
  'gateway',
  { ...gatewayEnv, CALL_CACHE: 'off', STATE_DB: stateFile('gateway') },
  flags.profile ?? false,
);
const cached = await startGateway(
  'gateway-cached',
  { ...gatewayEnv, STATE_DB: stateFile('gateway-cached') },
  flags.profile ?? false,
);
const measureTelemetry = !flags.paths || flags.paths.split(',').includes('telemetry');
const sink = measureTelemetry ? await startJsonChild('bench/otlp-sink.ts') : null;
const sinkEndpoint = (sink?.info as { endpoint: string } | undefined)?.endpoint ?? '';
/** The same uncached gateway with telemetry off, on, and on with traces sampled. */
const TELEMETRY_SETUPS = [
  {
    key: 'off',
    label: 'metrics and tracing off (METRICS=off, no OTLP endpoint)',
    env: { METRICS: 'off' },
  },
  {
    key: 'on',
    label: 'metrics on, every trace exported over OTLP/HTTP',
    env: { METRICS: 'on', OTEL_EXPORTER_OTLP_ENDPOINT: sinkEndpoint },
  },
  {
    key: 'sampled',
    label: 'metrics on, 10% of traces exported (parentbased_traceidratio 0.1)',
    env: {
      METRICS: 'on',
      OTEL_EXPORTER_OTLP_ENDPOINT: sinkEndpoint,
      OTEL_TRACES_SAMPLER: 'parentbased_traceidratio',
      OTEL_TRACES_SAMPLER_ARG: '0.1',
    },
  },
] as const;
const telemetryGateways = measureTelemetry
  ? await Promise.all(
      TELEMETRY_SETUPS.map(async (setup) => ({
        ...setup,
        gateway: await startGateway(
          `gateway-telemetry-${setup.key}`,
          { ...gatewayEnv, CALL_CACHE: 'off', ...setup.env },
          false,
        ),
      })),
    )
  : [];
const upstreamPorts = [up.verba.origin, up.callfire.origin].map((o) => Number(new URL(o).port));
say(
  `upstreams, relay and gateways up (gateway pid ${plain.pid}, cached gateway pid ${cached.pid})`,
);

interface PathPlan {
  name: string;
  floorLabel: string;
  floor: Target;
  floorPid: number;
  /** The floor on Hono (bench/hono-floor.ts), for the uncached gets. */
  hono: Target | null;
  gateway: Target;
  gatewayPid: number;
  direct: Target | null;
  note: string;
}
const allPlans: Array<PathPlan & { key: string }> = [
  {
    key: 'verba',
    name: 'Verba get',
    floorLabel: 'bare relay',
    floor: { url: `${relayBase}${paths.verbaGet}` },
    floorPid: relayPid,
    hono: { url: `${honoBase}${paths.verbaGet}` },
    gateway: { url: `${plain.base}${paths.verbaGet}`, headers: auth },
    gatewayPid: plain.pid,
    direct: verbaGet,
    note: 'GetCallInformation, XML',
  },
  {
    key: 'callfire',
    name: 'CallFire get',
    floorLabel: 'bare relay',
    floor: { url: `${relayBase}${paths.callfireGet}` },
    floorPid: relayPid,
    hono: { url: `${honoBase}${paths.callfireGet}` },
    gateway: { url: `${plain.base}${paths.callfireGet}`, headers: auth },
    gatewayPid: plain.pid,
    direct: callfireGet,
    note: 'call/{id}.json',
  },
  {
    key: 'find',
    name: 'Verba find',
    floorLabel: 'bare relay',
    floor: { url: `${relayBase}${paths.find}` },
    floorPid: relayPid,
    hono: null,
    gateway: { url: `${plain.base}${paths.find}`, headers: auth },
    gatewayPid: plain.pid,
    direct: null,
    note: 'GetCallID then GetCallInformation',
  },
  {
    key: 'cached',
    name: 'cached get',
    floorLabel: 'static upstream',
    floor: { url: up.static },
    floorPid: upstreamPid,
    hono: null,
    gateway: { url: `${cached.base}${paths.verbaGet}`, headers: auth },
    gatewayPid: cached.pid,
    direct: { url: up.static },
    note: 'finished Verba call from the cache',
  },
];

const chosen = flags.paths?.split(',');
const plans: PathPlan[] = allPlans.filter((plan) => !chosen || chosen.includes(plan.key));

for (const plan of plans) {
  await expectOk(`${plan.name} floor`, plan.floor);
  if (plan.hono) await expectOk(`${plan.name} floor on Hono`, plan.hono);
  await expectOk(`${plan.name} gateway`, plan.gateway);
  if (plan.direct) await expectOk(`${plan.name} direct`, plan.direct);
}

// Sockets to the upstreams, sampled while the gateways are under load.
let maxSockets = 0;
const sampler = setInterval(() => {
  try {
    maxSockets = Math.max(
      maxSockets,
      socketsTo(plain.pid, upstreamPorts),
      socketsTo(cached.pid, upstreamPorts),
    );
  } catch {
    // A process may be gone at the very end.
  }
}, 500);

say('warm-up: 2 s on every target …');
for (const plan of plans) {
  await throughput(plan.floor, plan.floorPid, 2);
  if (plan.hono) await throughput(plan.hono, honoPid, 2);
  await throughput(plan.gateway, plan.gatewayPid, 2);
}
const resetSandboxes = async () => {
  await fetch(`${up.verba.origin}/__sandbox/reset`, { method: 'POST' });
  await fetch(`${up.callfire.origin}/__sandbox/reset`, { method: 'POST' });
};

interface PathResult {
  plan: PathPlan;
  floor: Throughput[];
  hono: Throughput[];
  gateway: Throughput[];
  latency: { direct: Latency | null; floor: Latency; gateway: Latency };
}
const results: PathResult[] = [];
for (const plan of plans) {
  const floor: Throughput[] = [];
  const hono: Throughput[] = [];
  const gateway: Throughput[] = [];
  for (let round = 1; round <= ROUNDS; round++) {
    await resetSandboxes();
    const a = await throughput(plan.floor, plan.floorPid, PHASE_S);
    floor.push(a);
    say(
      `${plan.name} · ${plan.floorLabel} · round ${round}/${ROUNDS}: ${fmt(a.requestsPerSecond, 0)} req/s, ${fmt(a.cpuMicrosPerRequest, 0)} µs CPU/req`,
    );
    if (plan.hono) {
      const h = await throughput(plan.hono, honoPid, PHASE_S);
      hono.push(h);
      say(
        `${plan.name} · floor on Hono · round ${round}/${ROUNDS}: ${fmt(h.requestsPerSecond, 0)} req/s, ${fmt(h.cpuMicrosPerRequest, 0)} µs CPU/req`,
      );
    }
    const b = await throughput(plan.gateway, plan.gatewayPid, PHASE_S);
    gateway.push(b);
    say(
      `${plan.name} · gateway · round ${round}/${ROUNDS}: ${fmt(b.requestsPerSecond, 0)} req/s, ${fmt(b.cpuMicrosPerRequest, 0)} µs CPU/req${b.failed ? `, ${b.failed} failed` : ''}`,
    );
  }
  results.push({ plan, floor, hono, gateway, latency: null as never });
}

// Telemetry: the same path on each telemetry gateway in turn, every round.
interface TelemetryResult {
  setups: Array<{ key: string; label: string; runs: Throughput[] }>;
  spansExported: number;
  requestsCounted: number;
}
let telemetry: TelemetryResult | null = null;
if (telemetryGateways.length > 0) {
  const path = paths.verbaGet;
  const setups = telemetryGateways.map(({ key, label }) => ({
    key,
    label,
    runs: [] as Throughput[],
  }));
  for (const { gateway } of telemetryGateways) {
    await throughput({ url: `${gateway.base}${path}`, headers: auth }, gateway.pid, 2);
  }
  for (let round = 1; round <= ROUNDS; round++) {
    await resetSandboxes();
    for (const [index, { key, gateway }] of telemetryGateways.entries()) {
      const run = await throughput(
        { url: `${gateway.base}${path}`, headers: auth },
        gateway.pid,
        PHASE_S,
      );
      setups[index]?.runs.push(run);
      say(
        `telemetry ${key} · Verba get · round ${round}/${ROUNDS}: ${fmt(run.requestsPerSecond, 0)} req/s, ${fmt(run.cpuMicrosPerRequest, 0)} µs CPU/req${run.failed ? `, ${run.failed} failed` : ''}`,
      );
    }
  }
  // Proof that it was on: spans reached the sink, and /metrics counted the requests.
  await new Promise((resolve) => setTimeout(resolve, 6_000));
  const exported = (await (await fetch(`${sinkEndpoint}/spans`)).json()) as { spans: number };
  const on = telemetryGateways.find((setup) => setup.key === 'on')?.gateway;
  const exposition = on ? await (await fetch(`${on.base}/metrics`, { headers: auth })).text() : '';
  const counted = exposition
    .split('\n')
    .filter((line) => line.startsWith('callgate_http_requests_total{route="/calls/:id"'))
    .reduce((sum, line) => sum + Number(line.slice(line.lastIndexOf(' ') + 1)), 0);
  telemetry = { setups, spansExported: exported.spans, requestsCounted: counted };
  say(`telemetry: ${exported.spans} spans exported, ${counted} requests counted by one /metrics`);
}

for (const result of results) {
  const { plan } = result;
  const direct = plan.direct ? await latencyAtRate(plan.direct, RATE, RATE_S) : null;
  const floor =
    plan.direct?.url === plan.floor.url && direct
      ? direct
      : await latencyAtRate(plan.floor, RATE, RATE_S);
  const gateway = await latencyAtRate(plan.gateway, RATE, RATE_S);
  result.latency = { direct, floor, gateway };
  say(
    `${plan.name} at ${RATE} req/s: p50/p99 ${direct ? `direct ${ms(direct)}, ` : ''}${plan.floorLabel} ${ms(floor)}, gateway ${ms(gateway)}`,
  );
}

// The gateway's state: what it adds to a read and to a keep, on Node and in workerd.
const STATE_RATE = { node: 200, workerd: 20 };
let stateRows: StateRow[] = [];
if (!chosen || chosen.includes('state')) {
  const stateGateways: Array<{ child: ChildProcess }> = [];
  stateRows = await benchState({
    verba: up.verba,
    startNode: async (name, env) => {
      const gateway = await startGateway(name, env, false);
      stateGateways.push(gateway);
      return gateway;
    },
    rate: STATE_RATE,
    seconds: RATE_S,
    say,
  });
  for (const gateway of stateGateways) gateway.child.kill('SIGTERM');
}

// Soak: both gateways under sustained load at once, every path, for SOAK_S seconds.
await resetSandboxes();
const rssBefore = { plain: rssMegabytes(plain.pid), cached: rssMegabytes(cached.pid) };
say(
  `soak: ${SOAK_S} s at ${RATE} req/s (750 uncached across three paths, 250 cached); RSS before ${fmt(rssBefore.plain, 1)} MB / ${fmt(rssBefore.cached, 1)} MB`,
);
const soakTicker = setInterval(() => {
  say(
    `soak: RSS ${fmt(rssMegabytes(plain.pid), 1)} MB (gateway), ${fmt(rssMegabytes(cached.pid), 1)} MB (cached); upstream sockets ≤ ${maxSockets}`,
  );
}, 30_000);
const resetTicker = setInterval(() => void resetSandboxes().catch(() => {}), 30_000);
const [soakPlain, soakCached, bundle] = await Promise.all([
  sustained(plain.base, [paths.verbaGet, paths.callfireGet, paths.find], auth, 750, SOAK_S),
  sustained(cached.base, [paths.verbaGet], auth, 250, SOAK_S),
  workerBundleSize(root).catch((error: Error) => ({ error: error.message })),
]);
clearInterval(soakTicker);
clearInterval(resetTicker);
const rssAfter = { plain: rssMegabytes(plain.pid), cached: rssMegabytes(cached.pid) };
clearInterval(sampler);
say(
  `soak done: ${soakPlain.completed + soakCached.completed} requests, ${soakPlain.failed + soakCached.failed} failed; RSS after ${fmt(rssAfter.plain, 1)} MB / ${fmt(rssAfter.cached, 1)} MB`,
);

// Stopping the gateway writes its CPU profile.
plain.child.kill('SIGTERM');
cached.child.kill('SIGTERM');
for (const { gateway } of telemetryGateways) gateway.child.kill('SIGTERM');
await Promise.all(
  [plain, cached].map(
    ({ child }) =>
      new Promise((resolve) =>
        child.exitCode === null ? child.once('exit', resolve) : resolve(0),
      ),
  ),
);
const profileOf = (name: string) => {
  if (!flags.profile) return null;
  const dir = join(resultsDir, 'profile', name);
  const file = readdirSync(dir).find((f) => f.endsWith('.cpuprofile'));
  return file ? join(dir, file) : null;
};
const profiles = (['gateway', 'gateway-cached'] as const).flatMap((name) => {
  const file = profileOf(name);
  return file
    ? [
        {
          name,
          frames: topFrames(file, 15),
          files: topFiles(file, 15),
          modules: topModules(file, 15),
        },
      ]
    : [];
});
const frames = profiles[0]?.frames ?? [];

// ---------------------------------------------------------------------------------------

function fmt(value: number, digits: number): string {
  return Number.isFinite(value)
    ? value.toLocaleString('en', { minimumFractionDigits: digits, maximumFractionDigits: digits })
    : 'n/a';
}
function ms(latency: Latency): string {
  return `${fmt(latency.p50Ms, 2)}/${fmt(latency.p99Ms, 2)} ms`;
}
const mean = (runs: Throughput[], pick: (t: Throughput) => number) =>
  runs.reduce((sum, run) => sum + pick(run), 0) / runs.length;

const rows = results.map(({ plan, floor, hono, gateway, latency }) => {
  const floorCpu = mean(floor, (t) => t.cpuMicrosPerRequest);
  const honoCpu = hono.length ? mean(hono, (t) => t.cpuMicrosPerRequest) : Number.NaN;
  const gatewayCpu = mean(gateway, (t) => t.cpuMicrosPerRequest);
  const reference = latency.direct ?? latency.floor;
  return {
    path: plan.name,
    note: plan.note,
    floor: plan.floorLabel,
    floorRps: mean(floor, (t) => t.requestsPerSecond),
    gatewayRps: mean(gateway, (t) => t.requestsPerSecond),
    floorCpu,
    gatewayCpu,
    honoCpu,
    perRound: {
      floor: floor.map((t) => Math.round(t.cpuMicrosPerRequest)),
      hono: hono.map((t) => Math.round(t.cpuMicrosPerRequest)),
      gateway: gateway.map((t) => Math.round(t.cpuMicrosPerRequest)),
    },
    ratio: gatewayCpu / floorCpu,
    failed: [...floor, ...hono, ...gateway].reduce((sum, t) => sum + t.failed, 0),
    latency,
    addedP50: latency.gateway.p50Ms - reference.p50Ms,
  };
});

const table = [
  '| path | floor | req/s floor | req/s gateway | CPU µs/req floor | CPU µs/req gateway | ratio | p50/p99 direct | p50/p99 floor | p50/p99 gateway | p50 added |',
  '|---|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|',
  ...rows.map(
    (r) =>
      `| ${r.path} | ${r.floor} | ${fmt(r.floorRps, 0)} | ${fmt(r.gatewayRps, 0)} | ${fmt(r.floorCpu, 0)} | ${fmt(r.gatewayCpu, 0)} | ${fmt(r.ratio, 2)}× | ${r.latency.direct ? ms(r.latency.direct) : '–'} | ${ms(r.latency.floor)} | ${ms(r.latency.gateway)} | ${fmt(r.addedP50, 2)} ms |`,
  ),
];
// The cost targets: an uncached get within 1.15× the floor on Hono, a cached get within
// 1.2× the bare relay (of an uncached Verba get: the same request, relayed).
const relayVerbaCpu = rows.find((r) => r.path === 'Verba get')?.floorCpu ?? Number.NaN;
const rounds = (values: number[]) => values.join(' / ');
const targetLines = [
  '',
  'Cost targets, CPU µs per request of the process under load, each round (A B A B) and the mean:',
  '',
  '| path | bare relay | floor on Hono | gateway | gateway ÷ reference | target |',
  '|---|--:|--:|--:|--:|---|',
  ...rows.flatMap((r) => {
    if (r.path === 'cached get') {
      return [
        `| cached get | ${fmt(relayVerbaCpu, 0)} (Verba get) | – | ${rounds(r.perRound.gateway)} (${fmt(r.gatewayCpu, 0)}) | ${fmt(r.gatewayCpu / relayVerbaCpu, 2)}× the relay | ≤ 1.2× the bare relay |`,
      ];
    }
    if (Number.isNaN(r.honoCpu)) return [];
    return [
      `| ${r.path} | ${rounds(r.perRound.floor)} (${fmt(r.floorCpu, 0)}) | ${rounds(r.perRound.hono)} (${fmt(r.honoCpu, 0)}) | ${rounds(r.perRound.gateway)} (${fmt(r.gatewayCpu, 0)}) | ${fmt(r.gatewayCpu / r.honoCpu, 2)}× the floor on Hono | ≤ 1.15× the floor on Hono |`,
    ];
  }),
];
const telemetryLines = telemetry
  ? (() => {
      const off = telemetry.setups.find((setup) => setup.key === 'off');
      const offCpu = off ? mean(off.runs, (t) => t.cpuMicrosPerRequest) : Number.NaN;
      return [
        '',
        'Telemetry on the Verba get path (cache off), same run:',
        '',
        '| gateway | req/s | CPU µs/req | added |',
        '|---|--:|--:|--:|',
        ...telemetry.setups.map((setup) => {
          const cpu = mean(setup.runs, (t) => t.cpuMicrosPerRequest);
          const added =
            setup.key === 'off'
              ? '–'
              : `${fmt(cpu - offCpu, 0)} µs (${fmt(((cpu - offCpu) / offCpu) * 100, 1)} %)`;
          return `| ${setup.label} | ${fmt(
            mean(setup.runs, (t) => t.requestsPerSecond),
            0,
          )} | ${fmt(cpu, 0)} | ${added} |`;
        }),
        '',
        `${fmt(telemetry.spansExported, 0)} spans reached the OTLP sink; /metrics counted ${fmt(telemetry.requestsCounted, 0)} requests.`,
      ];
    })()
  : [];
const bundleLine =
  'error' in bundle
    ? `Worker bundle: not measured (${bundle.error})`
    : `Worker bundle (wrangler deploy --dry-run): ${fmt(bundle.gzipKiB, 1)} KiB gzipped (${fmt(bundle.rawKiB, 1)} KiB raw), Swagger UI assets excluded`;
const summary = [
  `Node ${machine.node}, ${machine.cores} cores (${machine.cpu}); loopback; 16 connections; ${ROUNDS} rounds of ${PHASE_S} s per side (A B A B); latency open-loop at ${RATE} req/s for ${RATE_S} s.`,
  '',
  ...table,
  ...targetLines,
  ...telemetryLines,
  '',
  `Mapping on one core (answer text -> call): Verba ${fmt(micro.verba.perSecond, 0)}/s (${micro.verba.bytes} B XML), CallFire ${fmt(micro.callfire.perSecond, 0)}/s (${micro.callfire.bytes} B JSON, the documented call; ${fmt(micro.callfireRich.perSecond, 0)}/s for the richest sample, ${micro.callfireRich.bytes} B).`,
  `Memory: RSS ${fmt(rssBefore.plain, 1)} -> ${fmt(rssAfter.plain, 1)} MB (gateway), ${fmt(rssBefore.cached, 1)} -> ${fmt(rssAfter.cached, 1)} MB (cached gateway) over a ${SOAK_S} s soak of ${fmt(soakPlain.completed + soakCached.completed, 0)} requests (${soakPlain.failed + soakCached.failed} failed).`,
  `Upstream sockets open during load: at most ${maxSockets} per gateway (pool bound: 64 per origin).`,
  ...(stateRows.length
    ? [
        '',
        `State, open-loop for ${RATE_S} s per row and round (two rounds, every row in turn) at ${STATE_RATE.node} req/s on Node and ${STATE_RATE.workerd} req/s through wrangler dev (a fresh Idempotency-Key per keep):`,
        '',
        ...stateTable(stateRows),
        '',
      ]
    : []),
  bundleLine,
  ...profiles.flatMap((profile) => [
    '',
    `CPU profile of ${profile.name} (self time), by function:`,
    '',
    ...profile.frames.map((f) => `- ${f}`),
    '',
    'by file:',
    '',
    ...profile.files.map((f) => `- ${f}`),
    '',
    'by module:',
    '',
    ...profile.modules.map((f) => `- ${f}`),
  ]),
];
const failures = rows.reduce((sum, r) => sum + r.failed, 0);
if (failures) summary.push(`Note: ${failures} requests failed during the throughput phases.`);
// Audio last, with the other gateways stopped: it measures bytes, not requests.
stopAll();
const audio = !chosen || chosen.includes('audio') ? await runAudioBench(say) : null;
if (audio) summary.push('', 'Audio (bench/audio.ts):', '', audioMarkdown(audio));
process.stdout.write(`\n${summary.join('\n')}\n`);
writeFileSync(join(resultsDir, 'report.md'), `${summary.join('\n')}\n`);
writeFileSync(
  join(resultsDir, 'report.json'),
  `${JSON.stringify({ machine, micro, rows, stateRows, telemetry, rssBefore, rssAfter, maxSockets, bundle, frames, profiles, soakSeconds: SOAK_S, audio }, null, 2)}\n`,
);
say(`done in ${elapsed()}; report in bench/results/report.md`);
stopAll();
process.exit(0);
