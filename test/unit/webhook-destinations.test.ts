/** The webhook allow list: names, host:port, CIDRs, and the addresses refused whatever it says. */
import { describe, expect, it } from 'vitest';
import { checkAddress, checkUrl, parseAllowList } from '../../src/events/destinations.ts';

const list = (raw: string) => {
  const errors: string[] = [];
  const parsed = parseAllowList(raw, errors);
  expect(errors).toEqual([]);
  return parsed;
};

describe('webhook destinations', () => {
  const allow = list('hooks.internal,crm.internal:8443,10.0.0.0/8,fd00::/8,169.254.0.0/16');

  it('allow listed names, ports and addresses inside listed CIDRs', () => {
    expect(checkUrl('https://hooks.internal/x', allow).ok).toBe(true);
    expect(checkUrl('https://crm.internal:8443/x', allow).ok).toBe(true);
    expect(checkUrl('https://crm.internal/x', allow).ok).toBe(false);
    expect(checkUrl('http://10.2.3.4:9000/x', allow).ok).toBe(true);
    expect(checkUrl('http://[fd12::1]/x', allow).ok).toBe(true);
    expect(checkUrl('http://11.0.0.1/x', allow).ok).toBe(false);
    expect(checkUrl('http://evil.example/x', allow).ok).toBe(false);
  });

  it('refuse link-local and metadata addresses, in any spelling, whatever the list says', () => {
    for (const url of [
      'http://169.254.169.254/latest',
      'http://[::ffff:169.254.169.254]/',
      'http://[fd00:ec2::254]/',
      'http://[fe80::1]/',
    ])
      expect(checkUrl(url, allow).ok, url).toBe(false);
  });

  it('refuse other schemes and credentials in the URL', () => {
    expect(checkUrl('ftp://hooks.internal/x', allow).ok).toBe(false);
    expect(checkUrl('https://user:pw@hooks.internal/x', allow).ok).toBe(false);
  });

  it('check each resolved address at send time (DNS rebinding)', () => {
    const cidrOnly = list('10.0.0.0/8');
    expect(checkAddress('hooks.example', '443', '10.1.1.1', cidrOnly).ok).toBe(true);
    expect(checkAddress('hooks.example', '443', '192.168.1.1', cidrOnly).ok).toBe(false);
    // A listed name may resolve anywhere, but never to a metadata address.
    expect(checkAddress('hooks.internal', '443', '192.168.1.1', allow).ok).toBe(true);
    expect(checkAddress('hooks.internal', '443', '169.254.169.254', allow).ok).toBe(false);
  });
});
