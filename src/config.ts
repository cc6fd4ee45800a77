/**
 * Configuration from environment variables (Node) or bindings (Worker), validated once at
 * start. Every problem is reported, one line per variable, and none carries a value.
 */
import { z } from '@hono/zod-openapi';
import { findKind, PROVIDER_KINDS } from '../providers/index.ts';
import { type AuthSettings, readApiKeys } from './auth/keys.ts';
import { CALL_CACHE_DEFAULTS, type CallCacheOptions } from './cache/call-cache.ts';
import { LOG_LEVELS, type LogLevel } from './core/logger.ts';
import { IDEMPOTENCY_MAX_PER_SCOPE } from './core/state/types.ts';
import { readEventsSettings } from './events/config.ts';
import type { EventsSettings } from './events/service.ts';
import { readServerLimits, type ServerLimits } from './http/server-limits.ts';
import { InstanceConfig } from './instances/instance.ts';
import { READY_DEFAULTS } from './resilience/readiness.ts';
import { readResilience } from './resilience/settings.ts';

/**
 * Variables by name: `process.env` on Node; on the Worker its env, where `[vars]`, secrets
 * and bindings sit side by side. Instances are named at run time (PROVIDERS), so their
 * variables are looked up by name, each read as it is and checked.
 */
export type Variables = object;

export interface GatewayConfig {
  instances: InstanceConfig[];
  port: number;
  logLevel: LogLevel;
  /** Shared and cached reads (src/cache/); null when CALL_CACHE=off. */
  callCache: CallCacheOptions | null;
  /** Who may call: GATEWAY_API_KEYS, or open (sandbox mode, GATEWAY_AUTH=off). */
  auth: AuthSettings;
  /** /readyz probes an instance at most this often, answering from the last probe between. */
  readyProbeIntervalMs: number;
  /** `Idempotency-Key` records kept per API key. */
  idempotencyMaxEntries: number;
  /** Node only: what a client may hold of the HTTP server (HTTP_… variables). */
  server: ServerLimits;
  /** Node only: the SQLite file of the gateway's state (STATE_DB); null keeps it in memory. */
  stateDb: string | null;
  /** METRICS: counters and histograms (/metrics on Node, Analytics Engine on Workers). */
  metrics: boolean;
  /** AUDIO_LINK_KEY: signs audio links; null, a random key kept in the shared state. */
  audioLinkKey: string | null;
  /** EVENTS_POLL_INTERVAL_MS, WEBHOOK_ALLOWED_DESTINATIONS, WEBHOOK_RETRY_SCHEDULE. */
  events: EventsSettings;
}

export class ConfigError extends Error {
  readonly lines: string[];
  constructor(lines: string[]) {
    super(`invalid configuration:\n${lines.map((line) => `  ${line}`).join('\n')}`);
    this.name = 'ConfigError';
    this.lines = lines;
  }
}

const INSTANCE_NAME = /^[a-z][a-z0-9-]{0,31}$/;

const instanceList = z.array(
  z.object({
    name: z.string().regex(INSTANCE_NAME, 'must match [a-z][a-z0-9-]* (at most 32 characters)'),
    kind: z.string(),
    env: z
      .string()
      .regex(/^[A-Z][A-Z0-9_]*$/, 'must be a variable prefix such as VERBA_EU')
      .optional(),
  }),
);

const text = (env: Variables, name: string): string | undefined => {
  const value: unknown = Reflect.get(env, name);
  return typeof value === 'string' && value !== '' ? value : undefined;
};

export interface LoadOptions {
  /** The instances are the local sandboxes: running without keys is allowed. */
  sandbox?: boolean;
}

export function loadConfig(env: Variables, options: LoadOptions = {}): GatewayConfig {
  const errors: string[] = [];

  const port = Number(text(env, 'PORT') ?? 8787);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    errors.push('PORT: must be a port number (0-65535)');

  const logLevel = (text(env, 'LOG_LEVEL') ?? 'info') as LogLevel;
  if (!LOG_LEVELS.includes(logLevel))
    errors.push(`LOG_LEVEL: must be one of ${LOG_LEVELS.join(', ')}`);

  const callCache = readCallCache(env, errors);
  const readyProbeIntervalMs = readInteger(
    env,
    'READY_PROBE_INTERVAL_MS',
    [1_000, 600_000],
    READY_DEFAULTS.intervalMs,
    errors,
  );
  const idempotencyMaxEntries = readInteger(
    env,
    'IDEMPOTENCY_MAX_ENTRIES',
    [1, 1_000_000],
    IDEMPOTENCY_MAX_PER_SCOPE,
    errors,
  );

  const server = readServerLimits((name) => text(env, name), errors);
  const metricsMode = text(env, 'METRICS') ?? 'on';
  if (metricsMode !== 'on' && metricsMode !== 'off') errors.push('METRICS: must be on or off');

  const audioLinkKey = text(env, 'AUDIO_LINK_KEY') ?? null;
  if (audioLinkKey !== null && audioLinkKey.length < 32)
    errors.push('AUDIO_LINK_KEY: must be at least 32 characters (openssl rand -hex 32)');

  const events = readEventsSettings((name) => text(env, name), errors);
  const declared = declaredInstances(env, errors);
  const instances: InstanceConfig[] = [];
  for (const { name, kind, prefix } of declared) {
    const definition = findKind(kind);
    if (!definition) {
      errors.push(
        `PROVIDERS: instance '${name}' has unknown kind '${kind}' (known: ${PROVIDER_KINDS.map((k) => k.kind).join(', ')})`,
      );
      continue;
    }
    const read = (suffix: string) => text(env, `${prefix}_${suffix}`);
    const result = definition.configure(name, prefix, read);
    const resilience = readResilience(prefix, read);
    if (!resilience.ok) errors.push(...resilience.errors);
    if (result.ok && resilience.ok) {
      const vpcBinding = text(env, `${prefix}_VPC_BINDING`) ?? null;
      instances.push(
        new InstanceConfig(
          { name, kind, prefix, vpcBinding, resilience: resilience.settings },
          result.config,
        ),
      );
    } else if (!result.ok) errors.push(...result.errors);
  }

  const configured = declared.some(({ kind }) => findKind(kind) !== undefined);
  const auth = readAuth(env, configured, options, errors);

  if (errors.length) throw new ConfigError(errors);
  return {
    instances,
    port,
    logLevel,
    callCache,
    auth,
    readyProbeIntervalMs,
    idempotencyMaxEntries,
    server,
    stateDb: text(env, 'STATE_DB') ?? null,
    metrics: metricsMode === 'on',
    audioLinkKey,
    events,
  };
}

/** A whole number within `range`, or `fallback` when the variable is unset. */
export function readInteger(
  env: Variables,
  name: string,
  [min, max]: [number, number],
  fallback: number,
  errors: string[],
): number {
  const raw = text(env, name);
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (/^\d+$/.test(raw) && value >= min && value <= max) return value;
  errors.push(`${name}: must be a whole number from ${min} to ${max}`);
  return fallback;
}

/**
 * A gateway in front of real providers never runs open by accident: without keys it
 * refuses to start unless GATEWAY_AUTH=off says so. Sandbox mode may run open.
 */
function readAuth(
  env: Variables,
  configured: boolean,
  options: LoadOptions,
  errors: string[],
): AuthSettings {
  const mode = text(env, 'GATEWAY_AUTH') ?? 'on';
  if (mode !== 'on' && mode !== 'off') errors.push('GATEWAY_AUTH: must be on or off');
  const keys = readApiKeys(text(env, 'GATEWAY_API_KEYS'), errors);
  if (mode === 'off') return { keys: [], open: true, openReason: 'GATEWAY_AUTH=off' };
  if (keys.length) return { keys, open: false, openReason: null };
  if (options.sandbox) return { keys: [], open: true, openReason: 'sandbox' };
  if (configured && !errors.some((line) => line.startsWith('GATEWAY_API_KEYS'))) {
    errors.push(
      'GATEWAY_API_KEYS: is required when providers are configured (or set GATEWAY_AUTH=off to run without keys)',
    );
  }
  return { keys: [], open: true, openReason: 'no-instances' };
}

function readCallCache(env: Variables, errors: string[]): CallCacheOptions | null {
  const mode = text(env, 'CALL_CACHE') ?? 'on';
  if (mode !== 'on' && mode !== 'off') errors.push('CALL_CACHE: must be on or off');
  const count = (name: string, fallback: number) => {
    const value = Number(text(env, name) ?? fallback);
    if (Number.isSafeInteger(value) && value >= 0) return value;
    errors.push(`${name}: must be a whole number, 0 or more`);
    return fallback;
  };
  const inProgressTtlMs = count('CALL_CACHE_TTL_MS', CALL_CACHE_DEFAULTS.inProgressTtlMs);
  const maxEntries = count('CALL_CACHE_MAX_ENTRIES', CALL_CACHE_DEFAULTS.maxEntries);
  return mode === 'off' ? null : { inProgressTtlMs, maxEntries };
}

/** From PROVIDERS when set, else one default instance per kind whose main variable is set. */
function declaredInstances(env: Variables, errors: string[]) {
  const raw = text(env, 'PROVIDERS');
  if (raw === undefined) {
    return PROVIDER_KINDS.filter(
      (k) => text(env, `${k.defaultPrefix}_${k.presenceSuffix}`) !== undefined,
    ).map((k) => ({ name: k.kind, kind: k.kind, prefix: k.defaultPrefix }));
  }
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    errors.push(
      'PROVIDERS: is not valid JSON (expected [{"name":"verba-eu","kind":"verba","env":"VERBA_EU"}])',
    );
    return [];
  }
  const parsed = instanceList.safeParse(json);
  if (!parsed.success) {
    for (const issue of parsed.error.issues)
      errors.push(`PROVIDERS: ${issue.path.join('.') || 'value'} ${issue.message}`);
    return [];
  }
  const seen = new Set<string>();
  const out = [];
  for (const entry of parsed.data) {
    if (seen.has(entry.name)) errors.push(`PROVIDERS: instance name '${entry.name}' is used twice`);
    seen.add(entry.name);
    const prefix = entry.env ?? findKind(entry.kind)?.defaultPrefix ?? entry.kind.toUpperCase();
    out.push({ name: entry.name, kind: entry.kind, prefix });
  }
  return out;
}
