/**
 * CallFire's XML form, read by namespace rather than by prefix: the documents use a default
 * namespace for call data and `r:` for the resource envelope, but any prefixes (JAXB likes
 * `ns2:`) bound to the same URIs mean the same thing, and elements of other namespaces are
 * not CallFire's and are left out. The core's XML reader does the parsing and refuses what
 * no CallFire answer contains (DOCTYPE, entities, deep nesting, names reaching a prototype).
 */
import {
  attributeOf,
  decodeReferences,
  parseXml,
  type XmlElement,
  XmlRefusedError,
} from '../../src/core/xml.ts';
import {
  type CallFireDocument,
  type CallFireRecord,
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

// A full page of QueryCalls is up to 1000 calls: the reader's default would refuse one.
const MAX_LENGTH = 16 * 1024 * 1024;

type Scope = ReadonlyMap<string, string>;

export function parseCallFireXml(text: string): CallFireDocument {
  return readCallFireDocument(xmlToJsonShape(text));
}

/**
 * The XML document as the JSON form would have it: `{ Resource: { Call: { '@id': …, … } } }`,
 * keys by local name, an element's text beside its attributes as `value`, repeated elements
 * as arrays.
 */
export function xmlToJsonShape(text: string): CallFireRecord {
  let root: XmlElement;
  try {
    root = parseXml(text, { maxDepth: 16, maxLength: MAX_LENGTH });
  } catch (error) {
    if (!(error instanceof XmlRefusedError)) throw error;
    throw new NotCallFirePayloadError(`answer refused: ${error.message}`);
  }
  const scope = declare(new Map(), root);
  const { ns, local } = resolve(scope, root.tagName);
  const children = ENVELOPE_CHILDREN[local];
  if (ns !== CALLFIRE_RESOURCE_NS || !children) {
    throw new NotCallFirePayloadError(
      `root element ${local} is not a CallFire resource (${ns || 'no namespace'})`,
    );
  }
  return { [local]: convert(root, scope, children) };
}

/**
 * One element, given the scope inside it (its own declarations included): text alone as a
 * string, else its attributes, its text as `value`, and its children in `childNamespaces`.
 */
function convert(element: XmlElement, scope: Scope, childNamespaces: ReadonlySet<string>): unknown {
  let text = '';
  const elements: XmlElement[] = [];
  for (const child of element.children) {
    if (typeof child === 'string') text += child;
    else if (!child.tagName.startsWith('?')) elements.push(child);
  }
  const names = Object.keys(element.attributes);
  if (names.length === 0 && elements.length === 0) return decodeReferences(text);

  const out: CallFireRecord = Object.create(null);
  for (const name of names) {
    // Namespace declarations are consumed; prefixed attributes belong to someone else.
    if (name === 'xmlns' || name.includes(':')) continue;
    out[`@${name}`] = decodeReferences((element.attributes[name] ?? '').trim());
  }
  if (text !== '') out.value = decodeReferences(text);
  // Elements of one name that repeat are a list, as the JSON form writes them.
  const repeated = new Set<string>();
  const seen = new Set<string>();
  for (const child of elements) {
    if (seen.has(child.tagName)) repeated.add(child.tagName);
    seen.add(child.tagName);
  }
  for (const child of elements) {
    // A child's own xmlns declarations already apply to its name.
    const inner = declare(scope, child);
    const { ns, local } = resolve(inner, child.tagName);
    if (!childNamespaces.has(ns)) continue;
    const converted = convert(child, inner, DATA);
    const existing = out[local];
    if (existing === undefined) out[local] = repeated.has(child.tagName) ? [converted] : converted;
    else out[local] = [...(Array.isArray(existing) ? existing : [existing]), converted];
  }
  return out;
}

/** The scope inside an element: the outer one plus the element's own xmlns declarations. */
function declare(outer: Scope, element: XmlElement): Scope {
  let scope: Map<string, string> | undefined;
  for (const name of Object.keys(element.attributes)) {
    if (name !== 'xmlns' && !name.startsWith('xmlns:')) continue;
    scope ??= new Map(outer);
    scope.set(
      name === 'xmlns' ? '' : name.slice('xmlns:'.length),
      attributeOf(element, name) ?? '',
    );
  }
  return scope ?? outer;
}

function resolve(scope: Scope, qualified: string): { ns: string; local: string } {
  const colon = qualified.indexOf(':');
  if (colon < 0) return { ns: scope.get('') ?? '', local: qualified };
  // An undeclared prefix binds nothing: such an element is in no namespace we know.
  return { ns: scope.get(qualified.slice(0, colon)) ?? '', local: qualified.slice(colon + 1) };
}
