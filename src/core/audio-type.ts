/**
 * What a recording is, told from its first bytes: the bytes decide, whatever the
 * provider's label says (an error document labelled audio/mpeg is still a document).
 */

export interface AudioType {
  contentType: string;
  /** File name extension, for Content-Disposition. */
  extension: string;
}

const ascii = (bytes: Uint8Array, from: number, to: number) =>
  String.fromCharCode(...bytes.subarray(from, to));

/** The container the bytes open with; null when they are none the gateway knows. */
export function sniffAudio(head: Uint8Array): AudioType | null {
  if (head.length >= 12 && ascii(head, 0, 4) === 'RIFF' && ascii(head, 8, 12) === 'WAVE')
    return { contentType: 'audio/wav', extension: 'wav' };
  if (head.length >= 4 && ascii(head, 0, 4) === 'OggS')
    return { contentType: 'audio/ogg', extension: 'ogg' };
  if (head.length >= 4 && ascii(head, 0, 4) === 'fLaC')
    return { contentType: 'audio/flac', extension: 'flac' };
  if (head.length >= 3 && ascii(head, 0, 3) === 'ID3')
    return { contentType: 'audio/mpeg', extension: 'mp3' };
  // An MPEG audio frame header: 11 set sync bits, then a layer that is not "reserved".
  if (
    head.length >= 2 &&
    head[0] === 0xff &&
    ((head[1] as number) & 0xe0) === 0xe0 &&
    ((head[1] as number) & 0x06) !== 0
  )
    return { contentType: 'audio/mpeg', extension: 'mp3' };
  return null;
}

const EXTENSIONS: Record<string, string> = {
  'audio/wav': 'wav',
  'audio/wave': 'wav',
  'audio/x-wav': 'wav',
  'audio/vnd.wave': 'wav',
  'audio/mpeg': 'mp3',
  'audio/mp3': 'mp3',
  'audio/ogg': 'ogg',
  'audio/opus': 'opus',
  'audio/flac': 'flac',
  'audio/mp4': 'm4a',
};

export const extensionOf = (contentType: string) => EXTENSIONS[contentType] ?? 'bin';

/** The media type of a Content-Type header, lower case, without parameters. */
export const mediaTypeOf = (header: string | undefined) =>
  header?.split(';')[0]?.trim().toLowerCase() || undefined;

/**
 * The distinct media types a Content-Type header names: one, normally; several when a
 * provider (or a proxy) repeated or joined them (`audio/wav, text/html`).
 */
export function mediaTypesOf(header: string | undefined): string[] {
  if (!header) return [];
  const types = header
    .split(',')
    .map((part) => mediaTypeOf(part))
    .filter((type): type is string => type !== undefined);
  return [...new Set(types)];
}

/**
 * A document (the provider's error, a login page) rather than audio, told by its bytes
 * whatever its label says: markup or JSON, or a document's label on bytes that are no
 * container the gateway knows. Call it only when sniffAudio found none.
 */
export function looksLikeDocument(head: Uint8Array, types: readonly string[]): boolean {
  const first = head[firstVisible(head)];
  if (first === 0x3c || first === 0x7b) return true;
  return types.some(
    (type) => type.startsWith('text/') || type.includes('xml') || type.includes('json'),
  );
}

/** Where the content starts, past a UTF-8 BOM and blanks. */
function firstVisible(head: Uint8Array): number {
  let i = 0;
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) i = 3;
  while (
    i < head.length &&
    (head[i] === 0x20 || head[i] === 0x0a || head[i] === 0x0d || head[i] === 0x09)
  )
    i++;
  return i;
}
