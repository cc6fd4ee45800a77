/**
 * CallFire's XML form, read by namespace rather than by prefix: the documents use a default
 * namespace for call data and `r:` for the resource envelope, but any prefixes (JAXB likes
 * `ns2:`) bound to the same URIs mean the same thing, and elements of other namespaces are
 * not CallFire's and are left out.
 */
import { XMLParser } from 'fast-xml-parser';
import { decodeReferences } from '../../src/core/xml.ts';
import {
  type CallFireDocument,
  type CallFireRecord,
  isObject,
  NotCallFirePayloadError,
  readCallFireDocument,
} from './payload.ts';

export const CALLFIRE_DATA_NS = 'http://api.callfire.com/data';
export const CALLFIRE_RESOURCE_NS = 'http://api.callfire.com/resource';

const DATA: ReadonlySet<string> = new Set([CALLFIRE_DATA_NS]);
// The envelope's children: a Call is data; ResourceException's HttpStatus and Message are
// written in the resource namespace (unconfirmed beyond public SDKs), so accept either.
const ENVELOPE_CHILDREN: Record<string, ReadonlySet<string>> = {
  Resource: DATA,
  ResourceList: DATA,
  ResourceException: new Set([CALLFIRE_RESOURCE_NS, CALLFIRE_DATA_NS]),
};

// Entities off and DOCTYPE refused: an answer can neither expand nor reference anything.
// Values stay strings: ids and numbers are read by the mapping, not guessed here.
const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  textNodeName: '#text',
  processEntities: false,
  parseTagValue: false,
  parseAttributeValue: false,
  ignoreDeclaration: true,
  ignorePiTags: true,
  trimValues: true,
  maxNestedTags: 16,
});

const DOCTYPE = /<!DOCTYPE/i;

type Scope = ReadonlyMap<string, string>;

export function parseCallFireXml(text: string): CallFireDocument {
  return readCallFireDocument(xmlToJsonShape(text));
}

/**
 * The XML document as the JSON form would have it: `{ Resource: { Call: { '@id': …, … } } }`,
 * keys by local name.
 */
export function xmlToJsonShape(text: string): CallFireRecord {
  if (DOCTYPE.test(text))
    throw new NotCallFirePayloadError('answer carries a DOCTYPE, which is refused');
  let document: unknown;
  try {
    document = parser.parse(text, true);
  } catch (error) {
    throw new NotCallFirePayloadError(
      `answer is not well-formed XML (${(error as Error).message})`,
    );
  }
  if (!isObject(document)) throw new NotCallFirePayloadError('answer has no root element');
  const roots = Object.keys(document).filter((key) => !/^[?#@]/.test(key));
  const [rootKey] = roots;
  if (roots.length !== 1 || rootKey === undefined)
    throw new NotCallFirePayloadError('answer has no single root element');
  const rootValue = document[rootKey];
  const scope = declare(new Map(), rootValue);
  const { ns, local } = resolve(scope, rootKey);
  const children = ENVELOPE_CHILDREN[local];
  if (ns !== CALLFIRE_RESOURCE_NS || !children) {
    throw new NotCallFirePayloadError(
      `root element ${local} is not a CallFire resource (${ns || 'no namespace'})`,
    );
  }
  return { [local]: convert(rootValue, scope, children) };
}

/**
 * One element, given the scope inside it (its own declarations included): its attributes,
 * text, and the children in `childNamespaces`.
 */
function convert(value: unknown, scope: Scope, childNamespaces: ReadonlySet<string>): unknown {
  if (typeof value === 'string') return decodeReferences(value);
  if (!isObject(value)) return '';
  const out: CallFireRecord = Object.create(null);
  for (const [key, child] of Object.entries(value)) {
    if (key === '#text') {
      out.value = decodeReferences(String(child));
    } else if (key.startsWith('@')) {
      const name = key.slice(1);
      // Namespace declarations are consumed; prefixed attributes belong to someone else.
      if (name === 'xmlns' || name.includes(':')) continue;
      out[key] = decodeReferences(String(child));
    } else {
      for (const item of Array.isArray(child) ? child : [child]) {
        // A child's own xmlns declarations already apply to its name.
        const inner = declare(scope, item);
        const { ns, local } = resolve(inner, key);
        if (!childNamespaces.has(ns)) continue;
        const converted = convert(item, inner, DATA);
        const existing = out[local];
        if (existing === undefined) out[local] = Array.isArray(child) ? [converted] : converted;
        else out[local] = [...(Array.isArray(existing) ? existing : [existing]), converted];
      }
    }
  }
  return out;
}

/** The scope inside an element: the outer one plus the element's own xmlns declarations. */
function declare(outer: Scope, value: unknown): Scope {
  if (!isObject(value)) return outer;
  let scope: Map<string, string> | undefined;
  for (const [key, uri] of Object.entries(value)) {
    if (key !== '@xmlns' && !key.startsWith('@xmlns:')) continue;
    scope ??= new Map(outer);
    scope.set(key === '@xmlns' ? '' : key.slice('@xmlns:'.length), String(uri));
  }
  return scope ?? outer;
}

function resolve(scope: Scope, qualified: string): { ns: string; local: string } {
  const colon = qualified.indexOf(':');
  if (colon < 0) return { ns: scope.get('') ?? '', local: qualified };
  // An undeclared prefix binds nothing: such an element is in no namespace we know.
  return { ns: scope.get(qualified.slice(0, colon)) ?? '', local: qualified.slice(colon + 1) };
}
