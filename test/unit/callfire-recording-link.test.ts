/**
 * A RecordingMeta link is followed with the instance's credentials only when it is a
 * recording path (of this recording) on the instance's own origin: a link anywhere else, or
 * to another path there, is refused before any request goes out.
 */
import { describe, expect, it } from 'vitest';
import { createCallFireProvider } from '../../providers/callfire/index.ts';
import { GatewayError } from '../../src/core/errors.ts';
import type { Logger } from '../../src/core/logger.ts';
import type { OperationContext } from '../../src/core/provider.ts';
import type { UpstreamStreamRequest } from '../../src/core/stream.ts';
import { IDS_ONLY_TRACER } from '../../src/core/telemetry.ts';

const silent: Logger = { debug() {}, info() {}, warn() {}, error() {}, child: () => silent };
const CONFIG = {
  baseUrl: 'https://callfire.test/api/1.1/rest',
  userName: 'login-7f3a',
  password: 'pa:ss word-9c1e',
  timeoutMs: 4_000,
  cursorKey: 'cursor-key-for-unit-tests-0123456789abcdef',
};

function callWithLink(link: string): string {
  return JSON.stringify({
    Resource: {
      Call: {
        '@id': 224205641003,
        State: 'FINISHED',
        CallRecord: [
          { '@id': 1, Result: 'LA', RecordingMeta: [{ Id: 88100002, Name: 'x', Link: link }] },
        ],
      },
    },
  });
}

function harness(link: string) {
  const streamed: UpstreamStreamRequest[] = [];
  const ctx: OperationContext = {
    http: async () => ({ status: 200, body: callWithLink(link), header: () => undefined }),
    stream: async (request) => {
      streamed.push(request);
      throw new Error('stop here');
    },
    log: silent,
    requestId: 'test',
    span: IDS_ONLY_TRACER.startRequest('GET', null),
  };
  return { provider: createCallFireProvider('callfire', CONFIG), ctx, streamed };
}

describe('CallFire recording links', () => {
  for (const link of [
    'https://evil.test/api/1.1/rest/recording/88100002.wav',
    'http://callfire.test/api/1.1/rest/recording/88100002.wav',
    'https://callfire.test:8443/recording/88100002.wav',
    'not a url',
    // Other paths of the instance's own origin: they must not get its credentials either.
    'https://callfire.test/api/1.1/rest/call/224205641003.json',
    'https://callfire.test/api/1.1/rest/recording/88100002.wav?then=/call',
    'https://callfire.test/api/1.1/rest/recording/99999999.wav',
    'https://callfire.test/api/1.1/rest/recording/../call/1.wav',
    'https://callfire.test/api/1.1/rest/recording/%2e%2e%2fcall.wav',
    'https://callfire.test/account/settings',
  ]) {
    it(`refuses ${link}, sending nothing`, async () => {
      const { provider, ctx, streamed } = harness(link);
      const error = await provider.audio?.('224205641003', '88100002', {}, ctx).catch((e) => e);
      expect(error).toBeInstanceOf(GatewayError);
      expect((error as GatewayError).code).toBe('provider_bad_response');
      expect(streamed).toEqual([]);
    });
  }

  it("follows a link on the instance's own origin, with its credentials", async () => {
    const { provider, ctx, streamed } = harness(
      'https://callfire.test/api/1.1/rest/recording/88100002.wav',
    );
    await provider.audio?.('224205641003', '88100002', { range: 'bytes=0-9' }, ctx).catch(() => {});
    expect(streamed).toHaveLength(1);
    expect(streamed[0]?.url).toBe('https://callfire.test/api/1.1/rest/recording/88100002.wav');
    expect(streamed[0]?.headers).toMatchObject({
      authorization: `Basic ${btoa(`${CONFIG.userName}:${CONFIG.password}`)}`,
      range: 'bytes=0-9',
    });
  });
});
