/**
 * OpenTelemetry traces on Node, exported over OTLP/HTTP (JSON) when
 * `OTEL_EXPORTER_OTLP_ENDPOINT` or `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT` is set. The SDK is
 * imported only then, so a gateway without a collector loads none of it.
 *
 * The standard variables apply: the exporter reads OTEL_EXPORTER_OTLP_[TRACES_]ENDPOINT,
 * _HEADERS, _TIMEOUT and _COMPRESSION; the resource OTEL_SERVICE_NAME (default `callgate`)
 * and OTEL_RESOURCE_ATTRIBUTES; OTEL_TRACES_SAMPLER and OTEL_TRACES_SAMPLER_ARG choose the
 * sampler (default `parentbased_always_on`); OTEL_SDK_DISABLED=true and
 * OTEL_TRACES_EXPORTER=none turn it off.
 *
 * Spans are parented explicitly (each request holds its span), so no context manager or
 * AsyncLocalStorage is installed.
 */
import type * as Api from '@opentelemetry/api';
import type * as Sdk from '@opentelemetry/sdk-trace';
import type { Span, SpanAttributes, SpanKind, Tracer } from '../core/telemetry.ts';
import type { TraceIds } from '../core/trace-context.ts';

type Env = Record<string, string | undefined>;

export interface NodeTracing {
  tracer: Tracer;
  /** Exports what has ended so far (tests, and before exit). */
  flush(): Promise<void>;
  shutdown(): Promise<void>;
}

const SAMPLERS = [
  'always_on',
  'always_off',
  'traceidratio',
  'parentbased_always_on',
  'parentbased_always_off',
  'parentbased_traceidratio',
] as const;

/** Problems with the OTEL_* variables, one line each; empty when they are usable or unset. */
export function tracingProblems(env: Env): string[] {
  if (!tracingWanted(env)) return [];
  const problems: string[] = [];
  for (const name of ['OTEL_EXPORTER_OTLP_TRACES_PROTOCOL', 'OTEL_EXPORTER_OTLP_PROTOCOL']) {
    const protocol = env[name];
    if (protocol && protocol !== 'http/json') {
      problems.push(`${name}: only http/json is supported, not '${protocol}'`);
    }
  }
  const sampler = env.OTEL_TRACES_SAMPLER;
  if (sampler && !(SAMPLERS as readonly string[]).includes(sampler)) {
    problems.push(`OTEL_TRACES_SAMPLER: one of ${SAMPLERS.join(', ')}`);
  }
  if (sampler?.endsWith('traceidratio') && env.OTEL_TRACES_SAMPLER_ARG !== undefined) {
    const ratio = Number(env.OTEL_TRACES_SAMPLER_ARG);
    if (!(ratio >= 0 && ratio <= 1)) problems.push('OTEL_TRACES_SAMPLER_ARG: a ratio from 0 to 1');
  }
  return problems;
}

/** Is an OTLP endpoint configured, and tracing not switched off? */
export function tracingWanted(env: Env): boolean {
  if (env.OTEL_SDK_DISABLED?.trim().toLowerCase() === 'true') return false;
  if (env.OTEL_TRACES_EXPORTER?.split(',').every((name) => name.trim() === 'none')) return false;
  return Boolean(env.OTEL_EXPORTER_OTLP_ENDPOINT || env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT);
}

/**
 * The tracer, or null when no endpoint is configured. Call tracingProblems first: this
 * assumes the variables are valid. The exporter and resource read `process.env`, so `env`
 * must be it (or agree with it).
 */
export async function startTracing(env: Env = process.env): Promise<NodeTracing | null> {
  if (!tracingWanted(env)) return null;
  const [api, sdk, resources, otlp] = await Promise.all([
    import('@opentelemetry/api'),
    import('@opentelemetry/sdk-trace'),
    import('@opentelemetry/resources'),
    import('@opentelemetry/exporter-trace-otlp-http'),
  ]);
  const resource = resources
    .defaultResource()
    .merge(resources.resourceFromAttributes({ 'service.name': 'callgate' }))
    .merge(resources.detectResources({ detectors: [resources.envDetector] }));
  const provider = new sdk.TracerProvider({
    resource,
    sampler: samplerFrom(env, sdk),
    spanProcessors: [new sdk.BatchSpanProcessor({ exporter: new otlp.OTLPTraceExporter() })],
  });
  const tracer = provider.getTracer('callgate');
  const kinds: Record<SpanKind, Api.SpanKind> = {
    server: api.SpanKind.SERVER,
    client: api.SpanKind.CLIENT,
    internal: api.SpanKind.INTERNAL,
  };

  class OtelSpan implements Span {
    private readonly span: Api.Span;
    private readonly state: string | undefined;
    constructor(span: Api.Span, state: string | undefined) {
      this.span = span;
      this.state = state;
    }
    get ids(): TraceIds {
      const context = this.span.spanContext();
      const ids: TraceIds = {
        traceId: context.traceId,
        spanId: context.spanId,
        flags: context.traceFlags,
      };
      if (this.state !== undefined) ids.state = this.state;
      return ids;
    }
    child(name: string, kind: SpanKind, attributes?: SpanAttributes): Span {
      const parent = api.trace.setSpan(api.ROOT_CONTEXT, this.span);
      const options = attributes ? { kind: kinds[kind], attributes } : { kind: kinds[kind] };
      return new OtelSpan(tracer.startSpan(name, options, parent), this.state);
    }
    rename(name: string) {
      this.span.updateName(name);
    }
    set(attributes: SpanAttributes) {
      this.span.setAttributes(attributes);
    }
    fail(message: string) {
      this.span.setStatus({ code: api.SpanStatusCode.ERROR, message });
    }
    end() {
      this.span.end();
    }
  }

  return {
    tracer: {
      startRequest(name, parent, attributes) {
        const context = parent
          ? api.trace.setSpanContext(api.ROOT_CONTEXT, {
              traceId: parent.traceId,
              spanId: parent.spanId,
              traceFlags: parent.flags,
              isRemote: true,
              ...(parent.state ? { traceState: api.createTraceState(parent.state) } : {}),
            })
          : api.ROOT_CONTEXT;
        const options = attributes
          ? { kind: api.SpanKind.SERVER, attributes }
          : { kind: api.SpanKind.SERVER };
        return new OtelSpan(tracer.startSpan(name, options, context), parent?.state);
      },
    },
    flush: () => provider.forceFlush(),
    shutdown: () => provider.shutdown(),
  };
}

function samplerFrom(env: Env, sdk: typeof Sdk): Sdk.Sampler {
  const ratio = env.OTEL_TRACES_SAMPLER_ARG === undefined ? 1 : Number(env.OTEL_TRACES_SAMPLER_ARG);
  const parentBased = (root: Sdk.Sampler) => new sdk.ParentBasedSampler({ root });
  switch (env.OTEL_TRACES_SAMPLER) {
    case 'always_on':
      return new sdk.AlwaysOnSampler();
    case 'always_off':
      return new sdk.AlwaysOffSampler();
    case 'traceidratio':
      return new sdk.TraceIdRatioBasedSampler(ratio);
    case 'parentbased_always_off':
      return parentBased(new sdk.AlwaysOffSampler());
    case 'parentbased_traceidratio':
      return parentBased(new sdk.TraceIdRatioBasedSampler(ratio));
    default:
      return parentBased(new sdk.AlwaysOnSampler());
  }
}
