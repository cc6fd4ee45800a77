/** An instant as wall-clock time in an IANA zone: what providers that take local times need. */
import { TZDate } from '@date-fns/tz';
import { zonedToEpoch } from './zoned-time.ts';

export interface LocalTime {
  /** `YYYY-MM-DD hh:mm:ss.SSS` */
  text: string;
  /** The wall-clock time names more than one instant (a DST fall-back hour) or another one (a gap). */
  ambiguous: boolean;
}

export function toLocalTime(epochMs: number, timeZone: string): LocalTime {
  const t = new TZDate(epochMs, timeZone);
  const fields = [
    t.getFullYear(),
    t.getMonth() + 1,
    t.getDate(),
    t.getHours(),
    t.getMinutes(),
    t.getSeconds(),
    t.getMilliseconds(),
  ] as const;
  const pad = (n: number, width = 2) => String(n).padStart(width, '0');
  const [y, mo, d, h, mi, s, ms] = fields;
  const back = zonedToEpoch(y, mo, d, h, mi, s, ms, timeZone);
  // The same wall-clock time an hour earlier or later means the hour is read twice.
  const earlier = new TZDate(epochMs - 3_600_000, timeZone);
  const later = new TZDate(epochMs + 3_600_000, timeZone);
  const twice = earlier.getHours() === h || later.getHours() === h;
  return {
    text: `${y}-${pad(mo)}-${pad(d)} ${pad(h)}:${pad(mi)}:${pad(s)}.${pad(ms, 3)}`,
    ambiguous: back !== epochMs || twice,
  };
}
