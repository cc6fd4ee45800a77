/**
 * Signed audio links: a URL that plays one recording, in one format and segment, until it
 * expires, with no header. It carries what it grants in plain sight (call, recording,
 * format, segment, expiry, the name of the API key that made it) and an HMAC-SHA-256 over
 * all of it, so changing any part of it, or making one up, needs the signing key. No
 * credential of the gateway or of a provider is in it: the key name is a label, not a key.
 *
 *   /audio-links/{id}/{recordingId}?format=mp3&start=10&end=14&expires=1764633600&keyName=ops&sig=…
 */
import { base64url } from '../core/encoding.ts';
import { hmacSha256, type Mac, timingSafeEqual } from '../core/hmac.ts';
import type { AudioFormat } from '../core/media.ts';

/** What a link grants. Absent values are null, and signed as absent. */
export interface LinkGrant {
  id: string;
  recordingId: string;
  format: AudioFormat | null;
  start: number | null;
  end: number | null;
  /** Seconds since the epoch after which the link is refused. */
  expires: number;
  /** The API key's name that made it; null when the gateway runs without keys. */
  keyName: string | null;
}

export const LINK_PATH = '/audio-links';
export const SIGNATURE = /^[A-Za-z0-9_-]{43}$/;

/** Where the signing key comes from: asked on every use, so a rotated key takes over at once. */
export type SigningKey = () => Promise<string>;

export interface LinkSigner {
  /** The link's path and query, signed. */
  sign(grant: LinkGrant): Promise<string>;
  /** Whether `signature` is the one this gateway's key gives `grant`; constant time. */
  verify(grant: LinkGrant, signature: string): Promise<boolean>;
}

const utf8 = new TextEncoder();

export function createLinkSigner(signingKey: SigningKey): LinkSigner {
  let cached: { key: string; mac: Mac } | null = null;
  const macFor = async () => {
    const key = await signingKey();
    if (cached?.key !== key) cached = { key, mac: hmacSha256(key) };
    return cached.mac;
  };
  const signature = async (grant: LinkGrant) => base64url(await (await macFor())(message(grant)));
  return {
    async sign(grant) {
      return `${linkPath(grant)}?${linkQuery(grant, await signature(grant))}`;
    },
    async verify(grant, presented) {
      // Compared as text: base64url's last character has bits a decoder ignores.
      const expected = await signature(grant);
      return timingSafeEqual(utf8.encode(presented), utf8.encode(expected));
    },
  };
}

const linkPath = (grant: LinkGrant) =>
  `${LINK_PATH}/${encodeURIComponent(grant.id)}/${encodeURIComponent(grant.recordingId)}`;

function linkQuery(grant: LinkGrant, signature: string): string {
  const query = new URLSearchParams();
  if (grant.format !== null) query.set('format', grant.format);
  if (grant.start !== null) query.set('start', String(grant.start));
  if (grant.end !== null) query.set('end', String(grant.end));
  query.set('expires', String(grant.expires));
  if (grant.keyName !== null) query.set('keyName', grant.keyName);
  query.set('sig', signature);
  return query.toString();
}

/**
 * Every field on its own line, each encoded so none can spill into the next, behind a
 * version tag so a later link format can never be read as this one.
 */
function message(grant: LinkGrant): string {
  const field = (value: string | number | null) =>
    value === null ? '-' : `=${encodeURIComponent(String(value))}`;
  return [
    'callgate-audio-link/1',
    field(grant.id),
    field(grant.recordingId),
    field(grant.format),
    field(grant.start),
    field(grant.end),
    field(grant.expires),
    field(grant.keyName),
  ].join('\n');
}
