/**
 * Recordings, audio, live audio and Verba's time-window search, written once and run
 * against the Node server (test/integration) and the Worker in workerd (test/worker): the
 * bytes through the gateway are compared with the bytes the sandboxes serve directly.
 * Only fetch and WebCrypto are used, so the same file runs in both runtimes.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { injectFault, resetSandbox, sandboxRequests } from '../support/sandbox-log.ts';

export interface SandboxAccess {
  verba: { apiUrl: string; origin: string; apiKey: string; userName: string; password: string };
  callfire: { apiUrl: string; origin: string; userName: string; password: string };
}

export interface RecordingsTarget extends SandboxAccess {
  fetch(path: string, init?: RequestInit): Promise<Response>;
}

export const FINISHED = 'a8343631-9f35-4a3a-83f0-9e81592339fb';
export const ONGOING = '5d0b6f0c-7f64-4d3e-9a51-2c1f0f6e8a10';
export const INTERNAL = 'e5c3a4b6-7d8f-4e9a-0b12-c3d4e5f6a7b8';
const UNKNOWN = '11111111-2222-4333-8444-555555555555';
export const CALLFIRE_CALL = '224205641003';
export const CALLFIRE_RECORDING = '88100002';
export const audioPath = (id: string) => `/calls/verba_${id}/recordings/${id}/audio`;

// biome-ignore lint/suspicious/noExplicitAny: test assertions walk arbitrary JSON.
type Json = any;

export async function sha256(bytes: ArrayBuffer | Uint8Array): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', bytes);
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

/** What the Verba sandbox serves for an action, asked directly with a token of its own. */
export async function verbaDirect(
  access: SandboxAccess,
  params: Record<string, string>,
  init: RequestInit = {},
): Promise<Response> {
  const { verba } = access;
  const tokenAnswer = await (
    await fetch(`${verba.apiUrl}?action=RequestToken&apiKey=${verba.apiKey}`, {
      headers: { authorization: `Basic ${btoa(`${verba.userName}:${verba.password}`)}` },
    })
  ).text();
  const token = /token="([^"]+)"/.exec(tokenAnswer)?.[1] ?? '';
  const query = new URLSearchParams({ apiKey: verba.apiKey, token, ...params });
  return fetch(`${verba.apiUrl}?${query}`, init);
}

export async function callfireDirect(
  access: SandboxAccess,
  recordingId: string,
  init: RequestInit = {},
) {
  const { callfire } = access;
  const headers = new Headers(init.headers);
  headers.set('authorization', `Basic ${btoa(`${callfire.userName}:${callfire.password}`)}`);
  return fetch(`${callfire.apiUrl}/recording/${recordingId}.wav`, { ...init, headers });
}

async function expectProblem(response: Response, status: number, code: string) {
  expect(response.status).toBe(status);
  expect(response.headers.get('content-type')).toBe('application/problem+json');
  const problem = (await response.json()) as Json;
  expect(problem).toMatchObject({ status, code });
  return problem;
}

const bytesOf = async (response: Response) => new Uint8Array(await response.arrayBuffer());

export function describeRecordingRoutes(target: () => RecordingsTarget) {
  const get = (path: string, init?: RequestInit) => target().fetch(path, init);

  beforeEach(async () => {
    await resetSandbox(target().verba.origin);
    await resetSandbox(target().callfire.origin);
  });

  describe('GET /calls/{id}/recordings', () => {
    it("lists a finished Verba call's media with its audio link", async () => {
      const response = await get(`/calls/verba_${FINISHED}/recordings`);
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({
        callId: `verba_${FINISHED}`,
        items: [
          {
            id: FINISHED,
            callId: `verba_${FINISHED}`,
            name: null,
            startedAt: '2026-11-20T09:15:02.120Z',
            durationSeconds: 754,
            format: null,
            contentType: null,
            links: { audio: audioPath(FINISHED) },
          },
        ],
        links: { liveAudio: null },
      });
    });

    it('points an ongoing Verba call at its live audio', async () => {
      const list = (await (await get(`/calls/verba_${ONGOING}/recordings`)).json()) as Json;
      expect(list).toEqual({
        callId: `verba_${ONGOING}`,
        items: [],
        links: { liveAudio: `/calls/verba_${ONGOING}/live-audio` },
      });
    });

    it("lists every RecordingMeta of a CallFire call's attempts", async () => {
      const list = (await (
        await get(`/calls/callfire_${CALLFIRE_CALL}/recordings`)
      ).json()) as Json;
      expect(list.items.map((r: Json) => [r.id, r.name, r.durationSeconds, r.format])).toEqual([
        ['88100002', 'menu-choice', 12, 'wav'],
        ['88100003', 'full-call', 465, 'wav'],
      ]);
      expect(list.items[0].links.audio).toBe(
        `/calls/callfire_${CALLFIRE_CALL}/recordings/88100002/audio`,
      );
    });
  });

  describe('GET /calls/{id}: the call leads to its audio', () => {
    const fresh = { headers: { 'cache-control': 'no-cache' } };

    it("carries a finished Verba call's recording as the list has it, in one request to Verba", async () => {
      const list = (await (await get(`/calls/verba_${FINISHED}/recordings`)).json()) as Json;
      await resetSandbox(target().verba.origin);
      const call = (await (await get(`/calls/verba_${FINISHED}`, fresh)).json()) as Json;
      expect(call.recordings).toEqual(list.items);
      expect(call.recordings).toHaveLength(1);
      const asked = (await sandboxRequests(target().verba.origin))
        .map((r) => r.action)
        .filter((action) => action !== 'RequestToken');
      expect(asked).toEqual(['GetCallInformation']);
      // The link plays.
      const audio = await get(call.recordings[0].links.audio, { headers: { range: 'bytes=0-3' } });
      expect(audio.status).toBe(206);
      expect(new TextDecoder().decode(await bytesOf(audio))).toBe('RIFF');
    });

    it('has no recording while a Verba call goes on', async () => {
      const call = (await (await get(`/calls/verba_${ONGOING}`, fresh)).json()) as Json;
      expect(call.recordings).toEqual([]);
    });

    it("carries a CallFire call's recordings as the list has them, never CallFire's own link", async () => {
      const path = `/calls/callfire_${CALLFIRE_CALL}`;
      const list = (await (await get(`${path}/recordings`)).json()) as Json;
      const response = await get(path, fresh);
      const text = await response.text();
      const call = JSON.parse(text) as Json;
      expect(call.recordings).toEqual(list.items);
      expect(call.attempts.flatMap((a: Json) => a.recordings)).toEqual(list.items);
      expect(text).not.toContain(target().callfire.apiUrl);
      expect(text).not.toMatch(/\/recording\/\d+/);
      const raw = await (await get(`${path}?include=raw`, fresh)).text();
      expect(raw).toContain(`${target().callfire.origin}`);
    });
  });

  describe('GET …/audio', () => {
    it("relays Verba's original byte for byte, with the gateway's own headers", async () => {
      const response = await get(audioPath(FINISHED));
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe('audio/wav');
      expect(response.headers.get('content-length')).toBe('12064044');
      expect(response.headers.get('content-disposition')).toBe(
        `inline; filename="verba_${FINISHED}_${FINISHED}.wav"`,
      );
      expect(response.headers.get('cache-control')).toBe('private, no-store');
      const through = await sha256(await bytesOf(response));
      const direct = await sha256(
        await bytesOf(await verbaDirect(target(), { action: 'GetMedia', callID: FINISHED })),
      );
      expect(through).toBe(direct);
      const sent = (await sandboxRequests(target().verba.origin)).filter(
        (r) => r.action === 'GetMedia',
      );
      expect(sent.map((r) => r.params.callID)).toEqual([FINISHED, FINISHED]);
    });

    it('labels an original Verba sends as application/octet-stream by its bytes', async () => {
      const response = await get(audioPath(INTERNAL));
      expect(response.headers.get('content-type')).toBe('audio/wav');
      expect(response.headers.get('content-disposition')).toMatch(/\.wav"$/);
      await response.body?.cancel();
    });

    for (const format of ['mp3', 'pcm16', 'pcm8', 'ulaw', 'alaw']) {
      it(`relays a segment re-encoded as ${format}, byte for byte`, async () => {
        const response = await get(`${audioPath(FINISHED)}?format=${format}&start=10&end=14`);
        expect(response.status).toBe(200);
        expect(response.headers.get('content-type')).toBe(
          format === 'mp3' ? 'audio/mpeg' : 'audio/wav',
        );
        const through = await sha256(await bytesOf(response));
        const direct = await verbaDirect(target(), {
          action: 'GetMediaSegment',
          cid: FINISHED,
          start: '10',
          end: '14',
          format,
        });
        expect(through).toBe(await sha256(await bytesOf(direct)));
      });
    }

    it("asks for the segment up to the call's end when no end is given, not Verba's 10 s", async () => {
      const response = await get(`${audioPath(FINISHED)}?format=pcm16&start=750`);
      expect((await bytesOf(response)).byteLength).toBe(44 + 4 * 8000 * 2);
      const segment = (await sandboxRequests(target().verba.origin)).find(
        (r) => r.action === 'GetMediaSegment',
      );
      expect(segment?.params).toMatchObject({ cid: FINISHED, start: '750', end: '754' });
    });

    it('passes Range on and a 206 back', async () => {
      const response = await get(audioPath(FINISHED), { headers: { range: 'bytes=100-199' } });
      expect(response.status).toBe(206);
      expect(response.headers.get('content-range')).toBe('bytes 100-199/12064044');
      expect(response.headers.get('accept-ranges')).toBe('bytes');
      const direct = await verbaDirect(
        target(),
        { action: 'GetMedia', callID: FINISHED },
        { headers: { range: 'bytes=100-199' } },
      );
      expect(await sha256(await bytesOf(response))).toBe(await sha256(await bytesOf(direct)));
    });

    it("relays a CallFire recording from its link, with the instance's credentials", async () => {
      const path = `/calls/callfire_${CALLFIRE_CALL}/recordings/${CALLFIRE_RECORDING}/audio`;
      // CallFire's sandbox ignores Range: the whole file comes back, as a 200.
      const response = await get(path, { headers: { range: 'bytes=0-99' } });
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe('audio/wav');
      expect(response.headers.get('accept-ranges')).toBe('none');
      expect(response.headers.get('content-disposition')).toBe(
        `inline; filename="callfire_${CALLFIRE_CALL}_${CALLFIRE_RECORDING}.wav"`,
      );
      const through = await sha256(await bytesOf(response));
      expect(through).toBe(
        await sha256(await bytesOf(await callfireDirect(target(), CALLFIRE_RECORDING))),
      );
      const fetched = (await sandboxRequests(target().callfire.origin)).filter(
        (r) => r.action === 'GetRecording',
      );
      expect(fetched.map((r) => r.authorization)).toEqual([true, true]);
    });

    it('refuses a format or a segment CallFire cannot give, naming what it can', async () => {
      const problem = await expectProblem(
        await get(
          `/calls/callfire_${CALLFIRE_CALL}/recordings/${CALLFIRE_RECORDING}/audio?format=mp3&start=1`,
        ),
        400,
        'bad_request',
      );
      expect(problem.detail).toMatch(/whole and in its own format/);
      expect(problem.errors.map((e: Json) => e.field)).toEqual(['query.format', 'query.start']);
    });

    it("answers Verba's error document with a problem, not audio", async () => {
      const problem = await expectProblem(await get(audioPath(UNKNOWN)), 404, 'not_found');
      expect(problem).toMatchObject({ provider: 'verba', providerCode: '2' });
    });

    it("refuses a segment past the recording's end before asking for it", async () => {
      const problem = await expectProblem(
        await get(`${audioPath(FINISHED)}?format=mp3&start=800&end=900`),
        400,
        'bad_request',
      );
      expect(problem.errors[0].field).toBe('query.start');
      expect((await sandboxRequests(target().verba.origin)).map((r) => r.action)).not.toContain(
        'GetMediaSegment',
      );
    });

    it('renews an expired token once when Verba answers with its document instead of audio', async () => {
      await injectFault(target().verba.origin, {
        kind: 'expired-token',
        times: 1,
        operations: ['GetMedia'],
      });
      const response = await get(audioPath(FINISHED), { headers: { range: 'bytes=0-43' } });
      expect(response.status).toBe(206);
      expect(new TextDecoder().decode((await bytesOf(response)).subarray(0, 4))).toBe('RIFF');
    });

    it('answers an HTML page in place of audio with a 502', async () => {
      await injectFault(target().verba.origin, {
        kind: 'wrong-content-type',
        operations: ['GetMedia'],
      });
      await expectProblem(await get(audioPath(FINISHED)), 502, 'provider_bad_response');
    });

    it('refuses a bad recording id or segment before asking anyone', async () => {
      await expectProblem(
        await get(`/calls/verba_${FINISHED}/recordings/x%2Fy/audio`),
        400,
        'bad_request',
      );
      await expectProblem(await get(`${audioPath(FINISHED)}?start=5&end=2`), 400, 'bad_request');
      await expectProblem(await get(`${audioPath(FINISHED)}?format=opus`), 400, 'bad_request');
      expect(await sandboxRequests(target().verba.origin)).toEqual([]);
    });
  });

  describe('GET /calls/{id}/live-audio', () => {
    it('streams an ongoing call as MP3 until it ends', async () => {
      const response = await get(`/calls/verba_${ONGOING}/live-audio`);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe('audio/mpeg');
      const reader = (response.body as ReadableStream<Uint8Array>).getReader();
      const first = await reader.read();
      expect(first.done).toBe(false);
      await fetch(`${target().verba.origin}/__sandbox/end-call?callID=${ONGOING}`, {
        method: 'POST',
      });
      let total = first.value?.byteLength ?? 0;
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        total += value.byteLength;
      }
      expect(total).toBeGreaterThan(0);
      const live = (await sandboxRequests(target().verba.origin)).find(
        (r) => r.action === 'GetMediaLive',
      );
      expect(live?.params).toMatchObject({ callID: ONGOING, format: 'mp3' });
    });

    it('answers 409 for a call that has ended, pointing at its recording', async () => {
      const problem = await expectProblem(
        await get(`/calls/verba_${FINISHED}/live-audio`),
        409,
        'call_ended',
      );
      expect(problem.links).toEqual({ recordings: `/calls/verba_${FINISHED}/recordings` });
    });

    it('is a 501 on CallFire', async () => {
      await expectProblem(
        await get(`/calls/callfire_${CALLFIRE_CALL}/live-audio`),
        501,
        'not_implemented',
      );
    });
  });

  describe('GET /calls?provider=verba&since=&until=', () => {
    const window = 'since=2026-11-20T00:00:00Z&until=2026-11-22T00:00:00Z';

    it('lists the recorded calls in the window, the times sent in the user’s zone', async () => {
      const page = (await (await get(`/calls?provider=verba&${window}`)).json()) as Json;
      expect(page.items.map((c: Json) => c.id)).toEqual([`verba_${FINISHED}`, `verba_${INTERNAL}`]);
      expect(page.nextCursor).toBeNull();
      const search = (await sandboxRequests(target().verba.origin)).find(
        (r) => r.action === 'SearchCalls',
      );
      // Europe/Budapest is UTC+1 in November.
      expect(search?.params).toMatchObject({
        start: '2026-11-20 01:00:00.000',
        end: '2026-11-22 01:00:00.000',
        status: 'recorded',
      });
    });

    it('pages with the opaque cursor', async () => {
      const first = (await (await get(`/calls?provider=verba&${window}&limit=1`)).json()) as Json;
      expect(first.items.map((c: Json) => c.id)).toEqual([`verba_${FINISHED}`]);
      expect(typeof first.nextCursor).toBe('string');
      const second = (await (
        await get(`/calls?provider=verba&${window}&limit=1&cursor=${first.nextCursor}`)
      ).json()) as Json;
      expect(second.items.map((c: Json) => c.id)).toEqual([`verba_${INTERNAL}`]);
      expect(second.nextCursor).toBeNull();
    });

    it('refuses a cursor it did not issue for this window', async () => {
      const first = (await (await get(`/calls?provider=verba&${window}&limit=1`)).json()) as Json;
      const other = 'since=2026-11-20T00:00:00Z&until=2026-11-23T00:00:00Z';
      const problem = await expectProblem(
        await get(`/calls?provider=verba&${other}&limit=1&cursor=${first.nextCursor}`),
        400,
        'bad_request',
      );
      expect(problem.errors).toEqual([expect.objectContaining({ field: 'query.cursor' })]);
    });

    it('filters by either party’s number or name, and lists ongoing calls', async () => {
      const byNumber = (await (
        await get(`/calls?provider=verba&${window}&number=8859`)
      ).json()) as Json;
      expect(byNumber.items.map((c: Json) => c.id)).toEqual([`verba_${INTERNAL}`]);
      const byName = (await (
        await get(`/calls?provider=verba&${window}&name=lovelace`)
      ).json()) as Json;
      expect(byName.items.map((c: Json) => c.id)).toEqual([`verba_${FINISHED}`]);
      const now = new Date();
      const ongoing = (await (
        await get(
          `/calls?provider=verba&state=in_progress&since=${new Date(now.getTime() - 3_600_000).toISOString()}&until=${new Date(now.getTime() + 60_000).toISOString()}`,
        )
      ).json()) as Json;
      expect(ongoing.items.map((c: Json) => c.state)).toEqual([
        'in_progress',
        'in_progress',
        'in_progress',
      ]);
      const sent = (await sandboxRequests(target().verba.origin)).filter(
        (r) => r.action === 'SearchCalls',
      );
      expect(sent.map((r) => [r.params.anynum, r.params.anyname, r.params.status])).toEqual([
        ['8859', undefined, 'recorded'],
        [undefined, 'lovelace', 'recorded'],
        [undefined, undefined, 'ongoing'],
      ]);
    });

    it('needs both ends of the window, and a state Verba can search', async () => {
      const problem = await expectProblem(
        await get('/calls?provider=verba&since=2026-11-20T00:00:00Z'),
        400,
        'bad_request',
      );
      expect(problem.errors).toEqual([{ field: 'query.until', message: 'is required by Verba' }]);
      await expectProblem(
        await get(`/calls?provider=verba&${window}&state=failed`),
        400,
        'bad_request',
      );
      expect((await sandboxRequests(target().verba.origin)).map((r) => r.action)).not.toContain(
        'SearchCalls',
      );
    });
  });
}
