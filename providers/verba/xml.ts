import {
  attributeOf,
  childNamed,
  parseXml,
  textOf,
  type XmlElement,
  XmlRefusedError,
} from '../../src/core/xml.ts';

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

export function parseVerbaAnswer(text: string): VerbaAnswer {
  let root: XmlElement;
  try {
    // An answer is VerbaApi > verbacdr > field: 16 levels leave room and stop a nesting bomb.
    root = parseXml(text, { maxDepth: 16 });
  } catch (error) {
    if (!(error instanceof XmlRefusedError)) throw error;
    throw new NotVerbaXmlError(`answer refused: ${error.message}`);
  }
  if (root.tagName !== 'VerbaApi') throw new NotVerbaXmlError('answer has no VerbaApi element');
  const response = childNamed(root, 'Response');
  if (!response) throw new NotVerbaXmlError('answer has no Response element');
  const code = attributeOf(response, 'code') ?? null;
  if (code === null || !/^-?\d+$/.test(code))
    throw new NotVerbaXmlError('Response has no numeric code');

  // Payload elements are documented as siblings of Response; accept them inside it too.
  const pick = (name: string) => childNamed(root, name) ?? childNamed(response, name);
  const textIn = (element: XmlElement | undefined) => (element ? textOf(element) : null);
  const cdr = pick('verbacdr');
  return {
    code,
    type: attributeOf(response, 'type') ?? null,
    message: textIn(childNamed(response, 'ErrorMessage') ?? childNamed(root, 'ErrorMessage')),
    token: attributeOf(response, 'token') ?? textIn(pick('Token')),
    callId: textIn(pick('CallID')),
    // The element's name is not in the excerpts we have; these are the plausible spellings.
    callUrl: textIn(pick('CallURL') ?? pick('CallUrl') ?? pick('URL')),
    cdr: cdr ? flattenCdr(cdr) : null,
  };
}

/** Attributes as `@name`, then each child element's text; the first of a repeated name wins. */
export function flattenCdr(element: XmlElement): VerbaCdr {
  // A plain object, not a prototype-less one: V8 keeps it in fast mode, and parseXml has
  // already refused the names (__proto__, constructor, prototype) that could reach one.
  const out: VerbaCdr = {};
  for (const name of Object.keys(element.attributes)) {
    const value = attributeOf(element, name);
    if (value) out[`@${name}`] = value;
  }
  for (const child of element.children) {
    if (typeof child === 'string' || Object.hasOwn(out, child.tagName)) continue;
    const value = textOf(child);
    if (value !== '') out[child.tagName] = value;
  }
  return out;
}
