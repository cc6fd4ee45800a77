import { spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseTraceContext } from '../../src/core/trace-context.ts';
import {
  type NodeTracing,
  startTracing,
  tracingProblems,
  tracingWanted,
} from '../../src/node/otel.ts';
import { startOtlpReceiver } from '../support/otlp-receiver.ts';

const TRACE = '4bf92f3577b34da6a3ce929d0e0e4736';
const OTEL_MODULE = new URL('../../src/node/otel.ts', import.meta.url).pathname;
/** Starts tracing in a fresh process and says which telemetry packages were imported. */
const LOADED_MODULES = `
import { registerHooks } from 'node:module';
const loaded = new Set();
registerHooks({
  resolve(specifier, context, next) {
    if (/^(@opentelemetry\\/[a-z-]+|prom-client)/.test(specifier)) loaded.add(specifier);
    return next(specifier, context);
  },
});
const { startTracing } = await import(process.argv[1]);
const tracing = await startTracing(JSON.parse(process.argv[2]));
process.stdout.write(JSON.stringify({ started: tracing !== null, loaded: [...loaded] }));
await tracing?.shutdown();
`;
const CALLER_SPAN = '00f067aa0ba902b7';

describe('when tracing is on', () => {
  it('needs an OTLP endpoint, and yields to the standard off switches', () => {
    expect(tracingWanted({})).toBe(false);
    expect(tracingWanted({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318' })).toBe(true);
    expect(tracingWanted({ OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://c/v1/traces' })).toBe(true);
    expect(
      tracingWanted({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c:4318', OTEL_SDK_DISABLED: 'true' }),
    ).toBe(false);
    expect(
      tracingWanted({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c:4318', OTEL_TRACES_EXPORTER: 'none' }),
    ).toBe(false);
  });

  it('names each unusable variable', () => {
    const endpoint = { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c:4318' };
    expect(tracingProblems(endpoint)).toEqual([]);
    expect(tracingProblems({ ...endpoint, OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json' })).toEqual([]);
    expect(tracingProblems({ ...endpoint, OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc' })).toEqual([
      "OTEL_EXPORTER_OTLP_PROTOCOL: only http/json is supported, not 'grpc'",
    ]);
    expect(
      tracingProblems({
        ...endpoint,
        OTEL_TRACES_SAMPLER: 'traceidratio',
        OTEL_TRACES_SAMPLER_ARG: '2',
      }),
    ).toEqual(['OTEL_TRACES_SAMPLER_ARG: a ratio from 0 to 1']);
    expect(tracingProblems({ ...endpoint, OTEL_TRACES_SAMPLER: 'sometimes' })[0]).toMatch(
      /^OTEL_TRACES_SAMPLER: one of always_on/,
    );
    // Without an endpoint nothing is read, so nothing is wrong.
    expect(tracingProblems({ OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc' })).toEqual([]);
  });

  it('loads no OpenTelemetry module without an endpoint, and the SDK with one', () => {
    const loaded = (env: Record<string, string>) => {
      const run = spawnSync(
        process.execPath,
        ['--input-type=module', '-e', LOADED_MODULES, OTEL_MODULE, JSON.stringify(env)],
        { encoding: 'utf8' },
      );
      if (run.status !== 0) throw new Error(run.stderr);
      return JSON.parse(run.stdout) as { started: boolean; loaded: string[] };
    };
    expect(loaded({})).toEqual({ started: false, loaded: [] });
    const on = loaded({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:9' });
    expect(on.started).toBe(true);
    expect(on.loaded).toEqual(
      expect.arrayContaining([
        '@opentelemetry/sdk-trace',
        '@opentelemetry/exporter-trace-otlp-http',
      ]),
    );
  });
});

describe('spans exported over OTLP/HTTP', () => {
  let receiver: Awaited<ReturnType<typeof startOtlpReceiver>>;
  let tracing: NodeTracing;

  beforeAll(async () => {
    receiver = await startOtlpReceiver();
    // The exporter and the resource read the standard variables from the process.
    process.env.OTEL_EXPORTER_OTLP_ENDPOINT = receiver.endpoint;
    process.env.OTEL_RESOURCE_ATTRIBUTES = 'deployment.environment=test';
    const started = await startTracing(process.env);
    if (!started) throw new Error('tracing did not start');
    tracing = started;
  });

  afterAll(async () => {
    await tracing.shutdown();
    await receiver.close();
    delete process.env.OTEL_EXPORTER_OTLP_ENDPOINT;
    delete process.env.OTEL_RESOURCE_ATTRIBUTES;
  });

  it('continue the caller trace, with children under the request span', async () => {
    const caller = parseTraceContext(`00-${TRACE}-${CALLER_SPAN}-01`, 'congo=t61rcWkgMzE');
    const request = tracing.tracer.startRequest('GET', caller, { 'http.request.method': 'GET' });
    const attempt = request.child('verba GetCallInformation', 'client', {
      'http.request.resend_count': 1,
    });
    attempt.fail('timeout');
    attempt.end();
    request.rename('GET /calls/:id');
    request.set({ 'http.response.status_code': 504 });
    request.end();
    await tracing.flush();

    expect(receiver.rejected()).toEqual([]);
    const spans = receiver.spans();
    const server = spans.find((span) => span.name === 'GET /calls/:id');
    const client = spans.find((span) => span.name === 'verba GetCallInformation');
    expect(server).toMatchObject({
      traceId: TRACE,
      parentSpanId: CALLER_SPAN,
      kind: 2,
      attributes: { 'http.request.method': 'GET', 'http.response.status_code': 504 },
    });
    expect(server?.resource).toMatchObject({
      'service.name': 'callgate',
      'deployment.environment': 'test',
    });
    expect(client).toMatchObject({
      traceId: TRACE,
      parentSpanId: server?.spanId,
      kind: 3,
      attributes: { 'http.request.resend_count': 1 },
      status: { code: 2, message: 'timeout' },
    });
    // What a provider is sent names the attempt's span, in the caller's trace and state.
    expect(attempt.ids).toEqual({
      traceId: TRACE,
      spanId: client?.spanId,
      flags: 1,
      state: 'congo=t61rcWkgMzE',
    });
  });

  it('start a trace of their own when the caller sent none', async () => {
    const request = tracing.tracer.startRequest('GET /healthz', null);
    request.end();
    await tracing.flush();
    const span = receiver.spans().find((s) => s.name === 'GET /healthz');
    expect(span?.traceId).toBe(request.ids.traceId);
    expect(span?.traceId).not.toBe(TRACE);
    expect(span?.parentSpanId).toBe('');
  });

  it('record nothing when the caller did not sample, yet still carry ids', async () => {
    const caller = parseTraceContext(`00-${TRACE}-${CALLER_SPAN}-00`, undefined);
    const request = tracing.tracer.startRequest('GET /unsampled', caller);
    const child = request.child('verba GetCallID', 'client');
    child.end();
    request.end();
    await tracing.flush();
    expect(receiver.spans().map((s) => s.name)).not.toContain('GET /unsampled');
    expect(child.ids).toMatchObject({ traceId: TRACE, flags: 0 });
    expect(child.ids.spanId).toMatch(/^[0-9a-f]{16}$/);
  });
});
