/**
 * CallFire answers in XML by default and in JSON when the path ends in `.json`. Both are
 * read into one shape, the JSON form's (attributes as `@name`, an element's text beside its
 * attributes as `value`, repeated elements as arrays), so one mapping serves both.
 */
/** One CallFire element in the `.json` form's shape; leaves are strings, numbers or booleans. */
export type CallFireRecord = Record<string, unknown>;

export type CallFireDocument =
  /** `Resource` wrapping one `Call` (GetCall). */
  | { kind: 'call'; call: CallFireRecord }
  /** `ResourceList` of calls (QueryCalls); `totalResults` counts every match, not the page. */
  | { kind: 'list'; calls: CallFireRecord[]; totalResults: number | null }
  /** `ResourceException`: how CallFire explains an error status. */
  | { kind: 'exception'; httpStatus: string | null; message: string | null };

export class NotCallFirePayloadError extends Error {
  override name = 'NotCallFirePayloadError';
}

// Ids are Java longs; past 2^53 JSON.parse would round them. The reviver is slow, so it
// runs only when the text holds a number long enough to be at risk.
const LONG_DIGITS = /\d{16}/;

export function parseCallFireJson(text: string): CallFireDocument {
  let document: unknown;
  try {
    document = LONG_DIGITS.test(text)
      ? JSON.parse(text, keepLongIntegers as (key: string, value: unknown) => unknown)
      : JSON.parse(text);
  } catch (error) {
    throw new NotCallFirePayloadError(
      `answer is not well-formed JSON (${(error as Error).message})`,
    );
  }
  return readCallFireDocument(document);
}

function keepLongIntegers(_key: string, value: unknown, context?: { source?: string }): unknown {
  if (typeof value !== 'number' || Number.isSafeInteger(value)) return value;
  const source = context?.source;
  return source && /^-?\d+$/.test(source) ? source : value;
}

/** The envelope of either form, once in the JSON form's shape. */
export function readCallFireDocument(document: unknown): CallFireDocument {
  if (!isObject(document)) throw new NotCallFirePayloadError('answer is not a CallFire document');
  const resource = field(document, 'Resource');
  if (resource !== undefined) {
    const call = first(field(resource, 'Call'));
    if (!isObject(call)) throw new NotCallFirePayloadError('Resource holds no Call');
    return { kind: 'call', call };
  }
  const list = field(document, 'ResourceList');
  if (list !== undefined) {
    const calls = asList(field(list, 'Call'));
    if (!calls.every(isObject)) throw new NotCallFirePayloadError('ResourceList holds a non-Call');
    const total = text(field(list, '@totalResults') ?? field(list, 'TotalResults'));
    return {
      kind: 'list',
      calls,
      totalResults: total !== null && /^\d+$/.test(total) ? Number(total) : null,
    };
  }
  const exception = field(document, 'ResourceException');
  if (exception !== undefined) {
    return {
      kind: 'exception',
      httpStatus: text(field(exception, 'HttpStatus')),
      message: text(field(exception, 'Message')),
    };
  }
  throw new NotCallFirePayloadError('answer has no Resource, ResourceList or ResourceException');
}

export const isObject = (value: unknown): value is CallFireRecord =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** An own field only: a payload can name a key `__proto__` or `constructor`. */
export const field = (value: unknown, name: string): unknown =>
  isObject(value) && Object.hasOwn(value, name) ? value[name] : undefined;

const first = (value: unknown): unknown => (Array.isArray(value) ? value[0] : value);

/** A repeated element: absent is none, one is a list of one. */
export const asList = (value: unknown): unknown[] =>
  value === undefined || value === null ? [] : Array.isArray(value) ? value : [value];

/** A leaf as text; an element with attributes keeps its text in `value`. Empty is absent. */
export function text(value: unknown): string | null {
  const leaf = first(value);
  if (typeof leaf === 'string') {
    const trimmed = leaf.trim();
    return trimmed === '' ? null : trimmed;
  }
  if (typeof leaf === 'number') return Number.isFinite(leaf) ? String(leaf) : null;
  if (typeof leaf === 'boolean') return String(leaf);
  if (isObject(leaf)) return text(field(leaf, 'value'));
  return null;
}
