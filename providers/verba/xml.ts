import { XMLParser } from 'fast-xml-parser';

/** One parsed Verba answer: `<VerbaApi><Response code=… type=…/>…</VerbaApi>`. */
export interface VerbaAnswer {
  code: string;
  type: string | null;
  message: string | null;
  token: string | null;
  callId: string | null;
  callUrl: string | null;
  cdr: VerbaCdr | null;
}

/** A `verbacdr` element: child elements as strings, attributes prefixed with `@`. */
export type VerbaCdr = Record<string, string>;

export class NotVerbaXmlError extends Error {
  override name = 'NotVerbaXmlError';
}

// Entities off and DOCTYPE refused: an answer can neither expand nor reference anything.
// Values stay strings: ids like 00123 or 1e5 must not become numbers.
const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  processEntities: false,
  parseTagValue: false,
  parseAttributeValue: false,
  ignoreDeclaration: true,
  ignorePiTags: true,
  trimValues: true,
  maxNestedTags: 16,
});

const DOCTYPE = /<!DOCTYPE/i;

export function parseVerbaAnswer(text: string): VerbaAnswer {
  if (DOCTYPE.test(text)) throw new NotVerbaXmlError('answer carries a DOCTYPE, which is refused');
  let document: unknown;
  try {
    document = parser.parse(text, true);
  } catch (error) {
    throw new NotVerbaXmlError(`answer is not well-formed XML (${(error as Error).message})`);
  }
  const root = field(document, 'VerbaApi');
  if (!isObject(root)) throw new NotVerbaXmlError('answer has no VerbaApi element');
  const response = first(field(root, 'Response'));
  if (!isObject(response)) throw new NotVerbaXmlError('answer has no Response element');
  const code = text_(field(response, '@code'));
  if (code === null || !/^-?\d+$/.test(code))
    throw new NotVerbaXmlError('Response has no numeric code');

  // Payload elements are documented as siblings of Response; accept them inside it too.
  const pick = (name: string) => first(field(root, name) ?? field(response, name));
  const cdr = pick('verbacdr');
  return {
    code,
    type: text_(field(response, '@type')),
    message: text_(field(response, 'ErrorMessage')) ?? text_(field(root, 'ErrorMessage')),
    token: text_(field(response, '@token')) ?? text_(pick('Token')),
    callId: text_(pick('CallID')),
    // The element's name is not in the excerpts we have; these are the plausible spellings.
    callUrl: text_(pick('CallURL') ?? pick('CallUrl') ?? pick('URL')),
    cdr: isObject(cdr) ? flattenCdr(cdr) : null,
  };
}

function flattenCdr(element: Record<string, unknown>): VerbaCdr {
  const out: VerbaCdr = Object.create(null);
  for (const key of Object.keys(element)) {
    const value = text_(first(element[key]));
    if (value !== null && value !== '') out[key] = value;
  }
  return out;
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const field = (value: unknown, name: string): unknown =>
  isObject(value) && Object.hasOwn(value, name) ? value[name] : undefined;

const first = (value: unknown): unknown => (Array.isArray(value) ? value[0] : value);

/** Text of an element or attribute; an element with attributes keeps its text in `#text`. */
function text_(value: unknown): string | null {
  if (typeof value === 'string') return value.includes('&') ? decodeReferences(value) : value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (isObject(value)) return text_(field(value, '#text'));
  return null;
}

const REFERENCE = /&(lt|gt|amp|quot|apos|#\d{1,7}|#x[0-9a-f]{1,6});/gi;
const NAMED: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

/**
 * The parser's entity processing is off, so the five predefined references and character
 * references are decoded here; nothing else (no DTD entities) can ever expand.
 */
function decodeReferences(value: string): string {
  return value.replace(REFERENCE, (whole, name: string) => {
    if (name[0] !== '#') return NAMED[name.toLowerCase()] ?? whole;
    const code =
      name[1] === 'x' || name[1] === 'X'
        ? Number.parseInt(name.slice(2), 16)
        : Number(name.slice(1));
    return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
  });
}
