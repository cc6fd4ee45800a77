/**
 * The CallFire sandbox's calls and how CallFire 1.1 writes them, in XML (the default) and
 * in the `.json` form. The first is the sample of CallFire's GetCall documentation, field
 * for field; the others cover both directions, repeated dial attempts, IVR answers,
 * recordings, every action state and every final result.
 */
import { escapeXml } from '../../sandbox/xml.ts';

// Written here, not taken from the adapter, so a wrong namespace there fails the tests.
const DATA_NS = 'http://api.callfire.com/data';
const RESOURCE_NS = 'http://api.callfire.com/resource';

export interface SandboxRecording {
  id: string;
  name: string;
  created: string;
  lengthInSeconds: number;
}

export interface SandboxAttempt {
  id: string;
  result: string | null;
  originate: string | null;
  answer: string | null;
  finish: string | null;
  duration: number | null;
  billed: number | null;
  ivr: Array<[question: string, response: string]>;
  recordings: SandboxRecording[];
}

export interface SandboxCall {
  id: string;
  from: string;
  /** Space-separated in the payload. */
  to: string[];
  /** Attributes CallFire puts on ToNumber (the sample carries a verification context). */
  toAttributes: Record<string, string>;
  state: string;
  batchId: string | null;
  broadcastId: string | null;
  contactId: string | null;
  inbound: boolean;
  created: string;
  modified: string;
  finalResult: string | null;
  labels: string[];
  attempts: SandboxAttempt[];
}

/** Ids of seeded calls, for examples and tests. */
export const CALLFIRE_SAMPLE_CALLS = {
  /** The sample of CallFire's GetCall documentation. */
  documented: '224205636001',
  /** Outbound IVR survey: busy, no answer, then answered; IVR answers and a recording. */
  survey: '224205640003',
  /** Inbound, answered, with IVR input and two recordings. */
  inbound: '224205641003',
  /** Outbound to two numbers, transferred. */
  twoRecipients: '224205642003',
  /** Being dialed now: answered, not finished. */
  inProgress: '224205643003',
  /** Waiting to be dialed. */
  ready: '224205644003',
} as const;

/** Broadcast (campaign) of the survey calls; several calls share it. */
export const SURVEY_BROADCAST_ID = '1836940002';
/** Broadcast of the generated bulk calls (see `bulkCalls`). */
export const BULK_BROADCAST_ID = '5550000001';

/** The results a seeded call ends with, one call each. */
export const FINAL_RESULTS = [
  'LA',
  'AM',
  'BUSY',
  'NO_ANS',
  'DNC',
  'XFER',
  'XFER_LEG',
  'UNDIALED',
  'SENT',
  'SD',
  'POSTPONED',
  'INTERNAL_ERROR',
  'CARRIER_ERROR',
  'CARRIER_TEMP_ERROR',
  'ABANDONED',
  'INVALID_NUMBER',
] as const;

const at = (day: number, hour: number, minute: number, second = 0) =>
  new Date(Date.UTC(2026, 10, day, hour, minute, second)).toISOString().replace('.000Z', 'Z');

const plus = (iso: string, seconds: number) =>
  new Date(Date.parse(iso) + seconds * 1000).toISOString().replace('.000Z', 'Z');

function attempt(
  id: string,
  result: string | null,
  originate: string | null,
  talk: { ring?: number; answered?: boolean; duration?: number; billed?: number } = {},
  extra: Partial<Pick<SandboxAttempt, 'ivr' | 'recordings'>> = {},
): SandboxAttempt {
  const ring = talk.ring ?? 8;
  const duration = talk.duration ?? 0;
  const answer = originate && talk.answered ? plus(originate, ring) : null;
  return {
    id,
    result,
    originate,
    answer,
    finish: originate && result ? plus(originate, ring + duration) : null,
    duration: result ? duration : null,
    billed: result ? (talk.billed ?? 0) : null,
    ivr: extra.ivr ?? [],
    recordings: extra.recordings ?? [],
  };
}

function base(id: string, created: string): SandboxCall {
  return {
    id,
    from: '12132609784',
    to: ['13105550100'],
    toAttributes: {},
    state: 'FINISHED',
    batchId: null,
    broadcastId: null,
    contactId: null,
    inbound: false,
    created,
    modified: created,
    finalResult: null,
    labels: [],
    attempts: [],
  };
}

// How each final result came about: the state it leaves, and the dial (if any) behind it.
const RESULT_SHAPES: Record<
  (typeof FINAL_RESULTS)[number],
  { state: string; dialed: boolean; answered?: boolean; duration?: number; inbound?: boolean }
> = {
  LA: { state: 'FINISHED', dialed: true, answered: true, duration: 64 },
  AM: { state: 'FINISHED', dialed: true, answered: true, duration: 28 },
  BUSY: { state: 'FINISHED', dialed: true },
  NO_ANS: { state: 'FINISHED', dialed: true },
  DNC: { state: 'DNC', dialed: false },
  XFER: { state: 'FINISHED', dialed: true, answered: true, duration: 95 },
  XFER_LEG: { state: 'FINISHED', dialed: true, answered: true, duration: 80 },
  UNDIALED: { state: 'TIMEOUT', dialed: false },
  SENT: { state: 'FINISHED', dialed: true, answered: true, duration: 12 },
  SD: { state: 'FINISHED', dialed: true, answered: true, duration: 22 },
  POSTPONED: { state: 'CALLBACK', dialed: true },
  INTERNAL_ERROR: { state: 'FINISHED', dialed: true },
  CARRIER_ERROR: { state: 'FINISHED', dialed: true },
  CARRIER_TEMP_ERROR: { state: 'FINISHED', dialed: true },
  ABANDONED: { state: 'FINISHED', dialed: true, answered: true, duration: 41, inbound: true },
  INVALID_NUMBER: { state: 'INVALID', dialed: false },
};

/** Ids of the calls whose final result is each CallFire result. */
export const CALLFIRE_CALLS_BY_RESULT: Record<string, string> = Object.fromEntries(
  FINAL_RESULTS.map((result, i) => [
    result,
    result === 'LA' ? CALLFIRE_SAMPLE_CALLS.documented : String(224205650003 + i * 1000),
  ]),
);

/** Ids of calls in each action state that no final result above leaves. */
export const CALLFIRE_CALLS_BY_STATE: Record<string, string> = {
  FINISHED: CALLFIRE_SAMPLE_CALLS.documented,
  READY: CALLFIRE_SAMPLE_CALLS.ready,
  SELECTED: CALLFIRE_SAMPLE_CALLS.inProgress,
  CALLBACK: CALLFIRE_CALLS_BY_RESULT.POSTPONED ?? '',
  DISABLED: '224205670003',
  DNC: CALLFIRE_CALLS_BY_RESULT.DNC ?? '',
  DUP: '224205671003',
  INVALID: CALLFIRE_CALLS_BY_RESULT.INVALID_NUMBER ?? '',
  TIMEOUT: CALLFIRE_CALLS_BY_RESULT.UNDIALED ?? '',
  PERIOD_LIMIT: '224205672003',
};

export function seedCalls(bulkCalls = 0): SandboxCall[] {
  const documented: SandboxCall = {
    ...base(CALLFIRE_SAMPLE_CALLS.documented, '2014-06-16T19:34:29Z'),
    to: ['19196991764'],
    toAttributes: { context: 'cf3-verify', verifyDigits: '9366' },
    broadcastId: '1836940001',
    contactId: '169915679001',
    modified: '2014-06-16T19:35:14Z',
    finalResult: 'LA',
    attempts: [
      {
        id: '135106697001',
        result: 'LA',
        finish: '2014-06-16T19:35:16Z',
        billed: 0,
        originate: '2014-06-16T19:34:29Z',
        answer: '2014-06-16T19:34:41Z',
        duration: 35,
        ivr: [],
        recordings: [],
      },
    ],
  };

  const surveyStart = at(2, 16, 0);
  const survey: SandboxCall = {
    ...base(CALLFIRE_SAMPLE_CALLS.survey, surveyStart),
    to: ['13105550143'],
    broadcastId: SURVEY_BROADCAST_ID,
    batchId: '7700001',
    contactId: '169915680001',
    modified: at(2, 18, 3, 20),
    finalResult: 'LA',
    labels: ['survey', 'q4-2026'],
    attempts: [
      attempt('487077388003', 'BUSY', plus(surveyStart, 5)),
      attempt('487077389003', 'NO_ANS', at(2, 17, 0, 5), { ring: 35 }),
      attempt(
        '487077390003',
        'LA',
        at(2, 18, 0, 4),
        { ring: 7, answered: true, duration: 171, billed: 1.5 },
        {
          ivr: [
            ['satisfaction', '5'],
            ['recommend', 'yes'],
            ['callback_time', 'after 5pm & weekends'],
          ],
          recordings: [
            { id: '88100001', name: 'comment', created: at(2, 18, 2, 40), lengthInSeconds: 19 },
          ],
        },
      ),
    ],
  };

  const inboundStart = at(3, 9, 12);
  const inbound: SandboxCall = {
    ...base(CALLFIRE_SAMPLE_CALLS.inbound, inboundStart),
    from: '13105551212',
    to: ['18185551212'],
    inbound: true,
    broadcastId: '1836940003',
    contactId: '169915681001',
    modified: at(3, 9, 19, 50),
    finalResult: 'LA',
    labels: ['support'],
    attempts: [
      attempt(
        '487077391003',
        'LA',
        inboundStart,
        { ring: 0, answered: true, duration: 465, billed: 2 },
        {
          ivr: [['menu', '2']],
          recordings: [
            { id: '88100002', name: 'menu-choice', created: at(3, 9, 12, 14), lengthInSeconds: 12 },
            { id: '88100003', name: 'full-call', created: at(3, 9, 19, 46), lengthInSeconds: 465 },
          ],
        },
      ),
    ],
  };

  const twoStart = at(4, 11, 30);
  const twoRecipients: SandboxCall = {
    ...base(CALLFIRE_SAMPLE_CALLS.twoRecipients, twoStart),
    to: ['13105550144', '13105550145'],
    broadcastId: SURVEY_BROADCAST_ID,
    batchId: '7700002',
    contactId: '169915682001',
    modified: at(4, 11, 33),
    finalResult: 'XFER',
    labels: ['survey'],
    attempts: [
      attempt('487077392003', 'XFER', twoStart, {
        answered: true,
        duration: 150,
        billed: 1.25,
      }),
    ],
  };

  const liveStart = at(5, 10, 0);
  const inProgress: SandboxCall = {
    ...base(CALLFIRE_SAMPLE_CALLS.inProgress, liveStart),
    to: ['13105550146'],
    state: 'SELECTED',
    broadcastId: SURVEY_BROADCAST_ID,
    batchId: '7700002',
    modified: plus(liveStart, 9),
    labels: ['survey'],
    attempts: [attempt('487077393003', null, liveStart)],
  };
  const live = inProgress.attempts[0];
  if (live) live.answer = plus(liveStart, 9);

  const ready: SandboxCall = {
    ...base(CALLFIRE_SAMPLE_CALLS.ready, at(5, 10, 5)),
    to: ['13105550147'],
    state: 'READY',
    broadcastId: SURVEY_BROADCAST_ID,
    batchId: '7700002',
    labels: ['survey'],
  };

  const byResult = FINAL_RESULTS.filter((result) => result !== 'LA').map((result) => {
    const shape = RESULT_SHAPES[result];
    const id = CALLFIRE_CALLS_BY_RESULT[result] ?? '';
    const i = FINAL_RESULTS.indexOf(result);
    const created = at(6 + Math.floor(i / 6), 8 + (i % 6), 15);
    const call: SandboxCall = {
      ...base(id, created),
      to: [`1310555${String(200 + i).padStart(4, '0')}`],
      state: shape.state,
      broadcastId: shape.inbound ? '1836940003' : '1836940004',
      contactId: String(169915690001 + i * 1000),
      inbound: shape.inbound ?? false,
      modified: plus(created, 300),
      finalResult: result,
    };
    if (shape.inbound) [call.from, call.to] = [call.to[0] ?? '', ['18185551212']];
    if (shape.dialed) {
      call.attempts = [
        attempt(String(487077400003 + i * 1000), result, plus(created, 60), {
          answered: shape.answered ?? false,
          duration: shape.duration ?? 0,
          billed: shape.answered ? 0.5 : 0,
        }),
      ];
    }
    return call;
  });

  const idle = (id: string, state: string, day: number) => ({
    ...base(id, at(day, 12, 0)),
    to: [`1310555${id.slice(-6, -3)}0`],
    state,
    broadcastId: '1836940004',
  });

  const calls = [
    documented,
    survey,
    inbound,
    twoRecipients,
    inProgress,
    ready,
    ...byResult,
    idle(CALLFIRE_CALLS_BY_STATE.DISABLED ?? '', 'DISABLED', 12),
    idle(CALLFIRE_CALLS_BY_STATE.DUP ?? '', 'DUP', 12),
    idle(CALLFIRE_CALLS_BY_STATE.PERIOD_LIMIT ?? '', 'PERIOD_LIMIT', 13),
  ];
  for (let i = 0; i < bulkCalls; i++) calls.push(bulkCall(i));
  return calls;
}

/** Calls of one large campaign, for paging through more than a page of 1000. */
function bulkCall(i: number): SandboxCall {
  const created = new Date(Date.UTC(2026, 9, 1) + i * 60_000).toISOString().replace('.000Z', 'Z');
  return {
    ...base(String(300000000003 + i * 1000), created),
    to: [String(12125500000 + i)],
    broadcastId: BULK_BROADCAST_ID,
    batchId: '7800001',
    contactId: String(400000000001 + i * 1000),
    modified: plus(created, 90),
    finalResult: 'LA',
    labels: ['bulk'],
    attempts: [
      attempt(String(500000000003 + i * 1000), 'LA', plus(created, 10), {
        answered: true,
        duration: 60,
        billed: 0.5,
      }),
    ],
  };
}

/** Where a recording is served, relative to the API base (`…/api/1.1/rest`). */
export const recordingPath = (recordingId: string) => `/recording/${recordingId}.wav`;

/** One call in the JSON form: `@id` for attributes, arrays for repeated elements. */
export function callToJson(call: SandboxCall, apiBase: string): Record<string, unknown> {
  const out: Record<string, unknown> = {
    '@id': Number(call.id),
    FromNumber: call.from,
    ToNumber: {
      ...Object.fromEntries(Object.entries(call.toAttributes).map(([k, v]) => [`@${k}`, v])),
      value: call.to.join(' '),
    },
    State: call.state,
  };
  if (call.batchId) out.BatchId = Number(call.batchId);
  if (call.broadcastId) out.BroadcastId = Number(call.broadcastId);
  if (call.contactId) out.ContactId = Number(call.contactId);
  out.Inbound = call.inbound;
  out.Created = call.created;
  out.Modified = call.modified;
  if (call.finalResult) out.FinalResult = call.finalResult;
  if (call.labels.length) out.Label = call.labels.map((name) => ({ Name: name }));
  if (call.attempts.length) {
    out.CallRecord = call.attempts.map((a) => {
      const record: Record<string, unknown> = { '@id': Number(a.id) };
      if (a.result) record.Result = a.result;
      if (a.finish) record.FinishTime = a.finish;
      if (a.billed !== null) record.BilledAmount = a.billed;
      if (a.ivr.length)
        record.QuestionResponse = a.ivr.map(([Question, Response]) => ({ Question, Response }));
      if (a.originate) record.OriginateTime = a.originate;
      if (a.answer) record.AnswerTime = a.answer;
      if (a.duration !== null) record.Duration = a.duration;
      // The official 1.1 client reads a recording's id as an `Id` field, not an attribute.
      if (a.recordings.length)
        record.RecordingMeta = a.recordings.map((r) => ({
          Id: Number(r.id),
          Name: r.name,
          Created: r.created,
          LengthInSeconds: r.lengthInSeconds,
          Link: `${apiBase}${recordingPath(r.id)}`,
        }));
      return record;
    });
  }
  return out;
}

/** One call in the XML form, in the data namespace (declared by the envelope). */
export function callToXml(call: SandboxCall, apiBase: string): string {
  const el = (name: string, value: string | number | boolean | null) =>
    value === null ? '' : `<${name}>${escapeXml(String(value))}</${name}>`;
  const toAttributes = Object.entries(call.toAttributes)
    .map(([k, v]) => ` ${k}="${escapeXml(v)}"`)
    .join('');
  const records = call.attempts
    .map(
      (a) =>
        `<CallRecord id="${a.id}">${el('Result', a.result)}${el('FinishTime', a.finish)}${el(
          'BilledAmount',
          a.billed === null ? null : amountXml(a.billed),
        )}${a.ivr
          .map(
            ([q, r]) =>
              `<QuestionResponse>${el('Question', q)}${el('Response', r)}</QuestionResponse>`,
          )
          .join('')}${el('OriginateTime', a.originate)}${el('AnswerTime', a.answer)}${el(
          'Duration',
          a.duration,
        )}${a.recordings
          .map(
            (r) =>
              `<RecordingMeta>${el('Id', r.id)}${el('Name', r.name)}${el('Created', r.created)}${el(
                'LengthInSeconds',
                r.lengthInSeconds,
              )}${el('Link', `${apiBase}${recordingPath(r.id)}`)}</RecordingMeta>`,
          )
          .join('')}</CallRecord>`,
    )
    .join('');
  return `<Call id="${call.id}">${el('FromNumber', call.from)}<ToNumber${toAttributes}>${escapeXml(
    call.to.join(' '),
  )}</ToNumber>${el('State', call.state)}${el('BatchId', call.batchId)}${el(
    'BroadcastId',
    call.broadcastId,
  )}${el('ContactId', call.contactId)}${el('Inbound', call.inbound)}${el('Created', call.created)}${el(
    'Modified',
    call.modified,
  )}${el('FinalResult', call.finalResult)}${call.labels
    .map((name) => `<Label>${el('Name', name)}</Label>`)
    .join('')}${records}</Call>`;
}

const XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';
/** The envelope's namespace declarations: call data by default, the resource as `r:`. */
export const NAMESPACES = `xmlns="${DATA_NS}" xmlns:r="${RESOURCE_NS}"`;

export const resourceXml = (call: SandboxCall, apiBase: string) =>
  `${XML_DECLARATION}<r:Resource ${NAMESPACES}>${callToXml(call, apiBase)}</r:Resource>`;

export const resourceJson = (call: SandboxCall, apiBase: string) =>
  JSON.stringify({ Resource: { Call: callToJson(call, apiBase) } });

export const resourceListXml = (calls: SandboxCall[], total: number, apiBase: string) =>
  `${XML_DECLARATION}<r:ResourceList ${NAMESPACES} totalResults="${total}">${calls
    .map((call) => callToXml(call, apiBase))
    .join('')}</r:ResourceList>`;

export const resourceListJson = (calls: SandboxCall[], total: number, apiBase: string) =>
  JSON.stringify({
    ResourceList: {
      '@totalResults': total,
      ...(calls.length ? { Call: calls.map((call) => callToJson(call, apiBase)) } : {}),
    },
  });

export const resourceExceptionXml = (status: number, message: string) =>
  `${XML_DECLARATION}<r:ResourceException ${NAMESPACES}><r:HttpStatus>${status}</r:HttpStatus><r:Message>${escapeXml(
    message,
  )}</r:Message></r:ResourceException>`;

export const resourceExceptionJson = (status: number, message: string) =>
  JSON.stringify({ ResourceException: { HttpStatus: status, Message: message } });

// Java writes a float with at least one decimal: 0.0, 1.5, 1.25.
const amountXml = (amount: number) =>
  Number.isInteger(amount) ? amount.toFixed(1) : String(amount);
