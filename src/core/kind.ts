import type { Logger } from './logger.ts';
import type { Provider } from './provider.ts';

export interface ProviderDeps {
  logger: Logger;
  /** Milliseconds since the epoch; injectable so token lifetimes can be tested. */
  now: () => number;
}

export type ConfigResult<C> = { ok: true; config: C } | { ok: false; errors: string[] };

/**
 * A provider kind: how to read one instance's settings from variables sharing a prefix
 * (`VERBA_BASE_URL`, `VERBA_EU_BASE_URL`, …) and how to build the adapter from them.
 */
export interface ProviderKind<C = unknown> {
  kind: string;
  /** Prefix of the variables configuring the kind's default instance. */
  defaultPrefix: string;
  /** Variable suffix whose presence means the default instance is configured. */
  presenceSuffix: string;
  /** Suffixes this kind reads, for documentation and error messages. */
  suffixes: readonly string[];
  readConfig(prefix: string, read: (suffix: string) => string | undefined): ConfigResult<C>;
  create(instance: string, config: C, deps: ProviderDeps): Provider;
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
