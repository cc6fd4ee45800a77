/**
 * What the gateway's state costs a request, on Node and in workerd: a read (the breaker's
 * look at the shared state) and a keep with and without an `Idempotency-Key` (a claim
 * before the provider is called, the answer stored after), at a fixed rate, p50/p99.
 *
 * Node: STATE_DB unset (SQLite in memory) and STATE_DB a file. workerd: `wrangler dev`
 * with its Durable Objects, once with the default breaker sync interval and once with
 * `VERBA_BREAKER_SYNC_MS=0` (a Durable Object read before every request), to show what
 * the interval saves.
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startWranglerDev } from '../test/support/wrangler-dev.ts';
import { type Latency, latencyAtRate, type Target } from './measure.ts';

export interface StateBenchContext {
  verba: { apiUrl: string; apiKey: string; token: string; timeZone: string; finished: string };
  /** Starts `src/node/main.ts` with `env` and resolves with its base URL. */
  startNode(name: string, env: Record<string, string>): Promise<{ base: string }>;
  /** Requests per second on Node, and through wrangler dev (a development server, slower). */
  rate: { node: number; workerd: number };
  seconds: number;
  say(line: string): void;
}

export interface StateRow {
  runtime: 'Node' | 'workerd';
  state: string;
  operation: string;
  rate: number;
  latency: Latency;
}

const ONGOING = '5d0b6f0c-7f64-4d3e-9a51-2c1f0f6e8a10';
const ROUNDS = 2;

export async function benchState(ctx: StateBenchContext): Promise<StateRow[]> {
  const dir = mkdtempSync(join(tmpdir(), 'callgate-bench-state-'));
  const key = randomBytes(24).toString('base64url');
  const env = {
    VERBA_BASE_URL: ctx.verba.apiUrl,
    VERBA_API_KEY: ctx.verba.apiKey,
    VERBA_TOKEN: ctx.verba.token,
    VERBA_TIMEZONE: ctx.verba.timeZone,
    CALL_CACHE: 'off',
    GATEWAY_API_KEYS: JSON.stringify([
      {
        name: 'bench-state',
        sha256: createHash('sha256').update(key).digest('hex'),
        scopes: ['calls:read', 'calls:write'],
      },
    ]),
  };
  const auth = { authorization: `Bearer ${key}` };
  const operations = (base: string): Array<[string, Target]> => [
    // The runtime's own floor: no provider, no state.
    ['/healthz', { url: `${base}/healthz` }],
    ['read', { url: `${base}/calls/verba_${ctx.verba.finished}`, headers: auth }],
    ['keep, no key', { url: `${base}/calls/verba_${ONGOING}/keep`, method: 'POST', headers: auth }],
    [
      'keep, Idempotency-Key',
      {
        url: `${base}/calls/verba_${ONGOING}/keep`,
        method: 'POST',
        headers: auth,
        idempotencyKeys: true,
      },
    ],
  ];
  const dev: Array<{ close(): Promise<void> }> = [];
  try {
    const memory = await ctx.startNode('gateway-state-memory', env);
    const file = await ctx.startNode('gateway-state-file', {
      ...env,
      STATE_DB: join(dir, 'state.db'),
    });
    // wrangler dev prints every log line to its terminal, which a deployed Worker does not
    // pay for: only warnings here.
    const workerEnv = { ...env, LOG_LEVEL: 'warn' };
    const synced = await startWranglerDev(workerEnv, { persistTo: join(dir, 'synced') });
    dev.push(synced);
    const everyRequest = await startWranglerDev(
      { ...workerEnv, VERBA_BREAKER_SYNC_MS: '0' },
      { persistTo: join(dir, 'every-request') },
    );
    dev.push(everyRequest);

    const plan: Array<Omit<StateRow, 'rate' | 'latency'> & { target: Target }> = [];
    const add = (runtime: StateRow['runtime'], state: string, targets: Array<[string, Target]>) => {
      for (const [operation, target] of targets) plan.push({ runtime, state, operation, target });
    };
    add('Node', 'STATE_DB unset (memory)', operations(memory.base));
    add('Node', 'STATE_DB file', operations(file.base).slice(1));
    add('workerd', 'Durable Objects, breaker sync 1 s', operations(synced.url));
    add('workerd', 'Durable Objects, breaker sync 0', operations(everyRequest.url).slice(1, 2));

    // Every row in turn, twice (A B A B): the machine's drift falls on all rows alike.
    const runs = new Map<number, Latency[]>();
    for (let round = 1; round <= ROUNDS; round++) {
      for (const [index, row] of plan.entries()) {
        const rate = row.runtime === 'Node' ? ctx.rate.node : ctx.rate.workerd;
        // A short warm-up at the same rate: first requests pay for the token, JIT, objects.
        await latencyAtRate(row.target, rate, 1);
        const latency = await latencyAtRate(row.target, rate, ctx.seconds);
        runs.set(index, [...(runs.get(index) ?? []), latency]);
        ctx.say(
          `state · round ${round}/${ROUNDS} · ${row.runtime} · ${row.state} · ${row.operation}: p50/p99 ${latency.p50Ms.toFixed(2)}/${latency.p99Ms.toFixed(2)} ms${latency.failed ? `, ${latency.failed} failed` : ''}`,
        );
      }
    }
    return plan.map(({ target: _target, ...row }, index) => {
      const latencies = runs.get(index) ?? [];
      const mean = (pick: (l: Latency) => number) =>
        latencies.reduce((sum, l) => sum + pick(l), 0) / latencies.length;
      return {
        ...row,
        rate: row.runtime === 'Node' ? ctx.rate.node : ctx.rate.workerd,
        latency: {
          p50Ms: mean((l) => l.p50Ms),
          p99Ms: mean((l) => l.p99Ms),
          count: latencies.reduce((sum, l) => sum + l.count, 0),
          failed: latencies.reduce((sum, l) => sum + l.failed, 0),
        },
      };
    });
  } finally {
    await Promise.all(dev.map((d) => d.close()));
    rmSync(dir, { recursive: true, force: true });
  }
}

export function stateTable(rows: StateRow[]): string[] {
  const ms = (l: Latency) => `${l.p50Ms.toFixed(2)}/${l.p99Ms.toFixed(2)} ms`;
  return [
    '| runtime | state | operation | req/s | p50/p99 (mean of 2 rounds) | failed |',
    '|---|---|---|--:|--:|--:|',
    ...rows.map(
      (r) =>
        `| ${r.runtime} | ${r.state} | ${r.operation} | ${r.rate} | ${ms(r.latency)} | ${r.latency.failed} |`,
    ),
  ];
}
