/**
 * How the core relays audio whatever the provider sends in its place or around it, written
 * once and run against the Node server (test/integration/audio-relay.test.ts) and the
 * Worker in workerd (test/worker/audio-relay.test.ts). The target's Verba instance has a
 * 2 s deadline (`VERBA_TIMEOUT_MS=2000`). Only fetch and WebCrypto: the same file runs in
 * both runtimes.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { injectFault, resetSandbox, sandboxRequests } from '../support/sandbox-log.ts';
import {
  audioPath,
  CALLFIRE_CALL,
  CALLFIRE_RECORDING,
  FINISHED,
  type RecordingsTarget,
  sha256,
  verbaDirect,
} from './recordings-routes.ts';

// biome-ignore lint/suspicious/noExplicitAny: test assertions walk arbitrary JSON.
type Json = any;

const bytesOf = async (response: Response) => new Uint8Array(await response.arrayBuffer());
const SEGMENT = `${audioPath(FINISHED)}?format=pcm16&start=0&end=2`;
const segmentDirect = (target: RecordingsTarget) =>
  verbaDirect(target, {
    action: 'GetMediaSegment',
    cid: FINISHED,
    start: '0',
    end: '2',
    format: 'pcm16',
  });

export function describeAudioRelay(target: () => RecordingsTarget) {
  const get = (path: string, init?: RequestInit) => target().fetch(path, init);

  beforeEach(async () => {
    await resetSandbox(target().verba.origin);
    await resetSandbox(target().callfire.origin);
  });

  describe('the Content-Type relayed', () => {
    it('is one audio type when the provider joins several (`audio/wav, text/html`)', async () => {
      await injectFault(target().verba.origin, {
        kind: 'relabel',
        contentType: 'audio/wav, text/html',
        operations: ['GetMediaSegment'],
      });
      const response = await get(SEGMENT);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe('audio/wav');
      expect(await sha256(await bytesOf(response))).toBe(
        await sha256(await bytesOf(await segmentDirect(target()))),
      );
    });

    it('is the audio the bytes are, not a repeated label', async () => {
      await injectFault(target().verba.origin, {
        kind: 'relabel',
        contentType: 'audio/mpeg, audio/mpeg',
        operations: ['GetMediaSegment'],
      });
      const response = await get(SEGMENT);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe('audio/wav');
      await response.body?.cancel();
    });
  });

  describe('gzip-encoded audio', () => {
    it('is relayed decoded: the bytes of the recording, never gzip bytes without their encoding', async () => {
      await injectFault(target().verba.origin, { kind: 'gzip', operations: ['GetMediaSegment'] });
      const response = await get(SEGMENT);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-encoding')).toBeNull();
      expect(response.headers.get('content-type')).toBe('audio/wav');
      const through = await bytesOf(response);
      expect(new TextDecoder().decode(through.subarray(0, 4))).toBe('RIFF');
      expect(await sha256(through)).toBe(
        await sha256(await bytesOf(await segmentDirect(target()))),
      );
    });
  });

  describe('an error document in place of audio', () => {
    it('labelled audio/mpeg is a problem, and never relays the key it echoes', async () => {
      await injectFault(target().verba.origin, {
        kind: 'echo',
        contentType: 'audio/mpeg',
        operations: ['GetMedia'],
      });
      const response = await get(audioPath(FINISHED));
      expect(response.status).toBeGreaterThanOrEqual(400);
      expect(response.headers.get('content-type')).toBe('application/problem+json');
      const text = await response.text();
      expect(text).not.toContain(target().verba.apiKey);
      expect(JSON.parse(text)).toMatchObject({ provider: 'verba' });
    });

    it('sent a byte at a time is a 504 within the deadline, not a wait for each byte', async () => {
      await injectFault(target().verba.origin, {
        kind: 'drip',
        delayMs: 400,
        operations: ['GetMedia'],
      });
      const started = Date.now();
      const response = await get(audioPath(FINISHED));
      const took = Date.now() - started;
      expect(response.status).toBe(504);
      expect(((await response.json()) as Json).code).toBe('provider_timeout');
      // The deadline is 2 s; the document would take about 40 s at this pace.
      expect(took).toBeLessThan(8_000);
    });

    it('a short unlabelled head sent a byte at a time is a 504 too', async () => {
      await injectFault(target().verba.origin, {
        kind: 'drip',
        delayMs: 400,
        contentType: 'application/octet-stream',
        operations: ['GetMedia'],
      });
      const started = Date.now();
      const response = await get(audioPath(FINISHED));
      expect(response.status).toBe(504);
      await response.body?.cancel();
      expect(Date.now() - started).toBeLessThan(8_000);
    });
  });

  describe('the stream budget', () => {
    it("refuses one key's ninth open stream with a 429 before anything is sent, and gives the slot back", async () => {
      const open: Response[] = [];
      try {
        for (let i = 0; i < 8; i++) {
          const response = await get(audioPath(FINISHED));
          expect(response.status).toBe(200);
          open.push(response);
        }
        const refused = await get(audioPath(FINISHED));
        expect(refused.status).toBe(429);
        expect(refused.headers.get('retry-after')).toBe('5');
        expect(((await refused.json()) as Json).code).toBe('too_many_streams');
        const media = (await sandboxRequests(target().verba.origin)).filter(
          (r) => r.action === 'GetMedia',
        );
        expect(media).toHaveLength(8);
        await open.pop()?.body?.cancel();
        await expect
          .poll(
            async () => {
              const again = await get(audioPath(FINISHED), { headers: { range: 'bytes=0-43' } });
              await again.body?.cancel();
              return again.status;
            },
            { timeout: 5_000 },
          )
          .toBe(206);
      } finally {
        await Promise.all(open.map((response) => response.body?.cancel()));
      }
    });
  });

  describe("CallFire's answers", () => {
    const path = `/calls/callfire_${CALLFIRE_CALL}/recordings/${CALLFIRE_RECORDING}/audio`;

    it('a 416 keeps its content-range', async () => {
      await injectFault(target().callfire.origin, {
        kind: 'status',
        status: 416,
        headers: { 'content-range': 'bytes */186044' },
        operations: ['GetRecording'],
      });
      const response = await get(path, { headers: { range: 'bytes=999999-' } });
      expect(response.status).toBe(416);
      expect(response.headers.get('content-range')).toBe('bytes */186044');
      expect(((await response.json()) as Json).code).toBe('range_not_satisfiable');
      const fetched = (await sandboxRequests(target().callfire.origin)).filter(
        (r) => r.action === 'GetRecording',
      );
      expect(fetched).toHaveLength(1);
    });
  });
}
