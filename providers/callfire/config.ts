import { z } from '@hono/zod-openapi';
import {
  type ConfigResult,
  type KindSettings,
  type ReadVariable,
  readVariables,
  TIMEOUT_MS_SETTING,
} from '../../src/core/kind.ts';

export const CALLFIRE_DEFAULT_BASE_URL = 'https://www.callfire.com/api/1.1/rest';

const isPlainHttpUrl = (value: string) => {
  if (!/^https?:\/\/[^\s]+$/.test(value) || !URL.canParse(value)) return false;
  const url = new URL(value);
  return !url.search && !url.hash;
};

/** Variables of one CallFire instance, by suffix (`<PREFIX>_USERNAME`, …). */
const schema = z.object({
  BASE_URL: z
    .string()
    .optional()
    .transform((value) => value || CALLFIRE_DEFAULT_BASE_URL)
    .refine(isPlainHttpUrl, {
      message: `must be an http(s) URL without query, such as ${CALLFIRE_DEFAULT_BASE_URL}`,
    })
    // fetch refuses URLs carrying user:password, and a URL is what ends up in logs.
    .refine((value) => !URL.canParse(value) || !new URL(value).username, {
      message: 'must not carry credentials; set USERNAME and PASSWORD instead',
    }),
  USERNAME: z.string({ error: 'is required (the CallFire API login)' }).min(1, 'is required'),
  PASSWORD: z.string({ error: 'is required (the CallFire API password)' }).min(1, 'is required'),
  // Unset, the gateway makes a random key and keeps it in its state (src/core/page-cursor.ts).
  CURSOR_KEY: z
    .string()
    .min(32, 'must be at least 32 characters (openssl rand -hex 32)')
    .optional(),
  TIMEOUT_MS: TIMEOUT_MS_SETTING,
});

export interface CallFireConfig extends KindSettings {
  /** Without a trailing slash: paths are appended as `/call/…`. */
  baseUrl: string;
  userName: string;
  password: string;
  /** Signs the paging cursors this instance issues (query.ts); a random key kept in the state when absent. */
  cursorKey: string | null;
}

export function readCallFireConfig(
  prefix: string,
  read: ReadVariable,
): ConfigResult<CallFireConfig> {
  const parsed = readVariables(schema, prefix, read);
  if (!parsed.ok) return parsed;
  const value = parsed.value;
  return {
    ok: true,
    config: {
      baseUrl: value.BASE_URL.replace(/\/+$/, ''),
      userName: value.USERNAME,
      password: value.PASSWORD,
      cursorKey: value.CURSOR_KEY ?? null,
      timeoutMs: value.TIMEOUT_MS,
    },
  };
}
