/**
 * Signed audio links on Node: a link plays with no header, byte for byte what the
 * authenticated route streams (Range and segments too), until it expires; any change to
 * it is refused before the provider is asked anything (the sandboxes' request logs stay
 * empty); the signing key, made at random and kept in STATE_DB, outlives a restart and is
 * shared by two gateways on the same file; every play is audited under the key that made
 * the link.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  type CallFireSandbox,
  startCallFireSandbox,
} from '../../providers/callfire/sandbox/index.ts';
import { startVerbaSandbox, type VerbaSandbox } from '../../providers/verba/sandbox/index.ts';
import {
  audioPath,
  CALLFIRE_CALL,
  CALLFIRE_RECORDING,
  FINISHED,
  INTERNAL,
  sha256,
} from '../shared/recordings-routes.ts';
import { CALLFIRE_TEST_CURSOR_KEY, callfireEnv } from '../support/callfire.ts';
import { type RunningGateway, startGateway } from '../support/gateway.ts';
import { TEST_KEY_DIGESTS, TEST_KEYS } from '../support/keys.ts';
import { resetSandbox, sandboxRequests } from '../support/sandbox-log.ts';
import { verbaEnv } from '../support/verba.ts';

// biome-ignore lint/suspicious/noExplicitAny: test assertions walk arbitrary JSON.
type Json = any;

const LISTENER_KEY = 'cgk_test_listener_8e3f1a6c2d9b';
const KEYS = JSON.stringify([
  {
    name: 'test-all',
    sha256: TEST_KEY_DIGESTS.all,
    scopes: ['calls:read', 'calls:write', 'calls:delete', 'recordings:read'],
  },
  { name: 'test-reader', sha256: TEST_KEY_DIGESTS.reader, scopes: ['calls:read'] },
  { name: 'listener', key: LISTENER_KEY, scopes: ['recordings:read'] },
]);

let verba: VerbaSandbox;
let callfire: CallFireSandbox;
let gateway: RunningGateway;
let dir: string;
let env: Record<string, string>;
/** The gateway's clock: moved forward to see links expire. */
let offsetMs = 0;
const now = () => Date.now() + offsetMs;

beforeAll(async () => {
  verba = await startVerbaSandbox();
  callfire = await startCallFireSandbox();
  dir = mkdtempSync(join(tmpdir(), 'callgate-links-'));
  env = {
    ...verbaEnv(verba),
    ...callfireEnv(callfire),
    GATEWAY_API_KEYS: KEYS,
    // No AUDIO_LINK_KEY: the key is made at random and kept here.
    STATE_DB: join(dir, 'state.db'),
  };
  gateway = await startGateway(env, { name: 'audio-links', now });
});

afterAll(async () => {
  await gateway?.close();
  await Promise.all([verba?.close(), callfire?.close()]);
  rmSync(dir, { recursive: true, force: true });
});

beforeEach(async () => {
  offsetMs = 0;
  await resetSandbox(verba.origin);
  await resetSandbox(callfire.origin);
});

const linksOf = (id: string, recordingId: string) =>
  `/calls/${id}/recordings/${recordingId}/audio-links`;

async function makeLink(
  body: Record<string, unknown> = {},
  options: { id?: string; recordingId?: string; key?: string; on?: RunningGateway } = {},
): Promise<{ url: string; path: string; expiresAt: string }> {
  const response = await (options.on ?? gateway).fetch(
    linksOf(options.id ?? `verba_${FINISHED}`, options.recordingId ?? FINISHED),
    {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${options.key ?? LISTENER_KEY}`,
      },
      body: JSON.stringify(body),
    },
  );
  expect(response.status).toBe(201);
  const link = (await response.json()) as { url: string; path: string; expiresAt: string };
  expect(response.headers.get('location')).toBe(link.url);
  return link;
}

const bytesOf = async (response: Response) => new Uint8Array(await response.arrayBuffer());

async function expectProblem(response: Response, status: number, code: string) {
  expect(response.status).toBe(status);
  expect(response.headers.get('content-type')).toBe('application/problem+json');
  const problem = (await response.json()) as Json;
  expect(problem).toMatchObject({ status, code });
  return problem;
}

/** The link's path with one query parameter set (or removed, with null). */
function changed(path: string, name: string, value: string | null): string {
  const url = new URL(path, 'http://x');
  if (value === null) url.searchParams.delete(name);
  else url.searchParams.set(name, value);
  return `${url.pathname}?${url.searchParams}`;
}

async function providerRequests(): Promise<string[]> {
  const sent = [
    ...(await sandboxRequests(verba.origin)),
    ...(await sandboxRequests(callfire.origin)),
  ];
  return sent.map((r) => r.action ?? r.method);
}

async function auditLine(on: RunningGateway, response: Response): Promise<Json> {
  const requestId = response.headers.get('x-request-id');
  // A streamed answer is audited when its stream has ended.
  for (let i = 0; i < 200; i++) {
    const line = on
      .logs()
      .find((entry) => entry.msg === 'audit' && entry.requestId === requestId) as Json;
    if (line) return line.audit;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`no audit line for ${requestId}`);
}

describe('POST /calls/{id}/recordings/{recordingId}/audio-links', () => {
  it('answers an absolute link, its path and its expiry, 15 minutes by default', async () => {
    const before = Date.now();
    const link = await makeLink();
    expect(link.url).toBe(`${gateway.url}${link.path}`);
    expect(link.path).toMatch(
      new RegExp(
        `^/audio-links/verba_${FINISHED}/${FINISHED}\\?expires=\\d+&keyName=listener&sig=[A-Za-z0-9_-]{43}$`,
      ),
    );
    const expiresIn = Date.parse(link.expiresAt) - before;
    expect(expiresIn).toBeGreaterThan(899_000);
    expect(expiresIn).toBeLessThanOrEqual(901_000);
    // Nothing of a credential in it: no key, no provider token, no provider URL.
    for (const secret of [LISTENER_KEY, verba.options.apiKey, verba.options.password, 'token='])
      expect(link.url).not.toContain(secret);
  });

  it('needs recordings:read, a known recording and a lifetime of at most a day', async () => {
    await expectProblem(
      await gateway.fetch(linksOf(`verba_${FINISHED}`, FINISHED), {
        method: 'POST',
        headers: { authorization: `Bearer ${TEST_KEYS.reader}` },
      }),
      403,
      'forbidden',
    );
    await expectProblem(
      await gateway.raw(linksOf(`verba_${FINISHED}`, FINISHED), { method: 'POST' }),
      401,
      'unauthorized',
    );
    const post = (body: unknown, recordingId = FINISHED) =>
      gateway.fetch(linksOf(`verba_${FINISHED}`, recordingId), {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    for (const body of [
      { expiresInSeconds: 86_401 },
      { expiresInSeconds: 0 },
      { expiresInSeconds: 1.5 },
      { format: 'opus' },
      { start: 5, end: 2 },
      { other: 1 },
    ]) {
      await expectProblem(await post(body), 400, 'bad_request');
    }
    expect(await providerRequests()).toEqual([]);
    await expectProblem(await post({}, INTERNAL), 404, 'not_found');
    const day = (await (await post({ expiresInSeconds: 86_400 })).json()) as Json;
    expect(Date.parse(day.expiresAt) - Date.now()).toBeGreaterThan(86_390_000);
  });
});

describe('GET /audio-links/{id}/{recordingId}', () => {
  it('plays with no header: the same bytes and headers as the authenticated route', async () => {
    const link = await makeLink();
    const played = await fetch(link.url);
    expect(played.status).toBe(200);
    const direct = await gateway.fetch(audioPath(FINISHED));
    for (const header of [
      'content-type',
      'content-length',
      'content-disposition',
      'cache-control',
      'accept-ranges',
    ]) {
      expect(played.headers.get(header)).toBe(direct.headers.get(header));
    }
    expect(await sha256(await bytesOf(played))).toBe(await sha256(await bytesOf(direct)));
  });

  it('passes Range on, as the authenticated route does', async () => {
    const link = await makeLink();
    const range = { headers: { range: 'bytes=1000-4999' } };
    const played = await fetch(link.url, range);
    const direct = await gateway.fetch(audioPath(FINISHED), range);
    expect(played.status).toBe(206);
    expect(played.headers.get('content-range')).toBe(direct.headers.get('content-range'));
    expect(await sha256(await bytesOf(played))).toBe(await sha256(await bytesOf(direct)));
  });

  it('plays the format and segment it was made for', async () => {
    const link = await makeLink({ format: 'mp3', start: 10, end: 14 });
    expect(link.path).toContain('format=mp3&start=10&end=14&');
    const played = await fetch(link.url);
    expect(played.headers.get('content-type')).toBe('audio/mpeg');
    const direct = await gateway.fetch(`${audioPath(FINISHED)}?format=mp3&start=10&end=14`);
    expect(await sha256(await bytesOf(played))).toBe(await sha256(await bytesOf(direct)));
  });

  it("plays a CallFire recording, fetched with the instance's credentials", async () => {
    const link = await makeLink(
      {},
      { id: `callfire_${CALLFIRE_CALL}`, recordingId: CALLFIRE_RECORDING },
    );
    const played = await fetch(link.url);
    expect(played.status).toBe(200);
    const direct = await gateway.fetch(
      `/calls/callfire_${CALLFIRE_CALL}/recordings/${CALLFIRE_RECORDING}/audio`,
    );
    expect(await sha256(await bytesOf(played))).toBe(await sha256(await bytesOf(direct)));
  });

  it('refuses any change to the link with a 403, asking the provider nothing', async () => {
    const link = await makeLink({ format: 'mp3', start: 10, end: 14 });
    const other = `/audio-links/verba_${INTERNAL}/${INTERNAL}?${link.path.split('?')[1]}`;
    const recording = link.path.replace(`/${FINISHED}?`, `/${INTERNAL}?`);
    const sig = new URL(link.url).searchParams.get('sig') ?? '';
    const flipped = `${sig[0] === 'A' ? 'B' : 'A'}${sig.slice(1)}`;
    const tampered = {
      format: changed(link.path, 'format', 'pcm16'),
      'no format': changed(link.path, 'format', null),
      start: changed(link.path, 'start', '0'),
      end: changed(link.path, 'end', '754'),
      'no segment': changed(changed(link.path, 'start', null), 'end', null),
      call: other,
      recording,
      expires: changed(
        link.path,
        'expires',
        String(Number(new URL(link.url).searchParams.get('expires')) + 86_400),
      ),
      'key name': changed(link.path, 'keyName', 'test-all'),
      'no key name': changed(link.path, 'keyName', null),
      signature: changed(link.path, 'sig', flipped),
    };
    await resetSandbox(verba.origin);
    for (const [what, path] of Object.entries(tampered)) {
      const response = await gateway.raw(path);
      expect(response.status, what).toBe(403);
      expect(((await response.json()) as Json).code, what).toBe('link_invalid');
    }
    // A made-up signature of the right shape, and a link signed by another key.
    await expectProblem(
      await gateway.raw(changed(link.path, 'sig', 'x'.repeat(43))),
      403,
      'link_invalid',
    );
    expect(await providerRequests()).toEqual([]);
    // The untouched link still plays.
    const untouched = await fetch(link.url);
    expect(untouched.status).toBe(200);
    await untouched.body?.cancel();
  });

  it('refuses a link past its expiry with a 410, asking the provider nothing', async () => {
    const link = await makeLink({ expiresInSeconds: 60 });
    offsetMs = 59_000;
    expect((await fetch(link.url, { headers: { range: 'bytes=0-9' } })).status).toBe(206);
    await resetSandbox(verba.origin);
    offsetMs = 60_000;
    const problem = await expectProblem(await fetch(link.url), 410, 'link_expired');
    expect(problem.detail).toContain(new Date(Date.parse(link.expiresAt)).toISOString());
    expect(await providerRequests()).toEqual([]);
  });

  it('reaches nothing but the recording it names', async () => {
    const link = await makeLink();
    const query = link.path.split('?')[1];
    await resetSandbox(verba.origin);
    for (const path of [
      `/audio-links/verba_${FINISHED}/${FINISHED}`,
      `/audio-links/verba_${FINISHED}/${FINISHED}/audio?${query}`,
      `/audio-links/verba_${FINISHED}?${query}`,
      `/audio-links/verba_${FINISHED}/x%2F..%2Frecordings?${query}`,
      `/audio-links/verba_${FINISHED}/${FINISHED}?${query}&sig=${'A'.repeat(10)}`,
    ]) {
      const response = await gateway.raw(path);
      // 401: a path that is no link route needs an API key like any other.
      expect([400, 401, 403, 404], path).toContain(response.status);
      expect(response.headers.get('content-type')).toBe('application/problem+json');
    }
    expect([401, 404, 405]).toContain((await gateway.raw(link.path, { method: 'POST' })).status);
    expect(await providerRequests()).toEqual([]);
  });

  it('audits each play under the key that made the link, and a refused one too', async () => {
    const link = await makeLink({ format: 'pcm16', start: 1, end: 2 });
    const played = await fetch(link.url);
    const bytes = (await bytesOf(played)).byteLength;
    expect(await auditLine(gateway, played)).toMatchObject({
      operation: 'playAudioLink',
      keyName: 'listener',
      id: `verba_${FINISHED}`,
      recordingId: FINISHED,
      format: 'pcm16',
      start: 1,
      end: 2,
      status: 200,
      bytes,
      outcome: 'done',
    });
    // The signature plays the link: it is never logged.
    const sig = new URL(link.url).searchParams.get('sig') ?? '';
    expect(JSON.stringify(gateway.logs())).not.toContain(sig);
    const refused = await gateway.raw(changed(link.path, 'keyName', 'test-all'));
    expect(await auditLine(gateway, refused)).toMatchObject({
      operation: 'playAudioLink',
      keyName: null,
      id: `verba_${FINISHED}`,
      status: 403,
      bytes: 0,
      outcome: 'denied',
    });
  });

  it('stops asking the provider when the listener hangs up', async () => {
    const link = await makeLink();
    const controller = new AbortController();
    const played = await fetch(link.url, { signal: controller.signal });
    const reader = (played.body as ReadableStream<Uint8Array>).getReader();
    await reader.read();
    controller.abort();
    let served: { bytes?: number; aborted?: boolean } | undefined;
    for (let i = 0; i < 300 && !served?.aborted; i++) {
      served = (await sandboxRequests(verba.origin)).find((r) => r.action === 'GetMedia');
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(served?.aborted).toBe(true);
    expect(served?.bytes).toBeLessThan(12_064_044);
  });
});

describe('the signing key in STATE_DB', () => {
  it('is shared by two gateways on one file, and outlives a restart', async () => {
    const second = await startGateway(env, { name: 'audio-links-second' });
    try {
      const link = await makeLink({ format: 'mp3', start: 0, end: 2 }, { on: second });
      const first = await gateway.raw(link.path);
      expect(first.status).toBe(200);
      const hash = await sha256(await bytesOf(first));
      await gateway.close();
      gateway = await startGateway(env, { name: 'audio-links', now });
      const again = await gateway.raw(link.path);
      expect(again.status).toBe(200);
      expect(await sha256(await bytesOf(again))).toBe(hash);
    } finally {
      await second.close();
    }
  });

  it('refuses the links of a key removed, or stripped of recordings:read', async () => {
    const link = await makeLink();
    const without = JSON.stringify([
      { name: 'test-all', sha256: TEST_KEY_DIGESTS.all, scopes: ['recordings:read'] },
      { name: 'listener', key: LISTENER_KEY, scopes: ['calls:read'] },
    ]);
    for (const keys of [without, JSON.stringify([JSON.parse(without)[0]])]) {
      const changed = await startGateway(
        { ...env, GATEWAY_API_KEYS: keys },
        { name: 'audio-links-rekeyed' },
      );
      try {
        await resetSandbox(verba.origin);
        const problem = await expectProblem(await changed.raw(link.path), 403, 'link_invalid');
        expect(problem.detail).toMatch(/may no longer listen/);
        expect(await providerRequests()).toEqual([]);
      } finally {
        await changed.close();
      }
    }
  });

  it('is AUDIO_LINK_KEY when configured: links signed otherwise are refused', async () => {
    const link = await makeLink();
    const keyed = await startGateway(
      { ...env, AUDIO_LINK_KEY: 'k'.repeat(32), STATE_DB: join(dir, 'other.db') },
      { name: 'audio-links-keyed' },
    );
    try {
      await expectProblem(await keyed.raw(link.path), 403, 'link_invalid');
      const own = await makeLink({}, { on: keyed });
      expect((await keyed.raw(own.path, { headers: { range: 'bytes=0-3' } })).status).toBe(206);
      await expectProblem(await gateway.raw(own.path), 403, 'link_invalid');
    } finally {
      await keyed.close();
    }
  });
});
