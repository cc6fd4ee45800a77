import { z } from '@hono/zod-openapi';
import type { ConfigResult } from '../kind.ts';
import { issuesToLines } from '../kind.ts';

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
  TIMEOUT_MS: z.coerce
    .number({ error: 'must be a number of milliseconds' })
    .int()
    .min(100)
    .max(120_000)
    .default(10_000),
});

export interface VerbaConfig {
  baseUrl: string;
  apiKey: string;
  credentials: { userName: string; password: string } | null;
  fixedToken: string | null;
  timeZone: string;
  timeoutMs: number;
  /** Signs the search's paging cursors; derived from the API key when absent. */
  cursorKey: string | null;
}

export const VERBA_SUFFIXES = [
  'BASE_URL',
  'API_KEY',
  'USERNAME',
  'PASSWORD',
  'TOKEN',
  'TIMEZONE',
  'CURSOR_KEY',
  'TIMEOUT_MS',
] as const;

export function readVerbaConfig(
  prefix: string,
  read: (suffix: string) => string | undefined,
): ConfigResult<VerbaConfig> {
  const input = Object.fromEntries(VERBA_SUFFIXES.map((suffix) => [suffix, read(suffix)]));
  const parsed = schema.safeParse(input);
  // Checked apart from the schema so they are reported even when other variables are bad too.
  const pairing = credentialProblems(input).map((line) => `${prefix}_${line}`);
  if (!parsed.success || pairing.length) {
    return {
      ok: false,
      errors: [...(parsed.success ? [] : issuesToLines(prefix, parsed.error.issues)), ...pairing],
    };
  }
  const value = parsed.data;
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

function credentialProblems(input: Record<string, string | undefined>): string[] {
  const user = Boolean(input.USERNAME);
  const password = Boolean(input.PASSWORD);
  const problems: string[] = [];
  if (user !== password) {
    problems.push(
      `${user ? 'PASSWORD' : 'USERNAME'}: must be set together with the other credential`,
    );
  }
  if (input.TOKEN && user)
    problems.push('TOKEN: set either a fixed TOKEN or USERNAME/PASSWORD, not both');
  return problems;
}
