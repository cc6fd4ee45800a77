/**
 * A provider kind: how to read one instance's settings from variables sharing a prefix
 * (`VERBA_BASE_URL`, `VERBA_EU_BASE_URL`, …), which of them are secrets, and the adapter
 * they configure. `defineKind` turns a kind's typed definition into the ProviderKind the
 * gateway lists, so a list of kinds of different settings needs no cast.
 */
import { z } from '@hono/zod-openapi';
import { adapt, type Origin } from './adapt.ts';
import type { Adapter, Provider } from './provider.ts';
import type { InstanceState, NamedKeys } from './state/types.ts';
import { type Metrics, NO_METRICS } from './telemetry.ts';

export interface ProviderDeps {
  /** Milliseconds since the epoch; injectable so token lifetimes can be tested. */
  now: () => number;
  /**
   * Who holds the instance's token for everybody (the instance's Durable Object on the
   * Worker); the adapter's own process when absent.
   */
  tokens?: Pick<InstanceState, 'token'>;
  /** Where an adapter reports what it does of its own (token requests). */
  metrics: Metrics;
  /**
   * The instance's random keys, kept in the gateway's shared state (an unset cursor key);
   * keys of the adapter's own process when absent.
   */
  keys?: NamedKeys;
}

export type ConfigResult<C> = { ok: true; config: C } | { ok: false; errors: string[] };

/** Reads one variable of an instance by its suffix (`BASE_URL` for `VERBA_EU_BASE_URL`). */
export type ReadVariable = (suffix: string) => string | undefined;

/** What every kind's settings carry: read by TIMEOUT_MS_SETTING, applied by the core. */
export interface KindSettings {
  /** Whole-exchange deadline of one upstream request. */
  timeoutMs: number;
}

/** `<PREFIX>_TIMEOUT_MS`, the same for every kind: each kind's settings schema includes it. */
export const TIMEOUT_MS_SETTING = z.coerce
  .number({ error: 'must be a number of milliseconds' })
  .int()
  .min(100)
  .max(120_000)
  .default(10_000);

export interface KindDefinition<C extends KindSettings> {
  kind: string;
  /** The provider's name as problems write it: `Verba instance 'verba' …`. */
  label: string;
  /** Prefix of the variables configuring the kind's default instance. */
  defaultPrefix: string;
  /** Variable suffix whose presence means the default instance is configured. */
  presenceSuffix: string;
  readConfig(prefix: string, read: ReadVariable): ConfigResult<C>;
  /** The values that must never leave the gateway, including pairs sent together (`user:password`). */
  secrets(config: C): ReadonlyArray<string | null | undefined>;
  adapter(origin: Origin, config: C, deps: ProviderDeps): Adapter;
}

/** One instance's settings, read and checked, and the provider they build. */
export interface ConfiguredInstance {
  settings: KindSettings;
  createProvider(deps: ProviderDeps): Provider;
}

/** A kind as the gateway lists it: its settings' type stays inside `configure`. */
export interface ProviderKind {
  readonly kind: string;
  readonly label: string;
  readonly defaultPrefix: string;
  readonly presenceSuffix: string;
  configure(instance: string, prefix: string, read: ReadVariable): ConfigResult<ConfiguredInstance>;
}

export function defineKind<C extends KindSettings>(definition: KindDefinition<C>): ProviderKind {
  const { kind, label, defaultPrefix, presenceSuffix } = definition;
  return {
    kind,
    label,
    defaultPrefix,
    presenceSuffix,
    configure(instance, prefix, read) {
      const result = definition.readConfig(prefix, read);
      if (!result.ok) return result;
      const settings = result.config;
      return {
        ok: true,
        config: {
          settings,
          createProvider: (deps) => createProvider(definition, instance, settings, deps),
        },
      };
    },
  };
}

/** The instance's provider: the kind's adapter behind the core's plumbing (adapt.ts). */
export function createProvider<C extends KindSettings>(
  definition: KindDefinition<C>,
  instance: string,
  settings: C,
  deps: ProviderDeps = { now: Date.now, metrics: NO_METRICS },
): Provider {
  const origin = { provider: definition.kind, instance };
  return adapt(origin, definition.adapter(origin, settings, deps), {
    label: definition.label,
    timeoutMs: settings.timeoutMs,
    secrets: definition.secrets(settings),
  });
}

/**
 * Reads the variables a schema names (its keys are suffixes) and parses them: the value, or
 * one line per bad variable, never with its value.
 */
export function readVariables<S extends z.ZodObject>(
  schema: S,
  prefix: string,
  read: ReadVariable,
): { ok: true; value: z.output<S> } | { ok: false; errors: string[] } {
  const input = Object.fromEntries(
    Object.keys(schema.shape).map((suffix) => [suffix, read(suffix)]),
  );
  const parsed = schema.safeParse(input);
  return parsed.success
    ? { ok: true, value: parsed.data }
    : { ok: false, errors: issuesToLines(prefix, parsed.error.issues) };
}

/** Turns zod issues on a suffix-keyed object into one line per variable. */
export function issuesToLines(
  prefix: string,
  issues: ReadonlyArray<{ path: PropertyKey[]; message: string }>,
): string[] {
  return issues.map((issue) => {
    const key = issue.path[0];
    return typeof key === 'string'
      ? `${prefix}_${key}: ${issue.message}`
      : `${prefix}: ${issue.message}`;
  });
}
