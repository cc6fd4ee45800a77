/**
 * XML from an upstream, read defensively: no DOCTYPE or other markup declaration (so no
 * entity can be defined, let alone expanded), only the five predefined and numeric
 * character references decoded, nesting and size bounded, and a document cut short refused.
 *
 * txml does the tokenizing: on the providers' answers it is about ten times faster than
 * fast-xml-parser (see bench/README.md). It is lenient by design, so the checks above are
 * made here, around it.
 */
import { parse, type TNode } from 'txml/txml';
import { txmlHazard } from './txml-guard.ts';

/** txml's own node shape, so no copy of the tree is made. */
export interface XmlElement {
  tagName: string;
  /** Attribute values as written (references not decoded); null for a bare attribute. */
  attributes: Readonly<Record<string, string | null>>;
  children: ReadonlyArray<XmlElement | string>;
}

export interface XmlLimits {
  /** Deepest element nesting accepted; the root is depth 1. @default 16 */
  maxDepth?: number;
  /** Longest document accepted, in UTF-16 code units. @default 1048576 */
  maxLength?: number;
}

export class XmlRefusedError extends Error {
  override name = 'XmlRefusedError';
}

// `<!` opens only a comment or CDATA in an answer; DOCTYPE, ENTITY and the like are refused.
const DECLARATION = /<!(?!--|\[CDATA\[)/;
const NAME = /^[A-Za-z_][\w.:-]*$/;
// Names that would reach an object's prototype if a caller indexed by them.
const RESERVED = new Set(['__proto__', 'constructor', 'prototype']);
// txml treats these HTML names as void elements unless told otherwise.
const NO_VOID_ELEMENTS: string[] = [];

/** The document's root element, checked; throws XmlRefusedError for anything refused. */
export function parseXml(text: string, limits: XmlLimits = {}): XmlElement {
  const maxDepth = limits.maxDepth ?? 16;
  if (text.length > (limits.maxLength ?? 1024 * 1024)) throw refuse('document is too large');
  if (DECLARATION.test(text)) throw refuse('document carries a markup declaration (DOCTYPE)');

  const hazard = txmlHazard(text, maxDepth);
  if (hazard) throw refuse(hazard);

  let nodes: Array<TNode | string>;
  try {
    nodes = parse(text, { noChildNodes: NO_VOID_ELEMENTS });
  } catch (error) {
    throw refuse(`document is not well-formed XML (${(error as Error).message.split('\n')[0]})`);
  }
  let root: TNode | undefined;
  for (const node of nodes) {
    if (typeof node === 'string') throw refuse('document has text outside its root element');
    if (node.tagName.startsWith('?')) continue;
    if (root) throw refuse('document has more than one root element');
    root = node;
  }
  if (!root) throw refuse('document has no root element');
  // txml returns what it read of a document that stops early; a complete one ends by
  // closing its root.
  if (!isSelfClosed(root) && !text.trimEnd().endsWith(`</${root.tagName}>`)) {
    throw refuse('document ends before its root element is closed');
  }
  check(root, 1, maxDepth);
  return root as unknown as XmlElement;
}

function check(node: TNode, depth: number, maxDepth: number): void {
  if (depth > maxDepth) throw refuse(`elements nest deeper than ${maxDepth}`);
  if (!NAME.test(node.tagName) || RESERVED.has(node.tagName)) {
    throw refuse(`element name '${node.tagName.slice(0, 40)}' is not accepted`);
  }
  for (const name of Object.keys(node.attributes)) {
    if (RESERVED.has(name)) throw refuse(`attribute name '${name}' is not accepted`);
  }
  const children = node.children;
  for (let i = 0; i < children.length; i++) {
    const child = children[i];
    if (typeof child === 'string' || child === undefined) continue;
    if (child.tagName.startsWith('?')) continue;
    check(child, depth + 1, maxDepth);
  }
}

const isSelfClosed = (node: TNode) => (node as { selfClosed?: boolean }).selfClosed === true;

function refuse(reason: string): XmlRefusedError {
  return new XmlRefusedError(reason);
}

/** The first child element named `name`, if any. */
export function childNamed(element: XmlElement, name: string): XmlElement | undefined {
  for (const child of element.children) {
    if (typeof child !== 'string' && child.tagName === name) return child;
  }
  return undefined;
}

/** An element's text: its text children joined, references decoded. */
export function textOf(element: XmlElement): string {
  let out = '';
  for (const child of element.children) if (typeof child === 'string') out += child;
  return decodeReferences(out);
}

/** An attribute's value, references decoded; undefined when absent. */
export function attributeOf(element: XmlElement, name: string): string | undefined {
  if (!Object.hasOwn(element.attributes, name)) return undefined;
  return decodeReferences(element.attributes[name] ?? '');
}

const REFERENCE = /&(lt|gt|amp|quot|apos|#\d{1,7}|#x[0-9a-f]{1,6});/gi;
const NAMED: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

/**
 * The five predefined references and character references; nothing else can expand (an
 * entity would need a DTD, which is refused).
 */
export function decodeReferences(value: string): string {
  if (!value.includes('&')) return value;
  return value.replace(REFERENCE, (whole, name: string) => {
    if (name[0] !== '#') return NAMED[name.toLowerCase()] ?? whole;
    const code =
      name[1] === 'x' || name[1] === 'X'
        ? Number.parseInt(name.slice(2), 16)
        : Number(name.slice(1));
    return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
  });
}
