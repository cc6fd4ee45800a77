/**
 * A method a path lacks is a 405 with `Allow`, and a request no route takes never touches
 * the Idempotency-Key records, written once and run on Node (test/integration) and on the
 * Worker build in workerd (test/worker). The paths and their methods come from the document
 * the gateway serves, so a route added later is covered without editing this file.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { resetSandbox } from '../support/sandbox-log.ts';

export interface MethodsTarget {
  /** Sends a request to the gateway under test with the all-scopes key. */
  fetch(path: string, init?: RequestInit): Promise<Response>;
  sandboxOrigin: string;
}

const ONGOING = 'verba_5d0b6f0c-7f64-4d3e-9a51-2c1f0f6e8a10';
/** Methods fetch can send (it refuses TRACE and CONNECT; test/integration sends TRACE raw). */
const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'];
const OPERATIONS = new Set(['get', 'head', 'post', 'put', 'patch', 'delete', 'options', 'trace']);

interface Document {
  paths: Record<string, Record<string, unknown>>;
}

/** A request path for a template: the ids of calls the sandbox has. */
const concrete = (template: string) =>
  template
    .replace('{id}', ONGOING)
    .replace('{instance}', 'verba')
    .replace('{recordingId}', '5d0b6f0c-7f64-4d3e-9a51-2c1f0f6e8a10');

/** The `Allow` a path's documented operations make: HEAD wherever GET is. */
export function allowOf(operations: Record<string, unknown>): string {
  const methods = new Set(
    Object.keys(operations)
      .filter((name) => OPERATIONS.has(name))
      .map((name) => name.toUpperCase()),
  );
  if (methods.has('GET')) methods.add('HEAD');
  return [...methods].sort().join(', ');
}

export function describeMethods(target: () => MethodsTarget) {
  beforeEach(async () => {
    await resetSandbox(target().sandboxOrigin);
  });

  describe('a method the path lacks', () => {
    it('is a 405 problem naming the methods the path has, on every documented path', async () => {
      const document = (await (await target().fetch('/openapi.json')).json()) as Document;
      let checked = 0;
      for (const [template, operations] of Object.entries(document.paths)) {
        const allow = allowOf(operations);
        for (const method of METHODS.filter((m) => !allow.split(', ').includes(m))) {
          const response = await target().fetch(concrete(template), { method });
          const context = `${method} ${template}`;
          expect(response.status, context).toBe(405);
          expect(response.headers.get('allow'), context).toBe(allow);
          expect(response.headers.get('content-type'), context).toBe('application/problem+json');
          // A HEAD answer has no body to read.
          if (method !== 'HEAD')
            expect(await response.json(), context).toMatchObject({
              status: 405,
              code: 'method_not_allowed',
              type: 'urn:callgate:problem:method_not_allowed',
            });
          checked += 1;
        }
      }
      expect(checked).toBeGreaterThan(40);
    });

    it('is a 405 on the paths the document does not list (docs, the document itself)', async () => {
      for (const path of ['/openapi.json', '/docs', '/docs/init.js']) {
        const response = await target().fetch(path, { method: 'POST' });
        expect(response.status, path).toBe(405);
        expect(response.headers.get('allow'), path).toBe('GET, HEAD');
      }
    });

    it('leaves a path no route has a 404', async () => {
      const response = await target().fetch('/calls/x/nowhere', { method: 'PUT' });
      expect(response.status).toBe(404);
      expect(response.headers.get('allow')).toBeNull();
      expect(((await response.json()) as { code: string }).code).toBe('route_not_found');
    });
  });

  describe('a request no route takes, with an Idempotency-Key used before', () => {
    it('is a 404 or 405, never an idempotency answer', async () => {
      const key = `used-${crypto.randomUUID()}`;
      const keep = await target().fetch(`/calls/${ONGOING}/keep`, {
        method: 'POST',
        headers: { 'idempotency-key': key },
      });
      expect(keep.status).toBe(200);
      for (const [method, path, status] of [
        ['POST', '/healthz', 405],
        ['DELETE', '/providers/verba/delete', 405],
        ['DELETE', '/calls', 405],
        ['POST', '/nowhere', 404],
      ] as const) {
        const response = await target().fetch(path, {
          method,
          headers: { 'idempotency-key': key, 'content-type': 'application/json' },
          body: '{}',
        });
        expect(response.status, `${method} ${path}`).toBe(status);
        expect(response.headers.get('idempotent-replayed')).toBeNull();
      }
      // The key still holds the keep's answer.
      const repeat = await target().fetch(`/calls/${ONGOING}/keep`, {
        method: 'POST',
        headers: { 'idempotency-key': key },
      });
      expect(repeat.status).toBe(200);
      expect(repeat.headers.get('idempotent-replayed')).toBe('true');
    });
  });
}
