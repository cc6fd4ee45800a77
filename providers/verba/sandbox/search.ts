/**
 * SearchCalls for the Verba sandbox: `start`/`end` (mandatory, `YYYY-MM-DD hh:mm`,
 * `hh:mm:ss` or `hh:mm:ss.SSS` in the API user's zone), `status` (`ongoing`, or `recorded`
 * by default), repeatable `anynum` and `anyname` (parts of either party's number or name),
 * `orderby` (a CDR field). The records are written one by one as the client takes them, so
 * a window holding a hundred thousand calls costs the sandbox no memory either.
 */
import { TZDate } from '@date-fns/tz';

export interface SearchableCall {
  status: 'ongoing' | 'next' | 'finished';
  start: number;
  caller: string;
  callee: string;
  callerName: string;
  calleeName: string;
}

export class SearchRefusal extends Error {
  readonly code: string;
  constructor(code: string, message: string) {
    super(message);
    this.code = code;
  }
}

const LOCAL = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{3}))?)?$/;

/** A time as SearchCalls takes it, in `zone`, to epoch milliseconds. */
export function parseLocal(value: string | null, name: string, zone: string): number {
  const match = value === null ? null : LOCAL.exec(value);
  if (!match)
    throw new SearchRefusal(
      '-4',
      `The ${name} parameter is mandatory, as YYYY-MM-DD hh:mm, hh:mm:ss or hh:mm:ss.SSS.`,
    );
  const [, y, mo, d, h, mi, s, ms] = match;
  return new TZDate(
    Number(y),
    Number(mo) - 1,
    Number(d),
    Number(h),
    Number(mi),
    Number(s ?? 0),
    Number(ms ?? 0),
    zone,
  ).getTime();
}

/** The calls SearchCalls answers with, in the order asked (start time when none is). */
export function searchCalls<C extends SearchableCall>(
  calls: readonly C[],
  params: URLSearchParams,
  zone: string,
  fieldOf: (call: C, field: string) => string,
): C[] {
  const start = parseLocal(params.get('start'), 'start', zone);
  const end = parseLocal(params.get('end'), 'end', zone);
  const status = params.get('status') ?? 'recorded';
  if (status !== 'recorded' && status !== 'ongoing')
    throw new SearchRefusal('-4', `Invalid status '${status}': ongoing or recorded.`);
  const numbers = params.getAll('anynum');
  const names = params.getAll('anyname').map((name) => name.toLowerCase());
  const orderBy = params.get('orderby');
  const matches = calls.filter(
    (call) =>
      (status === 'ongoing' ? call.status === 'ongoing' : call.status === 'finished') &&
      call.start >= start &&
      call.start <= end &&
      (numbers.length === 0 ||
        numbers.some((n) => call.caller.includes(n) || call.callee.includes(n))) &&
      (names.length === 0 ||
        names.some(
          (n) =>
            call.callerName.toLowerCase().includes(n) || call.calleeName.toLowerCase().includes(n),
        )),
  );
  return orderBy
    ? matches.sort((a, b) => fieldOf(a, orderBy).localeCompare(fieldOf(b, orderBy)))
    : matches.sort((a, b) => a.start - b.start);
}
