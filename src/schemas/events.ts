/**
 * Events and webhook endpoints as the OpenAPI document describes them. The event is also in
 * the document's `webhooks` section (src/routes/webhooks.ts), so generated clients get its
 * type for the receiving side too.
 */
import { z } from '@hono/zod-openapi';
import { CallSchema } from '../core/call.ts';
import { EVENT_TYPES } from '../events/event.ts';
import { VERBA_CALL_EXAMPLE } from './examples.ts';

export const EVENT_ID_EXAMPLE = 'evt_0mhx3k2a1c3f9a27b4e6d1008';

const EndpointSummarySchema = z
  .object({
    id: z.string(),
    url: z.string(),
    disabledReason: z.string().nullable(),
  })
  .openapi('WebhookEndpointSummary');

export const CALL_EVENT_EXAMPLE = {
  id: EVENT_ID_EXAMPLE,
  type: 'call.ended',
  timestamp: '2026-11-20T09:27:41.000Z',
  data: { call: VERBA_CALL_EXAMPLE },
};

export const CallEventSchema = z
  .object({
    id: z.string().openapi({
      description:
        'The event’s id: `id:` in the event stream, `webhook-id` in a webhook, the same on every retry.',
      example: EVENT_ID_EXAMPLE,
    }),
    type: z
      .enum([
        'call.started',
        'call.updated',
        'call.ended',
        'call.kept',
        'call.unmarked',
        'call.deleted',
      ])
      .openapi({ example: 'call.ended' }),
    timestamp: z
      .string()
      .datetime({ offset: true })
      .openapi({ example: '2026-11-20T09:27:41.000Z' }),
    data: z.object({ call: CallSchema }),
  })
  .openapi('CallEvent', {
    description:
      'Something happened to a call: the gateway’s own writes (`call.kept`, `call.unmarked`, `call.deleted`), a watched call’s changes (`call.updated`, `call.ended`), a new call of an instance (`call.started`). `data.call` is the call as it was then.',
    example: CALL_EVENT_EXAMPLE,
  });

export const EndpointEventSchema = z
  .object({
    id: z.string(),
    type: z.enum(['webhook.endpoint.disabled', 'webhook.test']),
    timestamp: z.string().datetime({ offset: true }),
    data: z.object({ endpoint: EndpointSummarySchema }),
  })
  .openapi('EndpointEvent', {
    description:
      '`webhook.endpoint.disabled`: one of the key’s endpoints was disabled (sent to its other endpoints). `webhook.test`: sent by POST /webhooks/{id}/test.',
  });

export const ENDPOINT_EVENT_EXAMPLE = {
  id: 'evt_0mhx3k2c4d5e6f7a8b9c0d1e2',
  type: 'webhook.endpoint.disabled',
  timestamp: '2026-11-25T09:27:41.000Z',
  data: {
    endpoint: {
      id: 'whk_0mhx3k2a17c2e9b04d1f3a6b8',
      url: 'https://crm.internal/hooks/calls',
      disabledReason: 'The endpoint answered 410 Gone.',
    },
  },
};

export const EventTypeSchema = z.enum(EVENT_TYPES).openapi('EventType');

export const CREATE_EXAMPLE = {
  url: 'https://crm.internal/hooks/calls',
  events: ['call.ended', 'call.kept'],
};

const url = z.string().max(2048).openapi({ example: 'https://crm.internal/hooks/calls' });
const events = z.array(EventTypeSchema).min(1).max(EVENT_TYPES.length);
const instances = z
  .array(z.string().regex(/^[a-z][a-z0-9-]{0,31}$/))
  .min(1)
  .max(32)
  .nullable()
  .openapi({ description: 'Only events of calls of these instances; null for every instance.' });

export const CreateEndpointBody = z
  .object({ url, events, instances: instances.optional() })
  .strict()
  .openapi('WebhookEndpointCreate', {
    example: CREATE_EXAMPLE,
  });

export const UpdateEndpointBody = z
  .object({
    url: url.optional(),
    events: events.optional(),
    instances: instances.optional(),
    enabled: z
      .literal(true)
      .optional()
      .openapi({ description: 'Turns a disabled endpoint back on.' }),
  })
  .strict()
  .openapi('WebhookEndpointUpdate');

export const ENDPOINT_EXAMPLE = {
  id: 'whk_0mhx3k2a17c2e9b04d1f3a6b8',
  url: 'https://crm.internal/hooks/calls',
  events: ['call.ended', 'call.kept'],
  instances: null,
  createdAt: '2026-11-20T09:00:00.000Z',
  updatedAt: '2026-11-20T09:00:00.000Z',
  disabledAt: null,
  disabledReason: null,
  failingSince: null,
};

export const EndpointSchema = z
  .object({
    id: z.string(),
    url: z.string(),
    events: z.array(EventTypeSchema),
    instances: z.array(z.string()).nullable(),
    createdAt: z.string().datetime({ offset: true }),
    updatedAt: z.string().datetime({ offset: true }),
    disabledAt: z.string().datetime({ offset: true }).nullable(),
    disabledReason: z.string().nullable().openapi({
      description: 'Why it was disabled: it answered 410, or every delivery failed for five days.',
    }),
    failingSince: z.string().datetime({ offset: true }).nullable().openapi({
      description: 'When its deliveries began to fail without a success since.',
    }),
  })
  .openapi('WebhookEndpoint', { example: ENDPOINT_EXAMPLE });

export const WITH_SECRET_EXAMPLE = { ...ENDPOINT_EXAMPLE, secret: 'whsec_<shown once>' };

export const QUEUED_EXAMPLE = {
  eventId: 'evt_0mhx3k2c4d5e6f7a8b9c0d1e2',
  deliveryId: 'dlv_0mhx3k2b9e1d2c3b4a5f6e7d8',
};

export const DELIVERY_EXAMPLE = {
  id: 'dlv_0mhx3k2b9e1d2c3b4a5f6e7d8',
  eventId: EVENT_ID_EXAMPLE,
  eventType: 'call.ended',
  state: 'pending',
  attempts: [
    {
      at: '2026-11-20T09:27:41.120Z',
      statusCode: 503,
      durationMs: 84,
      excerpt: 'Service Unavailable',
      error: null,
    },
  ],
  nextAttemptAt: '2026-11-20T09:27:46.300Z',
  createdAt: '2026-11-20T09:27:41.000Z',
};

export const EndpointWithSecretSchema = EndpointSchema.extend({
  secret: z.string().openapi({
    description:
      'The signing secret (`whsec_…`, Standard Webhooks): shown here once, never again. Verify each delivery with it.',
  }),
}).openapi('WebhookEndpointWithSecret', { example: WITH_SECRET_EXAMPLE });

export const EndpointListSchema = z
  .object({ items: z.array(EndpointSchema) })
  .openapi('WebhookEndpointList');

export const AttemptSchema = z
  .object({
    at: z.string().datetime({ offset: true }),
    statusCode: z.number().int().nullable().openapi({ description: 'Null when no answer came.' }),
    durationMs: z.number().int(),
    excerpt: z.string().nullable().openapi({ description: 'The start of the answer’s body.' }),
    error: z.string().nullable(),
  })
  .openapi('DeliveryAttempt');

export const DeliverySchema = z
  .object({
    id: z.string(),
    eventId: z.string(),
    eventType: z.string(),
    state: z.enum(['pending', 'delivered', 'failed']),
    attempts: z.array(AttemptSchema),
    nextAttemptAt: z.string().datetime({ offset: true }).nullable(),
    createdAt: z.string().datetime({ offset: true }),
  })
  .openapi('WebhookDelivery');

export const DeliveryListSchema = z
  .object({ items: z.array(DeliverySchema) })
  .openapi('WebhookDeliveryList');

export const QueuedSchema = z
  .object({ eventId: z.string(), deliveryId: z.string() })
  .openapi('WebhookQueued');

export const EndpointIdParam = z.object({
  id: z
    .string()
    .regex(/^whk_[0-9a-z]{1,40}$/)
    .openapi({
      param: { name: 'id', in: 'path' },
      description: 'The webhook endpoint’s id (`whk_…`).',
      example: ENDPOINT_EXAMPLE.id,
    }),
});

export const DeliveryParams = EndpointIdParam.extend({
  deliveryId: z
    .string()
    .regex(/^dlv_[0-9a-z]{1,40}$/)
    .openapi({
      param: { name: 'deliveryId', in: 'path' },
      description: 'The delivery’s id (`dlv_…`), from GET /webhooks/{id}/deliveries.',
      example: 'dlv_0mhx3k2b9e1d2c3b4a5f6e7d8',
    }),
});

export const LastEventIdHeaders = z.object({
  'last-event-id': z
    .string()
    .max(200)
    .optional()
    .openapi({
      param: { name: 'last-event-id', in: 'header' },
      description:
        'Resume after this event (an EventSource sends it by itself when it reconnects).',
    }),
});
