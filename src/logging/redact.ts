/**
 * Secrets must never reach a log line or an error. Verba carries apiKey and token in the
 * query string and RequestToken may carry userName/password, so every URL is scrubbed
 * before anything records it; structured fields with these names are scrubbed too.
 */

export const REDACTED = '[REDACTED]';

/** Field and query-parameter names whose values are secrets, compared case-insensitively. */
export const SECRET_NAMES = ['apikey', 'token', 'password', 'username', 'authorization'];

const isSecretName = (name: string) => SECRET_NAMES.includes(name.toLowerCase());

export function redactUrl(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return REDACTED;
  }
  if (url.username || url.password) {
    url.username = '';
    url.password = '';
  }
  // Rebuilt by hand: URLSearchParams.set would percent-encode the brackets of the marker.
  const pairs: string[] = [];
  for (const [name, value] of url.searchParams) {
    const shown = isSecretName(name) ? REDACTED : encodeURIComponent(value);
    pairs.push(`${encodeURIComponent(name)}=${shown}`);
  }
  url.search = '';
  return pairs.length ? `${url.toString()}?${pairs.join('&')}` : url.toString();
}

/** pino `redact` paths for the same names wherever they appear one or two levels deep. */
export const PINO_REDACT_PATHS = [
  'apiKey',
  'token',
  'password',
  'userName',
  'username',
  'authorization',
  '*.apiKey',
  '*.token',
  '*.password',
  '*.userName',
  '*.username',
  '*.authorization',
  'headers.authorization',
  '*.headers.authorization',
];

/** Deep copy with secret-named fields replaced, for the console logger that has no pino. */
export function redactFields(value: unknown, depth = 0): unknown {
  if (depth > 6 || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((item) => redactFields(item, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    out[key] = isSecretName(key) ? REDACTED : redactFields(item, depth + 1);
  }
  return out;
}
