/**
 * Wall-clock time in an IANA zone -> epoch milliseconds, as TZDate computes it, fast.
 *
 * TZDate asks Intl for the zone's offset on every call (about 10 µs, the largest part of
 * mapping a call). A zone's offset only changes at a transition, so it is remembered per
 * zone and local hour; an hour whose offset is not the same at its first and last
 * millisecond holds a transition, and every time in it is computed by TZDate.
 */
import { TZDate } from '@date-fns/tz';

// zone + local hour -> offset in ms, or null for an hour that holds a transition.
const offsets = new Map<string, number | null>();
const MAX_REMEMBERED = 4096;

/** `month` is 1-12. NaN for a time or zone TZDate cannot place. */
export function zonedToEpoch(
  year: number,
  month: number,
  day: number,
  hour: number,
  minute: number,
  second: number,
  millisecond: number,
  timeZone: string,
): number {
  // Date.UTC reads years 0-99 as 19xx; leave such dates to TZDate.
  if (year < 100) return exact(year, month, day, hour, minute, second, millisecond, timeZone);
  const key = `${timeZone} ${year} ${month} ${day} ${hour}`;
  let offset = offsets.get(key);
  if (offset === undefined) {
    const first =
      Date.UTC(year, month - 1, day, hour) - exact(year, month, day, hour, 0, 0, 0, timeZone);
    const last =
      Date.UTC(year, month - 1, day, hour, 59, 59, 999) -
      exact(year, month, day, hour, 59, 59, 999, timeZone);
    offset = first === last && Number.isFinite(first) ? first : null;
    if (offsets.size >= MAX_REMEMBERED) offsets.clear();
    offsets.set(key, offset);
  }
  if (offset === null) return exact(year, month, day, hour, minute, second, millisecond, timeZone);
  return Date.UTC(year, month - 1, day, hour, minute, second, millisecond) - offset;
}

function exact(
  year: number,
  month: number,
  day: number,
  hour: number,
  minute: number,
  second: number,
  millisecond: number,
  timeZone: string,
): number {
  return new TZDate(year, month - 1, day, hour, minute, second, millisecond, timeZone).getTime();
}
