/**
 * /webhooks: the calling key's webhook endpoints (another key's are a 404), their secrets,
 * tests and deliveries. The event they receive is declared in the document's `webhooks`
 * section (registerEventWebhooks), for generated clients.
 */
import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import type { AppEnv } from '../core/env.ts';
import { badRequest, GatewayError, notFound } from '../core/errors.ts';
import { checkUrl } from '../events/destinations.ts';
import { MAX_ENDPOINTS_PER_KEY } from '../events/event.ts';
import { type EventsService, ROTATION_OVERLAP_MS } from '../events/service.ts';
import { newSecret } from '../events/signature.ts';
import type { Endpoint } from '../events/sql-store.ts';
import {
  CALL_EVENT_EXAMPLE,
  CallEventSchema,
  CREATE_EXAMPLE,
  CreateEndpointBody,
  DELIVERY_EXAMPLE,
  DeliveryListSchema,
  DeliveryParams,
  ENDPOINT_EVENT_EXAMPLE,
  ENDPOINT_EXAMPLE,
  EndpointEventSchema,
  EndpointIdParam,
  EndpointListSchema,
  EndpointSchema,
  EndpointWithSecretSchema,
  EVENT_ID_EXAMPLE,
  QUEUED_EXAMPLE,
  QueuedSchema,
  UpdateEndpointBody,
  WITH_SECRET_EXAMPLE,
} from '../schemas/events.ts';
import { AUTH_ERRORS, errorResponses } from '../schemas/problem.ts';
import { requires } from '../schemas/security.ts';
import { createRouter } from './router.ts';

const tags = ['webhooks'];
const security = requires('webhooks:manage');
const json = <T>(schema: T, example: unknown) => ({ 'application/json': { schema, example } });
const body = <T>(schema: T, example: unknown) => ({
  required: true,
  content: json(schema, example),
});

const createEndpoint = createRoute({
  method: 'post',
  path: '/webhooks',
  operationId: 'createWebhookEndpoint',
  security,
  tags,
  summary: 'Add a webhook endpoint',
  description: `The endpoint receives the events it lists, signed by Standard Webhooks 1.0 with the \`whsec_\` secret in this answer (shown once). The URL must be allowed by WEBHOOK_ALLOWED_DESTINATIONS; link-local and metadata addresses never are. A key holds at most ${MAX_ENDPOINTS_PER_KEY} endpoints.`,
  request: { body: body(CreateEndpointBody, CREATE_EXAMPLE) },
  responses: {
    201: {
      description: 'Made; the secret is in this answer only.',
      content: json(EndpointWithSecretSchema, WITH_SECRET_EXAMPLE),
    },
    ...errorResponses(...AUTH_ERRORS, 400, 413, 415, 429),
  },
});

const listEndpoints = createRoute({
  method: 'get',
  path: '/webhooks',
  operationId: 'listWebhookEndpoints',
  security,
  tags,
  summary: "The key's webhook endpoints",
  description: 'The endpoints of the calling API key, oldest first; never their secrets.',
  responses: {
    200: {
      description: 'The endpoints, oldest first.',
      content: json(EndpointListSchema, { items: [ENDPOINT_EXAMPLE] }),
    },
    ...errorResponses(...AUTH_ERRORS),
  },
});

const getEndpoint = createRoute({
  method: 'get',
  path: '/webhooks/{id}',
  operationId: 'getWebhookEndpoint',
  security,
  tags,
  summary: 'A webhook endpoint',
  description: 'Says whether it is disabled and why (a 410, or five days of failures).',
  request: { params: EndpointIdParam },
  responses: {
    200: { description: 'The endpoint.', content: json(EndpointSchema, ENDPOINT_EXAMPLE) },
    ...errorResponses(...AUTH_ERRORS, 400, 404),
  },
});

const updateEndpoint = createRoute({
  method: 'patch',
  path: '/webhooks/{id}',
  operationId: 'updateWebhookEndpoint',
  security,
  tags,
  summary: 'Change a webhook endpoint',
  description: '`enabled: true` turns a disabled endpoint back on.',
  request: { params: EndpointIdParam, body: body(UpdateEndpointBody, { events: ['call.ended'] }) },
  responses: {
    200: {
      description: 'The endpoint as it is now.',
      content: json(EndpointSchema, { ...ENDPOINT_EXAMPLE, events: ['call.ended'] }),
    },
    ...errorResponses(...AUTH_ERRORS, 400, 404, 413, 415),
  },
});

const deleteEndpoint = createRoute({
  method: 'delete',
  path: '/webhooks/{id}',
  operationId: 'deleteWebhookEndpoint',
  security,
  tags,
  summary: 'Remove a webhook endpoint',
  description: 'Its pending deliveries go with it.',
  request: { params: EndpointIdParam },
  responses: {
    204: { description: 'Removed.' },
    ...errorResponses(...AUTH_ERRORS, 400, 404),
  },
});

const rotateSecret = createRoute({
  method: 'post',
  path: '/webhooks/{id}/rotate-secret',
  operationId: 'rotateWebhookSecret',
  security,
  tags,
  summary: "Replace an endpoint's secret",
  description:
    'A new secret, shown once. For 24 hours deliveries carry two signatures (space-separated in `webhook-signature`), the new and the old, so receivers can switch without losing one.',
  request: { params: EndpointIdParam },
  responses: {
    200: {
      description: 'The endpoint, with its new secret.',
      content: json(EndpointWithSecretSchema, WITH_SECRET_EXAMPLE),
    },
    ...errorResponses(...AUTH_ERRORS, 400, 404),
  },
});

const testEndpoint = createRoute({
  method: 'post',
  path: '/webhooks/{id}/test',
  operationId: 'testWebhookEndpoint',
  security,
  tags,
  summary: 'Send a test event',
  description:
    'A `webhook.test` event to this endpoint alone, sent in the background like any other.',
  request: { params: EndpointIdParam },
  responses: {
    202: { description: 'Queued.', content: json(QueuedSchema, QUEUED_EXAMPLE) },
    ...errorResponses(...AUTH_ERRORS, 400, 404),
  },
});

const listDeliveries = createRoute({
  method: 'get',
  path: '/webhooks/{id}/deliveries',
  operationId: 'listWebhookDeliveries',
  security,
  tags,
  summary: "An endpoint's deliveries",
  description:
    'The latest deliveries, newest first, each with its attempts: when, the status code, how long, the start of the answer.',
  request: {
    params: EndpointIdParam,
    query: z.object({
      limit: z.coerce
        .number()
        .int()
        .min(1)
        .max(100)
        .default(50)
        .openapi({ description: 'How many deliveries, newest first (1-100).', example: 50 }),
    }),
  },
  responses: {
    200: {
      description: 'The deliveries.',
      content: json(DeliveryListSchema, { items: [DELIVERY_EXAMPLE] }),
    },
    ...errorResponses(...AUTH_ERRORS, 400, 404),
  },
});

const retryDelivery = createRoute({
  method: 'post',
  path: '/webhooks/{id}/deliveries/{deliveryId}/retry',
  operationId: 'retryWebhookDelivery',
  security,
  tags,
  summary: 'Send a delivery again',
  description: 'Now, with the same event and so the same `webhook-id`.',
  request: { params: DeliveryParams },
  responses: {
    202: { description: 'Queued.', content: json(QueuedSchema, QUEUED_EXAMPLE) },
    ...errorResponses(...AUTH_ERRORS, 400, 404),
  },
});

const noEndpoint = () => notFound('No such webhook endpoint.');
const unavailable = () =>
  new GatewayError(503, 'events_unavailable', 'This gateway keeps no webhooks.');

/** A URL the allow list refuses is a 400 naming the field. */
function allowedUrl(events: EventsService, url: string): string {
  const verdict = checkUrl(url, events.allow);
  if (!verdict.ok)
    throw badRequest(`The webhook URL ${verdict.reason}.`, [
      { field: 'body.url', message: verdict.reason },
    ]);
  return url;
}

function knownInstances(names: readonly string[], instances: string[] | null | undefined) {
  const unknown = (instances ?? []).filter((name) => !names.includes(name));
  if (unknown.length)
    throw badRequest(`No provider instance is named ${unknown.map((n) => `'${n}'`).join(', ')}.`, [
      { field: 'body.instances', message: 'unknown instance' },
    ]);
}

const shown = ({ owner: _owner, ...endpoint }: Endpoint) => endpoint;

export function webhooksRouter(events: EventsService | null) {
  const need = () => {
    if (!events) throw unavailable();
    return events;
  };
  const owner = (c: { get(key: 'caller'): { name: string } | null }) =>
    c.get('caller')?.name ?? 'open';
  return createRouter()
    .openapi(listEndpoints, async (c) => {
      const items = await need().endpoints.list(owner(c));
      return c.json({ items: items.map(shown) }, 200);
    })
    .openapi(createEndpoint, async (c) => {
      const service = need();
      const input = c.req.valid('json');
      allowedUrl(service, input.url);
      knownInstances(
        c
          .get('instances')
          .list()
          .map((i) => i.name),
        input.instances,
      );
      const secret = newSecret();
      const made = await service.endpoints.create(
        owner(c),
        { url: input.url, events: [...new Set(input.events)], instances: input.instances ?? null },
        secret,
      );
      if (made === 'limit')
        throw new GatewayError(
          429,
          'too_many_endpoints',
          `An API key may hold at most ${MAX_ENDPOINTS_PER_KEY} webhook endpoints.`,
        );
      return c.json({ ...shown(made), secret }, 201);
    })
    .openapi(getEndpoint, async (c) => {
      const found = await need().endpoints.get(owner(c), c.req.valid('param').id);
      if (!found) throw noEndpoint();
      return c.json(shown(found), 200);
    })
    .openapi(updateEndpoint, async (c) => {
      const service = need();
      const patch = c.req.valid('json');
      if (patch.url !== undefined) allowedUrl(service, patch.url);
      knownInstances(
        c
          .get('instances')
          .list()
          .map((i) => i.name),
        patch.instances,
      );
      const updated = await service.endpoints.update(owner(c), c.req.valid('param').id, {
        ...(patch.url === undefined ? {} : { url: patch.url }),
        ...(patch.events === undefined ? {} : { events: [...new Set(patch.events)] }),
        ...(patch.instances === undefined ? {} : { instances: patch.instances }),
        ...(patch.enabled === undefined ? {} : { enabled: patch.enabled }),
      });
      if (!updated) throw noEndpoint();
      return c.json(shown(updated), 200);
    })
    .openapi(deleteEndpoint, async (c) => {
      if (!(await need().endpoints.remove(owner(c), c.req.valid('param').id))) throw noEndpoint();
      return c.body(null, 204);
    })
    .openapi(rotateSecret, async (c) => {
      const secret = newSecret();
      const rotated = await need().endpoints.rotate(
        owner(c),
        c.req.valid('param').id,
        secret,
        ROTATION_OVERLAP_MS,
      );
      if (!rotated) throw noEndpoint();
      return c.json({ ...shown(rotated), secret }, 200);
    })
    .openapi(testEndpoint, async (c) => {
      const queued = await need().endpoints.test(owner(c), c.req.valid('param').id);
      if (!queued) throw noEndpoint();
      return c.json(queued, 202);
    })
    .openapi(listDeliveries, async (c) => {
      const { id } = c.req.valid('param');
      const items = await need().endpoints.deliveries(owner(c), id, c.req.valid('query').limit);
      if (!items) throw noEndpoint();
      return c.json({ items }, 200);
    })
    .openapi(retryDelivery, async (c) => {
      const { id, deliveryId } = c.req.valid('param');
      const found = await need().endpoints.retry(owner(c), id, deliveryId);
      if (!found) throw notFound('No such delivery of this endpoint.');
      return c.json({ eventId: found, deliveryId }, 202);
    });
}

/** The events an endpoint receives, in the document's OpenAPI 3.1 `webhooks` section. */
export function registerEventWebhooks(app: OpenAPIHono<AppEnv>): void {
  const delivery = (
    name: string,
    operationId: string,
    summary: string,
    schema: typeof CallEventSchema | typeof EndpointEventSchema,
    example: unknown,
  ) => ({
    method: 'post' as const,
    path: name,
    operationId,
    summary,
    // Sent by the gateway to the app: the app's own endpoint decides who may call it.
    security: [],
    tags,
    description:
      'Sent to each endpoint that lists the event type, by Standard Webhooks 1.0: verify `webhook-signature` (`v1,<base64 HMAC-SHA256 of "<webhook-id>.<webhook-timestamp>.<body>">` with the endpoint secret) over the raw body, and answer 2xx within 15 s. A delivery is retried (same `webhook-id`) until then; redirects are not followed; a 410 disables the endpoint.',
    request: {
      headers: z.object({
        'webhook-id': z.string().openapi({
          description: 'The event id; the same on every retry: deduplicate on it.',
          example: EVENT_ID_EXAMPLE,
        }),
        'webhook-timestamp': z.string().openapi({
          description: 'Seconds since the epoch, when this attempt was signed.',
          example: '1795598861',
        }),
        'webhook-signature': z.string().openapi({
          description: '`v1,<base64>`; two, space-separated, for 24 h after a secret rotation.',
          example: 'v1,K5oZfzN95Z9UVu1EsfQmfVNQhnkZ2pj9o9NDN/H/pI4=',
        }),
      }),
      body: { required: true, content: json(schema, example) },
    },
    responses: { 200: { description: 'Received. Any 2xx will do.' } },
  });
  app.openAPIRegistry.registerWebhook(
    delivery('call-event', 'receiveCallEvent', 'A call event', CallEventSchema, CALL_EVENT_EXAMPLE),
  );
  app.openAPIRegistry.registerWebhook(
    delivery(
      'endpoint-event',
      'receiveEndpointEvent',
      'An endpoint event',
      EndpointEventSchema,
      ENDPOINT_EVENT_EXAMPLE,
    ),
  );
}
