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
  /** Starts `src/node.ts` with `env` and resolves with its base URL. */
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
  const rows: StateRow[] = [];
  const measure = async (
    runtime: StateRow['runtime'],
    state: string,
    targets: Array<[string, Target]>,
  ) => {
    const rate = runtime === 'Node' ? ctx.rate.node : ctx.rate.workerd;
    for (const [operation, target] of targets) {
      // A short warm-up at the same rate: first requests pay for the token, JIT, objects.
      await latencyAtRate(target, rate, 2);
      const latency = await latencyAtRate(target, rate, ctx.seconds);
      rows.push({ runtime, state, operation, rate, latency });
      ctx.say(
        `state · ${runtime} · ${state} · ${operation}: p50/p99 ${latency.p50Ms.toFixed(2)}/${latency.p99Ms.toFixed(2)} ms${latency.failed ? `, ${latency.failed} failed` : ''}`,
      );
    }
  };

  try {
    const memory = await ctx.startNode('gateway-state-memory', env);
    await measure('Node', 'STATE_DB unset (memory)', operations(memory.base));
    const file = await ctx.startNode('gateway-state-file', {
      ...env,
      STATE_DB: join(dir, 'state.db'),
    });
    await measure('Node', 'STATE_DB file', operations(file.base));

    // wrangler dev prints every log line to its terminal, which a deployed Worker does not
    // pay for: only warnings here.
    const workerEnv = { ...env, LOG_LEVEL: 'warn' };
    const worker = await startWranglerDev(workerEnv, { persistTo: join(dir, 'wrangler') });
    try {
      await measure('workerd', 'Durable Objects, breaker sync 1 s', operations(worker.url));
    } finally {
      await worker.close();
    }
    const everyRequest = await startWranglerDev(
      { ...workerEnv, VERBA_BREAKER_SYNC_MS: '0' },
      { persistTo: join(dir, 'wrangler') },
    );
    try {
      await measure(
        'workerd',
        'Durable Objects, breaker sync 0',
        operations(everyRequest.url).slice(1, 2),
      );
    } finally {
      await everyRequest.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return rows;
}

export function stateTable(rows: StateRow[]): string[] {
  const ms = (l: Latency) => `${l.p50Ms.toFixed(2)}/${l.p99Ms.toFixed(2)} ms`;
  return [
    '| runtime | state | operation | req/s | p50/p99 | failed |',
    '|---|---|---|--:|--:|--:|',
    ...rows.map(
      (r) =>
        `| ${r.runtime} | ${r.state} | ${r.operation} | ${r.rate} | ${ms(r.latency)} | ${r.latency.failed} |`,
    ),
  ];
}
