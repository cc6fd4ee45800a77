import { describe, expect, it } from 'vitest';
import { providerText, quotesAny, WITHHELD } from '../../src/core/provider-text.ts';

const KEY = '74c8eea0-50c6-40b2-9f3e-252ed501c3c8';
const PASSWORD = 'p@ss+w rd/ü';

describe('provider text', () => {
  const quoted: Array<[string, string]> = [
    ['as is', `apiKey=${KEY}`],
    ['in upper case', `APIKEY=${KEY.toUpperCase()}`],
    ['form-encoded', `password=${new URLSearchParams({ p: PASSWORD }).toString().slice(2)}`],
    ['percent-encoded', encodeURIComponent(PASSWORD)],
    ['percent-encoded twice', encodeURIComponent(encodeURIComponent(PASSWORD))],
    ['with upper-case percent escapes', encodeURIComponent(PASSWORD).toLowerCase()],
    ['as decimal references', [...KEY].map((c) => `&#${c.charCodeAt(0)};`).join('')],
    [
      'as hex references, escaped again',
      [...KEY].map((c) => `&amp;#x${c.charCodeAt(0).toString(16)};`).join(''),
    ],
    [
      'as JSON escapes',
      [...PASSWORD].map((c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`).join(''),
    ],
    ['as \\x escapes', [...KEY].map((c) => `\\x${c.charCodeAt(0).toString(16)}`).join('')],
    [
      'as escapes, then percent-encoded',
      encodeURIComponent([...KEY].map((c) => `\\u{${c.charCodeAt(0).toString(16)}}`).join('')),
    ],
  ];
  for (const [name, text] of quoted) {
    it(`withholds text quoting a credential ${name}`, () => {
      expect(quotesAny(`Bad request: ${text}.`, [KEY, PASSWORD])).toBe(true);
      expect(providerText(`Bad request: ${text}.`, [KEY, PASSWORD])).toBe(WITHHELD);
    });
  }

  it('passes text quoting no credential on unchanged, encoded or not', () => {
    const text = 'Call a8343631-9f35-4a3a-83f0-9e81592339fb not found (50%25 of &amp; \\u0041).';
    expect(providerText(text, [KEY, PASSWORD, null, undefined, ''])).toBe(text);
  });

  it('tolerates malformed encodings', () => {
    expect(quotesAny('%E0%A4%A %zz \\u12 &#xFFFFFFF; %ff', [KEY])).toBe(false);
    expect(quotesAny(`%ff${KEY}`, [KEY])).toBe(true);
  });
});
