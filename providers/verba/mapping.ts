/**
 * A `verbacdr` record (GetCallInformation) → the gateway's call schema.
 * Facts a CDR does not carry (answer time, attempts, labels) are null or empty, never guessed.
 */
import {
  type Call,
  type CallState,
  callRecording,
  type Direction,
  type Party,
} from '../../src/core/call.ts';
import type { ProviderRecording } from '../../src/core/media.ts';
import { gatewayCallId } from '../../src/core/provider.ts';
import { zonedToEpoch } from '../../src/core/zoned-time.ts';
import type { VerbaCdr } from './xml.ts';

export interface VerbaMappingOptions {
  instance: string;
  /** Zone Verba wrote the CDR's times in: the API user's zone under token auth. */
  timeZone: string;
  includeRaw: boolean;
}

export function mapVerbaCall(cdr: VerbaCdr, ctx: VerbaMappingOptions): Call {
  const providerCallId = cdr.ccdr_id ?? '';
  const id = gatewayCallId(ctx.instance, providerCallId);
  const call: Call = {
    id,
    provider: 'verba',
    instance: ctx.instance,
    providerCallId,
    state: mapState(cdr['@state']),
    providerState: cdr['@state'] ?? null,
    // A CDR records that a call happened, not how it ended for the caller; cause_id is Q.850-like.
    outcome: null,
    providerOutcome: cdr.cause_id ?? null,
    direction: mapDirection(cdr.direction_id),
    from: party(cdr.source_caller_id, cdr.source_name),
    to: [party(cdr.destination_caller_id, cdr.destination_name)].filter(
      (p): p is Party => p !== null,
    ),
    startedAt: verbaTimeToUtc(cdr.start_time, ctx.timeZone),
    answeredAt: null,
    endedAt: verbaTimeToUtc(cdr.end_time, ctx.timeZone),
    durationSeconds: parseDuration(cdr.duration),
    // A CDR has no record-keeping times of its own.
    createdAt: null,
    updatedAt: null,
    attempts: [],
    recordings: verbaRecordings(cdr, ctx.timeZone).map((recording) => callRecording(id, recording)),
    labels: [],
    recordingPolicy: {
      onDemand: flag(cdr.ondemand),
      // Unconfirmed: a kept on-demand call is flagged `manual` in its CDR.
      kept: flag(cdr.manual),
      doNotDelete: flag(cdr.do_not_delete),
    },
    externalIds: externalIds(cdr),
    links: { self: `/calls/${id}`, providerUrl: `/calls/${id}/url` },
  };
  if (ctx.includeRaw) call.raw = { verbacdr: { ...cdr } };
  return call;
}

/**
 * A Verba call's recording is its media, named by the call's id: one once the call has
 * ended, none while it goes on. Read from the CDR alone, so a call read stays one request.
 * Unconfirmed: that every finished CDR has media. Verba writes CDRs for the calls it
 * records, but an on-demand call nobody kept may have none; its audio route then answers
 * with Verba's own error.
 */
export function verbaRecordings(cdr: VerbaCdr, timeZone: string): ProviderRecording[] {
  if (cdr['@state'] !== '1' || !cdr.ccdr_id) return [];
  return [
    {
      id: cdr.ccdr_id,
      name: null,
      startedAt: verbaTimeToUtc(cdr.start_time, timeZone),
      durationSeconds: parseDuration(cdr.duration),
      // The CDR's audio_codec_id numbering is not documented: the format stays unknown.
      format: null,
      contentType: null,
    },
  ];
}

// state="1" is documented as finished; anything else still has a live leg.
function mapState(state: string | undefined): CallState {
  if (state === '1') return 'completed';
  if (state === '0') return 'in_progress';
  return 'unknown';
}

// 0 = internal is documented; 1 and 2 follow Verba's UI order (unconfirmed numbering).
function mapDirection(directionId: string | undefined): Direction {
  switch (directionId) {
    case '0':
      return 'internal';
    case '1':
      return 'inbound';
    case '2':
      return 'outbound';
    default:
      return 'unknown';
  }
}

function party(number: string | undefined, name: string | undefined): Party | null {
  const cleanNumber = number?.trim() || null;
  const cleanName = name?.trim() || null;
  if (!cleanNumber && !cleanName) return null;
  return { number: cleanNumber ? verbaNumber(cleanNumber) : null, name: cleanName };
}

/** `+` and digits with separators become E.164; extensions and SIP names stay as written. */
function verbaNumber(number: string): string {
  const compact = number.replace(/[\s().-]/g, '');
  return /^\+[1-9]\d{6,14}$/.test(compact) ? compact : number;
}

const LOCAL_TIME = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,6}))?$/;

/** Verba writes `2011-03-24 14:02:19.673` in the user's zone; the gateway answers in UTC. */
export function verbaTimeToUtc(value: string | undefined, timeZone: string): string | null {
  if (!value) return null;
  const match = LOCAL_TIME.exec(value.trim());
  if (!match) {
    // Already carries an offset or Z: trust it.
    const parsed = Date.parse(value);
    return Number.isNaN(parsed) ? null : new Date(parsed).toISOString();
  }
  const [, y, mo, d, h, mi, s, frac] = match;
  const ms = frac ? Math.round(Number(`0.${frac}`) * 1000) : 0;
  const time = zonedToEpoch(
    Number(y),
    Number(mo),
    Number(d),
    Number(h),
    Number(mi),
    Number(s),
    ms,
    timeZone,
  );
  return Number.isNaN(time) ? null : new Date(time).toISOString();
}

/** Seconds, or `hh:mm:ss`. */
export function parseDuration(value: string | undefined): number | null {
  if (!value) return null;
  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Number(trimmed);
  const clock = /^(\d+):([0-5]\d):([0-5]\d)(\.\d+)?$/.exec(trimmed);
  if (!clock) return null;
  return Number(clock[1]) * 3600 + Number(clock[2]) * 60 + Number(clock[3]) + Number(clock[4] ?? 0);
}

function flag(value: string | undefined): boolean | null {
  if (value === '1' || value?.toLowerCase() === 'true') return true;
  if (value === '0' || value?.toLowerCase() === 'false') return false;
  return null;
}

const EXTERNAL_IDS: ReadonlyArray<[keyof VerbaCdr & string, string]> = [
  ['platform_call_id', 'platformCallId'],
  ['native_id', 'nativeId'],
  ['meeting_id', 'meetingId'],
];

function externalIds(cdr: VerbaCdr): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [field, name] of EXTERNAL_IDS) {
    const value = cdr[field];
    if (value) out[name] = value;
  }
  return out;
}
