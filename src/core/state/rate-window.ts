/**
 * A cap on the requests an instance sends per second, counted in one-second windows: a
 * window never grants more than the cap, whoever asks. Callers may take several permits at
 * once (see GatewayState.permitBatch); the ones they do not use lapse with the window.
 */
import type { PermitGrant } from './types.ts';

export interface RateWindow {
  start: number;
  used: number;
}

export const EMPTY_WINDOW: RateWindow = { start: 0, used: 0 };
export const WINDOW_MS = 1000;

export function takePermits(
  window: RateWindow,
  maxPerSecond: number,
  wanted: number,
  now: number,
): { window: RateWindow; grant: PermitGrant } {
  const start = now - (now % WINDOW_MS);
  const used = window.start === start ? window.used : 0;
  const granted = Math.max(0, Math.min(Math.floor(wanted), maxPerSecond - used));
  return {
    window: { start, used: used + granted },
    grant: { granted, window: start, validForMs: start + WINDOW_MS - now },
  };
}
