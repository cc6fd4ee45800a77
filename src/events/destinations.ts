/**
 * Where webhooks may go: WEBHOOK_ALLOWED_DESTINATIONS, a comma-separated allow list of host
 * names (`hooks.internal`), `host:port` and CIDRs (`10.0.0.0/8`, `fd00::/8`). Internal apps
 * live on private networks, so nothing is allowed unless listed; link-local and cloud
 * metadata addresses are refused whatever the list says. A URL is checked as written when
 * the endpoint is made, and each address its name resolves to when an attempt connects
 * (DNS rebinding). Addresses are parsed by ipaddr.js (IPv4, IPv6, IPv4-mapped IPv6).
 */
import ipaddr from 'ipaddr.js';

type Address = ipaddr.IPv4 | ipaddr.IPv6;
type Range = [Address, number];

export interface AllowList {
  /** Lower-case host names or address literals, each with a port or null for any port. */
  hosts: Array<{ host: string; port: string | null }>;
  cidrs: Range[];
}

export const NO_DESTINATIONS: AllowList = { hosts: [], cidrs: [] };

export function parseAllowList(raw: string | undefined, errors: string[]): AllowList {
  const list: AllowList = { hosts: [], cidrs: [] };
  if (raw === undefined) return list;
  for (const entry of raw
    .split(',')
    .map((s) => s.trim().toLowerCase())
    .filter(Boolean)) {
    if (entry.includes('/')) {
      try {
        list.cidrs.push(ipaddr.parseCIDR(entry));
      } catch {
        errors.push(`WEBHOOK_ALLOWED_DESTINATIONS: '${entry}' is not a CIDR`);
      }
      continue;
    }
    const match = /^(\[[0-9a-f:.]+\]|[a-z0-9.-]+)(?::(\d{1,5}))?$/.exec(entry);
    if (!match?.[1]) {
      errors.push(`WEBHOOK_ALLOWED_DESTINATIONS: '${entry}' is not a host name, host:port or CIDR`);
      continue;
    }
    list.hosts.push({ host: match[1].replace(/^\[|\]$/g, ''), port: match[2] ?? null });
  }
  return list;
}

/** Always refused: IPv4 and IPv6 link-local (metadata at 169.254.169.254) and AWS's fd00:ec2::254. */
const REFUSED: Range[] = ['169.254.0.0/16', 'fe80::/10', 'fd00:ec2::254/128'].map((cidr) =>
  ipaddr.parseCIDR(cidr),
);

export type Verdict = { ok: true } | { ok: false; reason: string };

/** An address literal (IPv4-mapped IPv6 as its IPv4 address), or null for a name. */
export function addressOf(host: string): Address | null {
  const bare = host.replace(/^\[|\]$/g, '');
  return ipaddr.isValid(bare) ? ipaddr.process(bare) : null;
}

const inAny = (address: Address, ranges: readonly Range[]) =>
  ranges.some(([base, prefix]) => base.kind() === address.kind() && address.match(base, prefix));

const listedName = (list: AllowList, host: string, port: string) =>
  list.hosts.some((h) => h.host === host && (h.port === null || h.port === port));

/** The URL's host (lower case, no brackets) and port, the scheme's default when unwritten. */
export function hostAndPort(url: URL): { host: string; port: string } {
  return {
    host: url.hostname.replace(/^\[|\]$/g, '').toLowerCase(),
    port: url.port || (url.protocol === 'https:' ? '443' : '80'),
  };
}

/**
 * Is `url` an allowed destination as written? http(s) only, no credentials in it; the host
 * listed by name (and port), or an address literal inside a listed CIDR.
 */
export function checkUrl(url: string, list: AllowList): Verdict {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return { ok: false, reason: 'is not a URL' };
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:')
    return { ok: false, reason: 'must be http or https' };
  if (parsed.username || parsed.password)
    return { ok: false, reason: 'must not carry credentials' };
  const { host, port } = hostAndPort(parsed);
  const address = addressOf(host);
  if (address && inAny(address, REFUSED))
    return { ok: false, reason: 'is a link-local or metadata address' };
  if (listedName(list, host, port)) return { ok: true };
  if (address && inAny(address, list.cidrs)) return { ok: true };
  return { ok: false, reason: 'is not in WEBHOOK_ALLOWED_DESTINATIONS' };
}

/**
 * May an attempt to `host` connect to `ip`, an address it resolved to? Never to a refused
 * address; a host listed as such may resolve anywhere else, any other only into a listed
 * CIDR.
 */
export function checkAddress(host: string, port: string, ip: string, list: AllowList): Verdict {
  const address = addressOf(ip);
  if (!address) return { ok: false, reason: 'resolved to no usable address' };
  if (inAny(address, REFUSED))
    return { ok: false, reason: 'resolves to a link-local or metadata address' };
  if (listedName(list, host, port)) return { ok: true };
  if (inAny(address, list.cidrs)) return { ok: true };
  return { ok: false, reason: `resolves to ${ip}, outside WEBHOOK_ALLOWED_DESTINATIONS` };
}
