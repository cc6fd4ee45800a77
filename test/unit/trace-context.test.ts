import { describe, expect, it } from 'vitest';
import { IDS_ONLY_TRACER } from '../../src/core/telemetry.ts';
import {
  formatTraceparent,
  isSampled,
  newTrace,
  parseTraceContext,
} from '../../src/core/trace-context.ts';

const TRACE = '4bf92f3577b34da6a3ce929d0e0e4736';
const PARENT = '00f067aa0ba902b7';
const VALID = `00-${TRACE}-${PARENT}-01`;

describe('traceparent', () => {
  it('reads the example of the W3C recommendation', () => {
    expect(parseTraceContext(VALID, undefined)).toEqual({
      traceId: TRACE,
      spanId: PARENT,
      flags: 1,
    });
    expect(parseTraceContext(`00-${TRACE}-${PARENT}-00`, undefined)?.flags).toBe(0);
  });

  it.each([
    ['uppercase hex', `00-${TRACE.toUpperCase()}-${PARENT}-01`],
    ['an all-zero trace id', `00-${'0'.repeat(32)}-${PARENT}-01`],
    ['an all-zero parent id', `00-${TRACE}-${'0'.repeat(16)}-01`],
    ['version ff', `ff-${TRACE}-${PARENT}-01`],
    ['version 00 with more fields', `${VALID}-extra`],
    ['a short trace id', `00-${TRACE.slice(1)}-${PARENT}-01`],
    ['no flags', `00-${TRACE}-${PARENT}`],
    ['garbage', 'not a traceparent'],
    ['an empty value', ''],
  ])('ignores %s (the gateway starts its own trace)', (_, value) => {
    expect(parseTraceContext(value, undefined)).toBeNull();
  });

  it('accepts a later version and its extra fields, reading the first four', () => {
    expect(parseTraceContext(`01-${TRACE}-${PARENT}-01-future`, undefined)).toMatchObject({
      traceId: TRACE,
      spanId: PARENT,
    });
  });

  it('writes what it reads', () => {
    expect(formatTraceparent(parseTraceContext(VALID, undefined) ?? newTrace())).toBe(VALID);
  });
});

describe('tracestate', () => {
  it('is kept beside a valid traceparent, members joined as one list', () => {
    expect(parseTraceContext(VALID, 'congo=t61rcWkgMzE, rojo=00f067aa0ba902b7')?.state).toBe(
      'congo=t61rcWkgMzE,rojo=00f067aa0ba902b7',
    );
    expect(parseTraceContext(VALID, 'tenant@vendor=x')?.state).toBe('tenant@vendor=x');
  });

  it.each([
    ['a member without a value', 'congo'],
    ['an uppercase key', 'Congo=1'],
    ['a duplicate key', 'a=1,a=2'],
    ['more than 32 members', Array.from({ length: 33 }, (_, i) => `k${i}=v`).join(',')],
  ])('is dropped with %s', (_, value) => {
    const parsed = parseTraceContext(VALID, value);
    expect(parsed?.traceId).toBe(TRACE);
    expect(parsed?.state).toBeUndefined();
  });

  it('counts for nothing without a valid traceparent', () => {
    expect(parseTraceContext(undefined, 'congo=1')).toBeNull();
  });
});

describe('ids without a tracing backend', () => {
  it('starts a sampled trace with fresh, valid ids', () => {
    const a = newTrace();
    const b = newTrace();
    expect(a.traceId).toMatch(/^[0-9a-f]{32}$/);
    expect(a.spanId).toMatch(/^[0-9a-f]{16}$/);
    expect(a.traceId).not.toBe(b.traceId);
    expect(isSampled(a)).toBe(true);
  });

  it('continues the caller trace: same trace id, flags and state, a span id of its own', () => {
    const caller = parseTraceContext(`00-${TRACE}-${PARENT}-00`, 'congo=1');
    const request = IDS_ONLY_TRACER.startRequest('GET /calls/:id', caller);
    expect(request.ids).toMatchObject({ traceId: TRACE, flags: 0, state: 'congo=1' });
    expect(request.ids.spanId).not.toBe(PARENT);
    const attempt = request.child('upstream', 'client');
    expect(attempt.ids.traceId).toBe(TRACE);
    expect(attempt.ids.spanId).not.toBe(request.ids.spanId);
    // A span's ids are drawn once.
    expect(attempt.ids.spanId).toBe(attempt.ids.spanId);
  });
});
