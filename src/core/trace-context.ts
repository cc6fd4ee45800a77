/**
 * W3C Trace Context (https://www.w3.org/TR/trace-context/): the `traceparent` and
 * `tracestate` headers a caller sends, and the ones the gateway sends on to a provider.
 * Runtime-neutral: Web Crypto's random values exist on Node and in workerd alike.
 */

export interface TraceIds {
  /** 32 lowercase hex digits, not all zero. */
  traceId: string;
  /** 16 lowercase hex digits, not all zero: the span these ids name. */
  spanId: string;
  /** The trace flags byte; bit 0 is "sampled". */
  flags: number;
  /** The caller's `tracestate`, passed on unchanged; absent when it sent none valid. */
  state?: string;
}

const TRACEPARENT = /^([0-9a-f]{2})-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})(-|$)/;
const ZERO_TRACE = '0'.repeat(32);
const ZERO_SPAN = '0'.repeat(16);
const SAMPLED = 0x01;
/** The spec allows 32 list members; longer lists are dropped rather than guessed at. */
const MAX_STATE_MEMBERS = 32;
const MAX_STATE_LENGTH = 512;
const STATE_MEMBER =
  /^(?:[a-z0-9][a-z0-9_\-*/]{0,255}|[a-z0-9][a-z0-9_\-*/]{0,240}@[a-z][a-z0-9_\-*/]{0,13})=[\x20-\x2b\x2d-\x3c\x3e-\x7e]{0,255}[\x21-\x2b\x2d-\x3c\x3e-\x7e]$/;

/**
 * The caller's trace, or null when `traceparent` is absent or malformed (then the gateway
 * starts a trace of its own, as the spec asks). `tracestate` counts only beside a valid
 * `traceparent`.
 */
export function parseTraceContext(
  traceparent: string | undefined,
  tracestate: string | undefined,
): TraceIds | null {
  if (traceparent === undefined) return null;
  const value = traceparent.trim();
  const match = TRACEPARENT.exec(value);
  if (!match) return null;
  const [, version, traceId, spanId, flags, rest] = match as unknown as [
    string,
    string,
    string,
    string,
    string,
    string,
  ];
  if (version === 'ff') return null;
  // Version 00 is exactly 55 characters; a later version may append fields after a dash.
  if (version === '00' && (rest !== '' || value.length !== 55)) return null;
  if (traceId === ZERO_TRACE || spanId === ZERO_SPAN) return null;
  const state = parseTraceState(tracestate);
  return { traceId, spanId, flags: Number.parseInt(flags, 16), ...(state ? { state } : {}) };
}

/** `tracestate` as sent, when it is well formed; several header lines arrive joined by commas. */
function parseTraceState(header: string | undefined): string | undefined {
  if (header === undefined || header.length > MAX_STATE_LENGTH) return undefined;
  const members = header
    .split(',')
    .map((member) => member.trim())
    .filter((member) => member !== '');
  if (members.length === 0 || members.length > MAX_STATE_MEMBERS) return undefined;
  const keys = new Set<string>();
  for (const member of members) {
    if (!STATE_MEMBER.test(member)) return undefined;
    const key = member.slice(0, member.indexOf('='));
    if (keys.has(key)) return undefined;
    keys.add(key);
  }
  return members.join(',');
}

/** The `traceparent` header naming `ids` as the parent. */
export function formatTraceparent(ids: TraceIds): string {
  return `00-${ids.traceId}-${ids.spanId}-${ids.flags.toString(16).padStart(2, '0')}`;
}

export const isSampled = (ids: TraceIds) => (ids.flags & SAMPLED) === SAMPLED;

/** A new trace, sampled: the gateway records what it does unless a caller said otherwise. */
export function newTrace(): TraceIds {
  return { traceId: randomHex(16, ZERO_TRACE), spanId: newSpanId(), flags: SAMPLED };
}

export const newSpanId = () => randomHex(8, ZERO_SPAN);

const HEX = Array.from({ length: 256 }, (_, byte) => byte.toString(16).padStart(2, '0'));

// Random bytes drawn 4 KiB at a time: one getRandomValues call costs microseconds whatever
// its size, and a request needs a trace id and a span id per attempt.
const pool = new Uint8Array(4096);
let used = pool.length;

function randomHex(bytes: number, zero: string): string {
  for (;;) {
    if (used + bytes > pool.length) {
      crypto.getRandomValues(pool);
      used = 0;
    }
    let hex = '';
    for (let end = used + bytes; used < end; used++) hex += HEX[pool[used] as number];
    // All zeros is the spec's "invalid"; at these lengths it is practically never drawn.
    if (hex !== zero) return hex;
  }
}
