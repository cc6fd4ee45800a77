/**
 * What bench/relay.ts and bench/hono-floor.ts forward: BENCH_RELAY_ROUTES (JSON: path ->
 * [{ url, headers }]) read once, each hop with the undici Pool of its origin. Like the
 * gateway's Agent, a pool opens at most 64 sockets per origin.
 */
import { Pool } from 'undici';

export interface Hop {
  url: string;
  headers?: Record<string, string>;
}

export type RoutedHop = Hop & { pool: Pool; path: string };

export function relayRoutes(json = process.env.BENCH_RELAY_ROUTES ?? '{}') {
  const pools = new Map<string, Pool>();
  const poolFor = (origin: string) => {
    let pool = pools.get(origin);
    if (!pool) {
      pool = new Pool(origin, { connections: 64, keepAliveTimeout: 30_000 });
      pools.set(origin, pool);
    }
    return pool;
  };
  const routes = new Map<string, RoutedHop[]>();
  for (const [path, hops] of Object.entries(JSON.parse(json) as Record<string, Hop[]>)) {
    routes.set(
      path,
      hops.map((hop) => {
        const url = new URL(hop.url);
        return { ...hop, pool: poolFor(url.origin), path: `${url.pathname}${url.search}` };
      }),
    );
  }
  return routes;
}
