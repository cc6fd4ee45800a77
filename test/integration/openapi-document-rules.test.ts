/**
 * The committed document refuses what the server refuses and takes what it takes, for the
 * rules the server enforces: each case goes both to the document's own schema (by ajv, as a
 * generated client's validator would) and to the gateway, and the two verdicts must agree.
 * Every example the document gives, put together into one request per operation, must be
 * one the gateway takes.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startVerbaSandbox, type VerbaSandbox } from '../../providers/verba/sandbox/index.ts';
import { type RunningGateway, startGateway } from '../support/gateway.ts';
import { DOCUMENT, OPERATIONS, type Schema, schemaAccepts } from '../support/openapi-contract.ts';
import { resetSandbox } from '../support/sandbox-log.ts';
import { verbaEnv } from '../support/verba.ts';

let sandbox: VerbaSandbox;
let gateway: RunningGateway;

beforeAll(async () => {
  sandbox = await startVerbaSandbox();
  gateway = await startGateway(verbaEnv(sandbox), { name: 'openapi-document-rules' });
});
beforeEach(async () => {
  await resetSandbox(sandbox.origin);
});
afterAll(async () => {
  await gateway?.close();
  await sandbox?.close();
});

const operation = (id: string) => {
  const found = OPERATIONS.find((op) => op.operationId === id);
  if (!found) throw new Error(`no operation ${id}`);
  return found;
};
const parameter = (id: string, name: string): Schema => {
  const found = operation(id).parameters.find((p) => p.name === name);
  if (!found) throw new Error(`${id} documents no parameter ${name}`);
  return found.schema;
};
const body = (id: string): Schema => {
  const schema = operation(id).body;
  if (!schema) throw new Error(`${id} documents no body`);
  return schema;
};
const refused = async (response: Response) => {
  await response.body?.cancel();
  return response.status === 400;
};
const json = (method: string, value: unknown): RequestInit => ({
  method,
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify(value),
});

describe('the document and the server agree', () => {
  it.each([
    'verba_a8343631-9f35-4a3a-83f0-9e81592339fb',
    'x',
    'verba_',
    '_a8343631',
    'Verba_a8343631',
    '9verba_a',
  ])('on the call id %s', async (id) => {
    const byServer = await refused(await gateway.fetch(`/calls/${encodeURIComponent(id)}/url`));
    expect(!schemaAccepts('id', parameter('getCallUrl', 'id'), id)).toBe(byServer);
  });

  it.each([
    ['ongoing'],
    ['ongoing', 'next'],
    ['last', 'ongoing'],
    ['next', 'ongoing'],
    ['ongoing', 'last'],
    ['last', 'last'],
  ])('on the selector status %s,%s', async (...status) => {
    const selector = { extension: '9999', status: status.filter(Boolean) };
    const byServer = await refused(
      await gateway.fetch('/providers/verba/keep', json('POST', selector)),
    );
    expect(!schemaAccepts('keep', body('keepBySelector'), selector)).toBe(byServer);
  });

  it.each([
    { platformCallId: '71627389' },
    { nativeId: 'TRS-none' },
    { extension: '9999', status: ['last'] },
    { extension: '9999' },
    { platformCallId: '71627389', nativeId: 'TRS26140192' },
    { extension: '9999', status: ['last'], meetingId: 'WHBFM6DD' },
    {},
  ])('on the delete selector %j', async (selector) => {
    const byServer = await refused(
      await gateway.fetch('/providers/verba/delete', json('POST', selector)),
    );
    expect(!schemaAccepts('delete', body('deleteBySelector'), selector)).toBe(byServer);
  });

  it.each([
    ['state', 'completed'],
    ['state', 'completed,failed'],
    ['state', 'bogus'],
    ['state', 'completed,'],
    ['result', 'answered,voicemail'],
    ['result', 'unknown'],
  ])('on GET /calls %s=%s', async (name, value) => {
    const response = await gateway.fetch(
      `/calls?provider=verba&${name}=${encodeURIComponent(value)}`,
    );
    const problem = (await response.json()) as {
      errors?: Array<{ field: string; message: string }>;
    };
    // Verba cannot filter every state alone (it searches a window): only the refusal of the
    // value itself is compared.
    const bySyntax = Boolean(
      problem.errors?.some((e) => e.field === `query.${name}` && /one or more/.test(e.message)),
    );
    expect(!schemaAccepts(name, parameter('findCalls', name), value)).toBe(bySyntax);
  });

  it('types start and end as numbers, never null, and documents If-None-Match', () => {
    for (const name of ['start', 'end']) {
      const schema = parameter('getRecordingAudio', name);
      expect(schema.type, name).toBe('number');
      expect(schemaAccepts(name, schema, null), name).toBe(false);
    }
    expect(parameter('getCall', 'if-none-match').type).toBe('string');
    const description = (DOCUMENT as unknown as { info: { description: string } }).info.description;
    for (const word of ['recording', 'audio', 'history', 'metrics', '405'])
      expect(description).toContain(word);
  });
});

describe('the document’s examples', () => {
  it('make, operation by operation, a request the gateway takes', async () => {
    let sent = 0;
    for (const op of OPERATIONS) {
      let url = op.template;
      const query = new URLSearchParams();
      const headers: Record<string, string> = {};
      for (const p of op.parameters) {
        const example = p.schema.example;
        if (example === undefined) continue;
        if (p.in === 'path') url = url.replace(`{${p.name}}`, encodeURIComponent(String(example)));
        else if (p.in === 'query') query.set(p.name, String(example));
        // The cache directive's example re-reads the provider; the rest are plain values.
        else headers[p.name] = String(example);
      }
      if (op.operationId === 'findCalls') {
        // Its examples name every filter at once, which no instance takes together: one
        // selector, and the window Verba searches by, are requests the gateway takes.
        for (const name of [...query.keys()])
          if (!['provider', 'extension', 'status'].includes(name)) query.delete(name);
      }
      const search = query.toString();
      const init: RequestInit = { method: op.method, headers };
      if (op.bodyExample !== undefined) {
        init.body = JSON.stringify(op.bodyExample);
        headers['content-type'] = 'application/json';
      }
      const response = await gateway.fetch(search ? `${url}?${search}` : url, init);
      const context = `${op.method} ${url}?${search}`;
      let text = '';
      if (/json/.test(response.headers.get('content-type') ?? '')) text = await response.text();
      else await response.body?.cancel();
      expect(response.status, `${context} ${text}`).not.toBe(400);
      sent += 1;
    }
    expect(sent).toBe(OPERATIONS.length);
  });
});
