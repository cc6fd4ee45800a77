/**
 * Who may call the gateway: GATEWAY_API_KEYS, a JSON list of named keys with scopes. A key
 * is given by its SHA-256 digest (`sha256`, hex) so the secret itself never sits in the
 * configuration; `key` (the plain value) is accepted for local use. Problems are reported
 * by entry number and field, never with a value.
 */
import { z } from '@hono/zod-openapi';
import { SCOPES, type Scope } from '../schemas/security.ts';

export interface ApiKeyEntry {
  name: string;
  scopes: readonly Scope[];
  /** Exactly one of the two. */
  sha256?: string;
  key?: string;
}

export interface AuthSettings {
  keys: readonly ApiKeyEntry[];
  /** No key is required: sandbox mode, or GATEWAY_AUTH=off. */
  open: boolean;
  /** Why it is open, for the start banner. */
  openReason: 'sandbox' | 'GATEWAY_AUTH=off' | 'no-instances' | null;
}

const SCOPE_NAMES = Object.keys(SCOPES) as [Scope, ...Scope[]];
// Long enough that a guessed key is hopeless, whatever the local use.
export const MIN_KEY_LENGTH = 16;
export const KEY_SYNTAX = /^[\x21-\x7e]+$/;

const entrySchema = z
  .object({
    name: z
      .string()
      .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, 'must be 1-64 letters, digits, . _ -'),
    sha256: z
      .string()
      .regex(/^[0-9a-fA-F]{64}$/, 'must be 64 hex digits')
      .optional(),
    key: z
      .string()
      .min(MIN_KEY_LENGTH, `must be at least ${MIN_KEY_LENGTH} characters`)
      .max(512, 'must be at most 512 characters')
      .regex(KEY_SYNTAX, 'must be printable ASCII without spaces')
      .optional(),
    scopes: z
      .array(z.enum(SCOPE_NAMES, { error: `must be one of ${SCOPE_NAMES.join(', ')}` }))
      .min(1, 'must list at least one scope'),
  })
  .strict()
  .refine((entry) => (entry.sha256 === undefined) !== (entry.key === undefined), {
    message: 'needs exactly one of sha256 or key',
  });

export function readApiKeys(raw: string | undefined, errors: string[]): ApiKeyEntry[] {
  if (raw === undefined) return [];
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    errors.push(
      'GATEWAY_API_KEYS: is not valid JSON (expected [{"name":"ops","sha256":"<hex>","scopes":["calls:read"]}])',
    );
    return [];
  }
  const parsed = z.array(entrySchema).min(1, 'must list at least one key').safeParse(json);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const where = issue.path.join('.');
      errors.push(`GATEWAY_API_KEYS: ${where ? `${where} ` : ''}${issue.message}`);
    }
    return [];
  }
  const names = new Set<string>();
  const digests = new Set<string>();
  const keys: ApiKeyEntry[] = [];
  parsed.data.forEach((entry, index) => {
    if (names.has(entry.name)) errors.push(`GATEWAY_API_KEYS: ${index}.name is used twice`);
    names.add(entry.name);
    if (entry.sha256) {
      const digest = entry.sha256.toLowerCase();
      if (digests.has(digest)) errors.push(`GATEWAY_API_KEYS: ${index}.sha256 is used twice`);
      digests.add(digest);
    }
    keys.push({
      name: entry.name,
      scopes: [...new Set(entry.scopes)],
      ...(entry.sha256 ? { sha256: entry.sha256.toLowerCase() } : {}),
      ...(entry.key ? { key: entry.key } : {}),
    });
  });
  return keys;
}
