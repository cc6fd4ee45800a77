/**
 * The committed document (openapi/openapi.json) as a test oracle: request generators read
 * from its parameters and bodies, and a check that an answer is one the document promises
 * for the operation (status, content type, body schema, `Allow` on a 405). JSON Schema
 * 2020-12, which OpenAPI 3.1 uses, is checked by ajv.
 */
import { readFileSync } from 'node:fs';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import fc from 'fast-check';

// biome-ignore lint/suspicious/noExplicitAny: the document is read as plain JSON.
export type Schema = Record<string, any>;

export interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header';
  required?: boolean;
  schema: Schema;
}

export interface Operation {
  method: string;
  template: string;
  operationId: string;
  parameters: Parameter[];
  body: Schema | null;
  bodyExample: unknown;
  responses: Record<string, { content?: Record<string, { schema?: Schema }> }>;
}

export interface Document {
  paths: Record<string, Record<string, Schema>>;
  components: { schemas: Record<string, Schema> };
}

export const DOCUMENT: Document = JSON.parse(
  readFileSync(new URL('../../openapi/openapi.json', import.meta.url), 'utf8'),
);

const VERBS = ['get', 'head', 'post', 'put', 'patch', 'delete', 'options', 'trace'];

export const OPERATIONS: Operation[] = Object.entries(DOCUMENT.paths).flatMap(([template, item]) =>
  Object.entries(item)
    .filter(([verb]) => VERBS.includes(verb))
    .map(([verb, op]) => {
      const media = op.requestBody?.content?.['application/json'];
      return {
        method: verb.toUpperCase(),
        template,
        operationId: op.operationId,
        parameters: (op.parameters ?? []) as Parameter[],
        body: media?.schema ?? null,
        bodyExample: media?.example,
        responses: op.responses,
      };
    }),
);

/** The `Allow` a path's documented operations make: HEAD wherever GET is. */
export function allowOf(template: string): string {
  const methods = new Set(
    Object.keys(DOCUMENT.paths[template] ?? {})
      .filter((verb) => VERBS.includes(verb))
      .map((verb) => verb.toUpperCase()),
  );
  if (methods.has('GET')) methods.add('HEAD');
  return [...methods].sort().join(', ');
}

const resolve = (schema: Schema): Schema => {
  const ref: unknown = schema.$ref;
  if (typeof ref !== 'string') return schema;
  const name = ref.replace('#/components/schemas/', '');
  const target = DOCUMENT.components.schemas[name];
  if (!target) throw new Error(`unresolved ${ref}`);
  return resolve(target);
};

// ---- answers ----------------------------------------------------------------------------

// ajv-formats is CommonJS: its default export arrives wrapped under Node's ESM loader.
const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ??
  addFormatsModule) as (ajv: Ajv2020) => Ajv2020;
const ajv = addFormats(new Ajv2020({ strict: false, allErrors: true }));
ajv.addSchema({ $id: 'callgate-document', components: DOCUMENT.components });
const compiled = new Map<string, ValidateFunction>();

function validatorFor(key: string, schema: Schema): ValidateFunction {
  let validate = compiled.get(key);
  if (!validate) {
    // The document's own `#/components/…` references, read from the schema added above.
    const text = JSON.stringify(schema).replaceAll(
      '"#/components/',
      '"callgate-document#/components/',
    );
    validate = ajv.compile(JSON.parse(text));
    compiled.set(key, validate);
  }
  return validate;
}

const mediaType = (value: string | null) => (value ?? '').split(';')[0]?.trim().toLowerCase();

export interface Answer {
  status: number;
  headers: Headers;
  /** The body as text, or null when it was not read (audio, HEAD). */
  text: string | null;
}

/** Everything wrong with `answer` as an answer of `operation`, or an empty list. */
export function contractViolations(operation: Operation, answer: Answer): string[] {
  const problems: string[] = [];
  const status = String(answer.status);
  const documented =
    operation.responses[status] ??
    operation.responses[`${status[0]}XX`] ??
    operation.responses.default;
  if (!documented) return [`status ${status} is not documented for ${operation.operationId}`];
  const content = documented.content;
  const type = mediaType(answer.headers.get('content-type'));
  if (!content) {
    if (answer.text) problems.push(`status ${status} has no documented body, yet one came`);
    return problems;
  }
  const entry = Object.entries(content).find(([name]) => mediaType(name) === type);
  if (!entry) {
    if (operation.method === 'HEAD' && !answer.text) return problems;
    return [
      `content type ${type} is not documented for ${status} (${Object.keys(content).join(', ')})`,
    ];
  }
  const [name, media] = entry;
  if (answer.text !== null && media.schema && /json$/.test(type ?? '')) {
    let body: unknown;
    try {
      body = JSON.parse(answer.text);
    } catch {
      return [`${status} ${type} body is not JSON`];
    }
    const validate = validatorFor(`${operation.operationId} ${status} ${name}`, media.schema);
    if (!validate(body))
      problems.push(
        `${status} body does not match its schema: ${ajv.errorsText(validate.errors)} in ${answer.text.slice(0, 300)}`,
      );
  }
  return problems;
}

/** Whether `value` is valid for `schema` (a document schema), by the same validator. */
export function schemaAccepts(key: string, schema: Schema, value: unknown): boolean {
  return validatorFor(`value ${key}`, schema)(value);
}

// ---- requests ---------------------------------------------------------------------------

/** Values a schema allows, by its type, enum, pattern and bounds; `example` now and then. */
export function arbitraryFor(input: Schema, depth = 0): fc.Arbitrary<unknown> {
  const schema = resolve(input);
  const example = schema.example === undefined ? [] : [fc.constant(schema.example)];
  if (Array.isArray(schema.enum)) return fc.constantFrom(...schema.enum);
  const own = ((): fc.Arbitrary<unknown> => {
    switch (schema.type) {
      case 'string':
        if (schema.pattern) return fc.stringMatching(new RegExp(schema.pattern));
        if (schema.format === 'date-time')
          return fc
            .date({ min: new Date('2000-01-01'), max: new Date('2030-01-01'), noInvalidDate: true })
            .map((d) => d.toISOString());
        return fc.string({ maxLength: Math.min(schema.maxLength ?? 40, 40) });
      case 'integer':
        return fc.integer({ min: schema.minimum ?? 0, max: schema.maximum ?? 1_000_000 });
      case 'number': {
        const min =
          schema.minimum ??
          (schema.exclusiveMinimum !== undefined ? schema.exclusiveMinimum + 1 : 0);
        // Small: a long segment costs the sandbox an encode, and bounds are the server's to check.
        return fc.integer({ min, max: Math.min(schema.maximum ?? 1_000_000, min + 30) });
      }
      case 'boolean':
        return fc.boolean();
      case 'array':
        return fc.array(arbitraryFor(schema.items ?? {}, depth + 1), {
          minLength: schema.minItems ?? 0,
          maxLength: Math.min(schema.maxItems ?? 3, 3),
        });
      case 'object': {
        const properties = Object.entries((schema.properties ?? {}) as Record<string, Schema>);
        if (depth > 3 || properties.length === 0) return fc.constant({});
        return fc.record(
          Object.fromEntries(properties.map(([name, sub]) => [name, arbitraryFor(sub, depth + 1)])),
          { requiredKeys: schema.required ?? [] },
        );
      }
      default:
        return fc.jsonValue({ maxDepth: 2 });
    }
  })();
  return example.length
    ? fc.oneof(
        { weight: 1, arbitrary: example[0] as fc.Arbitrary<unknown> },
        { weight: 3, arbitrary: own },
      )
    : own;
}
