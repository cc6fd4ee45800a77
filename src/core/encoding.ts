/** Base64 of bytes, or of text as UTF-8: basic auth, MACs in cursors; runtime-neutral. */

export function base64(data: string | Uint8Array): string {
  const bytes = typeof data === 'string' ? new TextEncoder().encode(data) : data;
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary);
}

/** The URL-safe alphabet without padding (RFC 4648 §5). */
export function base64url(data: string | Uint8Array): string {
  return base64(data).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });

/** Bytes as UTF-8 text; throws on bytes that are not UTF-8 rather than guessing. */
export const strictUtf8 = (bytes: Uint8Array): string => utf8.decode(bytes);
