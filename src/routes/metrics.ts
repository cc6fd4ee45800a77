/**
 * `GET /metrics`: the Prometheus scrape. Behind the `metrics:read` scope on the gateway's
 * own port rather than on a port of its own, so a scraper authenticates like any other
 * client and there is no second listener to secure. Node serves it; the Worker records the
 * same counters in Analytics Engine, where a scrape of one isolate would mean nothing.
 */
import { createRoute, z } from '@hono/zod-openapi';
import { GatewayError } from '../core/errors.ts';
import { PROBLEM_CONTENT_TYPE } from '../core/problem.ts';
import { AUTH_ERRORS, errorResponses, ProblemSchema } from '../schemas/problem.ts';
import { requires } from '../schemas/security.ts';
import { createRouter } from './router.ts';

/** The exposition where the runtime keeps a Prometheus registry, or why it keeps none. */
export type MetricsEndpoint =
  | { scrape: () => Promise<{ contentType: string; body: string }> }
  | { notServed: string };

const EXPOSITION_TYPE = 'text/plain; version=0.0.4; charset=utf-8';

const EXAMPLE = `# HELP callgate_http_requests_total Requests answered, by route template, method, status class and provider instance.
# TYPE callgate_http_requests_total counter
callgate_http_requests_total{route="/calls/:id",method="GET",status_class="2xx",provider_instance="verba"} 1027
callgate_http_requests_total{route="/calls/:id",method="GET",status_class="4xx",provider_instance="verba"} 3
`;

export const getMetrics = createRoute({
  method: 'get',
  path: '/metrics',
  operationId: 'getMetrics',
  security: requires('metrics:read'),
  summary: 'Prometheus metrics',
  description: [
    'Counters, histograms and gauges of this process in the Prometheus text format:',
    'requests by route template, method, status class and provider instance, their duration,',
    'upstream attempts, retries, circuit breakers, cache reads, idempotent repeats, token',
    'requests, and process metrics. Label values are route templates and configured names only.',
    'Served by the Node server; a Worker answers 404 and writes the same counters to Workers',
    'Analytics Engine.',
  ].join(' '),
  tags: ['health'],
  responses: {
    200: {
      description: 'The exposition.',
      content: { [EXPOSITION_TYPE]: { schema: z.string(), example: EXAMPLE } },
    },
    ...errorResponses(...AUTH_ERRORS),
    404: {
      description: 'This runtime serves no metrics (the Worker), or they are off (`METRICS=off`).',
      content: {
        [PROBLEM_CONTENT_TYPE]: {
          schema: ProblemSchema,
          example: {
            type: 'urn:callgate:problem:metrics_not_served',
            title: 'Metrics not served',
            status: 404,
            detail:
              'This gateway serves no /metrics: on Workers the counters are written to Analytics Engine.',
            code: 'metrics_not_served',
            requestId: '0f6b1c9e-2f4a-4c55-9d3e-6b1a2c3d4e5f',
          },
        },
      },
    },
  },
});

export function metricsRouter(endpoint: MetricsEndpoint) {
  return createRouter().openapi(getMetrics, async (c) => {
    if ('notServed' in endpoint)
      throw new GatewayError(404, 'metrics_not_served', endpoint.notServed);
    const { contentType, body } = await endpoint.scrape();
    return c.body(body, 200, { 'content-type': contentType, 'cache-control': 'no-store' });
  });
}
