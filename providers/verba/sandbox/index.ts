/**
 * A local Verba server for development and tests: speaks the action API at `/verba/api` as
 * the provider documents describe it, over seeded calls whose state KeepCall and DeleteCall
 * change. Node only (node:http), loaded only by tests and sandbox mode.
 *
 * Fault mode (../../sandbox/faults.ts): `/__sandbox/faults` makes it misbehave on demand;
 * `PATCH /__sandbox/calls/<id>` changes a call as a person in Verba's UI would.
 *
 * Error codes 2 and -50 are Verba's documented ones. The others (-1 … -6) stand in for
 * answers the excerpts do not number; their messages follow Verba's wording where known.
 */
import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createGzip } from 'node:zlib';
import { TZDate } from '@date-fns/tz';
import { writePieces } from '../../sandbox/audio.ts';
import {
  type Fault,
  type Answer as FaultAnswer,
  type FaultDialect,
  FaultSchedule,
} from '../../sandbox/faults.ts';
import { readBody, send } from '../../sandbox/respond.ts';
import { type RunningSandbox, startSandboxServer } from '../../sandbox/server.ts';
import { escapeXml } from '../../sandbox/xml.ts';
import {
  MEDIA_ACTIONS,
  type MediaCall,
  MediaRefusal,
  type MediaResult,
  serveLive,
  serveMedia,
  serveSegment,
  serveStall,
} from './media.ts';
import { SearchRefusal, searchCalls } from './search.ts';

export interface VerbaSandboxOptions {
  apiKey?: string;
  /** With credentials set, every action but RequestToken needs a token, as on a Verba with authentication configured. */
  userName?: string;
  password?: string;
  /** Zone the sandbox's API user lives in: times are written in it under token auth, else in GMT. */
  timeZone?: string;
  tokenTtlMs?: number;
  port?: number;
  /** Extra finished calls, one every 10 s from 2026-11-22T00:00Z, for searches over many. */
  bulkCalls?: number;
  /** Seeds VERBA_SAMPLE_CALLS.long, finished, recorded for this many seconds. */
  longCallSeconds?: number;
  /** Wall-clock milliseconds per second of live audio (GetMediaLive). */
  liveSecondMs?: number;
  /**
   * Ongoing calls hang up by themselves this long after they started, as real calls do (the
   * seeded ongoing call started 95 s before the sandbox); unset, they go on until ended.
   */
  callLengthMs?: number;
}

export interface VerbaSandbox {
  /** The API endpoint, what VERBA_BASE_URL points at. */
  apiUrl: string;
  origin: string;
  options: Pick<
    Required<VerbaSandboxOptions>,
    'apiKey' | 'userName' | 'password' | 'timeZone' | 'tokenTtlMs'
  >;
  close(): Promise<void>;
}

export const VERBA_SANDBOX_DEFAULTS = {
  apiKey: '74c8eea0-50c6-40b2-9f3e-252ed501c3c8',
  userName: 'callgate-api',
  password: 'sandbox-password',
  timeZone: 'Europe/Budapest',
  tokenTtlMs: 60 * 60 * 1000,
} as const;

type Status = 'ongoing' | 'next' | 'finished';

export interface SandboxCall {
  id: string;
  status: Status;
  caller: string;
  callerName: string;
  callee: string;
  calleeName: string;
  directionId: string;
  /** Start, ms since epoch; for a `next` call, computed relative to each request. */
  start: number;
  end: number | null;
  duration: string | null;
  ondemand: boolean;
  manual: boolean;
  doNotDelete: boolean;
  markedForDeletion: boolean;
  platformCallId: string;
  nativeId: string;
  meetingId: string | null;
  /** Its recording is served as application/octet-stream. */
  untypedMedia?: boolean;
}

/** Ids of the seeded calls, for examples and tests. */
export const VERBA_SAMPLE_CALLS = {
  finished: 'a8343631-9f35-4a3a-83f0-9e81592339fb',
  ongoing: '5d0b6f0c-7f64-4d3e-9a51-2c1f0f6e8a10',
  next: '9b2e4c1a-3d5f-4e6a-8b7c-0d1e2f3a4b5c',
  busyA: 'c3a1e2f4-5b6d-4c7e-8f90-a1b2c3d4e5f6',
  busyB: 'd4b2f3a5-6c7e-4d8f-9a01-b2c3d4e5f6a7',
  internal: 'e5c3a4b6-7d8f-4e9a-0b12-c3d4e5f6a7b8',
  /** Only with `longCallSeconds`. */
  long: 'f6d4b5c7-8e9a-4fab-9c23-d4e5f6a7b8c9',
} as const;

function seed(now: number, options: VerbaSandboxOptions = {}): SandboxCall[] {
  const base = {
    callerName: '',
    calleeName: '',
    end: null,
    duration: null,
    ondemand: true,
    manual: false,
    doNotDelete: false,
    markedForDeletion: false,
    meetingId: null,
  };
  return [
    {
      ...base,
      id: VERBA_SAMPLE_CALLS.finished,
      status: 'finished',
      caller: '8856',
      callerName: 'Front desk',
      callee: '+12125550101',
      calleeName: 'Ada Lovelace',
      directionId: '2',
      start: Date.UTC(2026, 10, 20, 9, 15, 2, 120),
      end: Date.UTC(2026, 10, 20, 9, 27, 36, 120),
      duration: '754',
      platformCallId: '71627389',
      nativeId: 'TRS26140192',
    },
    {
      ...base,
      id: VERBA_SAMPLE_CALLS.ongoing,
      status: 'ongoing',
      caller: '+441632960001',
      callerName: 'Grace Hopper',
      callee: '8856',
      calleeName: 'Front desk',
      directionId: '1',
      start: now - 95_000,
      platformCallId: '71627390',
      nativeId: 'TRS26140193',
    },
    {
      ...base,
      id: VERBA_SAMPLE_CALLS.next,
      status: 'next',
      caller: '8857',
      callerName: 'Sales',
      callee: '+12125550123',
      directionId: '2',
      start: now + 30_000,
      platformCallId: '71627391',
      nativeId: 'TRS26140194',
    },
    {
      ...base,
      id: VERBA_SAMPLE_CALLS.busyA,
      status: 'ongoing',
      caller: '7000',
      callee: '+12125550140',
      directionId: '2',
      start: now - 30_000,
      platformCallId: '71627392',
      nativeId: 'TRS26140195',
    },
    {
      ...base,
      id: VERBA_SAMPLE_CALLS.busyB,
      status: 'ongoing',
      caller: '+12125550141',
      callee: '7000',
      directionId: '1',
      start: now - 20_000,
      platformCallId: '71627393',
      nativeId: 'TRS26140196',
    },
    {
      ...base,
      id: VERBA_SAMPLE_CALLS.internal,
      status: 'finished',
      caller: '8858',
      callerName: 'Legal',
      callee: '8859',
      calleeName: 'Compliance',
      directionId: '0',
      start: Date.UTC(2026, 10, 21, 14, 2, 19, 673),
      end: Date.UTC(2026, 10, 21, 14, 5, 44, 673),
      duration: '00:03:25',
      ondemand: false,
      manual: true,
      doNotDelete: true,
      platformCallId: '71627394',
      nativeId: 'TRS26140197',
      meetingId: 'WHBFM6DD',
      untypedMedia: true,
    },
    ...extraCalls(options, base),
  ];
}

function extraCalls(
  options: VerbaSandboxOptions,
  base: Pick<SandboxCall, 'callerName' | 'calleeName' | 'ondemand' | 'manual' | 'doNotDelete'> &
    Pick<SandboxCall, 'markedForDeletion' | 'meetingId'>,
): SandboxCall[] {
  const extra: SandboxCall[] = [];
  if (options.longCallSeconds) {
    const start = Date.UTC(2026, 10, 19, 8, 0, 0);
    extra.push({
      ...base,
      id: VERBA_SAMPLE_CALLS.long,
      status: 'finished',
      caller: '8856',
      callee: '+12125550199',
      directionId: '2',
      start,
      end: start + options.longCallSeconds * 1000,
      duration: String(options.longCallSeconds),
      platformCallId: '71627400',
      nativeId: 'TRS26140200',
    });
  }
  const first = Date.UTC(2026, 10, 22, 0, 0, 0);
  for (let i = 0; i < (options.bulkCalls ?? 0); i++) {
    const start = first + i * 10_000;
    extra.push({
      ...base,
      id: `b0000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
      status: 'finished',
      caller: String(7100 + (i % 50)),
      callerName: `Agent ${i % 50}`,
      callee: `+1212555${String(i % 10_000).padStart(4, '0')}`,
      directionId: '2',
      start,
      end: start + 8_000,
      duration: '8',
      platformCallId: String(80_000_000 + i),
      nativeId: `BULK${i}`,
    });
  }
  return extra;
}

interface LoggedRequest {
  method: string;
  action: string | null;
  /** Parameters as received, credentials masked. */
  params: Record<string, string>;
  authorization: boolean;
  /** For media and search answers: bytes written, and whether the client left first. */
  bytes?: number;
  aborted?: boolean;
  /** The W3C trace context the gateway sent, so tests can follow a trace into the provider. */
  traceparent: string | null;
  tracestate: string | null;
  /** The Range header, where one came: what the gateway passed on. */
  range?: string;
}

const MASKED = new Set(['apikey', 'token', 'password', 'username']);
const STATUSES = ['ongoing', 'next', 'last'];
const ACTIONS = [
  'RequestToken',
  'GetCallID',
  'GetCallInformation',
  'GetCallURL',
  'KeepCall',
  'DeleteCall',
  ...MEDIA_ACTIONS,
  'SearchCalls',
];

/** Writes an answer that is streamed rather than a small document. */
type Streamed = (req: IncomingMessage, res: ServerResponse) => Promise<MediaResult>;

class Answer extends Error {
  readonly code: string;
  constructor(code: string, message: string) {
    super(message);
    this.code = code;
  }
}

export async function startVerbaSandbox(options: VerbaSandboxOptions = {}): Promise<VerbaSandbox> {
  const settings = {
    apiKey: options.apiKey ?? VERBA_SANDBOX_DEFAULTS.apiKey,
    userName: options.userName ?? VERBA_SANDBOX_DEFAULTS.userName,
    password: options.password ?? VERBA_SANDBOX_DEFAULTS.password,
    timeZone: options.timeZone ?? VERBA_SANDBOX_DEFAULTS.timeZone,
    tokenTtlMs: options.tokenTtlMs ?? VERBA_SANDBOX_DEFAULTS.tokenTtlMs,
  };
  const authRequired = settings.userName !== '' && settings.password !== '';
  let calls = seed(Date.now(), options);
  const liveSecondMs = options.liveSecondMs ?? 1000;
  const tokens = new Map<string, number>();
  const log: LoggedRequest[] = [];
  let origin = '';
  const faults = new FaultSchedule('RequestToken');
  const dialect: Omit<FaultDialect, 'received'> = {
    root: 'VerbaApi',
    document: (payload) =>
      `<VerbaApi><Response code="0" type="GetCallInformation"/>${payload}</VerbaApi>`,
    record: (children) =>
      `<verbacdr>${children}<ccdr_id>${VERBA_SAMPLE_CALLS.finished}</ccdr_id></verbacdr>`,
    tokenOperation: 'RequestToken',
    expiredToken: () => {
      tokens.clear();
      return xmlAnswer(
        '<Response code="-2"><ErrorMessage>The token is expired or never got authenticated.</ErrorMessage></Response>',
      );
    },
    error: (message) =>
      xmlAnswer(
        `<Response code="-1"><ErrorMessage>${escapeXml(message)}</ErrorMessage></Response>`,
      ),
  };

  const findCalls = (params: URLSearchParams, action: string): SandboxCall => {
    const byField = (value: string | null, pick: (call: SandboxCall) => string | null) => {
      const call = value === null ? undefined : calls.find((c) => pick(c) === value);
      if (!call) throw new Answer('2', notFoundMessage(action));
      return call;
    };
    if (params.has('callID')) return byField(params.get('callID'), (c) => c.id);
    if (params.has('platformCallID'))
      return byField(params.get('platformCallID'), (c) => c.platformCallId);
    if (params.has('nativeID')) return byField(params.get('nativeID'), (c) => c.nativeId);
    if (params.has('meetingID') && action !== 'GetCallID') {
      return byField(params.get('meetingID'), (c) => c.meetingId);
    }
    const extension = params.get('extension');
    if (extension === null) {
      throw new Answer(
        '-4',
        'Either callID, platformCallID, nativeID, meetingID or extension parameter is mandatory.',
      );
    }
    const statuses = (params.get('status') ?? '').split(',').map((s) => s.trim());
    if (statuses.length === 0 || statuses.some((s) => !STATUSES.includes(s))) {
      throw new Answer('-4', `Invalid status '${params.get('status') ?? ''}'.`);
    }
    const now = Date.now();
    for (const status of statuses) {
      const onLine = calls.filter((c) => c.caller === extension || c.callee === extension);
      let matches: SandboxCall[];
      if (status === 'last') {
        const finished = onLine
          .filter((c) => c.status === 'finished')
          .sort((a, b) => (b.end ?? 0) - (a.end ?? 0));
        matches = finished.slice(0, 1);
      } else if (status === 'next') {
        matches = onLine.filter(
          (c) => c.status === 'next' && c.start >= now - 1000 && c.start <= now + 60_000,
        );
      } else {
        matches = onLine.filter((c) => c.status === 'ongoing');
      }
      if (matches.length > 1) {
        throw new Answer(
          '-5',
          `More than one record found for extension ${extension} with status ${status}.`,
        );
      }
      if (matches[0]) return matches[0];
    }
    if (action === 'DeleteCall') {
      throw new Answer(
        '-50',
        `Call for extension ${extension} with status ${statuses.join(',')} not found after 2 tries, with sleep time 1000.`,
      );
    }
    throw new Answer('2', notFoundMessage(action));
  };

  const handleApi = (
    params: URLSearchParams,
    authorization: string | undefined,
  ): string | Streamed => {
    const action = params.get('action') ?? '';
    if (!ACTIONS.includes(action)) throw new Answer('-3', `Unknown action '${action}'.`);
    if (params.get('apiKey') !== settings.apiKey) throw new Answer('-1', 'The API key is invalid.');

    if (action === 'RequestToken') {
      const [user, password] = credentialsOf(params, authorization);
      if (user !== settings.userName || password !== settings.password) {
        throw new Answer('-2', 'Authentication failed: wrong user name or password.');
      }
      const token = randomBytes(24).toString('base64url');
      tokens.set(token, Date.now() + settings.tokenTtlMs);
      return `<Response code="0" type="RequestToken" token="${token}"/>`;
    }
    if (authRequired) {
      const token = params.get('token') ?? '';
      const expires = tokens.get(token);
      if (expires === undefined || expires < Date.now()) {
        tokens.delete(token);
        throw new Answer('-2', 'The token is expired or never got authenticated.');
      }
    }
    const zone = authRequired ? settings.timeZone : 'UTC';
    if (action === 'SearchCalls') return search(params, zone);
    if (action === 'GetMediaSegment' && params.has('cid') && !params.has('callID')) {
      params.set('callID', params.get('cid') ?? '');
    }
    // An older page of the documentation names GetMedia's call parameter ccdr_id.
    if (action === 'GetMedia' && params.has('ccdr_id') && !params.has('callID')) {
      params.set('callID', params.get('ccdr_id') ?? '');
    }
    const call = findCalls(params, action);
    const media = mediaCall(call);
    switch (action) {
      case 'GetMedia':
        return (req, res) => serveMedia(media, req, res);
      case 'GetMediaSegment':
        return (_req, res) => serveSegment(media, params, res);
      case 'GetMediaLive':
        return (_req, res) =>
          serveLive(media, params, res, {
            secondMs: liveSecondMs,
            ongoing: () => call.status === 'ongoing' && calls.includes(call),
          });
    }
    switch (action) {
      case 'GetCallID':
        return `<Response code="0" type="GetCallID"/><CallID>${call.id}</CallID>`;
      case 'GetCallInformation':
        return `<Response code="0" type="GetCallInformation"/>${renderCdr(call, zone)}`;
      case 'GetCallURL':
        return `<Response code="0" type="GetCallURL"/><CallURL>${escapeXml(`${origin}/verba/?mode=call&callid=${call.id}`)}</CallURL>`;
      case 'KeepCall':
        call.manual = params.get('unmark') !== '1';
        return '<Response code="0" type="KeepCall"/>';
      default: {
        if (call.doNotDelete) throw new Answer('-6', 'The call is protected from deletion.');
        if (call.status === 'finished') calls = calls.filter((c) => c !== call);
        else call.markedForDeletion = true;
        return '<Response code="0" type="DeleteCall"/>';
      }
    }
  };

  const mediaCall = (call: SandboxCall): MediaCall => ({
    id: call.id,
    status: call.status,
    untypedMedia: call.untypedMedia === true,
    recordedSeconds: () =>
      call.end === null
        ? Math.max(0, (Date.now() - call.start) / 1000)
        : (call.end - call.start) / 1000,
  });

  const search = (params: URLSearchParams, zone: string): Streamed => {
    let found: SandboxCall[];
    try {
      found = searchCalls(calls, params, zone, (call, field) => cdrField(call, field, zone));
    } catch (error) {
      if (error instanceof SearchRefusal) throw new Answer(error.code, error.message);
      throw error;
    }
    return async (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/xml; charset=utf-8' });
      function* pieces() {
        yield Buffer.from(
          '<?xml version="1.0" encoding="UTF-8"?>\n<VerbaApi><Response code="0" type="SearchCalls"/><verbacdrlist>',
        );
        for (const call of found) yield Buffer.from(renderCdr(call, zone));
        yield Buffer.from('</verbacdrlist></VerbaApi>');
      }
      return writePieces(res, pieces());
    };
  };

  const hangUp = (call: SandboxCall, at: number) => {
    call.status = 'finished';
    call.end = at;
    call.duration = String(Math.round((call.end - call.start) / 1000));
  };

  /** Ongoing calls past their length end, as if their parties hung up then. */
  const settle = () => {
    const length = options.callLengthMs;
    if (length === undefined) return;
    const now = Date.now();
    for (const call of calls)
      if (call.status === 'ongoing' && call.start + length <= now)
        hangUp(call, call.start + length);
  };

  /** Ends an ongoing call now, as hanging up would: its live stream ends with it. */
  const endCall = (id: string | null, res: ServerResponse) => {
    const call = calls.find((c) => c.id === id && c.status === 'ongoing');
    if (!call) return send(res, 404, 'text/plain', 'No such ongoing call');
    hangUp(call, Date.now());
    return send(res, 204, 'text/plain', '');
  };

  /**
   * A change made in Verba's own UI, which no API action makes: `PATCH /__sandbox/calls/<id>`
   * with some of `{"doNotDelete": true, "callerName": "…", "calleeName": "…"}`.
   */
  const editCall = async (id: string, req: IncomingMessage, res: ServerResponse) => {
    const call = calls.find((c) => c.id === decodeURIComponent(id));
    if (!call) return send(res, 404, 'text/plain', 'No such call');
    let edit: unknown;
    try {
      edit = JSON.parse(await readBody(req));
    } catch {
      return send(res, 400, 'text/plain', 'The body is not JSON');
    }
    const fields: Record<string, 'boolean' | 'string'> = {
      doNotDelete: 'boolean',
      callerName: 'string',
      calleeName: 'string',
    };
    if (
      typeof edit !== 'object' ||
      edit === null ||
      Object.entries(edit).some(([key, value]) => typeof value !== fields[key])
    ) {
      return send(res, 400, 'text/plain', `Editable: ${Object.keys(fields).join(', ')}`);
    }
    Object.assign(call, edit);
    return send(res, 204, 'text/plain', '');
  };

  const server = await startSandboxServer({
    ...(options.port === undefined ? {} : { port: options.port }),
    faults,
    requests: () => log,
    reset: () => {
      // Tokens survive a reset, as they would a Verba restart of nothing but data.
      calls = seed(Date.now(), options);
      log.length = 0;
    },
    control: async (path, req, res) => {
      if (path === '/__sandbox/expire-tokens' && req.method === 'POST') {
        tokens.clear();
        send(res, 204, 'text/plain', '');
        return true;
      }
      if (path === '/__sandbox/end-call' && req.method === 'POST') {
        endCall(new URL(req.url ?? '/', 'http://sandbox').searchParams.get('callID'), res);
        return true;
      }
      const edited = /^\/__sandbox\/calls\/([^/]+)$/.exec(path)?.[1];
      if (edited === undefined || req.method !== 'PATCH') return false;
      await editCall(edited, req, res);
      return true;
    },
    handle: async (req, res, url) => {
      if (url.pathname !== '/verba/api') return send(res, 404, 'text/plain', 'Not Found');
      settle();
      const params =
        req.method === 'POST' ? new URLSearchParams(await readBody(req)) : url.searchParams;
      const entry: LoggedRequest = {
        method: req.method ?? 'GET',
        action: params.get('action'),
        params: Object.fromEntries(
          [...params].map(([k, v]) => [k, MASKED.has(k.toLowerCase()) ? '***' : v]),
        ),
        authorization: Boolean(req.headers.authorization),
        traceparent: req.headers.traceparent?.toString() ?? null,
        tracestate: req.headers.tracestate?.toString() ?? null,
        ...(req.headers.range ? { range: req.headers.range } : {}),
      };
      log.push(entry);
      const action = params.get('action') ?? '';
      const received = `${req.url} ${req.headers.authorization ?? ''}`;
      const failed = (error: Answer | MediaRefusal) =>
        xmlAnswer(
          `<Response code="${error.code}" type="${escapeXml(action)}"><ErrorMessage>${escapeXml(error.message)}</ErrorMessage></Response>`,
        );
      let handled: string | Streamed;
      try {
        handled = handleApi(params, req.headers.authorization);
      } catch (error) {
        if (!(error instanceof Answer)) throw error;
        const fault = faults.take(action);
        const answer = () => failed(error);
        if (fault) return await faults.serve(fault, action, res, answer, { ...dialect, received });
        const { status, type, body } = answer();
        return send(res, status, type, body);
      }
      const answer = (): FaultAnswer =>
        typeof handled === 'string'
          ? xmlAnswer(handled)
          : xmlAnswer(`<Response code="0" type="${escapeXml(action)}"/>`);
      const fault = faults.take(action);
      if (fault?.kind === 'stall' && typeof handled !== 'string') {
        const call = calls.find((c) => c.id === params.get('callID'));
        if (call) return serveStall(mediaCall(call), res);
      }
      if ((fault?.kind === 'relabel' || fault?.kind === 'gzip') && typeof handled !== 'string') {
        faults.injected.push({ kind: fault.kind, operation: action });
        await handled(req, altered(res, fault));
        return;
      }
      if (fault) return await faults.serve(fault, action, res, answer, { ...dialect, received });
      if (typeof handled !== 'string') {
        try {
          const result = await handled(req, res);
          entry.bytes = result.bytes;
          entry.aborted = result.aborted;
        } catch (error) {
          if (!(error instanceof MediaRefusal) || res.headersSent) throw error;
          const { status, type, body } = failed(error);
          send(res, status, type, body);
        }
        return;
      }
      const { status, type, body } = answer();
      send(res, status, type, body);
    },
  });
  origin = server.origin;
  return { apiUrl: `${origin}/verba/api`, origin, options: settings, close: server.close };
}

/** For `npm start` without providers: a sandbox, and the variables of the instance using it. */
/** In sandbox mode the ongoing sample call hangs up about three minutes after `npm start`. */
export const SANDBOX_MODE_CALL_LENGTH_MS = 95_000 + 3 * 60_000;

export async function sandboxMode(): Promise<RunningSandbox> {
  const sandbox = await startVerbaSandbox({ callLengthMs: SANDBOX_MODE_CALL_LENGTH_MS });
  return {
    variables: {
      BASE_URL: sandbox.apiUrl,
      API_KEY: sandbox.options.apiKey,
      USERNAME: sandbox.options.userName,
      PASSWORD: sandbox.options.password,
      TIMEZONE: sandbox.options.timeZone,
    },
    describe: `Verba sandbox: ${sandbox.apiUrl}`,
    examples: [
      { method: 'GET', path: `/calls/verba_${VERBA_SAMPLE_CALLS.finished}` },
      { method: 'GET', path: '/calls?provider=verba&extension=8856&status=ongoing' },
      {
        method: 'POST',
        path: '/providers/verba/keep',
        body: '{"extension":"8856","status":["ongoing","next"]}',
      },
      { method: 'GET', path: `/calls/verba_${VERBA_SAMPLE_CALLS.finished}/recordings` },
      // A stream of events until the call hangs up, about three minutes after start.
      { method: 'GET', path: `/calls/verba_${VERBA_SAMPLE_CALLS.ongoing}/events`, stream: true },
      {
        method: 'GET',
        path: `/calls/verba_${VERBA_SAMPLE_CALLS.finished}/recordings/${VERBA_SAMPLE_CALLS.finished}/audio?format=mp3&start=0&end=30`,
      },
    ],
    close: sandbox.close,
  };
}

/**
 * The media answer as a `relabel` or `gzip` fault sends it: the same bytes under another
 * Content-Type, or gzip-encoded with `Content-Encoding: gzip` (no length: it changes).
 */
function altered(res: ServerResponse, fault: Fault): ServerResponse {
  const writeHead = res.writeHead.bind(res) as (status: number, headers: object) => void;
  if (fault.kind === 'relabel') {
    const patched = ((status: number, headers: Record<string, unknown> = {}) => {
      writeHead(status, { ...headers, 'content-type': fault.contentType ?? 'audio/wav' });
      return res;
    }) as ServerResponse['writeHead'];
    res.writeHead = patched;
    return res;
  }
  const gzip = createGzip();
  const write = res.write.bind(res) as (chunk: Buffer) => boolean;
  const end = res.end.bind(res) as () => void;
  gzip.on('data', (chunk: Buffer) => write(chunk));
  gzip.on('end', () => end());
  res.writeHead = ((status: number, headers: Record<string, unknown> = {}) => {
    const { 'content-length': _, ...rest } = headers;
    writeHead(status, { ...rest, 'content-encoding': 'gzip' });
    return res;
  }) as ServerResponse['writeHead'];
  res.write = ((chunk: Buffer) => {
    gzip.write(chunk);
    return true;
  }) as ServerResponse['write'];
  res.end = (() => {
    gzip.end();
    return res;
  }) as ServerResponse['end'];
  return res;
}

function xmlAnswer(inner: string): FaultAnswer {
  return {
    status: 200,
    type: 'text/xml; charset=utf-8',
    body: `<?xml version="1.0" encoding="UTF-8"?>\n<VerbaApi>${inner}</VerbaApi>`,
  };
}

function notFoundMessage(action: string): string {
  const what: Record<string, string> = {
    GetCallID: 'Unable to retrieve the call identifier',
    GetCallInformation: 'Unable to retrieve the call information',
    GetCallURL: 'Unable to retrieve the call URL',
    KeepCall: 'Unable to keep the call',
    DeleteCall: 'Unable to delete the call',
  };
  return `${what[action] ?? 'Unable to process the request'}, because the call cannot be found.`;
}

function credentialsOf(
  params: URLSearchParams,
  authorization: string | undefined,
): [string, string] {
  if (authorization?.startsWith('Basic ')) {
    const decoded = Buffer.from(authorization.slice(6), 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    return [decoded.slice(0, colon), decoded.slice(colon + 1)];
  }
  return [params.get('userName') ?? '', params.get('password') ?? ''];
}

/** A CDR field as renderCdr writes it, for SearchCalls' `orderby`. */
function cdrField(call: SandboxCall, field: string, zone: string): string {
  const match = new RegExp(`<${field}>([^<]*)</${field}>`).exec(renderCdr(call, zone));
  return match?.[1] ?? '';
}

function renderCdr(call: SandboxCall, zone: string): string {
  const start = call.status === 'next' ? Date.now() + 30_000 : call.start;
  const fields: Array<[string, string | null]> = [
    ['ccdr_id', call.id],
    ['native_id', call.nativeId],
    ['platform_call_id', call.platformCallId],
    ['meeting_id', call.meetingId],
    ['source_caller_id', call.caller],
    ['source_name', call.callerName],
    ['source_ip', '10.20.0.11'],
    ['destination_caller_id', call.callee],
    ['destination_name', call.calleeName],
    ['destination_ip', '10.20.0.12'],
    ['start_time', localTime(start, zone)],
    ['end_time', call.end === null ? null : localTime(call.end, zone)],
    ['duration', call.duration],
    ['direction_id', call.directionId],
    ['cause_id', call.status === 'finished' ? '0' : null],
    ['audio_codec_id', '8'],
    ['signaling_id', '1'],
    ['location', 'Budapest HQ'],
    ['ondemand', call.ondemand ? '1' : '0'],
    ['manual', call.manual ? '1' : '0'],
    ['do_not_delete', call.doNotDelete ? '1' : '0'],
    ['marked_for_deletion', call.markedForDeletion ? '1' : '0'],
    ['conference', '0'],
    ['recorded_party', '1'],
    ['secondary', '0'],
  ];
  const body = fields
    .map(([name, value]) =>
      value === null ? `<${name}/>` : `<${name}>${escapeXml(value)}</${name}>`,
    )
    .join('');
  const state = call.status === 'finished' ? '1' : '0';
  return `<verbacdr state="${state}">${body}</verbacdr>`;
}

/** `2011-03-24 14:02:19.673`, in the given zone, as Verba writes times. */
function localTime(epochMs: number, zone: string): string {
  const t = new TZDate(epochMs, zone);
  const pad = (n: number, width = 2) => String(n).padStart(width, '0');
  return `${t.getFullYear()}-${pad(t.getMonth() + 1)}-${pad(t.getDate())} ${pad(t.getHours())}:${pad(t.getMinutes())}:${pad(t.getSeconds())}.${pad(t.getMilliseconds(), 3)}`;
}
