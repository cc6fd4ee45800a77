/**
 * /calls: read one call, find calls, the provider UI link, keep, unmark and delete by id.
 * Each handler resolves the gateway id to an instance, then calls the operation on it.
 */
import { createRoute, z } from '@hono/zod-openapi';
import { ageHeader, cacheStatusHeader, requestMaxAge } from '../cache/cache-status.ts';
import { cacheControlOf, matchesIfNoneMatch, representationOf } from '../cache/representation.ts';
import { CallPageSchema, CallSchema } from '../core/call.ts';
import { badRequest } from '../core/errors.ts';
import type { RequestInstance } from '../core/instance.ts';
import { type CacheStatus, FIND_FILTERS, type FindFilters } from '../core/provider.ts';
import {
  CALLFIRE_CALL_EXAMPLE,
  CALLFIRE_PAGE_EXAMPLE,
  VERBA_CALL_EXAMPLE,
} from '../schemas/examples.ts';
import { IdempotencyHeaders } from '../schemas/idempotency.ts';
import { AUTH_ERRORS, errorResponses, PROVIDER_ERRORS } from '../schemas/problem.ts';
import {
  CacheControlHeaders,
  CallIdParam,
  FindCallsQuery,
  IncludeQuery,
  KeepBody,
} from '../schemas/requests.ts';
import { requires } from '../schemas/security.ts';
import { WriteResultSchema } from '../schemas/write-result.ts';
import { createRouter, validationError } from './router.ts';
import { selectorFrom } from './selector.ts';

const tags = ['calls'];
const json = <T>(schema: T, example?: unknown) => ({
  'application/json': { schema, ...(example === undefined ? {} : { example }) },
});
/** Named examples, one per provider kind: Swagger UI offers them as a choice. */
const jsonExamples = <T>(
  schema: T,
  examples: Record<string, { summary: string; value: unknown }>,
) => ({ 'application/json': { schema, examples } });

const CACHE_HEADERS = {
  ETag: {
    description: 'Send it back as `If-None-Match` to get a 304 while the call is unchanged.',
    schema: { type: 'string' as const },
  },
  'Cache-Control': {
    description: '`private, max-age=60` for a finished call, `private, no-cache` otherwise.',
    schema: { type: 'string' as const },
  },
  Age: {
    description:
      "Seconds since the gateway read the call from the provider: 0 for a fresh read. Absent when the gateway's cache is off (`CALL_CACHE=off`).",
    schema: { type: 'integer' as const, minimum: 0 },
  },
  'Cache-Status': {
    description:
      "Where the answer came from (RFC 9211): `callgate; hit; ttl=<seconds it may still be kept>` from memory; `callgate; fwd=miss` (nothing kept), `fwd=stale` (kept, but expired) or `fwd=request` (the request's `Cache-Control` refused the kept copy) when the provider was read, with `stored` when the answer was kept and `collapsed` when it was shared with a read already under way. Absent when the gateway's cache is off (`CALL_CACHE=off`).",
    schema: { type: 'string' as const },
    example: 'callgate; fwd=request; stored',
  },
};

export const getCall = createRoute({
  method: 'get',
  path: '/calls/{id}',
  operationId: 'getCall',
  security: requires('calls:read'),
  summary: 'Get a call',
  description:
    'The call in the common schema, whichever provider holds it. A finished call is answered from memory for up to ten minutes; `Cache-Control: no-cache` reads it from the provider again. Answers carry an ETag: with `If-None-Match` an unchanged call is a 304.',
  tags,
  request: { params: CallIdParam, query: IncludeQuery, headers: CacheControlHeaders },
  responses: {
    200: {
      description: 'The call.',
      headers: CACHE_HEADERS,
      content: jsonExamples(CallSchema, {
        verba: { summary: 'A finished Verba call', value: VERBA_CALL_EXAMPLE },
        callfire: { summary: 'A CallFire call with one attempt', value: CALLFIRE_CALL_EXAMPLE },
      }),
    },
    304: {
      description: 'Not modified: the `If-None-Match` ETag is still the call’s.',
      headers: CACHE_HEADERS,
    },
    ...errorResponses(...AUTH_ERRORS, 404, ...PROVIDER_ERRORS),
  },
});

export const findCalls = createRoute({
  method: 'get',
  path: '/calls',
  operationId: 'findCalls',
  security: requires('calls:read'),
  summary: 'Find calls',
  description:
    'Calls of one provider instance. Verba finds one call by `extension` + `status` (e.g. the ongoing call on an extension), or by `platformCallId`, `nativeId` or `meetingId`. CallFire lists calls by filters (`state`, `result`, `inbound`, `fromNumber`, `toNumber`, `broadcastId`, `batchId`, `label`, `since`, `until`), `limit` at a time: pass `nextCursor` back as `cursor` for the next page. A filter the instance cannot apply is a 400. A search that matches nothing is an empty page.',
  tags,
  request: { query: FindCallsQuery },
  responses: {
    200: {
      description: 'A page of calls.',
      content: jsonExamples(CallPageSchema, {
        verba: {
          summary: 'The ongoing call on a Verba extension',
          value: { items: [VERBA_CALL_EXAMPLE], nextCursor: null },
        },
        callfire: {
          summary: 'A page of CallFire calls, with more to come',
          value: CALLFIRE_PAGE_EXAMPLE,
        },
      }),
    },
    ...errorResponses(...AUTH_ERRORS, 404, 409, ...PROVIDER_ERRORS),
  },
});

const CALL_URL_EXAMPLE = {
  id: VERBA_CALL_EXAMPLE.id,
  url: 'http://192.168.1.104/verba/?mode=call&callid=a8343631-9f35-4a3a-83f0-9e81592339fb',
};

const CallUrlSchema = z
  .object({ id: z.string(), url: z.string().url() })
  .openapi('CallUrl', { example: CALL_URL_EXAMPLE });

export const getCallUrl = createRoute({
  method: 'get',
  path: '/calls/{id}/url',
  operationId: 'getCallUrl',
  security: requires('calls:read'),
  summary: "Get the call's URL in the provider's UI",
  description: "A link people can open to play the recording in the provider's own web interface.",
  tags,
  request: { params: CallIdParam },
  responses: {
    200: { description: 'The URL.', content: json(CallUrlSchema, CALL_URL_EXAMPLE) },
    ...errorResponses(...AUTH_ERRORS, 404, ...PROVIDER_ERRORS),
  },
});

const keepRequestBody = {
  required: false,
  content: json(KeepBody, {}),
  description: 'Optional: `{ "type": "manualRecord" }` marks a controlled recording instead.',
};

export const keepCall = createRoute({
  method: 'post',
  path: '/calls/{id}/keep',
  operationId: 'keepCall',
  security: requires('calls:write'),
  summary: 'Keep a call',
  description: 'Marks an on-demand call for recording (keeps it).',
  tags,
  request: { params: CallIdParam, headers: IdempotencyHeaders, body: keepRequestBody },
  responses: {
    200: {
      description: 'Kept.',
      content: json(WriteResultSchema, {
        operation: 'keep',
        instance: 'verba',
        id: VERBA_CALL_EXAMPLE.id,
        selector: null,
      }),
    },
    ...errorResponses(...AUTH_ERRORS, 404, 409, 413, 415, 422, ...PROVIDER_ERRORS),
  },
});

export const unmarkCall = createRoute({
  method: 'delete',
  path: '/calls/{id}/keep',
  operationId: 'unmarkCall',
  security: requires('calls:write'),
  summary: 'Undo a keep',
  description: 'Removes the keep mark set by POST /calls/{id}/keep.',
  tags,
  request: { params: CallIdParam, headers: IdempotencyHeaders, body: keepRequestBody },
  responses: {
    200: {
      description: 'Unmarked.',
      content: json(WriteResultSchema, {
        operation: 'unmark',
        instance: 'verba',
        id: VERBA_CALL_EXAMPLE.id,
        selector: null,
      }),
    },
    ...errorResponses(...AUTH_ERRORS, 404, 409, 413, 415, 422, ...PROVIDER_ERRORS),
  },
});

export const deleteCall = createRoute({
  method: 'delete',
  path: '/calls/{id}',
  operationId: 'deleteCall',
  security: requires('calls:delete'),
  summary: 'Delete a call',
  description: 'Deletes a finished call, or marks an ongoing one for deletion when it ends.',
  tags,
  request: { params: CallIdParam, headers: IdempotencyHeaders },
  responses: {
    200: {
      description: 'Deleted, or marked for deletion.',
      content: json(WriteResultSchema, {
        operation: 'delete',
        instance: 'verba',
        id: VERBA_CALL_EXAMPLE.id,
        selector: null,
      }),
    },
    ...errorResponses(...AUTH_ERRORS, 404, 409, 422, ...PROVIDER_ERRORS),
  },
});

/**
 * `GET /calls/{id}`, the hottest route, checks its three inputs with the route's own
 * schemas, in the validators' order (query, path, header) and with their problems, but
 * reads only the values it declares: the generic validators would collect every query
 * parameter and every header (a WHATWG Headers object on Node) first.
 */
function checked<S extends z.ZodType>(
  schema: S,
  target: 'query' | 'param' | 'header',
  value: unknown,
): z.output<S> {
  const result = schema.safeParse(value);
  if (!result.success) throw validationError(result.error, target);
  return result.data;
}

const router = createRouter();
// The route is documented as declared; its handler does the declared checks itself.
router.openAPIRegistry.registerPath(getCall);
router.get('/calls/:id', async (c) => {
  const includes = c.req.queries('include');
  const { include } = checked(IncludeQuery, 'query', {
    ...(includes === undefined ? {} : { include: includes.length === 1 ? includes[0] : includes }),
  });
  const { id } = checked(CallIdParam, 'param', { id: c.req.param('id') });
  const cacheControl = c.req.header('cache-control');
  const headers = checked(CacheControlHeaders, 'header', {
    ...(cacheControl === undefined ? {} : { 'cache-control': cacheControl }),
  });
  const maxAgeSeconds = requestMaxAge(headers['cache-control']);
  const { instance, callId } = c.get('instances').resolve(id);
  let cacheStatus: CacheStatus | undefined;
  const call = await instance.get(callId, {
    includeRaw: include === 'raw',
    ...(maxAgeSeconds === undefined ? {} : { maxAgeSeconds }),
    onCacheStatus: (status) => {
      cacheStatus = status;
    },
  });
  // A cached call brings its body and ETag along; another is serialized here, once.
  const { body, etag } = representationOf(call);
  c.header('etag', etag);
  c.header('cache-control', cacheControlOf(call));
  if (cacheStatus) {
    c.header('age', ageHeader(cacheStatus));
    c.header('cache-status', cacheStatusHeader(cacheStatus));
  }
  if (matchesIfNoneMatch(c.req.header('if-none-match'), etag)) return c.body(null, 304);
  c.header('content-type', 'application/json');
  return c.body(body, 200);
});

export const callsRouter = router
  .openapi(findCalls, async (c) => {
    const query = c.req.valid('query');
    const instance = c.get('instances').named(query.provider);
    const selector = selectorFrom(query, 'query');
    if (query.type && !selector)
      throw badRequest('`type` narrows a selector; give one.', [
        { field: 'query.type', message: 'needs a selector' },
      ]);
    const filters = findFilters(query, instance);
    const page = await instance.find(
      {
        ...(selector ? { selector } : {}),
        ...(query.type ? { type: query.type } : {}),
        ...(query.cursor ? { cursor: query.cursor } : {}),
        limit: query.limit,
        filters,
      },
      { includeRaw: query.include === 'raw' },
      c.req.raw.signal,
    );
    return c.json(page, 200);
  })
  .openapi(getCallUrl, async (c) => {
    const { id } = c.req.valid('param');
    const { instance, callId } = c.get('instances').resolve(id);
    return c.json({ id, url: await instance.url(callId) }, 200);
  })
  .openapi(keepCall, async (c) => {
    const { id } = c.req.valid('param');
    const { type } = c.req.valid('json') ?? {};
    const { instance, callId } = c.get('instances').resolve(id);
    await instance.keep(callId, type);
    return c.json({ operation: 'keep' as const, instance: instance.name, id, selector: null }, 200);
  })
  .openapi(unmarkCall, async (c) => {
    const { id } = c.req.valid('param');
    const { type } = c.req.valid('json') ?? {};
    const { instance, callId } = c.get('instances').resolve(id);
    await instance.unmark(callId, type);
    return c.json(
      { operation: 'unmark' as const, instance: instance.name, id, selector: null },
      200,
    );
  })
  .openapi(deleteCall, async (c) => {
    const { id } = c.req.valid('param');
    const { instance, callId } = c.get('instances').resolve(id);
    await instance.delete(callId);
    return c.json(
      { operation: 'delete' as const, instance: instance.name, id, selector: null },
      200,
    );
  });

/** The filters given, when the instance's kind can apply each; else a 400 naming the others. */
function findFilters(query: FindFilters, instance: RequestInstance): FindFilters {
  const filters: FindFilters = {};
  for (const name of FIND_FILTERS) if (query[name] !== undefined) filters[name] = query[name];
  const refused = FIND_FILTERS.filter(
    (name) => filters[name] !== undefined && !instance.findFilters.includes(name),
  );
  if (refused.length) {
    throw badRequest(
      `${instance.kind} instance '${instance.name}' cannot filter by ${refused.join(', ')}.`,
      refused.map((name) => ({
        field: `query.${name}`,
        message: `not supported by ${instance.kind}`,
      })),
    );
  }
  if (filters.since && filters.until && Date.parse(filters.since) > Date.parse(filters.until)) {
    throw badRequest('`until` is before `since`.', [
      { field: 'query.until', message: 'must not be before since' },
    ]);
  }
  return filters;
}
