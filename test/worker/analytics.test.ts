/**
 * The Worker's metrics: each request is one Analytics Engine data point with the labels
 * the Prometheus request series carry on Node. The binding here records what it is given,
 * as Cloudflare's AnalyticsEngineDataset would store it.
 */
import { createExecutionContext } from 'cloudflare:test';
import { beforeEach, describe, expect, inject, it } from 'vitest';
import { POINT_LAYOUT } from '../../src/worker/analytics-engine.ts';
import { buildWorkerApp } from '../../src/worker/index.ts';
import { TEST_API_KEYS, TEST_KEYS, withKey } from '../support/keys.ts';
import { resetSandbox } from '../support/sandbox-log.ts';
import { ownState, workerEnv } from './worker-env.ts';

const verba = inject('verba');
const FINISHED = 'a8343631-9f35-4a3a-83f0-9e81592339fb';
const UNKNOWN = '11111111-2222-4333-8444-555555555555';
const ctx = createExecutionContext();

interface Point {
  blobs?: string[];
  doubles?: number[];
  indexes?: string[];
}

function recordingDataset() {
  const points: Point[] = [];
  return {
    points,
    dataset: { writeDataPoint: (point: Point) => points.push(structuredClone(point)) },
  };
}

beforeEach(async () => {
  await resetSandbox(verba.origin);
});

describe('Analytics Engine on the Worker', () => {
  it('receives one data point per request, with the request series labels', async () => {
    const { points, dataset } = recordingDataset();
    const env = {
      VERBA_BASE_URL: verba.apiUrl,
      VERBA_API_KEY: verba.apiKey,
      VERBA_USERNAME: verba.userName,
      VERBA_PASSWORD: verba.password,
      VERBA_TIMEZONE: verba.timeZone,
      GATEWAY_API_KEYS: TEST_API_KEYS,
      LOG_LEVEL: 'silent',
      METRICS: dataset,
    };
    const handler = buildWorkerApp(workerEnv(env), ownState());
    const send = async (path: string, status: number) => {
      const response = await handler(
        new Request(`https://callgate.test${path}`, withKey(undefined)),
        env,
        ctx,
      );
      expect(response.status).toBe(status);
      await response.arrayBuffer();
    };
    await send(`/calls/verba_${FINISHED}`, 200);
    await send(`/calls/verba_${FINISHED}`, 200);
    await send(`/calls/verba_${UNKNOWN}`, 404);
    await send('/no/such/route', 404);
    await send('/healthz', 200);

    expect(POINT_LAYOUT.request.blobs).toEqual([
      'kind',
      'route',
      'method',
      'status_class',
      'provider_instance',
    ]);
    const requests = points.filter((point) => point.blobs?.[0] === 'request');
    expect(requests.map((point) => point.blobs)).toEqual([
      ['request', '/calls/:id', 'GET', '2xx', 'verba'],
      ['request', '/calls/:id', 'GET', '2xx', 'verba'],
      ['request', '/calls/:id', 'GET', '4xx', 'verba'],
      ['request', 'unmatched', 'GET', '4xx', ''],
      ['request', '/healthz', 'GET', '2xx', ''],
    ]);
    expect(requests.map((point) => point.doubles?.[1])).toEqual([200, 200, 404, 404, 200]);
    for (const point of requests) {
      expect(point.doubles).toHaveLength(POINT_LAYOUT.request.doubles.length);
      expect(point.doubles?.[0]).toBeGreaterThanOrEqual(0);
    }
    expect(requests.map((point) => point.indexes)).toEqual([
      ['verba'],
      ['verba'],
      ['verba'],
      ['gateway'],
      ['gateway'],
    ]);
    // The second read of the finished call was answered from the cache: no attempt.
    expect(requests.map((point) => point.doubles?.[2])).toEqual([2, 0, 1, 0, 0]);

    const kinds = points.map((point) => point.blobs?.[0]);
    expect(kinds.filter((kind) => kind === 'upstream')).toHaveLength(3);
    expect(points.filter((point) => point.blobs?.[0] === 'cache').map((p) => p.blobs)).toEqual([
      ['cache', 'verba', 'miss'],
      ['cache', 'verba', 'hit'],
      ['cache', 'verba', 'miss'],
    ]);
    expect(points.find((point) => point.blobs?.[0] === 'token')?.blobs).toEqual([
      'token',
      'verba',
      'initial',
      'granted',
    ]);
  });

  it('records the audio a stream relayed once it has ended', async () => {
    const { points, dataset } = recordingDataset();
    const env = {
      VERBA_BASE_URL: verba.apiUrl,
      VERBA_API_KEY: verba.apiKey,
      VERBA_USERNAME: verba.userName,
      VERBA_PASSWORD: verba.password,
      VERBA_TIMEZONE: verba.timeZone,
      GATEWAY_API_KEYS: TEST_API_KEYS,
      LOG_LEVEL: 'silent',
      METRICS: dataset,
    };
    const handler = buildWorkerApp(workerEnv(env), ownState());
    const response = await handler(
      new Request(
        `https://callgate.test/calls/verba_${FINISHED}/recordings/${FINISHED}/audio`,
        withKey(undefined),
      ),
      env,
      ctx,
    );
    expect(response.status).toBe(200);
    const bytes = (await response.arrayBuffer()).byteLength;
    expect(bytes).toBeGreaterThan(10_000);
    const audio = () => points.filter((point) => point.blobs?.[0] === 'audio');
    for (let i = 0; i < 50 && audio().length === 0; i++) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(audio().map((point) => [point.blobs, point.doubles])).toEqual([
      [['audio', 'verba'], [bytes]],
    ]);
    expect(points.filter((point) => point.blobs?.[0] === 'request')).toHaveLength(1);
  });

  it('serves no /metrics: the counters are in Analytics Engine', async () => {
    const env = {
      GATEWAY_API_KEYS: TEST_API_KEYS,
      VERBA_BASE_URL: verba.apiUrl,
      LOG_LEVEL: 'silent',
    };
    const handler = buildWorkerApp(
      workerEnv({ ...env, VERBA_API_KEY: verba.apiKey, VERBA_TOKEN: 'fixed' }),
      ownState(),
    );
    const response = await handler(
      new Request('https://callgate.test/metrics', withKey(undefined, TEST_KEYS.scraper)),
      env as never,
      ctx as never,
    );
    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({ code: 'metrics_not_served' });
  });
});
