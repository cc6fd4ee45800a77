/**
 * Secrets must never reach a log line or an error. Providers may carry keys, tokens and
 * logins in the query string, so every URL is scrubbed before anything records it;
 * structured fields with these names are scrubbed too. (What a provider writes back is
 * withheld when it quotes a credential: provider-text.ts.)
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

/**
 * Secret-named fields replaced at any depth, copying only the objects on the way to one:
 * a line without secrets (nearly every line) is returned as it is, after a walk over its
 * few keys. The guard of both loggers (pino's own `redact` cost more than the rest of a
 * line; the Worker's console logger has no pino).
 */
export function censorSecrets<T>(value: T, depth = 0): T {
  if (depth > 6 || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) {
    let copy: unknown[] | undefined;
    value.forEach((item: unknown, index) => {
      const censored = censorSecrets(item, depth + 1);
      if (censored === item) return;
      copy ??= [...value];
      copy[index] = censored;
    });
    return (copy ?? value) as T;
  }
  const record = value as Record<string, unknown>;
  let copy: Record<string, unknown> | undefined;
  for (const key in record) {
    if (!Object.hasOwn(record, key)) continue;
    const item = record[key];
    const censored = isSecretName(key) ? REDACTED : censorSecrets(item, depth + 1);
    if (censored === item) continue;
    copy ??= { ...record };
    copy[key] = censored;
  }
  return (copy ?? value) as T;
}
