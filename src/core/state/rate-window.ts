/**
 * A cap on the requests an instance sends per second, counted in one-second windows: a
 * window never grants callers more than the cap, whoever asks. Callers may take several
 * permits at once (see GatewayState.permitBatch); the ones they do not use lapse with the
 * window.
 *
 * The cap is shared fairly between callers (API keys): each key that asked within the
 * last ACTIVE_MS may count on an equal share of every window, and a key takes more than
 * its share only from what the other active keys' shares leave. One busy key therefore
 * gets the whole cap while it is alone, and never another key's share.
 *
 * The gateway's own requests (a token renewal, `own`) are never refused for what callers
 * spent: one takes a permit of this window when one is left, else of the next window,
 * which then grants callers one less.
 */
import type { PermitGrant } from './types.ts';

export interface KeyUse {
  /** The window its `taken` counts in. */
  window: number;
  taken: number;
  /** When it last asked. */
  seen: number;
}

export interface RateWindow {
  start: number;
  used: number;
  /** Permits already spent on the next window by the gateway's own requests. */
  ahead: number;
  keys: Record<string, KeyUse>;
}

export const EMPTY_WINDOW: RateWindow = { start: 0, used: 0, ahead: 0, keys: {} };
export const WINDOW_MS = 1000;
/** A key that asked this recently keeps its share of each window. */
export const ACTIVE_MS = 10_000;

export function takePermits(
  window: RateWindow,
  maxPerSecond: number,
  wanted: number,
  now: number,
  caller = '',
  own = false,
): { window: RateWindow; grant: PermitGrant } {
  const start = now - (now % WINDOW_MS);
  const validForMs = start + WINDOW_MS - now;
  let { used, ahead } = window;
  if (window.start !== start) {
    // The permits taken ahead belong to this window only if it follows the old one.
    used = window.start + WINDOW_MS === start ? ahead : 0;
    ahead = 0;
  }
  const keys: Record<string, KeyUse> = {};
  for (const [name, use] of Object.entries(window.keys)) {
    if (now - use.seen < ACTIVE_MS) keys[name] = use;
  }
  if (own) {
    if (used < maxPerSecond) used += 1;
    else ahead += 1;
    return {
      window: { start, used, ahead, keys },
      grant: { granted: 1, window: start, validForMs },
    };
  }
  const mine = keys[caller];
  const taken = mine && mine.window === start ? mine.taken : 0;
  const others = Object.entries(keys).filter(([name]) => name !== caller);
  const share = Math.floor(maxPerSecond / (others.length + 1));
  // What the other active keys may still take of their shares this window.
  let reserved = 0;
  for (const [, use] of others)
    reserved += Math.max(0, share - (use.window === start ? use.taken : 0));
  const left = maxPerSecond - used;
  const mayTake = Math.max(0, Math.max(share - taken, left - reserved));
  const granted = Math.max(0, Math.min(Math.floor(wanted), left, mayTake));
  keys[caller] = { window: start, taken: taken + granted, seen: now };
  return {
    window: { start, used: used + granted, ahead, keys },
    grant: { granted, window: start, validForMs },
  };
}
