import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  CALLFIRE_RESULTS,
  CALLFIRE_STATES,
  isCallFireId,
  mapCallFireCall,
  callFireNumber as toE164,
  callFireTimeToUtc as toUtc,
} from '../../providers/callfire/mapping.ts';
import {
  type CallFireDocument,
  type CallFireRecord,
  NotCallFirePayloadError,
  parseCallFireJson,
} from '../../providers/callfire/payload.ts';
import { resourceJson, resourceXml, seedCalls } from '../../providers/callfire/sandbox/calls.ts';
import { parseCallFireXml } from '../../providers/callfire/xml.ts';
import type { Call } from '../../src/core/call.ts';

const fixture = (name: string) =>
  readFileSync(new URL(`../fixtures/callfire/${name}`, import.meta.url), 'utf8');

function callOf(document: CallFireDocument): CallFireRecord {
  if (document.kind !== 'call') throw new Error(`expected a call, got ${document.kind}`);
  return document.call;
}

const map = (record: CallFireRecord, instance = 'callfire') =>
  mapCallFireCall(record, { instance, includeRaw: false });
const fromXml = (xml: string) => map(callOf(parseCallFireXml(xml)));
const fromJson = (json: string) => map(callOf(parseCallFireJson(json)));

/** The documented GetCall sample, every field in its place. */
const DOCUMENTED_CALL: Call = {
  id: 'callfire_224205636001',
  provider: 'callfire',
  instance: 'callfire',
  providerCallId: '224205636001',
  state: 'completed',
  providerState: 'FINISHED',
  outcome: 'answered',
  providerOutcome: 'LA',
  direction: 'outbound',
  from: { number: '+12132609784', name: null },
  to: [{ number: '+19196991764', name: null }],
  startedAt: '2014-06-16T19:34:29.000Z',
  answeredAt: '2014-06-16T19:34:41.000Z',
  endedAt: '2014-06-16T19:35:16.000Z',
  durationSeconds: 35,
  createdAt: '2014-06-16T19:34:29.000Z',
  updatedAt: '2014-06-16T19:35:14.000Z',
  attempts: [
    {
      id: '135106697001',
      outcome: 'answered',
      providerOutcome: 'LA',
      startedAt: '2014-06-16T19:34:29.000Z',
      answeredAt: '2014-06-16T19:34:41.000Z',
      endedAt: '2014-06-16T19:35:16.000Z',
      durationSeconds: 35,
      billedAmount: 0,
      ivrAnswers: [],
      recordings: [],
    },
  ],
  recordings: [],
  labels: [],
  recordingPolicy: null,
  externalIds: { broadcastId: '1836940001', contactId: '169915679001' },
  links: { self: '/calls/callfire_224205636001', providerUrl: null },
};

describe('the GetCall sample of callfire-get-call.txt', () => {
  it('maps, from the literal XML, to the call with every documented field', () => {
    expect(fromXml(fixture('get-call.xml'))).toEqual(DOCUMENTED_CALL);
  });

  it('maps to the same call from its JSON form', () => {
    expect(fromJson(fixture('get-call.json'))).toEqual(DOCUMENTED_CALL);
  });

  it('keeps the payload, ToNumber attributes included, when raw is asked for', () => {
    const record = callOf(parseCallFireXml(fixture('get-call.xml')));
    const call = mapCallFireCall(record, { instance: 'callfire', includeRaw: true });
    expect(call.raw).toEqual({ Call: record });
    expect(record.ToNumber).toEqual({
      '@context': 'cf3-verify',
      '@verifyDigits': '9366',
      value: '19196991764',
    });
  });

  it('is named by the instance it came from', () => {
    const call = map(callOf(parseCallFireXml(fixture('get-call.xml'))), 'callfire-eu');
    expect(call).toMatchObject({
      id: 'callfire-eu_224205636001',
      instance: 'callfire-eu',
      links: { self: '/calls/callfire-eu_224205636001', providerUrl: null },
    });
  });
});

describe('the JSON sample of PROVIDERS.md', () => {
  const expected = {
    id: 'callfire_882960114003',
    providerCallId: '882960114003',
    state: 'completed',
    outcome: 'answered',
    direction: 'outbound',
    from: { number: '+12132609784', name: null },
    to: [{ number: '+12132212384', name: null }],
    startedAt: '2016-05-16T12:53:10.000Z',
    answeredAt: '2016-05-16T12:53:14.000Z',
    endedAt: '2016-05-16T12:54:12.000Z',
    durationSeconds: 58,
    createdAt: '2016-05-16T12:53:10.000Z',
    updatedAt: '2016-05-16T12:54:12.000Z',
    attempts: [
      {
        id: '487077388003',
        outcome: 'answered',
        providerOutcome: 'LA',
        startedAt: '2016-05-16T12:53:10.000Z',
        answeredAt: '2016-05-16T12:53:14.000Z',
        endedAt: '2016-05-16T12:54:12.000Z',
        durationSeconds: 58,
        billedAmount: 1,
        ivrAnswers: [],
        recordings: [],
      },
    ],
    externalIds: { broadcastId: '11570848003', contactId: '646131501003' },
  };

  it('maps from the literal JSON', () => {
    expect(fromJson(fixture('providers-sample.json'))).toMatchObject(expected);
  });

  it('maps to the same call from its XML form', () => {
    expect(fromXml(fixture('providers-sample.xml'))).toEqual(
      fromJson(fixture('providers-sample.json')),
    );
  });

  it('keeps fields the schema has no place for in raw', () => {
    const record = callOf(parseCallFireJson(fixture('providers-sample.json')));
    const call = mapCallFireCall(record, { instance: 'callfire', includeRaw: true });
    expect(call.raw).toMatchObject({ Call: { AgentCall: true, '@id': 882960114003 } });
  });
});

describe('every seeded sandbox call', () => {
  for (const seeded of seedCalls()) {
    it(`maps call ${seeded.id} (${seeded.state}/${seeded.finalResult}) alike from XML and JSON`, () => {
      const base = 'https://sandbox.test/api/1.1/rest';
      const xml = fromXml(resourceXml(seeded, base));
      expect(fromJson(resourceJson(seeded, base))).toEqual(xml);
      expect(xml.providerCallId).toBe(seeded.id);
      expect(xml.attempts).toHaveLength(seeded.attempts.length);
      expect(xml.to.map((party) => party.number)).toEqual(seeded.to.map((n) => `+${n}`));
    });
  }
});

describe('namespaces', () => {
  const sample = fixture('get-call.xml');

  it('reads any prefixes bound to the CallFire namespaces', () => {
    // JAXB writes ns2:/ns3: and no default namespace.
    const renamed = sample
      .replace(
        'xmlns="http://api.callfire.com/data" xmlns:r="http://api.callfire.com/resource"',
        'xmlns:ns3="http://api.callfire.com/data" xmlns:ns2="http://api.callfire.com/resource"',
      )
      .replaceAll('<r:', '<ns2:')
      .replaceAll('</r:', '</ns2:')
      .replace(/<(\/?)(?!ns2:|\?)([A-Za-z])/g, '<$1ns3:$2');
    expect(renamed).toContain('<ns3:CallRecord id="135106697001">');
    expect(fromXml(renamed)).toEqual(DOCUMENTED_CALL);
  });

  it('reads a default namespace declared on the Call itself', () => {
    const inner = sample
      .replace(' xmlns="http://api.callfire.com/data"', '')
      .replace('<Call id=', '<Call xmlns="http://api.callfire.com/data" id=');
    expect(fromXml(inner)).toEqual(DOCUMENTED_CALL);
  });

  it('leaves out elements of other namespaces, even when their local names match', () => {
    const foreign = sample.replace(
      '<State>FINISHED</State>',
      '<x:State xmlns:x="urn:example:other">READY</x:State><State>FINISHED</State><x:Note xmlns:x="urn:example:other">n</x:Note>',
    );
    const call = fromXml(foreign);
    expect(call.providerState).toBe('FINISHED');
    expect(call).toEqual(DOCUMENTED_CALL);
  });

  it('does not take a Call outside the data namespace for one', () => {
    const unqualified = sample.replace(' xmlns="http://api.callfire.com/data"', '');
    expect(() => parseCallFireXml(unqualified)).toThrow(/Resource holds no Call/);
  });

  it('refuses a root that is not a CallFire resource', () => {
    const wrongRoot = sample.replace(
      'xmlns:r="http://api.callfire.com/resource"',
      'xmlns:r="urn:example:not-callfire"',
    );
    expect(() => parseCallFireXml(wrongRoot)).toThrow(NotCallFirePayloadError);
    expect(() => parseCallFireXml('<Resource><Call id="1"/></Resource>')).toThrow(
      /not a CallFire resource/,
    );
  });
});

describe('payload hardening', () => {
  it('refuses a DOCTYPE, so no entity can expand', () => {
    const bomb = `<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "aaaa">]><r:Resource xmlns="http://api.callfire.com/data" xmlns:r="http://api.callfire.com/resource"><Call id="1"><FromNumber>&a;</FromNumber></Call></r:Resource>`;
    expect(() => parseCallFireXml(bomb)).toThrow(/DOCTYPE/);
  });

  it('decodes the predefined and character references', () => {
    const xml = fixture('get-call.xml').replace(
      '<FinalResult>LA</FinalResult>',
      '<FinalResult>LA</FinalResult><Label><Name>Q&amp;A &#8211; &lt;west&gt;</Name></Label>',
    );
    expect(fromXml(xml).labels).toEqual(['Q&A – <west>']);
  });

  it('refuses what is not well-formed', () => {
    expect(() => parseCallFireXml('<r:Resource xmlns:r="x"><Call>')).toThrow(
      NotCallFirePayloadError,
    );
    expect(() => parseCallFireJson('{"Resource":')).toThrow(NotCallFirePayloadError);
    expect(() => parseCallFireJson('{"Something":{}}')).toThrow(/no Resource/);
  });

  it('keeps ids past 2^53 exact', () => {
    const record = callOf(
      parseCallFireJson('{"Resource":{"Call":{"@id":9007199254740993,"State":"READY"}}}'),
    );
    expect(map(record).providerCallId).toBe('9007199254740993');
  });

  it('reads a ResourceException and a ResourceList in both forms', () => {
    const ns = 'xmlns="http://api.callfire.com/data" xmlns:r="http://api.callfire.com/resource"';
    expect(
      parseCallFireXml(
        `<r:ResourceException ${ns}><r:HttpStatus>404</r:HttpStatus><r:Message>Call 5 not found.</r:Message></r:ResourceException>`,
      ),
    ).toEqual({ kind: 'exception', httpStatus: '404', message: 'Call 5 not found.' });
    expect(
      parseCallFireJson('{"ResourceException":{"HttpStatus":401,"Message":"Unauthorized"}}'),
    ).toEqual({ kind: 'exception', httpStatus: '401', message: 'Unauthorized' });
    const list = parseCallFireXml(
      `<r:ResourceList ${ns} totalResults="7"><Call id="1"/><Call id="2"/></r:ResourceList>`,
    );
    expect(list).toMatchObject({ kind: 'list', totalResults: 7 });
    expect(list.kind === 'list' && list.calls.map((c) => c['@id'])).toEqual(['1', '2']);
    expect(parseCallFireJson('{"ResourceList":{"@totalResults":0}}')).toEqual({
      kind: 'list',
      calls: [],
      totalResults: 0,
    });
  });
});

describe('State → state', () => {
  const expected: Array<[string, Call['state']]> = [
    ['READY', 'scheduled'],
    ['SELECTED', 'in_progress'],
    ['CALLBACK', 'scheduled'],
    ['FINISHED', 'completed'],
    ['DISABLED', 'scheduled'],
    ['DNC', 'failed'],
    ['DUP', 'failed'],
    ['INVALID', 'failed'],
    ['TIMEOUT', 'failed'],
    ['PERIOD_LIMIT', 'failed'],
    ['SKIPPED', 'failed'],
    ['RESTRICTED_NUMBER', 'failed'],
    ['SOMETHING_NEW', 'unknown'],
    ['constructor', 'unknown'],
  ];
  it.each(expected)('%s → %s, the provider value kept', (state, normalized) => {
    const call = map({ '@id': '1', State: state });
    expect([call.state, call.providerState]).toEqual([normalized, state]);
  });

  it('covers every state the table knows', () => {
    expect([...CALLFIRE_STATES.keys()].sort()).toEqual(
      expected
        .map(([state]) => state)
        .filter((state) => CALLFIRE_STATES.has(state))
        .sort(),
    );
  });

  it('says unknown, not a guess, when there is no State', () => {
    expect(map({ '@id': '1' })).toMatchObject({ state: 'unknown', providerState: null });
  });
});

describe('FinalResult → outcome', () => {
  const expected: Array<[string, NonNullable<Call['outcome']>]> = [
    ['LA', 'answered'],
    ['AM', 'voicemail'],
    ['BUSY', 'busy'],
    ['NO_ANS', 'no_answer'],
    ['DNC', 'do_not_call'],
    ['XFER', 'transferred'],
    ['XFER_LEG', 'transferred'],
    ['UNDIALED', 'not_dialed'],
    ['SENT', 'sent'],
    ['SD', 'voicemail'],
    ['POSTPONED', 'postponed'],
    ['INTERNAL_ERROR', 'failed'],
    ['CARRIER_ERROR', 'failed'],
    ['CARRIER_TEMP_ERROR', 'failed'],
    ['ABANDONED', 'abandoned'],
    ['INVALID_NUMBER', 'invalid_number'],
    ['SKIPPED', 'not_dialed'],
    ['RECEIVED', 'unknown'],
    ['TOO_BIG', 'unknown'],
  ];
  it.each(expected)('%s → %s, on the call and on its attempt', (result, outcome) => {
    const call = map({
      '@id': '1',
      FinalResult: result,
      CallRecord: [{ '@id': '2', Result: result }],
    });
    expect([call.outcome, call.providerOutcome]).toEqual([outcome, result]);
    expect([call.attempts[0]?.outcome, call.attempts[0]?.providerOutcome]).toEqual([
      outcome,
      result,
    ]);
  });

  it('covers every result the table knows', () => {
    const listed = new Set(expected.map(([result]) => result));
    expect([...CALLFIRE_RESULTS.keys()].filter((result) => !listed.has(result))).toEqual([]);
  });

  it('has no outcome before a call has a final result', () => {
    expect(map({ '@id': '1', State: 'READY' })).toMatchObject({
      outcome: null,
      providerOutcome: null,
    });
  });
});

describe('attempts', () => {
  const record: CallFireRecord = {
    '@id': '10',
    Inbound: 'true',
    FromNumber: '13105551212',
    ToNumber: { value: ' 18185551212  18185551213 ' },
    CallRecord: [
      // Listed out of order: the final attempt is the latest started, not the last written.
      {
        '@id': '12',
        Result: 'LA',
        OriginateTime: '2026-11-02T18:00:04Z',
        AnswerTime: '2026-11-02T18:00:11+00:00',
        FinishTime: '2026-11-02T13:03:02-05:00',
        Duration: '171',
        BilledAmount: '1.5',
        QuestionResponse: [
          { Question: 'satisfaction', Response: '5' },
          { Question: 'comment' },
          { Response: 'orphan answer' },
        ],
        RecordingMeta: [
          {
            Id: '88100001',
            Name: 'comment',
            Created: '2026-11-02T18:02:40Z',
            LengthInSeconds: '19',
            Link: 'https://www.callfire.com/api/1.1/rest/recording/88100001',
          },
          { '@id': '88100002', Name: 'no link' },
          { Name: 'no id' },
        ],
      },
      { '@id': '11', Result: 'BUSY', OriginateTime: '2026-11-02T16:00:05Z', Duration: '0' },
    ],
  };

  it('maps each CallRecord, and takes the call’s times from the final one', () => {
    const call = map(record);
    expect(call).toMatchObject({
      direction: 'inbound',
      to: [
        { number: '+18185551212', name: null },
        { number: '+18185551213', name: null },
      ],
      startedAt: '2026-11-02T18:00:04.000Z',
      answeredAt: '2026-11-02T18:00:11.000Z',
      endedAt: '2026-11-02T18:03:02.000Z',
      durationSeconds: 171,
    });
    expect(call.attempts.map((a) => a.id)).toEqual(['12', '11']);
    expect(call.attempts[0]).toMatchObject({
      billedAmount: 1.5,
      ivrAnswers: [
        { question: 'satisfaction', answer: '5' },
        { question: 'comment', answer: null },
      ],
    });
    const audio = (id: string) => `/calls/${call.id}/recordings/${id}/audio`;
    expect(call.recordings).toEqual([
      {
        id: '88100001',
        callId: call.id,
        name: 'comment',
        startedAt: '2026-11-02T18:02:40.000Z',
        durationSeconds: 19,
        format: null,
        contentType: null,
        links: { audio: audio('88100001') },
      },
      {
        id: '88100002',
        callId: call.id,
        name: 'no link',
        startedAt: null,
        durationSeconds: null,
        format: null,
        contentType: null,
        links: { audio: audio('88100002') },
      },
    ]);
    expect(call.attempts[0]?.recordings).toEqual(call.recordings);
  });

  it("never shows CallFire's recording link, which needs CallFire's credentials, outside raw", () => {
    const link = 'https://www.callfire.com/api/1.1/rest/recording/88100001';
    expect(JSON.stringify(map(record))).not.toContain(link);
    const withRaw = mapCallFireCall(record, { instance: 'callfire', includeRaw: true });
    const { raw, ...rest } = withRaw;
    expect(JSON.stringify(raw)).toContain(link);
    expect(JSON.stringify(rest)).not.toContain(link);
  });

  it('leaves the call’s times null when nothing was dialed', () => {
    expect(map({ '@id': '1', State: 'DNC', FinalResult: 'DNC' })).toMatchObject({
      attempts: [],
      recordings: [],
      startedAt: null,
      answeredAt: null,
      endedAt: null,
      durationSeconds: null,
      direction: 'unknown',
      from: null,
      to: [],
    });
  });
});

describe('values', () => {
  it('writes CallFire numbers in E.164; short codes and odd values stay as written', () => {
    expect(toE164('12132609784')).toBe('+12132609784');
    expect(toE164('+442079460000')).toBe('+442079460000');
    expect(toE164('442079460000')).toBe('+442079460000');
    expect(toE164('67890')).toBe('67890');
    expect(toE164('2132609784')).toBe('2132609784');
    expect(toE164('anonymous')).toBe('anonymous');
  });

  it('reads dateTimes with Z, an offset or no zone (UTC) into UTC', () => {
    expect(toUtc('2014-06-16T19:34:29Z')).toBe('2014-06-16T19:34:29.000Z');
    expect(toUtc('2014-06-16T12:34:29-07:00')).toBe('2014-06-16T19:34:29.000Z');
    expect(toUtc('2014-06-16T19:34:29.5')).toBe('2014-06-16T19:34:29.500Z');
    expect(toUtc('2014-06-16')).toBeNull();
    expect(toUtc('2014-13-40T00:00:00Z')).toBeNull();
    expect(toUtc('')).toBeNull();
    expect(toUtc(undefined)).toBeNull();
  });

  it('accepts as call ids only positive longs without leading zeros', () => {
    expect(isCallFireId('224205636001')).toBe(true);
    expect(isCallFireId('9223372036854775807')).toBe(true);
    expect(isCallFireId('9223372036854775808')).toBe(false);
    expect(isCallFireId('0224205636001')).toBe(false);
    expect(isCallFireId('0')).toBe(false);
    expect(isCallFireId('-1')).toBe(false);
    expect(isCallFireId('12a')).toBe(false);
    expect(isCallFireId('')).toBe(false);
  });
});

describe('callFireTimeToUtc without building a Date', () => {
  const twoDigits = (max: number) =>
    fc.integer({ min: 0, max }).map((n) => String(n).padStart(2, '0'));
  const times = fc
    .tuple(
      fc.integer({ min: 0, max: 9999 }).map((n) => String(n).padStart(4, '0')),
      twoDigits(13),
      twoDigits(32),
      twoDigits(25),
      twoDigits(61),
      twoDigits(61),
      fc.constantFrom('', '.000', '.123', '.999', '.5', '.1234'),
      fc.constantFrom('Z', '', '+02:00', '-05:30'),
    )
    .map(([y, mo, d, h, mi, s, frac, zone]) => `${y}-${mo}-${d}T${h}:${mi}:${s}${frac}${zone}`);

  it('answers what Date.parse and toISOString would, for any time in the documented form', () => {
    fc.assert(
      fc.property(times, (raw) => {
        const time = Date.parse(/(Z|[+-]\d{2}:\d{2})$/.test(raw) ? raw : `${raw}Z`);
        const expected = Number.isNaN(time) ? null : new Date(time).toISOString();
        expect(toUtc(raw)).toBe(expected);
      }),
      { numRuns: 20_000 },
    );
  });
});
