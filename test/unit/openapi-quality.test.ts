/**
 * What consumers of openapi/openapi.json rely on beyond what the Redocly lint checks
 * (`npm run lint:openapi`): the scope of each operation, auth errors on every secured one,
 * and no secret among the examples.
 */
import { describe, expect, it } from 'vitest';
import { generateOpenApi } from '../../openapi/generate.ts';
import { VERBA_SANDBOX_DEFAULTS } from '../../providers/verba/sandbox/index.ts';

interface Operation {
  operationId: string;
  summary?: string;
  description?: string;
  tags?: string[];
  security?: Array<Record<string, string[]>>;
  responses: Record<string, { content?: Record<string, { example?: unknown }> }>;
}

const document = JSON.parse(await generateOpenApi());
const operations: Array<[string, Operation]> = Object.entries(
  document.paths as Record<string, Record<string, Operation>>,
).flatMap(([path, item]) =>
  Object.entries(item).map(([method, op]): [string, Operation] => [
    `${method.toUpperCase()} ${path}`,
    op,
  ]),
);

/** The scope each operation needs; null for the open ones. */
const SCOPES: Record<string, string | null> = {
  'GET /calls/{id}': 'calls:read',
  'GET /calls': 'calls:read',
  'GET /calls/{id}/url': 'calls:read',
  'GET /providers': 'calls:read',
  'POST /calls/{id}/keep': 'calls:write',
  'DELETE /calls/{id}/keep': 'calls:write',
  'POST /providers/{instance}/keep': 'calls:write',
  'DELETE /calls/{id}': 'calls:delete',
  'POST /providers/{instance}/delete': 'calls:delete',
  'GET /calls/{id}/recordings': 'calls:read',
  'GET /calls/{id}/recordings/{recordingId}/audio': 'recordings:read',
  'GET /calls/{id}/live-audio': 'recordings:read',
  'POST /calls/{id}/recordings/{recordingId}/audio-links': 'recordings:read',
  // Open: the link's signature is what grants it.
  'GET /audio-links/{id}/{recordingId}': null,
  'GET /healthz': null,
  'GET /readyz': null,
  'GET /metrics': 'metrics:read',
  'GET /calls/{id}/events': 'calls:read',
  'POST /webhooks': 'webhooks:manage',
  'GET /webhooks': 'webhooks:manage',
  'GET /webhooks/{id}': 'webhooks:manage',
  'PATCH /webhooks/{id}': 'webhooks:manage',
  'DELETE /webhooks/{id}': 'webhooks:manage',
  'POST /webhooks/{id}/rotate-secret': 'webhooks:manage',
  'POST /webhooks/{id}/test': 'webhooks:manage',
  'GET /webhooks/{id}/deliveries': 'webhooks:manage',
  'POST /webhooks/{id}/deliveries/{deliveryId}/retry': 'webhooks:manage',
};

describe('the OpenAPI document', () => {
  it('is OpenAPI 3.1 with a bearer API key scheme', () => {
    expect(document.openapi).toBe('3.1.0');
    expect(document.components.securitySchemes.apiKey).toMatchObject({
      type: 'http',
      scheme: 'bearer',
    });
    for (const scope of [
      'calls:read',
      'calls:write',
      'calls:delete',
      'metrics:read',
      'webhooks:manage',
    ])
      expect(document.components.securitySchemes.apiKey.description).toContain(scope);
  });

  it('describes every operation with an id, summary, description and one known tag', () => {
    for (const [name, op] of operations) {
      expect(op.operationId, name).toMatch(/^[a-z][A-Za-z]+$/);
      expect(op.summary, name).toBeTruthy();
      expect(op.description, name).toBeTruthy();
      expect(op.tags, name).toHaveLength(1);
      expect(['calls', 'providers', 'health', 'webhooks'], name).toContain(op.tags?.[0]);
    }
  });

  it('lists exactly the scope each operation needs', () => {
    const declared = Object.fromEntries(
      operations.map(([name, op]) => [name, op.security?.[0]?.apiKey?.[0] ?? null]),
    );
    expect(declared).toEqual(SCOPES);
    for (const [name, op] of operations) {
      expect(op.security, name).toEqual(SCOPES[name] ? [{ apiKey: [SCOPES[name]] }] : []);
    }
  });

  it('documents 401 and 403 as problems on every secured operation', () => {
    for (const [name, op] of operations) {
      if (!SCOPES[name]) continue;
      for (const status of ['401', '403']) {
        expect(Object.keys(op.responses[status]?.content ?? {}), `${name} ${status}`).toEqual([
          'application/problem+json',
        ]);
      }
    }
  });

  it('gives every error response an example problem with its own status', () => {
    for (const [name, op] of operations) {
      for (const [status, response] of Object.entries(op.responses)) {
        // A range such as `4XX` takes an example of any status within it.
        const low = Number(status.replace(/X/g, '0'));
        const high = Number(status.replace(/X/g, '9'));
        if (low < 400) continue;
        const problem = response.content?.['application/problem+json'];
        if (!problem) continue;
        const example = problem.example as { status: number };
        expect(example.status, `${name} ${status}`).toBeGreaterThanOrEqual(low);
        expect(example.status, `${name} ${status}`).toBeLessThanOrEqual(high);
      }
    }
  });

  it('lets the nullable parts of a call be null', () => {
    const call = document.components.schemas.Call.properties;
    for (const field of ['from', 'recordingPolicy']) {
      expect(call[field].anyOf, field).toContainEqual({ type: 'null' });
    }
  });

  it('carries no sandbox credential', () => {
    const text = JSON.stringify(document);
    for (const secret of [
      VERBA_SANDBOX_DEFAULTS.apiKey,
      VERBA_SANDBOX_DEFAULTS.password,
      VERBA_SANDBOX_DEFAULTS.userName,
    ]) {
      expect(text).not.toContain(secret);
    }
  });
});
