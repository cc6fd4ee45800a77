/**
 * A CallFire `Call` (GetCall, QueryCalls) → the gateway's call schema. Every documented
 * field lands somewhere: the call's own facts at the top, each `CallRecord` (dial attempt)
 * in `attempts`, ids in `externalIds`. What CallFire does not say stays null.
 */
import {
  type Attempt,
  type Call,
  type CallOutcome,
  type CallState,
  callRecording,
  type Party,
} from '../../src/core/call.ts';
import type { ProviderRecording } from '../../src/core/media.ts';
import { gatewayCallId } from '../../src/core/provider.ts';
import { asList, type CallFireRecord, field, isObject, text } from './payload.ts';

/**
 * Action states. DISABLED waits on a paused contact batch, so it may still run; the others
 * past FINISHED end the action without (another) dial.
 */
export const CALLFIRE_STATES: ReadonlyMap<string, CallState> = new Map([
  ['READY', 'scheduled'],
  ['CALLBACK', 'scheduled'],
  ['DISABLED', 'scheduled'],
  ['SELECTED', 'in_progress'],
  ['FINISHED', 'completed'],
  ['DNC', 'failed'],
  ['DUP', 'failed'],
  ['INVALID', 'failed'],
  ['TIMEOUT', 'failed'],
  ['PERIOD_LIMIT', 'failed'],
  ['SKIPPED', 'failed'],
  ['RESTRICTED_NUMBER', 'failed'],
]);

/**
 * Call results. SD is "Smart Drop", a message dropped into voicemail; SKIPPED is a call an
 * agent skipped, so never dialed. Text-only results (RECEIVED, DNT, TOO_BIG) are `unknown`.
 */
export const CALLFIRE_RESULTS: ReadonlyMap<string, CallOutcome> = new Map([
  ['LA', 'answered'],
  ['AM', 'voicemail'],
  ['SD', 'voicemail'],
  ['BUSY', 'busy'],
  ['NO_ANS', 'no_answer'],
  ['DNC', 'do_not_call'],
  ['XFER', 'transferred'],
  ['XFER_LEG', 'transferred'],
  ['UNDIALED', 'not_dialed'],
  ['SKIPPED', 'not_dialed'],
  ['SENT', 'sent'],
  ['POSTPONED', 'postponed'],
  ['INTERNAL_ERROR', 'failed'],
  ['CARRIER_ERROR', 'failed'],
  ['CARRIER_TEMP_ERROR', 'failed'],
  ['ABANDONED', 'abandoned'],
  ['INVALID_NUMBER', 'invalid_number'],
]);

export interface CallFireMappingOptions {
  instance: string;
  includeRaw: boolean;
}

/** A Java long, written as digits: the grammar of every CallFire id. */
export const CALLFIRE_ID = /^[1-9]\d{0,18}$/;
const MAX_LONG = 9223372036854775807n;

export const isCallFireId = (raw: string) => CALLFIRE_ID.test(raw) && BigInt(raw) <= MAX_LONG;

/** The element's id: an `id` attribute on Call and CallRecord, an `Id` child elsewhere. */
export function callFireId(record: unknown): string | null {
  const id = text(field(record, '@id')) ?? text(field(record, 'Id'));
  return id !== null && isCallFireId(id) ? id : null;
}

export function mapCallFireCall(record: CallFireRecord, ctx: CallFireMappingOptions): Call {
  const providerCallId = callFireId(record) ?? '';
  const id = gatewayCallId(ctx.instance, providerCallId);
  const state = text(field(record, 'State'));
  const finalResult = text(field(record, 'FinalResult'));
  const inbound = flag(field(record, 'Inbound'));
  const from = text(field(record, 'FromNumber'));
  const attempts = asList(field(record, 'CallRecord'))
    .filter(isObject)
    .map((attempt) => mapAttempt(attempt, id));
  const last = finalAttempt(attempts);

  const call: Call = {
    id,
    provider: 'callfire',
    instance: ctx.instance,
    providerCallId,
    state: state === null ? 'unknown' : (CALLFIRE_STATES.get(state) ?? 'unknown'),
    providerState: state,
    outcome: finalResult === null ? null : outcomeOf(finalResult),
    providerOutcome: finalResult,
    direction: inbound === null ? 'unknown' : inbound ? 'inbound' : 'outbound',
    from: from === null ? null : { number: callFireNumber(from), name: null },
    to: toNumbers(field(record, 'ToNumber')).map(
      (n): Party => ({ number: callFireNumber(n), name: null }),
    ),
    // The call as people saw it is its last dial; earlier ones are in `attempts`.
    startedAt: last?.startedAt ?? null,
    answeredAt: last?.answeredAt ?? null,
    endedAt: last?.endedAt ?? null,
    durationSeconds: last?.durationSeconds ?? null,
    createdAt: callFireTimeToUtc(field(record, 'Created')),
    updatedAt: callFireTimeToUtc(field(record, 'Modified')),
    attempts,
    recordings: attempts.flatMap((attempt) => attempt.recordings),
    labels: asList(field(record, 'Label')).flatMap((label) => {
      const name = isObject(label) ? text(field(label, 'Name')) : text(label);
      return name === null ? [] : [name];
    }),
    recordingPolicy: null,
    externalIds: externalIds(record),
    links: { self: `/calls/${id}`, providerUrl: null },
  };
  if (ctx.includeRaw) call.raw = { Call: record };
  return call;
}

const outcomeOf = (result: string): CallOutcome => CALLFIRE_RESULTS.get(result) ?? 'unknown';

function mapAttempt(record: CallFireRecord, callId: string): Attempt {
  const result = text(field(record, 'Result'));
  return {
    id: callFireId(record),
    outcome: result === null ? null : outcomeOf(result),
    providerOutcome: result,
    startedAt: callFireTimeToUtc(field(record, 'OriginateTime')),
    answeredAt: callFireTimeToUtc(field(record, 'AnswerTime')),
    endedAt: callFireTimeToUtc(field(record, 'FinishTime')),
    durationSeconds: integer(field(record, 'Duration')),
    billedAmount: amount(field(record, 'BilledAmount')),
    ivrAnswers: asList(field(record, 'QuestionResponse')).flatMap((pair) => {
      const question = text(field(pair, 'Question'));
      return question === null ? [] : [{ question, answer: text(field(pair, 'Response')) }];
    }),
    // CallFire's `Link` needs the instance's credentials: the gateway's audio route stands
    // in for it, and the link itself stays in `raw`.
    recordings: recordingMetas(record).map(({ recording }) => callRecording(callId, recording)),
  };
}

const BY_EXTENSION: Record<string, { format: string; contentType: string }> = {
  wav: { format: 'wav', contentType: 'audio/wav' },
  mp3: { format: 'mp3', contentType: 'audio/mpeg' },
};

/** A dial attempt's `RecordingMeta`s: each recording, and CallFire's link to its audio. */
export function recordingMetas(
  attempt: CallFireRecord,
): Array<{ recording: ProviderRecording; link: string | null }> {
  return asList(field(attempt, 'RecordingMeta')).flatMap((meta) => {
    // Without an id a recording cannot be fetched or told apart: not a recording.
    const recordingId = callFireId(meta);
    if (recordingId === null) return [];
    const link = text(field(meta, 'Link'));
    const extension =
      link && URL.canParse(link)
        ? /\.([a-z0-9]+)$/i.exec(new URL(link).pathname)?.[1]?.toLowerCase()
        : undefined;
    const known = extension ? BY_EXTENSION[extension] : undefined;
    const recording: ProviderRecording = {
      id: recordingId,
      name: text(field(meta, 'Name')),
      // CallFire's `Created`: when the recording was made.
      startedAt: callFireTimeToUtc(field(meta, 'Created')),
      durationSeconds: integer(field(meta, 'LengthInSeconds')),
      format: known?.format ?? null,
      contentType: known?.contentType ?? null,
    };
    return [{ recording, link }];
  });
}

/** Every recording of a call, across its dial attempts. */
export function callRecordingMetas(call: CallFireRecord) {
  return asList(field(call, 'CallRecord')).filter(isObject).flatMap(recordingMetas);
}

/** The latest-started attempt; on a tie (or no times) the later one in the document. */
function finalAttempt(attempts: Attempt[]): Attempt | undefined {
  let final: Attempt | undefined;
  for (const attempt of attempts) {
    if (!final || (attempt.startedAt ?? '') >= (final.startedAt ?? '')) final = attempt;
  }
  return final;
}

/** ToNumber is one element holding space-separated numbers; tolerate it repeated too. */
function toNumbers(value: unknown): string[] {
  return asList(value).flatMap((item) => (text(item) ?? '').split(/\s+/).filter(Boolean));
}

/** CallFire writes E.164 without the `+` (11 digits in North America); short codes stay as written. */
export function callFireNumber(number: string): string {
  const compact = number.replace(/[\s().-]/g, '');
  if (/^\+[1-9]\d{7,14}$/.test(compact)) return compact;
  if (/^[1-9]\d{10,14}$/.test(compact)) return `+${compact}`;
  return number;
}

const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})?$/;

/**
 * `CCYY-MM-DDThh:mm:ss[Z|(+|-)hh:mm]` → UTC ISO-8601. A time without a zone is taken as
 * UTC (CallFire writes Z): JavaScript would otherwise read it in the gateway host's zone.
 */
export function callFireTimeToUtc(value: unknown): string | null {
  const raw = text(value);
  if (raw !== null && isPlainUtc(raw)) return raw.length === 20 ? `${raw.slice(0, 19)}.000Z` : raw;
  const match = raw === null ? null : DATE_TIME.exec(raw);
  if (!raw || !match) return null;
  const time = Date.parse(match[2] ? raw : `${raw}Z`);
  return Number.isNaN(time) ? null : new Date(time).toISOString();
}

// What CallFire writes: UTC to the second or the millisecond, e.g. 2024-05-01T12:00:00Z.
const PLAIN_UTC = /^\d{4}-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d{3})?Z$/;

/**
 * Already what toISOString would write (to the millisecond), so no Date is built: fields
 * in range, and a day that every month has (Date.parse rolls 30 February over to March;
 * later days take the general path).
 */
function isPlainUtc(raw: string): boolean {
  const match = PLAIN_UTC.exec(raw);
  if (!match) return false;
  const [, month, day, hour, minute, second] = match as unknown as string[];
  return (
    month !== undefined &&
    month >= '01' &&
    month <= '12' &&
    day !== undefined &&
    day >= '01' &&
    day <= '28' &&
    hour !== undefined &&
    hour <= '23' &&
    minute !== undefined &&
    minute <= '59' &&
    second !== undefined &&
    second <= '59'
  );
}

function integer(value: unknown): number | null {
  const raw = text(value);
  return raw !== null && /^\d{1,12}$/.test(raw) ? Number(raw) : null;
}

function amount(value: unknown): number | null {
  const raw = text(value);
  return raw !== null && /^-?\d+(\.\d+)?([eE][-+]?\d+)?$/.test(raw) ? Number(raw) : null;
}

function flag(value: unknown): boolean | null {
  const raw = text(value)?.toLowerCase();
  return raw === 'true' ? true : raw === 'false' ? false : null;
}

const EXTERNAL_IDS: ReadonlyArray<[string, string]> = [
  ['BroadcastId', 'broadcastId'],
  ['BatchId', 'batchId'],
  ['ContactId', 'contactId'],
];

function externalIds(record: CallFireRecord): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, key] of EXTERNAL_IDS) {
    const value = text(field(record, name));
    if (value !== null) out[key] = value;
  }
  return out;
}
