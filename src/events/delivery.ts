/**
 * One delivery attempt, by Standard Webhooks 1.0: the stored body as it is, signed with
 * the endpoint's secrets; a 2xx is delivered, anything else (a redirect included: they are
 * not followed) is retried on the schedule, with jitter, later when the endpoint's
 * Retry-After says so on a 429 or 503. A 410 disables the endpoint, and so do five days of
 * failures without a success.
 */
import { type AllowList, checkUrl } from './destinations.ts';
import { webhookHeaders } from './signature.ts';
import type { AttemptOutcome, AttemptResult, DueDelivery } from './sql-store.ts';

export interface DeliverySettings {
  /** Waits between attempts (WEBHOOK_RETRY_SCHEDULE); attempts = waits + 1. */
  scheduleMs: readonly number[];
  timeoutMs: number;
  allow: AllowList;
  /** Failures without a success for this long disable an endpoint. */
  disableAfterMs: number;
}

export const DEFAULT_RETRY_SCHEDULE = '5s,5m,30m,2h,5h,10h,10h';
export const DELIVERY_TIMEOUT_MS = 15_000;
export const DISABLE_AFTER_MS = 5 * 24 * 60 * 60 * 1000;
/** A taken delivery is sent again after this if its sender never reported back. */
export const DELIVERY_LEASE_MS = 60_000;
/** Bytes of an endpoint's answer kept with the attempt, for the deliveries log. */
const EXCERPT_BYTES = 256;

/** What a runtime sends with: it must not follow redirects, and may refuse a destination. */
export type Sender = (
  url: string,
  init: { headers: Record<string, string>; body: string; signal: AbortSignal },
) => Promise<Response>;

/** A destination the sender refused (the allow list, after resolving the name). */
export class DestinationRefused extends Error {}

export function parseSchedule(raw: string, errors: string[]): number[] {
  const units: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };
  const waits: number[] = [];
  for (const part of raw.split(',').map((s) => s.trim())) {
    const match = /^(\d+)(ms|s|m|h|d)$/.exec(part);
    const unit = match?.[2] ? units[match[2]] : undefined;
    if (!match || unit === undefined) {
      errors.push(
        `WEBHOOK_RETRY_SCHEDULE: '${part}' is not a wait such as 5s, 30m or 2h (comma-separated)`,
      );
      return [];
    }
    waits.push(Number(match[1]) * unit);
  }
  if (waits.length > 20) errors.push('WEBHOOK_RETRY_SCHEDULE: at most 20 waits');
  return waits;
}

export async function attemptDelivery(
  due: DueDelivery,
  settings: DeliverySettings,
  send: Sender,
  now: () => number,
): Promise<{ result: AttemptResult; outcome: AttemptOutcome }> {
  const started = now();
  const result = await attempt(due, settings, send, started);
  result.durationMs = Math.max(0, now() - started);
  return { result, outcome: decide(due, result, settings, now()) };
}

async function attempt(
  due: DueDelivery,
  settings: DeliverySettings,
  send: Sender,
  at: number,
): Promise<AttemptResult & { retryAfterMs?: number }> {
  const failed = (error: string) => ({
    ok: false,
    statusCode: null,
    durationMs: 0,
    excerpt: null,
    error,
  });
  // The list may have changed since the endpoint was made.
  const verdict = checkUrl(due.url, settings.allow);
  if (!verdict.ok) return failed(`destination refused: the URL ${verdict.reason}`);
  const secrets = [due.secrets.current, ...(due.secrets.previous ? [due.secrets.previous] : [])];
  const headers = {
    ...(await webhookHeaders(secrets, due.eventId, Math.floor(at / 1000), due.body)),
    'content-type': 'application/json',
    'user-agent': 'callgate-webhooks/1',
  };
  let response: Response;
  try {
    response = await send(due.url, {
      headers,
      body: due.body,
      signal: AbortSignal.timeout(settings.timeoutMs),
    });
  } catch (error) {
    if (error instanceof DestinationRefused) return failed(`destination refused: ${error.message}`);
    const name = (error as Error).name;
    if (name === 'TimeoutError' || name === 'AbortError')
      return failed(`no answer within ${settings.timeoutMs / 1000} s`);
    return failed('connection failed');
  }
  const excerpt = await readExcerpt(response);
  const retryAfterMs =
    response.status === 429 || response.status === 503
      ? retryAfter(response.headers.get('retry-after'), at)
      : undefined;
  return {
    ok: response.status >= 200 && response.status < 300,
    statusCode: response.status,
    durationMs: 0,
    excerpt,
    error: response.status >= 300 && response.status < 400 ? 'redirect not followed' : null,
    ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
  };
}

function decide(
  due: DueDelivery,
  result: AttemptResult & { retryAfterMs?: number },
  settings: DeliverySettings,
  at: number,
): AttemptOutcome {
  if (result.ok) return { nextAt: null, disable: null };
  if (result.statusCode === 410)
    return { nextAt: null, disable: 'The endpoint answered 410 Gone.' };
  const failingSince = due.failingSince ?? at;
  if (at - failingSince >= settings.disableAfterMs)
    return { nextAt: null, disable: 'Every delivery failed for five days.' };
  const wait = settings.scheduleMs[due.attempt];
  if (wait === undefined) return { nextAt: null, disable: null };
  // ±10%, so endpoints that failed together are not retried together.
  const jittered = wait * (0.9 + Math.random() * 0.2);
  const longest = Math.max(...settings.scheduleMs);
  const delay =
    result.retryAfterMs === undefined
      ? jittered
      : Math.min(Math.max(result.retryAfterMs, jittered), longest);
  return { nextAt: at + Math.round(delay), disable: null };
}

/** Retry-After as seconds or an HTTP date; undefined when absent or unreadable. */
function retryAfter(value: string | null, at: number): number | undefined {
  if (value === null) return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value.trim()) * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - at);
}

/** The start of the answer, for people reading the log; the rest is never read. */
async function readExcerpt(response: Response): Promise<string | null> {
  if (!response.body) return null;
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    while (size < EXCERPT_BYTES) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      size += value.length;
    }
  } catch {
    // An answer cut short still has its start.
  } finally {
    reader.cancel().catch(() => {});
  }
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.length;
  }
  const text = new TextDecoder().decode(bytes.subarray(0, EXCERPT_BYTES)).trim();
  return text === '' ? null : text;
}
