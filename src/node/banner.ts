/**
 * What a start prints: where the gateway listens, what it serves, who may call, where its
 * state lives and requests to try. `npm start` and `npm run dev:worker` print the same.
 */
import type { GatewayConfig } from '../config.ts';
import type { Sandboxes } from './sandbox-mode.ts';

export interface BannerFacts {
  /** The origin callers use, e.g. `http://127.0.0.1:8787`. */
  base: string;
  /** What runs it: `Node v24.…`, `wrangler dev (workerd)`. */
  runtime: string;
  config: GatewayConfig;
  /** Set in sandbox mode: what runs, and requests that work against the seeded calls. */
  sandboxes?: Pick<Sandboxes, 'describe' | 'examples'> | undefined;
  /** Where the state lives (GatewayState.description or its equivalent). */
  state: string;
}

export function startBanner({ base, runtime, config, sandboxes, state }: BannerFacts): string {
  const mode = sandboxes
    ? `sandbox mode (no provider configured): ${sandboxes.describe.join('; ')}`
    : `instances: ${config.instances.map((i) => `${i.name} (${i.kind})`).join(', ')}`;
  const lines = [
    `callgate on ${base} (${runtime})`,
    `  ${mode}`,
    `  docs:    ${base}/docs`,
    `  openapi: ${base}/openapi.json`,
    `  auth:    ${describeAuth(config)}`,
    `  state:   ${state}`,
  ];
  if (sandboxes) {
    lines.push('  try:');
    for (const example of sandboxes.examples) {
      const body = example.body ? ` -H 'content-type: application/json' -d '${example.body}'` : '';
      const method = example.method === 'GET' ? '' : ` -X ${example.method}`;
      // -N: curl prints each event as it comes instead of buffering the stream.
      const stream = example.stream ? ' -N' : '';
      lines.push(`    curl${stream}${method} '${base}${example.path}'${body}`);
    }
  } else {
    // The key stays a shell variable: the banner never prints a secret.
    const key = config.auth.open ? '' : ` -H "authorization: Bearer $CALLGATE_API_KEY"`;
    lines.push('  try:', `    curl${key} '${base}/providers'`);
    for (const instance of config.instances)
      lines.push(`    curl${key} '${base}/calls/${instance.name}_<${instance.kind} call id>'`);
  }
  return `${lines.join('\n')}\n`;
}

function describeAuth(config: GatewayConfig): string {
  const { auth } = config;
  if (!auth.open) return `API keys required (${auth.keys.map((k) => k.name).join(', ')})`;
  const why = auth.openReason === 'sandbox' ? 'sandbox mode' : auth.openReason;
  return `OFF (${why}): NO API KEY IS CHECKED, anyone who reaches this port may read, keep and delete calls; set GATEWAY_API_KEYS to require keys`;
}
