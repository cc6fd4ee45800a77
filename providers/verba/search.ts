/**
 * GET /calls?provider=<verba>&since=…&until=… → SearchCalls (page "Search Calls"): calls
 * whose start falls in a window, with the filters that map (`number` → anynum, `name` →
 * anyname, `state` → status).
 *
 * Unconfirmed: SearchCalls documents no paging (a third-party client sends `pagelen`), so
 * the gateway assumes it answers every match. It pages itself: every page asks for the same
 * window, ordered by start time, reads the answer record by record, skips the records of
 * earlier pages, keeps `limit`, and stops reading (aborting the request) once it knows
 * whether one more follows. Memory and the answer stay bounded by `limit`; what is read
 * upstream grows with the page number, up to SEARCH_MAX_BYTES, past which the request is
 * refused with a 400 that says to narrow the window.
 */
import type { CallPage } from '../../src/core/call.ts';
import { badRequest, GatewayError, InstanceProblem } from '../../src/core/errors.ts';
import { toLocalTime } from '../../src/core/local-time.ts';
import type { CursorCodec } from '../../src/core/page-cursor.ts';
import type {
  AdapterContext,
  FindFilter,
  FindFilters,
  FindQuery,
} from '../../src/core/provider.ts';
import type { UpstreamStream } from '../../src/core/stream.ts';
import { UpstreamError } from '../../src/core/upstream.ts';
import { readSearchAnswer } from './cdr-stream.ts';
import type { TokenAttempt, VerbaClient } from './client.ts';
import { mapVerbaCall } from './mapping.ts';
import { NotVerbaXmlError, parseVerbaAnswer, type VerbaAnswer } from './xml.ts';

export const VERBA_FIND_FILTERS: readonly FindFilter[] = [
  'since',
  'until',
  'state',
  'number',
  'name',
];

/** Most of a SearchCalls answer read for one page, some 50,000 CDRs (`<PREFIX>_MAX_RESPONSE_BYTES` overrides it). */
export const SEARCH_MAX_BYTES = 64 * 1024 * 1024;

const HOUR_MS = 3_600_000;

export async function searchVerbaCalls(
  client: VerbaClient,
  query: FindQuery,
  mapping: { instance: string; timeZone: string; includeRaw: boolean },
  cursors: CursorCodec,
  ctx: AdapterContext,
): Promise<CallPage> {
  const { filters } = query;
  const params = searchParams(filters, mapping.timeZone);
  const offset = query.cursor ? await cursors.decode(query.cursor, filters) : 0;
  const since = Date.parse(filters.since ?? '');
  const until = Date.parse(filters.until ?? '');

  const attempt = async (token: string | undefined): Promise<TokenAttempt<CallPage>> => {
    const stream = await open(client, params, token, ctx);
    const items: CallPage['items'] = [];
    let seen = 0;
    let more = false;
    let document: VerbaAnswer | null = null;
    try {
      for await (const piece of readSearchAnswer(stream.body)) {
        if (piece.kind === 'document') {
          // No record: an error, nothing found, or a stale token (withToken renews it once).
          document = parseVerbaAnswer(piece.text);
          break;
        }
        if (piece.kind === 'head') {
          if (piece.code !== null && piece.code !== '0')
            throw new NotVerbaXmlError(`records came with code ${piece.code}`);
          continue;
        }
        const call = mapVerbaCall(piece.cdr, mapping);
        if (!call.providerCallId) continue;
        // The window went out in local time, widened across a DST change: keep exactly it.
        const started = call.startedAt === null ? Number.NaN : Date.parse(call.startedAt);
        if (!Number.isNaN(started) && (started < since || started >= until)) continue;
        seen++;
        if (seen <= offset) continue;
        if (items.length === query.limit) {
          more = true;
          break;
        }
        items.push(call);
      }
    } catch (error) {
      throw searchFailure(error);
    } finally {
      // Stops the upstream once the page is known: the rest of the window is not read.
      await stream.body.cancel().catch(() => {});
    }
    if (document) return { answer: document };
    const page: CallPage = {
      items,
      nextCursor: more ? await cursors.encode(offset + items.length, filters) : null,
    };
    return { value: page };
  };
  // A document that is no error: nothing matched.
  return client.withToken(ctx, 'SearchCalls', attempt, () => ({ items: [], nextCursor: null }));
}

/** SearchCalls' parameters for the gateway's filters, times in the API user's zone. */
export function searchParams(
  filters: FindFilters,
  timeZone: string,
): Record<string, string | string[]> {
  const missing = (['since', 'until'] as const).filter((name) => !filters[name]);
  if (missing.length) {
    throw badRequest(
      'Verba lists calls in a time window: give both `since` and `until` (or a selector).',
      missing.map((name) => ({ field: `query.${name}`, message: 'is required by Verba' })),
    );
  }
  const since = Date.parse(filters.since as string);
  const until = Date.parse(filters.until as string);
  // In a DST fall-back hour a local time names two instants: widen by that hour, then filter.
  const start = toLocalTime(since, timeZone);
  const end = toLocalTime(until, timeZone);
  const params: Record<string, string | string[]> = {
    start: start.ambiguous ? toLocalTime(since - HOUR_MS, timeZone).text : start.text,
    end: end.ambiguous ? toLocalTime(until + HOUR_MS, timeZone).text : end.text,
    status: statusOf(filters.state),
    orderby: 'start_time',
  };
  if (filters.number) params.anynum = [filters.number.replace(/^\+/, '')];
  if (filters.name) params.anyname = [filters.name];
  return params;
}

/** `state`: in_progress → ongoing; completed (or none) → recorded; Verba searches one or the other. */
function statusOf(state: string | undefined): string {
  if (state === undefined || state === 'completed') return 'recorded';
  if (state === 'in_progress') return 'ongoing';
  throw badRequest(
    'Verba searches either ongoing calls (`state=in_progress`) or recorded ones (`state=completed`, the default).',
    [{ field: 'query.state', message: 'must be in_progress or completed for verba' }],
  );
}

function open(
  client: VerbaClient,
  params: Record<string, string | string[]>,
  token: string | undefined,
  ctx: AdapterContext,
): Promise<UpstreamStream> {
  return ctx.stream({
    operation: 'SearchCalls',
    url: client.actionUrl('SearchCalls', params, token).toString(),
    headers: { accept: 'application/xml, text/xml' },
    maxBodyBytes: SEARCH_MAX_BYTES,
    document: true,
  });
}

function searchFailure(error: unknown): GatewayError {
  if (error instanceof GatewayError) return error;
  if (error instanceof UpstreamError && error.failure === 'too_large') {
    return badRequest(
      `The window holds more calls than the gateway reads for one page (${error.message}): narrow \`since\`/\`until\` (a day, an hour) or add \`number\` or \`name\`.`,
      [{ field: 'query.since', message: 'window too wide for this page' }],
    );
  }
  if (error instanceof NotVerbaXmlError) {
    return new InstanceProblem(
      'provider_bad_response',
      `answered SearchCalls with no usable Verba XML: ${error.message}.`,
    );
  }
  // Failures below HTTP: the core maps them to problems.
  throw error;
}
