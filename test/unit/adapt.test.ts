/** The plumbing the core puts around every adapter, against a scripted upstream. */
import { describe, expect, it } from 'vitest';
import { adapt } from '../../src/core/adapt.ts';
import {
  GatewayError,
  notFound,
  providerBadResponse,
  providerError,
} from '../../src/core/errors.ts';
import type { Logger } from '../../src/core/logger.ts';
import type { Adapter, OperationContext } from '../../src/core/provider.ts';
import { WITHHELD } from '../../src/core/provider-text.ts';
import { IDS_ONLY_TRACER } from '../../src/core/telemetry.ts';
import { UpstreamError, type UpstreamRequest } from '../../src/core/upstream.ts';

const silent: Logger = { debug() {}, info() {}, warn() {}, error() {}, child: () => silent };
const origin = { provider: 'fake', instance: 'fake-eu' };
const SECRETS = ['s3cret-key', 'ops', 'pass word', 'ops:pass word'];

function harness(adapter: Adapter, fail?: Error) {
  const sent: UpstreamRequest[] = [];
  const ctx: OperationContext = {
    requestId: 'test',
    log: silent,
    span: IDS_ONLY_TRACER.startRequest('GET', null),
    http: async (request) => {
      sent.push(request);
      if (fail) throw fail;
      return { status: 200, body: '', header: () => undefined };
    },
    stream: () => Promise.reject(new Error('no streamed requests here')),
  };
  const provider = adapt(origin, adapter, { timeoutMs: 2_500, secrets: SECRETS });
  return { provider, ctx, sent };
}

async function problemOf(promise: Promise<unknown> | undefined): Promise<GatewayError> {
  const error = await Promise.resolve(promise).then(
    () => new Error('expected a failure'),
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(GatewayError);
  return error as GatewayError;
}

const CALL_URL = 'http://upstream.test/call';

describe('requests', () => {
  it('sends a read as idempotent and a write as not, with the deadline and the size cap', async () => {
    const h = harness({
      isCallId: () => true,
      url: async (_id, ctx) => {
        await ctx.http({ operation: 'Read', method: 'GET', url: CALL_URL });
        return CALL_URL;
      },
      keep: async (_target, _type, ctx) => {
        await ctx.http({
          operation: 'Read',
          method: 'GET',
          url: `${CALL_URL}?token`,
          idempotent: true,
        });
        await ctx.http({
          operation: 'Read',
          method: 'GET',
          url: `${CALL_URL}?keep`,
          maxBodyBytes: 10,
        });
      },
    });
    await h.provider.url?.('1', h.ctx);
    await h.provider.keep?.({ callId: '1' }, undefined, h.ctx);
    expect(h.sent.map((r) => [r.url, r.idempotent, r.timeoutMs, r.maxBodyBytes])).toEqual([
      [CALL_URL, true, 2_500, 1024 * 1024],
      [`${CALL_URL}?token`, true, 2_500, 1024 * 1024],
      [`${CALL_URL}?keep`, false, 2_500, 10],
    ]);
  });

  it('says a write that timed out after sending has an unknown outcome, a read not', async () => {
    const send: Adapter = {
      isCallId: () => true,
      url: async (_id, ctx) =>
        (await ctx.http({ operation: 'Read', method: 'GET', url: CALL_URL })).body,
      delete: async (_target, ctx) => {
        await ctx.http({ operation: 'Read', method: 'GET', url: CALL_URL });
      },
    };
    const timeout = new UpstreamError('timeout', true, 'slow');
    const h = harness(send, timeout);
    const read = await problemOf(h.provider.url?.('1', h.ctx));
    const w = harness(send, timeout);
    const written = await problemOf(w.provider.delete?.({ callId: '1' }, w.ctx));
    expect([read.code, read.extras.outcome]).toEqual(['provider_timeout', undefined]);
    expect([written.code, written.extras.outcome]).toEqual(['provider_timeout', 'unknown']);
    expect(written.extras).toMatchObject(origin);
  });
});

describe('problems', () => {
  it('withholds provider text quoting a declared secret or a credential a request carried', async () => {
    const basic = Buffer.from('ops:pass word').toString('base64');
    const h = harness({
      isCallId: () => true,
      get: async (_id, _options, ctx) => {
        await ctx.http({
          operation: 'Read',
          method: 'GET',
          url: `${CALL_URL}?token=t0k3n-of-the-day`,
        });
        throw providerError('refused', {
          ...origin,
          providerMessage: `bad token T0K3N-OF-THE-DAY for ${basic}`,
        });
      },
      url: async () => {
        throw providerError(`refused %27pass%20word%27`, {
          ...origin,
          providerMessage: 'no such call',
        });
      },
    });
    const carried = await problemOf(h.provider.get?.('1', { includeRaw: false }, h.ctx));
    expect([carried.message, carried.extras.providerMessage]).toEqual(['refused', WITHHELD]);
    const declared = await problemOf(h.provider.url?.('1', h.ctx));
    expect([declared.message, declared.extras.providerMessage]).toEqual([WITHHELD, 'no such call']);
    expect(declared.extras).toMatchObject(origin);
  });

  it('says a write whose answer could not be read has an unknown outcome', async () => {
    const unreadable = async () => {
      throw providerBadResponse('no document', origin);
    };
    const h = harness({
      isCallId: () => true,
      keep: async (_target, _type, ctx) => {
        await ctx.http({ operation: 'Read', method: 'GET', url: CALL_URL });
        await unreadable();
      },
      unmark: async (_target, _type, ctx) => {
        // The token a write needs first only reads: nothing was written yet.
        await ctx.http({ operation: 'Read', method: 'GET', url: CALL_URL, idempotent: true });
        await unreadable();
      },
    });
    const kept = await problemOf(h.provider.keep?.({ callId: '1' }, undefined, h.ctx));
    const unmarked = await problemOf(h.provider.unmark?.({ callId: '1' }, undefined, h.ctx));
    expect([kept.extras.outcome, unmarked.extras.outcome]).toEqual(['unknown', undefined]);
  });

  it('answers a search that finds nothing with an empty page, and takes "not found" as reachable', async () => {
    const h = harness({
      isCallId: () => true,
      find: async () => {
        throw notFound('No such call.', origin);
      },
      ping: async () => {
        throw notFound('No such call.', origin);
      },
    });
    await expect(
      h.provider.find?.({ limit: 1, filters: {} }, { includeRaw: false }, h.ctx),
    ).resolves.toEqual({
      items: [],
      nextCursor: null,
    });
    await expect(h.provider.ping?.(h.ctx)).resolves.toBeUndefined();
  });
});

describe('capabilities', () => {
  it('are the operations the adapter implements, by selector where it takes selectors', () => {
    const noop = async () => {};
    const read = harness({ isCallId: () => true, get: async () => Promise.reject(new Error()) });
    const writes = harness({
      isCallId: () => true,
      keep: noop,
      delete: noop,
      writesBySelector: true,
    });
    const byId = harness({ isCallId: () => true, keep: noop, unmark: noop });
    expect(read.provider.capabilities).toEqual(['get']);
    expect(writes.provider.capabilities).toEqual([
      'keep',
      'delete',
      'keepBySelector',
      'deleteBySelector',
    ]);
    expect(byId.provider.capabilities).toEqual(['keep', 'unmark']);
    expect([read.provider.kind, read.provider.instance, read.provider.find]).toEqual([
      'fake',
      'fake-eu',
      undefined,
    ]);
  });
});
