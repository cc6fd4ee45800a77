/**
 * An audio request's segment and `Range` are checked before anything is sent: `start` and
 * `end` are plain decimal seconds, bounded; `Range` is one well-formed byte range or is not
 * passed on. The sandbox's request log shows what reached Verba.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startVerbaSandbox, type VerbaSandbox } from '../../providers/verba/sandbox/index.ts';
import { type RunningGateway, startGateway } from '../support/gateway.ts';
import { resetSandbox, sandboxRequests } from '../support/sandbox-log.ts';
import { verbaEnv } from '../support/verba.ts';

const FINISHED = 'a8343631-9f35-4a3a-83f0-9e81592339fb';
const AUDIO = `/calls/verba_${FINISHED}/recordings/${FINISHED}/audio`;

let sandbox: VerbaSandbox;
let gateway: RunningGateway;

beforeAll(async () => {
  sandbox = await startVerbaSandbox();
  gateway = await startGateway(verbaEnv(sandbox), { name: 'audio-input' });
});
beforeEach(async () => {
  await resetSandbox(sandbox.origin);
});
afterAll(async () => {
  await gateway?.close();
  await sandbox?.close();
});

/** Media requests Verba received, with the Range each carried. */
const media = async () =>
  (await sandboxRequests(sandbox.origin)).filter((r) => r.action?.startsWith('GetMedia'));

async function refused(path: string, init: RequestInit, field: string) {
  const response = await gateway.fetch(path, init);
  const context = `${path} ${JSON.stringify(init.headers ?? {})}`;
  expect(response.status, context).toBe(400);
  expect(response.headers.get('content-type')).toBe('application/problem+json');
  const problem = (await response.json()) as { code: string; errors: Array<{ field: string }> };
  expect(problem.code, context).toBe('bad_request');
  expect(
    problem.errors.map((e) => e.field),
    context,
  ).toContain(field);
}

describe('start and end', () => {
  it.each([
    ['start', '0x10'],
    ['start', '0b101'],
    ['start', '0o17'],
    ['start', '1e2'],
    ['start', '1e-400'],
    ['end', '1e-7'],
    ['end', '0.0000001'],
    ['start', '-1'],
    ['start', '+5'],
    ['start', ' 5'],
    ['start', '5.'],
    ['start', '.5'],
    ['start', '007'],
    ['start', 'Infinity'],
    ['start', 'NaN'],
    ['end', '1000000.001'],
    ['end', '99999999'],
    ['end', '0'],
    ['end', '0.000'],
    ['start', ''],
  ])('refuses %s=%s before anything is sent', async (name, value) => {
    await refused(`${AUDIO}?format=mp3&${name}=${encodeURIComponent(value)}`, {}, `query.${name}`);
    expect(await media()).toEqual([]);
  });

  it('sends Verba the decimal it was given', async () => {
    const response = await gateway.fetch(`${AUDIO}?format=mp3&start=0.5&end=2.125`);
    expect(response.status).toBe(200);
    await response.arrayBuffer();
    expect((await media())[0]?.params).toMatchObject({ start: '0.5', end: '2.125' });
  });
});

describe('Range', () => {
  it.each([
    'bytes=5-1',
    'bytes=',
    'bytes=-',
    'bytes=x-1',
    'bytes=1-x',
    'bytes=0x10-0x20',
    'bytes=1e3-2e3',
    'bytes=--5',
    'bytes=0-1,5-1',
    'bytes=1234567890123456-',
  ])('refuses %s with a 400 before anything is sent', async (range) => {
    await refused(AUDIO, { headers: { range } }, 'header.range');
    expect(await media()).toEqual([]);
  });

  it.each(['items=0-1', 'none', 'bytes=0-1,4-5'])(
    'ignores %s: the whole recording, no Range sent',
    async (range) => {
      const response = await gateway.fetch(AUDIO, { headers: { range } });
      expect(response.status).toBe(200);
      await response.arrayBuffer();
      const sent = await media();
      expect(sent).toHaveLength(1);
      expect(sent[0]?.range ?? null).toBeNull();
    },
  );

  it.each([
    ['bytes=100-199', 206],
    ['bytes=100-', 206],
    ['bytes=-100', 206],
    ['BYTES=100-199', 206],
  ])('passes %s on', async (range, status) => {
    const response = await gateway.fetch(AUDIO, { headers: { range } });
    expect(response.status).toBe(status);
    await response.arrayBuffer();
    expect((await media())[0]?.range).toBe(range.replace('BYTES', 'bytes'));
  });
});
