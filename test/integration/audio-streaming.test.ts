/**
 * Audio through the Node gateway at the level of the stream: what a decoder reads in it,
 * who may listen and the audit line each listening leaves, a caller that hangs up, a
 * provider that goes silent, and the media size cap.
 */
import { request } from 'node:http';
import { parseBuffer } from 'music-metadata';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  startVerbaSandbox,
  VERBA_SAMPLE_CALLS,
  type VerbaSandbox,
} from '../../providers/verba/sandbox/index.ts';
import { audioPath, FINISHED } from '../shared/recordings-routes.ts';
import { type RunningGateway, startGateway } from '../support/gateway.ts';
import { TEST_KEYS } from '../support/keys.ts';
import { injectFault, resetSandbox, sandboxRequests } from '../support/sandbox-log.ts';
import { verbaEnv } from '../support/verba.ts';

const LONG = VERBA_SAMPLE_CALLS.long;
let verba: VerbaSandbox;
let gateway: RunningGateway;
let impatient: RunningGateway;
let capped: RunningGateway;

beforeAll(async () => {
  // An hour-long recording (57 MB): far more than socket buffers hold, so a caller that
  // hangs up leaves the provider still sending.
  verba = await startVerbaSandbox({ longCallSeconds: 3600 });
  gateway = await startGateway(verbaEnv(verba), { name: 'audio-streaming' });
  // Waits 400 ms for the next chunk: only for the silent provider, as a loaded machine can
  // pause a healthy stream that long.
  impatient = await startGateway(
    { ...verbaEnv(verba), VERBA_BODY_TIMEOUT_MS: '400' },
    { name: 'audio-streaming-impatient' },
  );
  capped = await startGateway(
    { ...verbaEnv(verba), VERBA_MAX_MEDIA_BYTES: String(64 * 1024) },
    { name: 'audio-streaming-capped' },
  );
});

afterAll(async () => {
  await gateway?.close();
  await impatient?.close();
  await capped?.close();
  await verba?.close();
});

beforeEach(async () => {
  await resetSandbox(verba.origin);
});

const audits = (g: RunningGateway) =>
  g
    .logs()
    .filter((line) => line.msg === 'audit')
    .map((line) => line.audit as Record<string, unknown>);

async function lastAudit(g: RunningGateway, requestId: string) {
  let found: Record<string, unknown> | undefined;
  await expect
    .poll(() => {
      found = audits(g).find((a) => a.requestId === requestId);
      return found !== undefined;
    })
    .toBe(true);
  return found as Record<string, unknown>;
}

describe('what a decoder reads', () => {
  it("the original is a WAV of the call's length: PCM, 8 kHz, 16 bits, mono", async () => {
    const response = await gateway.fetch(audioPath(FINISHED));
    const bytes = Buffer.from(await response.arrayBuffer());
    // RIFF header fields, read by hand.
    expect(bytes.toString('ascii', 0, 4)).toBe('RIFF');
    expect(bytes.readUInt32LE(4)).toBe(bytes.length - 8);
    expect(bytes.toString('ascii', 8, 16)).toBe('WAVEfmt ');
    expect(bytes.readUInt16LE(20)).toBe(1);
    expect(bytes.readUInt16LE(22)).toBe(1);
    expect(bytes.readUInt32LE(24)).toBe(8000);
    expect(bytes.readUInt16LE(34)).toBe(16);
    expect(bytes.readUInt32LE(40)).toBe(754 * 8000 * 2);
    const { format } = await parseBuffer(bytes, { mimeType: 'audio/wav' });
    expect(format).toMatchObject({ container: 'WAVE', codec: 'PCM', sampleRate: 8000 });
    expect(format.duration).toBe(754);
  });

  it('an MP3 segment opens on a frame sync and lasts what was asked', async () => {
    const response = await gateway.fetch(`${audioPath(FINISHED)}?format=mp3&start=20&end=32`);
    const bytes = Buffer.from(await response.arrayBuffer());
    expect(bytes[0]).toBe(0xff);
    expect((bytes[1] as number) & 0xe0).toBe(0xe0);
    const { format } = await parseBuffer(bytes, { mimeType: 'audio/mpeg' }, { duration: true });
    expect(format.codec).toBe('MPEG 2.5 Layer 3');
    expect(format.sampleRate).toBe(8000);
    // The encoder adds at most a frame or two of padding (a frame is 0.144 s at 8 kHz).
    expect(format.duration).toBeGreaterThanOrEqual(12);
    expect(format.duration).toBeLessThan(12.35);
  });

  it('a PCM16 segment holds exactly the samples of the original at that place', async () => {
    const segment = Buffer.from(
      await (
        await gateway.fetch(`${audioPath(FINISHED)}?format=pcm16&start=100&end=103`)
      ).arrayBuffer(),
    );
    const from = 44 + 100 * 16000;
    const original = Buffer.from(
      await (
        await gateway.fetch(audioPath(FINISHED), {
          headers: { range: `bytes=${from}-${from + 3 * 16000 - 1}` },
        })
      ).arrayBuffer(),
    );
    expect(segment.readUInt32LE(40)).toBe(3 * 16000);
    expect(segment.subarray(44).equals(original)).toBe(true);
    // And not the samples a second later: the cut is at the right place.
    const later = Buffer.from(
      await (
        await gateway.fetch(`${audioPath(FINISHED)}?format=pcm16&start=101&end=104`)
      ).arrayBuffer(),
    );
    expect(later.subarray(44).equals(original)).toBe(false);
  });
});

describe('who may listen', () => {
  it('needs recordings:read for audio, calls:read for the list, and audits both outcomes', async () => {
    const reader = { headers: { authorization: `Bearer ${TEST_KEYS.reader}` } };
    const listed = await gateway.fetch(`/calls/verba_${FINISHED}/recordings`, reader);
    expect(listed.status).toBe(200);
    const denied = await gateway.fetch(`${audioPath(FINISHED)}?format=mp3`, reader);
    expect(denied.status).toBe(403);
    expect(((await denied.json()) as { detail: string }).detail).toContain("'recordings:read'");
    expect((await sandboxRequests(verba.origin)).map((r) => r.action)).not.toContain('GetMedia');
    expect(await lastAudit(gateway, denied.headers.get('x-request-id') ?? '')).toMatchObject({
      operation: 'getRecordingAudio',
      keyName: 'test-reader',
      id: `verba_${FINISHED}`,
      recordingId: FINISHED,
      format: 'mp3',
      bytes: 0,
      outcome: 'denied',
      status: 403,
    });

    const heard = await gateway.fetch(`${audioPath(FINISHED)}?format=pcm8&start=0&end=2`);
    const size = (await heard.arrayBuffer()).byteLength;
    expect(await lastAudit(gateway, heard.headers.get('x-request-id') ?? '')).toEqual({
      operation: 'getRecordingAudio',
      keyName: 'test-all',
      instance: 'verba',
      id: `verba_${FINISHED}`,
      recordingId: FINISHED,
      format: 'pcm8',
      start: 0,
      end: 2,
      status: 200,
      requestId: heard.headers.get('x-request-id'),
      bytes: size,
      outcome: 'done',
    });
  });
});

describe('a caller that hangs up', () => {
  it('aborts the upstream request, and the audit line says how far it got', async () => {
    const url = new URL(`${gateway.url}${audioPath(LONG)}`);
    const requestId = await new Promise<string>((resolve, reject) => {
      const req = request(url, { headers: { authorization: `Bearer ${TEST_KEYS.all}` } }, (res) => {
        res.once('data', () => {
          // One chunk heard, then the listener is gone.
          req.destroy();
          resolve(String(res.headers['x-request-id']));
        });
      });
      req.on('error', () => {});
      req.once('error', reject);
      req.end();
    });
    let served: { bytes?: number; aborted?: boolean } | undefined;
    await expect
      .poll(async () => {
        served = (await sandboxRequests(verba.origin)).find((r) => r.action === 'GetMedia') as
          | { bytes?: number; aborted?: boolean }
          | undefined;
        return served?.aborted;
      })
      .toBe(true);
    expect(served?.bytes).toBeLessThan(3600 * 16000);
    const audit = await lastAudit(gateway, requestId);
    expect(audit).toMatchObject({ outcome: 'cancelled', status: 200 });
    expect(audit.bytes).toBeGreaterThan(0);
    expect(audit.bytes).toBeLessThan(3600 * 16000);
  });
});

describe('a provider that goes silent mid-stream', () => {
  it('ends the answer after the body timeout, and logs it', async () => {
    await injectFault(verba.origin, { kind: 'stall', operations: ['GetMedia'] });
    const response = await impatient.fetch(audioPath(FINISHED));
    expect(response.status).toBe(200);
    const reader = (response.body as ReadableStream<Uint8Array>).getReader();
    let received = 0;
    const ended = await (async () => {
      try {
        for (;;) {
          const { done, value } = await reader.read();
          if (done) return 'complete';
          received += value.byteLength;
        }
      } catch {
        return 'broken';
      }
    })();
    // The answer said 12 MB; it stops after the first 16 KiB, short of its Content-Length.
    expect(ended).toBe('broken');
    expect(received).toBe(16 * 1024);
    const requestId = response.headers.get('x-request-id') ?? '';
    expect(await lastAudit(impatient, requestId)).toMatchObject({
      outcome: 'failed',
      ended: 'timeout',
      bytes: 16 * 1024,
    });
    const failed = impatient
      .logs()
      .find((line) => line.msg === 'upstream stream failed' && line.requestId === requestId);
    expect(failed?.upstream).toMatchObject({ ended: 'timeout', bytes: 16 * 1024 });
  });
});

describe('the media size cap', () => {
  it('refuses a recording that says it is larger, before a byte is sent', async () => {
    const response = await capped.fetch(audioPath(FINISHED));
    expect(response.status).toBe(502);
    expect(((await response.json()) as { code: string }).code).toBe('provider_bad_response');
  });

  it('cuts a stream of unknown length at the cap, and audits it as failed', async () => {
    const response = await capped.fetch(`${audioPath(FINISHED)}?format=mp3&start=0&end=45`);
    expect(response.status).toBe(200);
    const received = await response
      .arrayBuffer()
      .then((body) => body.byteLength)
      .catch(() => -1);
    expect(received).toBe(-1);
    expect(await lastAudit(capped, response.headers.get('x-request-id') ?? '')).toMatchObject({
      outcome: 'failed',
      ended: 'too_large',
    });
  });
});

describe('a stream cut short', () => {
  it('by the media cap or an upstream reset logs no uncaught error, once at the gateway, and the caller sees it broken', async () => {
    const printed: string[] = [];
    let requestId = '';
    const spies = (['error', 'info', 'warn', 'log'] as const).map((level) =>
      vi.spyOn(console, level).mockImplementation((...args: unknown[]) => {
        printed.push(
          args.map((a) => (a instanceof Error ? `${a.name}: ${a.message}` : String(a))).join(' '),
        );
      }),
    );
    try {
      const response = await capped.fetch(`${audioPath(FINISHED)}?format=mp3&start=0&end=45`);
      expect(response.status).toBe(200);
      const received = await response
        .arrayBuffer()
        .then(() => 'complete')
        .catch(() => 'broken');
      expect(received).toBe('broken');
      requestId = response.headers.get('x-request-id') ?? '';
      expect(await lastAudit(capped, requestId)).toMatchObject({
        outcome: 'failed',
        ended: 'too_large',
      });
      // Whatever the server adapter would have printed has had its chance.
      await new Promise((resolve) => setTimeout(resolve, 200));
    } finally {
      for (const spy of spies) spy.mockRestore();
    }
    expect(printed.filter((line) => /UpstreamError|aborted a request/.test(line))).toEqual([]);
    const failed = capped
      .logs()
      .filter(
        (line) =>
          line.msg === 'upstream stream failed' &&
          line.requestId === requestId &&
          (line.upstream as { ended?: string }).ended === 'too_large',
      );
    expect(failed).toHaveLength(1);
  });
});
