import { z } from '@hono/zod-openapi';
import {
  type ConfigResult,
  type KindSettings,
  type ReadVariable,
  readVariables,
  TIMEOUT_MS_SETTING,
} from '../../src/core/kind.ts';

const optional = z
  .string()
  .optional()
  .transform((value) => (value === '' ? undefined : value));

const isTimeZone = (zone: string) => {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
};

/** Variables of one Verba instance, by suffix (`<PREFIX>_BASE_URL`, …). */
const schema = z.object({
  BASE_URL: z
    .string({ error: 'is required (e.g. http://192.168.1.104/verba/api)' })
    .refine((value) => /^https?:\/\/[^\s]+$/.test(value) && URL.canParse(value), {
      message: 'must be an http(s) URL such as http://192.168.1.104/verba/api',
    }),
  API_KEY: z.string({ error: 'is required' }).min(1, 'is required'),
  USERNAME: optional,
  PASSWORD: optional,
  TOKEN: optional,
  TIMEZONE: z
    .string()
    .optional()
    .transform((value) => value || 'UTC')
    .refine(isTimeZone, { message: 'must be an IANA time zone such as Europe/Budapest' }),
  CURSOR_KEY: optional.refine((value) => value === undefined || value.length >= 32, {
    message: 'must be at least 32 characters (openssl rand -hex 32)',
  }),
  TIMEOUT_MS: TIMEOUT_MS_SETTING,
});

export interface VerbaConfig extends KindSettings {
  baseUrl: string;
  apiKey: string;
  credentials: { userName: string; password: string } | null;
  fixedToken: string | null;
  timeZone: string;
  /** Signs the time-window search's paging cursors; a random key kept in the state when absent. */
  cursorKey: string | null;
}

export function readVerbaConfig(prefix: string, read: ReadVariable): ConfigResult<VerbaConfig> {
  const parsed = readVariables(schema, prefix, read);
  // Checked apart from the schema so they are reported even when other variables are bad too.
  const pairing = credentialProblems(read).map((line) => `${prefix}_${line}`);
  if (!parsed.ok || pairing.length) {
    return { ok: false, errors: [...(parsed.ok ? [] : parsed.errors), ...pairing] };
  }
  const value = parsed.value;
  return {
    ok: true,
    config: {
      baseUrl: value.BASE_URL,
      apiKey: value.API_KEY,
      credentials:
        value.USERNAME && value.PASSWORD
          ? { userName: value.USERNAME, password: value.PASSWORD }
          : null,
      fixedToken: value.TOKEN ?? null,
      timeZone: value.TIMEZONE,
      timeoutMs: value.TIMEOUT_MS,
      cursorKey: value.CURSOR_KEY ?? null,
    },
  };
}

function credentialProblems(read: ReadVariable): string[] {
  const user = Boolean(read('USERNAME'));
  const password = Boolean(read('PASSWORD'));
  const problems: string[] = [];
  if (user !== password) {
    problems.push(
      `${user ? 'PASSWORD' : 'USERNAME'}: must be set together with the other credential`,
    );
  }
  if (read('TOKEN') && user)
    problems.push('TOKEN: set either a fixed TOKEN or USERNAME/PASSWORD, not both');
  return problems;
}
