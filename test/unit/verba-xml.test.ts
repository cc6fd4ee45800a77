import { describe, expect, it } from 'vitest';
import { NotVerbaXmlError, parseVerbaAnswer } from '../../providers/verba/xml.ts';

describe('parseVerbaAnswer', () => {
  it('reads the documented answers', () => {
    expect(
      parseVerbaAnswer(
        '<VerbaApi><Response code="0" type="GetCallID"/><CallID>a8343631-9f35-4a3a-83f0-9e81592339fb</CallID></VerbaApi>',
      ),
    ).toMatchObject({
      code: '0',
      type: 'GetCallID',
      callId: 'a8343631-9f35-4a3a-83f0-9e81592339fb',
    });
    expect(
      parseVerbaAnswer(
        '<VerbaApi><Response code="0" type="RequestToken" token="W7XIdo"/></VerbaApi>',
      ).token,
    ).toBe('W7XIdo');
    expect(
      parseVerbaAnswer(`<?xml version="1.0" encoding="UTF-8"?>
<VerbaApi>
<Response code="-50" type="DeleteCall">
<ErrorMessage>Call for extension 3123212312 with status ongoing not found after 2 tries, with sleep time 1000.</ErrorMessage>
</Response>
</VerbaApi>`),
    ).toMatchObject({
      code: '-50',
      message: expect.stringMatching(/^Call for extension 3123212312/),
    });
  });

  it('decodes predefined and character references but nothing else', () => {
    const answer = parseVerbaAnswer(
      '<VerbaApi><Response code="0" type="GetCallURL"/><CallURL>http://v/?a=1&amp;b=&#50;&#x33;&custom;</CallURL></VerbaApi>',
    );
    expect(answer.callUrl).toBe('http://v/?a=1&b=23&custom;');
  });

  const hostile: Array<[string, string]> = [
    ['a DOCTYPE', '<!DOCTYPE x [<!ENTITY a "aaaa">]><VerbaApi><Response code="0"/></VerbaApi>'],
    [
      'billion laughs',
      '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]><VerbaApi><Response code="0"/><CallID>&lol2;</CallID></VerbaApi>',
    ],
    ['a truncated document', '<VerbaApi><Response code="0" type="GetCallID"/><CallID>a834'],
    [
      'a __proto__ element',
      '<VerbaApi><Response code="0"/><verbacdr><__proto__><polluted>1</polluted></__proto__></verbacdr></VerbaApi>',
    ],
    ['HTML', '<html><body>Service Unavailable</body></html>'],
    ['JSON', '{"code":0}'],
    ['no code', '<VerbaApi><Response type="GetCallID"/></VerbaApi>'],
    [
      'deep nesting',
      `<VerbaApi><Response code="0"/>${'<a>'.repeat(200)}${'</a>'.repeat(200)}</VerbaApi>`,
    ],
  ];
  for (const [name, text] of hostile) {
    it(`refuses ${name}`, () => {
      expect(() => parseVerbaAnswer(text)).toThrow(NotVerbaXmlError);
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    });
  }
});
