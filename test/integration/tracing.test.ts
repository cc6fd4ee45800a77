/**
 * Traces on Node, exported to a local OTLP/HTTP receiver: the request span continues the
 * caller's trace, each upstream attempt, the cache read and the XML parse are its children,
 * the provider is sent a `traceparent` naming the attempt, and every log line of the
 * request carries the trace id.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startVerbaSandbox, type VerbaSandbox } from '../../providers/verba/sandbox/index.ts';
import { parseTraceContext } from '../../src/core/trace-context.ts';
import { type NodeTracing, startTracing } from '../../src/node/otel.ts';
import { type RunningGateway, startGateway } from '../support/gateway.ts';
import { type ReceivedSpan, startOtlpReceiver } from '../support/otlp-receiver.ts';
import { injectFault, resetSandbox, sandboxRequests } from '../support/sandbox-log.ts';
import { verbaEnv } from '../support/verba.ts';

const FINISHED = 'a8343631-9f35-4a3a-83f0-9e81592339fb';
const ONGOING = '5d0b6f0c-7f64-4d3e-9a51-2c1f0f6e8a10';
const TRACE = '0af7651916cd43dd8448eb211c80319c';
const CALLER_SPAN = 'b7ad6b7169203331';
const SERVER = 2;
const CLIENT = 3;
const INTERNAL = 1;

let receiver: Awaited<ReturnType<typeof startOtlpReceiver>>;
let tracing: NodeTracing;
let verba: VerbaSandbox;
let gateway: RunningGateway;

beforeAll(async () => {
  receiver = await startOtlpReceiver();
  // The exporter reads the standard variables from the process, as it does under npm start.
  process.env.OTEL_EXPORTER_OTLP_ENDPOINT = receiver.endpoint;
  process.env.OTEL_SERVICE_NAME = 'callgate-test';
  const started = await startTracing(process.env);
  if (!started) throw new Error('tracing did not start');
  tracing = started;
  verba = await startVerbaSandbox();
  gateway = await startGateway(verbaEnv(verba), { name: 'tracing', tracer: tracing.tracer });
});

afterAll(async () => {
  await gateway?.close();
  await verba?.close();
  await tracing?.shutdown();
  await receiver?.close();
  delete process.env.OTEL_EXPORTER_OTLP_ENDPOINT;
  delete process.env.OTEL_SERVICE_NAME;
});

beforeEach(async () => {
  await resetSandbox(verba.origin);
});

async function exported(traceId: string): Promise<ReceivedSpan[]> {
  await tracing.flush();
  expect(receiver.rejected()).toEqual([]);
  return receiver.spans().filter((span) => span.traceId === traceId);
}

const linesOf = (requestId: string | null) =>
  gateway.logs().filter((line) => line.requestId === requestId);

describe('a request with a traceparent', () => {
  it('is one trace with the caller: request span, attempts, cache and parse as children', async () => {
    // The first read attempt is reset, so the call takes two attempts.
    await injectFault(verba.origin, {
      kind: 'reset',
      times: 1,
      operations: ['GetCallInformation'],
    });
    const response = await gateway.fetch(`/calls/verba_${ONGOING}`, {
      headers: {
        traceparent: `00-${TRACE}-${CALLER_SPAN}-01`,
        tracestate: 'congo=t61rcWkgMzE',
      },
    });
    expect(response.status).toBe(200);
    await response.arrayBuffer();

    const spans = await exported(TRACE);
    const request = spans.find((span) => span.kind === SERVER);
    expect(request).toMatchObject({
      name: 'GET /calls/:id',
      parentSpanId: CALLER_SPAN,
      attributes: {
        'http.request.method': 'GET',
        'http.route': '/calls/:id',
        'http.response.status_code': 200,
        'callgate.provider_instance': 'verba',
      },
    });
    expect(request?.resource['service.name']).toBe('callgate-test');
    const children = spans.filter((span) => span.parentSpanId === request?.spanId);
    // Nothing hangs anywhere but under the request span.
    expect(children.length).toBe(spans.length - 1);

    const attempts = children.filter((span) => span.kind === CLIENT);
    const reads = attempts.filter((span) => span.name === 'verba GetCallInformation');
    expect(reads.map((span) => span.attributes['http.request.resend_count'] ?? 0)).toEqual([0, 1]);
    expect(reads[0]?.status).toMatchObject({ code: 2, message: 'network' });
    expect(reads[1]?.attributes).toMatchObject({
      'callgate.provider_instance': 'verba',
      'callgate.operation': 'GetCallInformation',
      'http.response.status_code': 200,
    });
    // A new gateway asks for a token first, in the same trace.
    expect(attempts.map((span) => span.name)).toContain('verba RequestToken');
    expect(children.filter((span) => span.kind === INTERNAL).map((span) => span.name)).toEqual(
      expect.arrayContaining(['cache read', 'verba xml parse']),
    );
    expect(children.find((span) => span.name === 'cache read')?.attributes).toMatchObject({
      'callgate.cache.result': 'miss',
    });

    // Verba was sent the trace, naming the attempt that carried it.
    const received = (await sandboxRequests(verba.origin)).filter(
      (r) => r.action === 'GetCallInformation',
    );
    expect(received).toHaveLength(2);
    expect(received.map((r) => parseTraceContext(r.traceparent ?? undefined, undefined))).toEqual(
      reads.map((span) => ({ traceId: TRACE, spanId: span.spanId, flags: 1 })),
    );
    for (const r of received) expect(r.tracestate).toBe('congo=t61rcWkgMzE');

    // Every log line of the request names the trace.
    const lines = linesOf(response.headers.get('x-request-id'));
    // The failed attempt, its retry and the request's own line (a healthy first attempt,
    // the token's, is told by the request's line alone).
    expect(lines.length).toBeGreaterThanOrEqual(3);
    for (const line of lines) expect(line.traceId).toBe(TRACE);
  });

  it('records nothing when the caller did not sample, but still passes the trace on', async () => {
    const unsampled = '1af7651916cd43dd8448eb211c80319c';
    const response = await gateway.fetch(`/calls/verba_${FINISHED}`, {
      headers: { traceparent: `00-${unsampled}-${CALLER_SPAN}-00` },
    });
    expect(response.status).toBe(200);
    await response.arrayBuffer();
    expect(await exported(unsampled)).toEqual([]);
    const [read] = (await sandboxRequests(verba.origin)).filter(
      (r) => r.action === 'GetCallInformation',
    );
    expect(parseTraceContext(read?.traceparent ?? undefined, undefined)).toMatchObject({
      traceId: unsampled,
      flags: 0,
    });
    for (const line of linesOf(response.headers.get('x-request-id'))) {
      expect(line.traceId).toBe(unsampled);
    }
  });
});

describe('a request without one', () => {
  it('starts a trace, logs its id and passes it to the provider', async () => {
    const response = await gateway.fetch(`/calls/verba_${FINISHED}?include=raw`, {
      headers: { traceparent: 'garbage' },
    });
    expect(response.status).toBe(200);
    await response.arrayBuffer();
    const lines = linesOf(response.headers.get('x-request-id'));
    const traceId = lines[0]?.traceId as string;
    expect(traceId).toMatch(/^[0-9a-f]{32}$/);
    for (const line of lines) expect(line.traceId).toBe(traceId);

    const spans = await exported(traceId);
    const request = spans.find((span) => span.kind === SERVER);
    expect(request?.parentSpanId).toBe('');
    const [read] = (await sandboxRequests(verba.origin)).filter(
      (r) => r.action === 'GetCallInformation',
    );
    expect(parseTraceContext(read?.traceparent ?? undefined, undefined)?.traceId).toBe(traceId);
    expect(read?.tracestate).toBeNull();
  });
});
