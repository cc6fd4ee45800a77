/**
 * What the benchmark reads and drives: a process's CPU time, RSS and upstream sockets from
 * /proc, autocannon for throughput, and a fixed-rate loop for latency (autocannon keeps
 * latencies in whole milliseconds, too coarse for a 1 ms budget).
 */
import { type ChildProcess, execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';
import autocannon from 'autocannon';
import { Pool } from 'undici';

const CLOCK_TICKS = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK']).toString().trim()) || 100;
  } catch {
    return 100;
  }
})();

/** User + system CPU of a whole process (every thread: GC and libuv included), in µs. */
export function cpuMicros(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // The command name may hold spaces; fields are counted after its closing parenthesis.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticks = Number(fields[11]) + Number(fields[12]);
  return (ticks * 1_000_000) / CLOCK_TICKS;
}

export function rssMegabytes(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
  return kb / 1024;
}

/** Established TCP connections of `pid` whose remote port is one of `ports`. */
export function socketsTo(pid: number, ports: readonly number[]): number {
  const inodes = new Set<string>();
  for (const fd of readdirSync(`/proc/${pid}/fd`)) {
    try {
      const target = readlinkSync(`/proc/${pid}/fd/${fd}`);
      if (target.startsWith('socket:[')) inodes.add(target.slice(8, -1));
    } catch {
      // The descriptor closed while being listed.
    }
  }
  let count = 0;
  for (const table of ['tcp', 'tcp6']) {
    let text: string;
    try {
      text = readFileSync(`/proc/${pid}/net/${table}`, 'utf8');
    } catch {
      continue;
    }
    for (const line of text.split('\n').slice(1)) {
      const columns = line.trim().split(/\s+/);
      if (columns.length < 10 || columns[3] !== '01') continue;
      const remotePort = Number.parseInt(columns[2]?.split(':')[1] ?? '', 16);
      if (ports.includes(remotePort) && inodes.has(columns[9] ?? '')) count++;
    }
  }
  return count;
}

export interface Target {
  /** Origin and path, e.g. http://127.0.0.1:8787/calls/verba_… */
  url: string;
  headers?: Record<string, string>;
  /** GET unless said; only latencyAtRate sends a body. */
  method?: 'GET' | 'POST';
  body?: string;
  /** A fresh `Idempotency-Key` on every request (latencyAtRate only). */
  idempotencyKeys?: boolean;
}

export interface Throughput {
  requestsPerSecond: number;
  completed: number;
  failed: number;
  /** CPU of the measured process per completed request. */
  cpuMicrosPerRequest: number;
}

/** Closed-loop load (16 connections, as fast as the target answers) for `seconds`. */
export async function throughput(
  target: Target,
  pid: number,
  seconds: number,
  connections = 16,
): Promise<Throughput> {
  const cpuBefore = cpuMicros(pid);
  const result = await autocannon({
    url: target.url,
    connections,
    duration: seconds,
    ...(target.headers ? { headers: target.headers } : {}),
  });
  const cpu = cpuMicros(pid) - cpuBefore;
  const completed = result['2xx'];
  return {
    requestsPerSecond: completed / seconds,
    completed,
    failed: result.non2xx + result.errors + result.timeouts,
    cpuMicrosPerRequest: completed ? cpu / completed : Number.NaN,
  };
}

/** Several paths on one origin in turn, at a fixed overall rate, for the soak. */
export function sustained(
  origin: string,
  paths: string[],
  headers: Record<string, string>,
  rate: number,
  seconds: number,
): Promise<{ completed: number; failed: number }> {
  return autocannon({
    url: origin,
    connections: 8,
    overallRate: rate,
    duration: seconds,
    requests: paths.map((path) => ({ method: 'GET' as const, path, headers })),
  }).then((result) => ({
    completed: result['2xx'],
    failed: result.non2xx + result.errors + result.timeouts,
  }));
}

export interface Latency {
  p50Ms: number;
  p99Ms: number;
  count: number;
  failed: number;
}

/**
 * Open loop at a fixed rate: requests leave on schedule whether or not earlier ones have
 * answered (over at most `connections` sockets), each timed from when it was sent.
 */
export async function latencyAtRate(
  target: Target,
  rate: number,
  seconds: number,
  connections = 16,
): Promise<Latency> {
  const url = new URL(target.url);
  const pool = new Pool(url.origin, { connections, keepAliveTimeout: 30_000 });
  const path = `${url.pathname}${url.search}`;
  const total = Math.round(rate * seconds);
  const samples: number[] = [];
  let failed = 0;
  const inFlight: Promise<void>[] = [];
  const run = crypto.randomUUID();
  const send = async (n: number) => {
    const headers = {
      ...target.headers,
      ...(target.idempotencyKeys ? { 'idempotency-key': `${run}-${n}` } : {}),
    };
    const started = performance.now();
    try {
      const answer = await pool.request({
        method: target.method ?? 'GET',
        path,
        headers,
        ...(target.body === undefined ? {} : { body: target.body }),
      });
      await answer.body.dump();
      if (answer.statusCode >= 200 && answer.statusCode < 300) {
        samples.push(performance.now() - started);
      } else failed++;
    } catch {
      failed++;
    }
  };
  const start = performance.now();
  let sent = 0;
  while (sent < total) {
    const due = Math.min(total, Math.floor(((performance.now() - start) * rate) / 1000) + 1);
    for (; sent < due; sent++) inFlight.push(send(sent));
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
  await Promise.all(inFlight);
  await pool.close();
  samples.sort((a, b) => a - b);
  const at = (q: number) => samples[Math.min(samples.length - 1, Math.floor(q * samples.length))];
  return {
    p50Ms: at(0.5) ?? Number.NaN,
    p99Ms: at(0.99) ?? Number.NaN,
    count: samples.length,
    failed,
  };
}

/** The first line a child process prints, read as JSON: how the bench's helpers say they are ready. */
export function firstJsonLine(child: ChildProcess, name: string): Promise<Record<string, unknown>> {
  return new Promise((resolve, reject) => {
    let buffered = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      buffered += chunk.toString();
      const newline = buffered.indexOf('\n');
      if (newline >= 0) {
        child.stdout?.removeAllListeners('data');
        child.stdout?.resume();
        resolve(JSON.parse(buffered.slice(0, newline)));
      }
    });
    child.once('exit', (code) => reject(new Error(`${name} exited (${code}) before it was ready`)));
  });
}
