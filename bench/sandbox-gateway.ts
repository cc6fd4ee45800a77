/**
 * What bench/upstream.ts prints once its sandboxes listen, and the environment a gateway
 * needs to use them as production would (an API key by digest, Verba on a fixed token,
 * CallFire on basic auth), for every benchmark that starts a gateway.
 */
import { createHash } from 'node:crypto';

export interface BenchUpstreams {
  verba: {
    apiUrl: string;
    origin: string;
    apiKey: string;
    token: string;
    timeZone: string;
    finished: string;
  };
  callfire: {
    apiUrl: string;
    origin: string;
    userName: string;
    password: string;
    finished: string;
  };
  static: string;
}

export function gatewayEnvFor(
  up: BenchUpstreams,
  apiKey: string,
  scopes: readonly string[],
): Record<string, string> {
  return {
    VERBA_BASE_URL: up.verba.apiUrl,
    VERBA_API_KEY: up.verba.apiKey,
    VERBA_TOKEN: up.verba.token,
    VERBA_TIMEZONE: up.verba.timeZone,
    CALLFIRE_BASE_URL: up.callfire.apiUrl,
    CALLFIRE_USERNAME: up.callfire.userName,
    CALLFIRE_PASSWORD: up.callfire.password,
    CALLFIRE_CURSOR_KEY: 'bench-callfire-cursor-key-5e8b1d3f7a2c9e4b',
    GATEWAY_API_KEYS: JSON.stringify([
      { name: 'bench', sha256: createHash('sha256').update(apiKey).digest('hex'), scopes },
    ]),
  };
}
