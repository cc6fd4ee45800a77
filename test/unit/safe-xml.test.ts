import fc from 'fast-check';
import { parse, type TNode } from 'txml/txml';
import { describe, expect, it } from 'vitest';
import { txmlHazard } from '../../src/core/txml-guard.ts';
import {
  attributeOf,
  childNamed,
  decodeReferences,
  parseXml,
  textOf,
  XmlRefusedError,
} from '../../src/core/xml.ts';

describe('parseXml', () => {
  it('reads elements, attributes, text, CDATA, and skips the declaration and comments', () => {
    const root = parseXml(
      '<?xml version="1.0"?>\n<r a="1" b=\'x &amp; y\' bare><!-- note --><c>one</c><c>two</c><d><![CDATA[<raw>]]></d><e/></r>\n',
    );
    expect(root.tagName).toBe('r');
    expect(attributeOf(root, 'a')).toBe('1');
    expect(attributeOf(root, 'b')).toBe('x & y');
    expect(attributeOf(root, 'missing')).toBeUndefined();
    const first = childNamed(root, 'c');
    expect(first && textOf(first)).toBe('one');
    const cdata = childNamed(root, 'd');
    expect(cdata && textOf(cdata)).toBe('<raw>');
    const empty = childNamed(root, 'e');
    expect(empty && textOf(empty)).toBe('');
    expect(childNamed(root, 'nope')).toBeUndefined();
  });

  it('accepts nesting up to the limit and no deeper', () => {
    const nested = (depth: number) => `${'<a>'.repeat(depth)}x${'</a>'.repeat(depth)}`;
    expect(parseXml(nested(4), { maxDepth: 4 }).tagName).toBe('a');
    expect(() => parseXml(nested(5), { maxDepth: 4 })).toThrow(/deeper than 4/);
  });

  it('refuses a nesting bomb by its depth, before the parser recurses', () => {
    const depth = 100_000;
    const bomb = `${'<a>'.repeat(depth)}${'</a>'.repeat(depth)}`;
    expect(() => parseXml(bomb)).toThrow(XmlRefusedError);
    expect(() => parseXml(bomb)).toThrow(/elements nest deeper than 16$/);
  });

  // Each hides the nesting behind something the parser reads differently from plain tags.
  const bombs: Array<[string, string]> = [
    ['attributes', `<r>${'<a x="1" y=\'/>\' z=w>'.repeat(50_000)}`],
    ['a quote outside an attribute value', `<r>${'<a ">'.repeat(50_000)}`],
    [
      'comments and CDATA between the tags',
      `<r>${'<a><!-- </a> --><![CDATA[</a>]]>'.repeat(20_000)}`,
    ],
    ['processing instructions', `<r>${'<a><?pi </a> ?>'.repeat(50_000)}`],
    ['a nameless tag', `<r>${'< >'.repeat(50_000)}`],
  ];
  for (const [name, text] of bombs) {
    it(`refuses a nesting bomb hidden by ${name}, by its depth`, () => {
      expect(() => parseXml(text)).toThrow(/elements nest deeper than 16$/);
    });
  }

  it('counts neither siblings, self-closed elements nor markup inside comments and CDATA', () => {
    const wide = `<r>${'<a x="<b>"/><c>t</c>'.repeat(10_000)}<!--${'<d>'.repeat(100)}--><![CDATA[${'<e>'.repeat(100)}]]></r>`;
    const elements = parseXml(wide).children.filter((child) => typeof child !== 'string');
    expect(elements).toHaveLength(20_000);
  });

  it('refuses the element names the parser reads as raw text (script, style)', () => {
    // Unclosed, either sends the parser back to an earlier offset, over and over.
    expect(() => parseXml('<VerbaApi><Response code="0"/><script>')).toThrow(/not accepted/);
    expect(() => parseXml('<r><style>x</style></r>')).toThrow(/not accepted/);
  });

  const refused: Array<[string, string, RegExp]> = [
    ['a DOCTYPE', '<!DOCTYPE r [<!ENTITY e "x">]><r>&e;</r>', /declaration/],
    ['an ENTITY declaration without DOCTYPE', '<!ENTITY e "x"><r/>', /declaration/],
    ['a lowercase doctype', '<!doctype r><r/>', /declaration/],
    ['a document cut short', '<r><c>one</c><c>tw', /before its root element is closed/],
    ['an unclosed root', '<r><c/>', /before its root element is closed/],
    ['a mismatched close tag', '<r><c></d></r>', /well-formed/],
    ['two roots', '<r/><s/>', /more than one root/],
    ['text outside the root', 'hello <r/>', /outside its root/],
    ['no element at all', '{"json":true}', /outside its root/],
    ['an empty document', '', /no root/],
    ['a __proto__ element', '<r><__proto__><x>1</x></__proto__></r>', /not accepted/],
    ['a constructor element', '<r><constructor/></r>', /not accepted/],
    ['a constructor attribute', '<r constructor="x"/>', /not accepted/],
  ];
  for (const [name, text, reason] of refused) {
    it(`refuses ${name}`, () => {
      expect(() => parseXml(text)).toThrow(XmlRefusedError);
      expect(() => parseXml(text)).toThrow(reason);
      expect(({} as Record<string, unknown>).x).toBeUndefined();
    });
  }

  it('refuses a document over the size limit before reading it', () => {
    expect(() => parseXml(`<r>${'x'.repeat(100)}</r>`, { maxLength: 50 })).toThrow(/too large/);
  });

  it('does not treat HTML void element names as empty', () => {
    const root = parseXml('<r><link>http://x/</link><meta>m</meta></r>');
    const link = childNamed(root, 'link');
    expect(link && textOf(link)).toBe('http://x/');
  });
});

describe('txmlHazard', () => {
  // Pieces of markup that txml and a plain reading of XML tell apart differently.
  const piece = fc.constantFrom(
    ...['<', '>', '/', '/>', 'a', ' ', '\n', '"', "'", '=', '?', '-', '[', ']', '<>', '<a>'],
    ...[
      '</a>',
      '<a/>',
      '<a ',
      'b="',
      '<b x="/>">',
      "<b x='/>'>",
      '<x y=z/>',
      '<!--',
      '-->',
      '<![CDATA[',
    ],
    ...[']]>', '<?', '?>', '<!', '<!DOCTYPE [', '<a?>'],
  );
  const depthOf = (nodes: Array<TNode | string>): number => {
    let deepest = 0;
    for (const node of nodes)
      if (typeof node !== 'string') deepest = Math.max(deepest, 1 + depthOf(node.children));
    return deepest;
  };

  it('bounds the depth txml reaches: what it lets through nests no deeper than the limit', () => {
    // A unit repeated: how a nesting bomb is built, and what makes deep documents likely.
    const pieces = fc.array(piece, { maxLength: 12 });
    fc.assert(
      fc.property(pieces, pieces, fc.integer({ min: 1, max: 8 }), (head, unit, times) => {
        const text = head.join('') + unit.join('').repeat(times);
        if (txmlHazard(text, 3) !== null) return;
        let nodes: Array<TNode | string>;
        try {
          nodes = parse(text, { noChildNodes: [] });
        } catch {
          return;
        }
        // Elements txml entered, plus the childless ones at the bottom.
        expect(depthOf(nodes)).toBeLessThanOrEqual(4);
      }),
      { numRuns: 20_000 },
    );
  });
});

describe('decodeReferences', () => {
  it('decodes the predefined and character references, nothing else', () => {
    expect(decodeReferences('a &lt;b&gt; &amp; &quot;c&quot; &apos;d&apos;')).toBe(
      `a <b> & "c" 'd'`,
    );
    expect(decodeReferences('&#50;&#x33;&#X34;')).toBe('234');
    expect(decodeReferences('&custom; &#0; &#x110000;')).toBe('&custom; &#0; &#x110000;');
  });
});
