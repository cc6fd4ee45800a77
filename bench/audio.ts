/**
 * The audio path of `npm run bench` (alone: `npm run bench:audio`): a 200 MiB recording
 * streamed from the Verba sandbox directly and through a Node gateway, A B A B in one run,
 * with the gateway's RSS sampled while it relays; then SearchCalls over a window of
 * 100,000 calls, the first page and the deepest one, and the gateway's RSS meanwhile.
 * Prints a table and writes bench/results/audio.{md,json}.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, openSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from '../test/support/wrangler-dev.ts';
import { rssMegabytes } from './measure.ts';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const resultsDir = join(root, 'bench/results');
// `AUDIO_BENCH_MIB=800 npm run bench:audio` relays a larger one: the peak should not move.
const RECORDING_BYTES = Number(process.env.AUDIO_BENCH_MIB ?? 200) * 1024 * 1024;
// PCM16 at 8 kHz: 16,000 bytes a second of call.
const LONG_CALL_SECONDS = Math.ceil((RECORDING_BYTES - 44) / 16_000);
const BULK_CALLS = 100_000;
const API_KEY = 'bench-audio-key-7f3a9c1e5b2d';

export interface AudioReport {
  recordingBytes: number;
  rounds: Array<{ path: 'direct' | 'gateway'; seconds: number; megabytesPerSecond: number }>;
  direct: number;
  gateway: number;
  rss: { before: number; peak: number; after: number };
  /** The gateway's RSS (MB) after each tenth of the last relayed recording. */
  rssTimeline: number[];
  search: {
    calls: number;
    firstPage: { limit: number; ms: number; items: number };
    lastPage: { limit: number; ms: number; items: number };
    rssPeak: number;
  };
}

const children: ChildProcess[] = [];
const stopAll = () => {
  for (const child of children) if (child.exitCode === null) child.kill('SIGTERM');
};

/** The sandbox in a process of its own, so its CPU and memory are never the gateway's. */
async function startSandbox(): Promise<{
  apiUrl: string;
  origin: string;
  apiKey: string;
  token: string;
}> {
  const child = spawn(process.execPath, [join(root, 'bench/audio-upstream.ts')], {
    cwd: root,
    env: {
      ...process.env,
      LONG_CALL_SECONDS: String(LONG_CALL_SECONDS),
      BULK_CALLS: String(BULK_CALLS),
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  children.push(child);
  return new Promise((resolve, reject) => {
    let buffered = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      buffered += chunk.toString();
      const newline = buffered.indexOf('\n');
      if (newline >= 0) resolve(JSON.parse(buffered.slice(0, newline)));
    });
    child.once('exit', (code) => reject(new Error(`audio upstream exited (${code})`)));
  });
}

async function startGateway(env: Record<string, string>) {
  const port = await freePort();
  const log = openSync(join(resultsDir, 'gateway-audio.log'), 'w');
  const child = spawn(process.execPath, [join(root, 'src/node/main.ts')], {
    cwd: root,
    env: {
      PATH: process.env.PATH ?? '',
      NODE_ENV: 'production',
      HOST: '127.0.0.1',
      PORT: String(port),
      LOG_LEVEL: 'info',
      ...env,
    },
    stdio: ['ignore', log, 'inherit'],
  });
  children.push(child);
  const base = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 20_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`gateway exited (${child.exitCode})`);
    try {
      if ((await fetch(`${base}/healthz`)).ok) break;
    } catch {}
    if (Date.now() > deadline) throw new Error('gateway did not start');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return { base, pid: child.pid as number };
}

/** Reads a whole answer, counting its bytes; the seconds it took. */
async function drain(
  url: string,
  headers: Record<string, string> = {},
  onProgress: (bytes: number) => void = () => {},
): Promise<{ bytes: number; seconds: number }> {
  const started = performance.now();
  const response = await fetch(url, { headers });
  if (!response.ok || !response.body) throw new Error(`${url}: HTTP ${response.status}`);
  let bytes = 0;
  for await (const chunk of response.body) {
    bytes += (chunk as Uint8Array).byteLength;
    onProgress(bytes);
  }
  return { bytes, seconds: (performance.now() - started) / 1000 };
}

const CURSOR_KEY = 'bench-audio-verba-cursor-key-6f1c3a9e2d7b';

const round1 = (n: number) => Math.round(n * 10) / 10;

export async function runAudioBench(say: (line: string) => void): Promise<AudioReport> {
  mkdirSync(resultsDir, { recursive: true });
  try {
    const sandbox = await startSandbox();
    const gateway = await startGateway({
      VERBA_BASE_URL: sandbox.apiUrl,
      VERBA_API_KEY: sandbox.apiKey,
      VERBA_TOKEN: sandbox.token,
      VERBA_TIMEZONE: 'Europe/Budapest',
      // Configured, so the bench can sign the cursor of the deepest page itself.
      VERBA_CURSOR_KEY: CURSOR_KEY,
      // Above the recording: the default cap (512 MiB) refuses a larger one, as it should.
      VERBA_MAX_MEDIA_BYTES: String(Math.max(RECORDING_BYTES * 2, 512 * 1024 * 1024)),
      GATEWAY_API_KEYS: JSON.stringify([
        { name: 'bench', key: API_KEY, scopes: ['calls:read', 'recordings:read'] },
      ]),
    });
    const auth = { authorization: `Bearer ${API_KEY}` };
    const longId = 'f6d4b5c7-8e9a-4fab-9c23-d4e5f6a7b8c9';
    const direct = `${sandbox.apiUrl}?action=GetMedia&apiKey=${sandbox.apiKey}&token=${sandbox.token}&callID=${longId}`;
    const through = `${gateway.base}/calls/verba_${longId}/recordings/${longId}/audio`;

    say(`audio: ${RECORDING_BYTES / 1024 / 1024} MiB recording, direct vs gateway, A B A B …`);
    const rss = { before: rssMegabytes(gateway.pid), peak: 0, after: 0 };
    let sampling = false;
    const sampler = setInterval(() => {
      if (sampling) rss.peak = Math.max(rss.peak, rssMegabytes(gateway.pid));
    }, 50);
    const rounds: AudioReport['rounds'] = [];
    let timeline: number[] = [];
    for (let i = 0; i < 2; i++) {
      for (const path of ['direct', 'gateway'] as const) {
        sampling = path === 'gateway';
        if (path === 'gateway') timeline = [];
        const { bytes, seconds } = await drain(
          path === 'direct' ? direct : through,
          path === 'gateway' ? auth : {},
          (sofar) => {
            if (path !== 'gateway') return;
            const tenth = Math.floor((sofar / RECORDING_BYTES) * 10);
            if (tenth > timeline.length && tenth <= 10)
              timeline.push(round1(rssMegabytes(gateway.pid)));
          },
        );
        sampling = false;
        if (
          bytes !== RECORDING_BYTES - (RECORDING_BYTES % 2) &&
          Math.abs(bytes - RECORDING_BYTES) > 16_000
        )
          throw new Error(`${path}: ${bytes} bytes`);
        rounds.push({
          path,
          seconds: round1(seconds * 10) / 10,
          megabytesPerSecond: round1(bytes / 1024 / 1024 / seconds),
        });
        say(`  ${path}: ${round1(bytes / 1024 / 1024)} MiB in ${seconds.toFixed(2)} s`);
      }
    }
    rss.after = rssMegabytes(gateway.pid);

    say(`search: a window of ${BULK_CALLS} calls, first page and the deepest …`);
    let searchPeak = 0;
    const searchSampler = setInterval(() => {
      searchPeak = Math.max(searchPeak, rssMegabytes(gateway.pid));
    }, 50);
    const window = 'since=2026-11-22T00:00:00Z&until=2026-11-23T00:00:00Z';
    const page = async (limit: number, cursor?: string) => {
      const started = performance.now();
      const response = await fetch(
        `${gateway.base}/calls?provider=verba&${window}&limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`,
        { headers: auth },
      );
      const body = (await response.json()) as { items?: unknown[]; code?: string };
      if (!response.ok) throw new Error(`search: HTTP ${response.status} ${body.code}`);
      return { ms: Math.round(performance.now() - started), items: body.items?.length ?? 0 };
    };
    const { createCursorCodec } = await import('../src/core/page-cursor.ts');
    const cursors = createCursorCodec('verba', 'verba', CURSOR_KEY);
    const filters = { since: '2026-11-22T00:00:00Z', until: '2026-11-23T00:00:00Z' };
    // A day of calls every 10 s is 8,640 of them: the deepest page of that day.
    const firstPage = { limit: 1000, ...(await page(1000)) };
    const lastPage = {
      limit: 1000,
      ...(await page(1000, await cursors.encode(8640 - 1000, filters))),
    };
    clearInterval(searchSampler);
    clearInterval(sampler);
    say(
      `  first page ${firstPage.ms} ms, deepest ${lastPage.ms} ms, RSS peak ${round1(searchPeak)} MB`,
    );

    const mean = (path: 'direct' | 'gateway') => {
      const own = rounds.filter((r) => r.path === path);
      return round1(own.reduce((sum, r) => sum + r.megabytesPerSecond, 0) / own.length);
    };
    const report: AudioReport = {
      recordingBytes: RECORDING_BYTES,
      rounds,
      direct: mean('direct'),
      gateway: mean('gateway'),
      rss: { before: round1(rss.before), peak: round1(rss.peak), after: round1(rss.after) },
      rssTimeline: timeline,
      search: { calls: BULK_CALLS, firstPage, lastPage, rssPeak: round1(searchPeak) },
    };
    writeFileSync(join(resultsDir, 'audio.json'), `${JSON.stringify(report, null, 2)}\n`);
    writeFileSync(join(resultsDir, 'audio.md'), `${audioMarkdown(report)}\n`);
    return report;
  } finally {
    stopAll();
  }
}

export function audioMarkdown(report: AudioReport): string {
  return [
    `| ${report.recordingBytes / 1024 / 1024} MiB recording | MiB/s | gateway RSS, MB |`,
    '| --- | --- | --- |',
    `| direct from the sandbox | ${report.direct} | |`,
    `| through the gateway | ${report.gateway} | ${report.rss.before} before, ${report.rss.peak} peak, ${report.rss.after} after |`,
    '',
    `Gateway RSS (MB) after each tenth of the last relayed recording: ${report.rssTimeline.join(', ')}.`,
    '',
    `| SearchCalls, ${report.search.calls} calls in the sandbox | ms | items |`,
    '| --- | --- | --- |',
    `| first page (limit ${report.search.firstPage.limit}) | ${report.search.firstPage.ms} | ${report.search.firstPage.items} |`,
    `| deepest page of a day (limit ${report.search.lastPage.limit}) | ${report.search.lastPage.ms} | ${report.search.lastPage.items} |`,
    `| gateway RSS peak while searching | ${report.search.rssPeak} MB | |`,
  ].join('\n');
}

if (import.meta.url === `file://${process.argv[1]}`) {
  process.on('SIGINT', () => {
    stopAll();
    process.exit(130);
  });
  const report = await runAudioBench((line) => process.stdout.write(`${line}\n`));
  process.stdout.write(`\n${audioMarkdown(report)}\n`);
}
