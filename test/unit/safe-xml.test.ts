import { describe, expect, it } from 'vitest';
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

  it('refuses a nesting bomb without exhausting anything', () => {
    const depth = 100_000;
    expect(() => parseXml(`${'<a>'.repeat(depth)}${'</a>'.repeat(depth)}`)).toThrow(
      XmlRefusedError,
    );
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

describe('decodeReferences', () => {
  it('decodes the predefined and character references, nothing else', () => {
    expect(decodeReferences('a &lt;b&gt; &amp; &quot;c&quot; &apos;d&apos;')).toBe(
      `a <b> & "c" 'd'`,
    );
    expect(decodeReferences('&#50;&#x33;&#X34;')).toBe('234');
    expect(decodeReferences('&custom; &#0; &#x110000;')).toBe('&custom; &#0; &#x110000;');
  });
});
