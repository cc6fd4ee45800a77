import { describe, expect, it } from 'vitest';
import {
  mapVerbaCall,
  parseDuration,
  verbaTimeToUtc as toUtc,
} from '../../providers/verba/mapping.ts';
import { parseVerbaAnswer } from '../../providers/verba/xml.ts';

describe('Verba times', () => {
  it('converts the API user zone to UTC, across daylight saving', () => {
    expect(toUtc('2011-03-24 14:02:19.673', 'UTC')).toBe('2011-03-24T14:02:19.673Z');
    expect(toUtc('2011-03-24 14:02:19.673', 'Europe/Budapest')).toBe('2011-03-24T13:02:19.673Z');
    expect(toUtc('2011-07-24 14:02:19', 'Europe/Budapest')).toBe('2011-07-24T12:02:19.000Z');
    expect(toUtc('2011-07-24 14:02:19', 'America/New_York')).toBe('2011-07-24T18:02:19.000Z');
    expect(toUtc('2011-07-24T14:02:19Z', 'America/New_York')).toBe('2011-07-24T14:02:19.000Z');
    expect(toUtc('yesterday', 'UTC')).toBeNull();
    expect(toUtc(undefined, 'UTC')).toBeNull();
  });

  it('reads durations in seconds or hh:mm:ss', () => {
    expect(parseDuration('754')).toBe(754);
    expect(parseDuration('00:03:25')).toBe(205);
    expect(parseDuration('1:00:00')).toBe(3600);
    expect(parseDuration('3 minutes')).toBeNull();
  });
});

describe('verbacdr → call', () => {
  const xml = `<?xml version="1.0" encoding="UTF-8"?>
<VerbaApi><Response code="0" type="GetCallInformation"/><verbacdr state="1">
<ccdr_id>a8343631-9f35-4a3a-83f0-9e81592339fb</ccdr_id><native_id>TRS26140192</native_id>
<platform_call_id>71627389</platform_call_id><meeting_id/>
<source_caller_id>+1 (213) 260-9784</source_caller_id><source_name>Ada &amp; Co</source_name>
<destination_caller_id>8856</destination_caller_id><destination_name/>
<start_time>2011-03-24 14:02:19.673</start_time><end_time>2011-03-24 14:05:44.673</end_time>
<duration>00:03:25</duration><direction_id>1</direction_id><cause_id>0</cause_id>
<ondemand>1</ondemand><manual>0</manual><do_not_delete>0</do_not_delete></verbacdr></VerbaApi>`;

  it('maps parties, direction, state, times and policy; absent facts are null', () => {
    const answer = parseVerbaAnswer(xml);
    const call = mapVerbaCall(answer.cdr ?? {}, {
      instance: 'verba-eu',
      timeZone: 'Europe/Budapest',
      includeRaw: false,
    });
    expect(call).toMatchObject({
      id: 'verba-eu_a8343631-9f35-4a3a-83f0-9e81592339fb',
      instance: 'verba-eu',
      state: 'completed',
      direction: 'inbound',
      from: { number: '+12132609784', name: 'Ada & Co' },
      to: [{ number: '8856', name: null }],
      startedAt: '2011-03-24T13:02:19.673Z',
      endedAt: '2011-03-24T13:05:44.673Z',
      answeredAt: null,
      durationSeconds: 205,
      recordingPolicy: { onDemand: true, kept: false, doNotDelete: false },
      externalIds: { platformCallId: '71627389', nativeId: 'TRS26140192' },
    });
    expect(call.raw).toBeUndefined();
  });

  it('maps unknown state and direction values to unknown, not a guess', () => {
    const call = mapVerbaCall(
      { ccdr_id: 'x', '@state': '7', direction_id: '9' },
      { instance: 'v', timeZone: 'UTC', includeRaw: true },
    );
    expect(call).toMatchObject({
      state: 'unknown',
      providerState: '7',
      direction: 'unknown',
      from: null,
      to: [],
    });
    expect(call.raw).toEqual({ verbacdr: { ccdr_id: 'x', '@state': '7', direction_id: '9' } });
  });

  it("lists a finished call's media as its one recording, with the gateway's audio link", () => {
    const cdr = parseVerbaAnswer(xml).cdr ?? {};
    const id = 'verba-eu_a8343631-9f35-4a3a-83f0-9e81592339fb';
    const call = mapVerbaCall(cdr, { instance: 'verba-eu', timeZone: 'UTC', includeRaw: false });
    expect(call.recordings).toEqual([
      {
        id: 'a8343631-9f35-4a3a-83f0-9e81592339fb',
        callId: id,
        name: null,
        startedAt: '2011-03-24T14:02:19.673Z',
        durationSeconds: 205,
        format: null,
        contentType: null,
        links: { audio: `/calls/${id}/recordings/a8343631-9f35-4a3a-83f0-9e81592339fb/audio` },
      },
    ]);
    const ongoing = mapVerbaCall(
      { ...cdr, '@state': '0' },
      { instance: 'verba-eu', timeZone: 'UTC', includeRaw: false },
    );
    expect(ongoing.recordings).toEqual([]);
  });
});
