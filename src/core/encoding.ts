/** Base64 of UTF-8 text, as HTTP basic auth and opaque tokens carry it; runtime-neutral. */

export function base64(text: string): string {
  return btoa(binaryOf(text));
}

/** The URL-safe alphabet without padding (RFC 4648 §5). */
export function base64url(text: string): string {
  return base64(text).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** The text `base64url` encoded; throws on anything that is not such an encoding of UTF-8. */
export function fromBase64url(encoded: string): string {
  if (!/^[A-Za-z0-9_-]+$/.test(encoded)) throw new Error('not base64url');
  const binary = atob(encoded.replace(/-/g, '+').replace(/_/g, '/'));
  return strictUtf8(Uint8Array.from(binary, (c) => c.charCodeAt(0)));
}

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });

/** Bytes as UTF-8 text; throws on bytes that are not UTF-8 rather than guessing. */
export const strictUtf8 = (bytes: Uint8Array): string => utf8.decode(bytes);

function binaryOf(text: string): string {
  let binary = '';
  for (const byte of new TextEncoder().encode(text)) binary += String.fromCharCode(byte);
  return binary;
}
