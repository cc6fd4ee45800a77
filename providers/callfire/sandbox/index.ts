/**
 * A local CallFire for development and tests: speaks API 1.1 REST under `/api/1.1/rest`
 * (GetCall at `call/{id}`, QueryCalls at `call`, XML by default, JSON with `.json`) behind
 * HTTP basic auth, over the calls of calls.ts. Node only (node:http), loaded only by tests
 * and sandbox mode.
 *
 * Error bodies are ResourceExceptions as CallFire documents them; their messages are the
 * sandbox's own wording. Unknown query parameters are refused (CallFire may ignore them) so
 * that a misspelt parameter shows up in tests. A few reserved ids stand for upstream
 * faults the gateway must survive (see CALLFIRE_FAULT_CALLS); `/__sandbox/faults` schedules
 * any fault of ../../sandbox/faults.ts for GetCall or QueryCalls.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { samplesIn, wavBytes, wavSize, writePieces } from '../../sandbox/audio.ts';
import {
  type Answer as FaultAnswer,
  type FaultDialect,
  FaultSchedule,
} from '../../sandbox/faults.ts';
import { send as sendBytes } from '../../sandbox/respond.ts';
import { type RunningSandbox, startSandboxServer } from '../../sandbox/server.ts';
import {
  CALLFIRE_SAMPLE_CALLS,
  FINAL_RESULTS,
  NAMESPACES,
  resourceExceptionJson,
  resourceExceptionXml,
  resourceJson,
  resourceListJson,
  resourceListXml,
  resourceXml,
  type SandboxCall,
  seedCalls,
} from './calls.ts';

export {
  BULK_BROADCAST_ID,
  CALLFIRE_CALLS_BY_RESULT,
  CALLFIRE_CALLS_BY_STATE,
  CALLFIRE_SAMPLE_CALLS,
  SURVEY_BROADCAST_ID,
} from './calls.ts';

export interface CallFireSandboxOptions {
  userName?: string;
  password?: string;
  /** Extra calls in one campaign (BULK_BROADCAST_ID), to page through more than 1000. */
  bulkCalls?: number;
  /** How long the `slow` fault id keeps the client waiting. */
  slowMs?: number;
  /**
   * When set, a call in progress (state SELECTED) finishes this long after the sandbox
   * started, answered (`LA`), as a real campaign's calls do; unset, it stays in progress.
   */
  callLengthMs?: number;
  port?: number;
}

export interface CallFireSandbox {
  /** The API base, what CALLFIRE_BASE_URL points at. */
  apiUrl: string;
  origin: string;
  options: { userName: string; password: string };
  close(): Promise<void>;
}

export const CALLFIRE_SANDBOX_DEFAULTS = {
  userName: 'a1b2c3d4e5f6',
  password: 'cf-sandbox-password',
} as const;

/** Reserved ids that answer the way a broken or unwell CallFire would. */
export const CALLFIRE_FAULT_CALLS = {
  /** 500 with a ResourceException. */
  serverError: '900000000500',
  /** 500 with an HTML error page (a proxy's or a servlet container's), no ResourceException. */
  htmlServerError: '900000000501',
  /** 200 with an HTML page instead of a call. */
  htmlPage: '900000000200',
  /** 200 with a Call that has no id. */
  callWithoutId: '900000000201',
  /** 403 with a ResourceException: an account without API access. */
  forbidden: '900000000403',
  /** Answers after `slowMs`. */
  slow: '900000000504',
} as const;

const API_PREFIX = '/api/1.1/rest';
const STATES = new Set([
  'READY',
  'SELECTED',
  'CALLBACK',
  'FINISHED',
  'DISABLED',
  'SKIPPED',
  'DNC',
  'DUP',
  'INVALID',
  'TIMEOUT',
  'PERIOD_LIMIT',
  'RESTRICTED_NUMBER',
]);
// Every documented result: those a seeded call ends with, the text-only ones and SKIPPED.
const RESULTS = new Set<string>([...FINAL_RESULTS, 'RECEIVED', 'DNT', 'TOO_BIG', 'SKIPPED']);
const QUERY_PARAMS = new Set([
  'MaxResults',
  'FirstResult',
  'BroadcastId',
  'BatchId',
  'State',
  'Result',
  'Inbound',
  'IntervalBegin',
  'IntervalEnd',
  'FromNumber',
  'ToNumber',
  'LabelName',
]);
const MASKED = new Set(['password', 'username', 'apikey', 'token']);
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})?$/;

interface LoggedRequest {
  method: string;
  /** GetCall, QueryCalls, GetRecording, or null for anything else. */
  action: string | null;
  path: string;
  format: 'xml' | 'json';
  /** Query parameters (repeated ones joined by a space) and the path's Id. */
  params: Record<string, string>;
  authorization: boolean;
  /** For recordings: bytes written, and whether the client left first. */
  bytes?: number;
  aborted?: boolean;
  /** The W3C trace context the gateway sent, so tests can follow a trace into the provider. */
  traceparent: string | null;
  tracestate: string | null;
}

/** A CallFire error status, answered with a ResourceException. */
class Refusal extends Error {
  readonly status: number;
  constructor(status: number, message: string) {
    super(message);
    this.status = status;
  }
}

export async function startCallFireSandbox(
  options: CallFireSandboxOptions = {},
): Promise<CallFireSandbox> {
  const settings = {
    userName: options.userName ?? CALLFIRE_SANDBOX_DEFAULTS.userName,
    password: options.password ?? CALLFIRE_SANDBOX_DEFAULTS.password,
  };
  const slowMs = options.slowMs ?? 3_000;
  const calls = seedCalls(options.bulkCalls ?? 0);
  const byId = new Map(calls.map((call) => [call.id, call]));
  const recordingSeconds = new Map(
    calls.flatMap((call) =>
      call.attempts.flatMap((attempt) =>
        attempt.recordings.map((r) => [r.id, r.lengthInSeconds] as const),
      ),
    ),
  );
  // QueryCalls order: newest first, as a campaign's live view would show them.
  const ordered = [...calls].sort(
    (a, b) => b.created.localeCompare(a.created) || b.id.localeCompare(a.id),
  );
  const log: LoggedRequest[] = [];
  const expected = `Basic ${Buffer.from(`${settings.userName}:${settings.password}`).toString('base64')}`;
  let apiBase = '';
  const faults = new FaultSchedule();

  const startedAt = Date.now();
  /** Calls in progress past their length finish, as if their parties hung up then. */
  const settle = () => {
    const length = options.callLengthMs;
    if (length === undefined || Date.now() < startedAt + length) return;
    const ended = new Date(startedAt + length).toISOString().replace(/\.\d{3}Z$/, 'Z');
    for (const call of calls) {
      if (call.state !== 'SELECTED') continue;
      call.state = 'FINISHED';
      call.finalResult = 'LA';
      call.modified = ended;
      const live = call.attempts.at(-1);
      if (live && live.result === null) {
        live.result = 'LA';
        live.finish = ended;
        live.duration = live.answer
          ? Math.max(0, Math.round((Date.parse(ended) - Date.parse(live.answer)) / 1000))
          : 0;
        live.billed = 0;
      }
    }
  };

  const handle = async (req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> => {
    settle();
    if (!url.pathname.startsWith(`${API_PREFIX}/`))
      return send(res, 404, 'text/html', '<html><body><h1>404 Not Found</h1></body></html>');

    const route = url.pathname.slice(API_PREFIX.length);
    const json = route.endsWith('.json');
    const path = json ? route.slice(0, -'.json'.length) : route;
    const entry: LoggedRequest = {
      method: req.method ?? 'GET',
      action: null,
      path: route,
      format: json ? 'json' : 'xml',
      params: loggedParams(url.searchParams),
      authorization: Boolean(req.headers.authorization),
      traceparent: req.headers.traceparent?.toString() ?? null,
      tracestate: req.headers.tracestate?.toString() ?? null,
    };
    log.push(entry);
    const operation =
      path === '/call'
        ? 'QueryCalls'
        : /^\/call\/[^/]+$/.test(path)
          ? 'GetCall'
          : /^\/recording\/\d+\.wav$/.test(route)
            ? 'GetRecording'
            : '';
    const scheduled = faults.take(operation);
    if (scheduled) {
      entry.action = operation;
      const type = json ? 'application/json' : 'application/xml';
      const dialect: FaultDialect = {
        root: 'r:Resource',
        document: (payload) => `<r:Resource ${NAMESPACES}>${payload}</r:Resource>`,
        record: (children) =>
          `<Call id="${CALLFIRE_SAMPLE_CALLS.documented}">${children}<State>FINISHED</State></Call>`,
        // CallFire has no tokens: what it says to credentials it stopped accepting.
        expiredToken: () => ({
          status: 401,
          type,
          body: (json ? resourceExceptionJson : resourceExceptionXml)(401, 'Unauthorized.'),
        }),
        error: (message) => ({
          status: 400,
          type,
          body: (json ? resourceExceptionJson : resourceExceptionXml)(400, message),
        }),
        received: `${req.url} ${req.headers.authorization ?? ''}`,
      };
      const normal = (): FaultAnswer => {
        if (operation === 'QueryCalls') {
          const { page, total } = queryCalls(url.searchParams);
          const body = (json ? resourceListJson : resourceListXml)(page, total, apiBase);
          return { status: 200, type, body };
        }
        const call = byId.get(decodeURIComponent(path.slice('/call/'.length)));
        if (!call)
          return { status: 404, type, body: resourceExceptionJson(404, 'Call not found.') };
        return { status: 200, type, body: (json ? resourceJson : resourceXml)(call, apiBase) };
      };
      return faults.serve(scheduled, operation, res, normal, dialect);
    }
    const answer = (status: number, body: string) =>
      send(res, status, json ? 'application/json' : 'application/xml', body);
    const refuse = (status: number, message: string) =>
      answer(
        status,
        json ? resourceExceptionJson(status, message) : resourceExceptionXml(status, message),
      );

    try {
      if (req.headers.authorization !== expected) {
        res.setHeader('www-authenticate', 'Basic realm="CallFire API"');
        throw new Refusal(401, 'Unauthorized: invalid username or password.');
      }
      const recording = /^\/recording\/(\d+)\.wav$/.exec(route);
      if (recording) {
        entry.action = 'GetRecording';
        const id = recording[1] ?? '';
        const seconds = recordingSeconds.get(id);
        if (seconds === undefined) throw new Refusal(404, `Recording ${id} not found.`);
        // Range is not honoured: the whole file, as a plain file server without it would.
        const samples = samplesIn(seconds);
        res.writeHead(200, {
          'content-type': 'audio/wav',
          'content-length': wavSize('pcm16', samples),
        });
        const result = await writePieces(res, wavBytes(`callfire-${id}`, 0, samples, 'pcm16'));
        entry.bytes = result.bytes;
        entry.aborted = result.aborted;
        return;
      }
      if (req.method !== 'GET') throw new Refusal(405, `Method ${req.method} is not allowed.`);
      if (path === '/call') {
        entry.action = 'QueryCalls';
        const { page, total } = queryCalls(url.searchParams);
        return answer(
          200,
          json ? resourceListJson(page, total, apiBase) : resourceListXml(page, total, apiBase),
        );
      }
      const single = /^\/call\/([^/]+)$/.exec(path);
      if (single) {
        entry.action = 'GetCall';
        const id = decodeURIComponent(single[1] ?? '');
        entry.params.Id = id;
        if (!/^\d{1,19}$/.test(id)) throw new Refusal(400, `Invalid Id '${id}': must be a long.`);
        if (await fault(id, res, json)) return;
        const call = byId.get(id);
        if (!call) throw new Refusal(404, `Call ${id} not found.`);
        return answer(200, json ? resourceJson(call, apiBase) : resourceXml(call, apiBase));
      }
      throw new Refusal(404, `No resource at ${route}.`);
    } catch (error) {
      if (error instanceof Refusal) return refuse(error.status, error.message);
      return refuse(500, `Internal error: ${(error as Error).message}`);
    }
  };

  /** Answers for the reserved fault ids; false when the id is an ordinary one. */
  const fault = async (id: string, res: ServerResponse, json: boolean): Promise<boolean> => {
    const html = '<html><body><h1>HTTP Status 500</h1><p>Internal Server Error</p></body></html>';
    switch (id) {
      case CALLFIRE_FAULT_CALLS.serverError:
        throw new Refusal(500, 'Internal Server Error: the call service is unavailable.');
      case CALLFIRE_FAULT_CALLS.forbidden:
        throw new Refusal(403, 'Forbidden: this account has no API access.');
      case CALLFIRE_FAULT_CALLS.htmlServerError:
        send(res, 500, 'text/html', html);
        return true;
      case CALLFIRE_FAULT_CALLS.htmlPage:
        send(res, 200, 'text/html', '<html><body>Maintenance in progress</body></html>');
        return true;
      case CALLFIRE_FAULT_CALLS.callWithoutId:
        send(
          res,
          200,
          json ? 'application/json' : 'application/xml',
          json
            ? '{"Resource":{"Call":{"FromNumber":"12132609784","State":"FINISHED"}}}'
            : '<r:Resource xmlns="http://api.callfire.com/data" xmlns:r="http://api.callfire.com/resource"><Call><FromNumber>12132609784</FromNumber></Call></r:Resource>',
        );
        return true;
      case CALLFIRE_FAULT_CALLS.slow:
        await new Promise((resolve) => setTimeout(resolve, slowMs).unref());
        throw new Refusal(404, `Call ${id} not found.`);
      default:
        return false;
    }
  };

  const queryCalls = (params: URLSearchParams): { page: SandboxCall[]; total: number } => {
    for (const name of params.keys())
      if (!QUERY_PARAMS.has(name)) throw new Refusal(400, `Unknown parameter '${name}'.`);
    const one = (name: string) => {
      const values = params.getAll(name);
      if (values.length > 1) throw new Refusal(400, `${name} is given more than once.`);
      return values[0];
    };
    // Lists come space-separated in one parameter or as the parameter repeated.
    const list = (name: string) =>
      params
        .getAll(name)
        .flatMap((value) => value.split(/\s+/))
        .filter(Boolean);
    const long = (name: string, fallback: number | null, max = Number.MAX_SAFE_INTEGER) => {
      const raw = one(name);
      if (raw === undefined) return fallback;
      if (!/^\d{1,18}$/.test(raw) || Number(raw) > max)
        throw new Refusal(400, `${name} must be a long${max < 1e9 ? ` of at most ${max}` : ''}.`);
      return Number(raw);
    };
    const time = (name: string) => {
      const raw = one(name);
      if (raw === undefined) return null;
      const match = DATE_TIME.exec(raw);
      const ms = match ? Date.parse(match[2] ? raw : `${raw}Z`) : Number.NaN;
      if (Number.isNaN(ms)) throw new Refusal(400, `${name} must be a dateTime.`);
      return ms;
    };

    const maxResults = long('MaxResults', 1000, 1000) ?? 1000;
    if (maxResults < 1) throw new Refusal(400, 'MaxResults must be between 1 and 1000.');
    const firstResult = long('FirstResult', 0) ?? 0;
    const broadcastId = one('BroadcastId');
    const batchId = one('BatchId');
    for (const [name, value] of [
      ['BroadcastId', broadcastId],
      ['BatchId', batchId],
    ] as const)
      if (value !== undefined && !/^\d{1,19}$/.test(value))
        throw new Refusal(400, `${name} must be a long.`);
    const states = list('State');
    for (const state of states)
      if (!STATES.has(state)) throw new Refusal(400, `Unknown State '${state}'.`);
    const results = list('Result');
    for (const result of results)
      if (!RESULTS.has(result)) throw new Refusal(400, `Unknown Result '${result}'.`);
    const inbound = one('Inbound');
    if (inbound !== undefined && inbound !== 'true' && inbound !== 'false')
      throw new Refusal(400, 'Inbound must be true or false.');
    const begin = time('IntervalBegin');
    const end = time('IntervalEnd');
    const fromNumber = one('FromNumber');
    const toNumbers = list('ToNumber');
    for (const number of [fromNumber, ...toNumbers])
      if (number !== undefined && !/^\d{3,15}$/.test(number))
        throw new Refusal(400, `'${number}' is not a PhoneNumber.`);
    const label = one('LabelName');

    const matches = ordered.filter((call) => {
      const created = Date.parse(call.created);
      return (
        (broadcastId === undefined || call.broadcastId === broadcastId) &&
        (batchId === undefined || call.batchId === batchId) &&
        (states.length === 0 || states.includes(call.state)) &&
        (results.length === 0 ||
          (call.finalResult !== null && results.includes(call.finalResult))) &&
        (inbound === undefined || String(call.inbound) === inbound) &&
        // The interval is half-open: a call created exactly at IntervalEnd is not in it.
        (begin === null || created >= begin) &&
        (end === null || created < end) &&
        (fromNumber === undefined || call.from === fromNumber) &&
        (toNumbers.length === 0 || call.to.some((n) => toNumbers.includes(n))) &&
        (label === undefined || call.labels.includes(label))
      );
    });
    return { page: matches.slice(firstResult, firstResult + maxResults), total: matches.length };
  };

  const server = await startSandboxServer({
    ...(options.port === undefined ? {} : { port: options.port }),
    faults,
    requests: () => log,
    // The calls are read-only through this API; only the log has anything to forget.
    reset: () => {
      log.length = 0;
    },
    handle,
  });
  apiBase = `${server.origin}${API_PREFIX}`;
  return { apiUrl: apiBase, origin: server.origin, options: settings, close: server.close };
}

/** For `npm start` without providers: a sandbox, and the variables of the instance using it. */
export async function sandboxMode(): Promise<RunningSandbox> {
  // Its call in progress ends a few minutes in, so a watch of it under `npm start` ends too.
  const sandbox = await startCallFireSandbox({ callLengthMs: SANDBOX_MODE_CALL_LENGTH_MS });
  return {
    variables: {
      BASE_URL: sandbox.apiUrl,
      USERNAME: sandbox.options.userName,
      PASSWORD: sandbox.options.password,
    },
    describe: `CallFire sandbox: ${sandbox.apiUrl}`,
    examples: [{ method: 'GET', path: `/calls/callfire_${CALLFIRE_SAMPLE_CALLS.documented}` }],
    close: sandbox.close,
  };
}

/** As the Verba sandbox's: long enough to try things, short enough to see a call end. */
const SANDBOX_MODE_CALL_LENGTH_MS = 3 * 60 * 1000;

function loggedParams(params: URLSearchParams): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of new Set(params.keys())) {
    out[name] = MASKED.has(name.toLowerCase()) ? '***' : params.getAll(name).join(' ');
  }
  return out;
}

function send(res: ServerResponse, status: number, type: string, body: string): void {
  sendBytes(res, status, type.includes('charset') ? type : `${type}; charset=utf-8`, body);
}
