/**
 * Signed audio links on the Worker: two gateway apps on one Durable Object namespace stand
 * in for two isolates of the fleet. With no AUDIO_LINK_KEY, the signing key is the random
 * one kept in the state's objects, so a link one isolate makes plays on the other, byte for
 * byte what the authenticated route streams; a changed one is refused there too, with the
 * provider untouched.
 */
import { createExecutionContext } from 'cloudflare:test';
import { beforeEach, describe, expect, inject, it } from 'vitest';
import { buildWorkerApp } from '../../src/worker/index.ts';
import { sha256 } from '../shared/recordings-routes.ts';
import { TEST_API_KEYS, withKey } from '../support/keys.ts';
import { resetSandbox, sandboxRequests } from '../support/sandbox-log.ts';
import { workerEnv } from './worker-env.ts';

const verba = inject('verba');
const ctx = createExecutionContext();
const FINISHED = 'a8343631-9f35-4a3a-83f0-9e81592339fb';
const LINKS = `/calls/verba_${FINISHED}/recordings/${FINISHED}/audio-links`;
const AUDIO = `/calls/verba_${FINISHED}/recordings/${FINISHED}/audio`;

type Isolate = (path: string, init?: RequestInit) => Promise<Response>;

/** Two apps sharing one state, as two isolates of one deployment would. */
function fleet(): { withKey: [Isolate, Isolate]; bare: [Isolate, Isolate] } {
  const env = workerEnv({
    VERBA_BASE_URL: verba.apiUrl,
    VERBA_API_KEY: verba.apiKey,
    VERBA_USERNAME: verba.userName,
    VERBA_PASSWORD: verba.password,
    VERBA_TIMEZONE: verba.timeZone,
    GATEWAY_API_KEYS: TEST_API_KEYS,
    LOG_LEVEL: 'silent',
  });
  const statePrefix = `${crypto.randomUUID()}:`;
  const isolate = () => buildWorkerApp(env, { statePrefix });
  const handlers = [isolate(), isolate()];
  const keyed = (i: number): Isolate => {
    const handler = handlers[i] as ReturnType<typeof isolate>;
    return async (path, init) =>
      handler(new Request(`https://callgate.test${path}`, withKey(init)), env, ctx);
  };
  const bare = (i: number): Isolate => {
    const handler = handlers[i] as ReturnType<typeof isolate>;
    return async (path, init) =>
      handler(new Request(`https://callgate.test${path}`, init), env, ctx);
  };
  return { withKey: [keyed(0), keyed(1)], bare: [bare(0), bare(1)] };
}

const bytesOf = async (response: Response) => new Uint8Array(await response.arrayBuffer());

async function makeLink(isolate: Isolate, body: unknown = {}) {
  const made = await isolate(LINKS, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  expect(made.status).toBe(201);
  return (await made.json()) as { url: string; path: string };
}

beforeEach(async () => {
  await resetSandbox(verba.origin);
});

describe('audio links across isolates (workerd)', () => {
  it('plays a link made in one isolate in another, with no header, the same bytes', async () => {
    const {
      withKey: [first],
      bare: [, second],
    } = fleet();
    const link = await makeLink(first, { format: 'mp3', start: 10, end: 14 });
    expect(link.url).toBe(`https://callgate.test${link.path}`);
    const played = await second(link.path);
    expect(played.status).toBe(200);
    expect(played.headers.get('content-type')).toBe('audio/mpeg');
    const direct = await first(`${AUDIO}?format=mp3&start=10&end=14`);
    expect(await sha256(await bytesOf(played))).toBe(await sha256(await bytesOf(direct)));
  });

  it('refuses a changed link in the other isolate, asking Verba nothing', async () => {
    const {
      withKey: [first],
      bare: [, second],
    } = fleet();
    const { path } = await makeLink(first, { format: 'mp3', start: 10, end: 14 });
    await resetSandbox(verba.origin);
    for (const changed of [
      path.replace('format=mp3', 'format=pcm16'),
      path.replace('start=10', 'start=0'),
      path.replace(/expires=(\d+)/, (_, expires) => `expires=${Number(expires) + 1}`),
    ]) {
      const response = await second(changed);
      expect(response.status, changed).toBe(403);
      expect(((await response.json()) as { code: string }).code).toBe('link_invalid');
    }
    expect(await sandboxRequests(verba.origin)).toEqual([]);
  });

  it('does not accept a link signed for another deployment (another state)', async () => {
    const {
      withKey: [first],
    } = fleet();
    const {
      bare: [other],
    } = fleet();
    const { path } = await makeLink(first);
    expect((await other(path)).status).toBe(403);
  });
});
