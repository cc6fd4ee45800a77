/**
 * A SearchCalls answer read record by record as it arrives, so that a window matching a
 * hundred thousand calls costs no more memory than one record: each `verbacdr` element is
 * cut out of the text and parsed on its own by the safe reader.
 *
 * Unconfirmed: the element that wraps the records (a third-party client reads
 * `verbacdrlist/verbacdr`). Records are found wherever they are, so the wrapper's name does
 * not matter; what must hold is that a record is a `verbacdr` element that does not nest.
 */
import { parseXml, XmlRefusedError } from '../../src/core/xml.ts';
import { flattenCdr, NotVerbaXmlError, type VerbaCdr } from './xml.ts';

/** Text held while waiting for a record to end: far more than any CDR needs. */
const MAX_PENDING_CHARS = 1024 * 1024;
const RECORD_START = /<verbacdr[\s/>]/g;
const RECORD_END = '</verbacdr>';
const DECLARATION = /<!(?!--|\[CDATA\[)/;
const RESPONSE_CODE = /<Response\b[^>]*?\bcode\s*=\s*["'](-?\d+)["']/;

export type SearchPiece =
  /** What comes before the first record: Verba's Response code, when it is there. */
  | { kind: 'head'; code: string | null }
  | { kind: 'record'; cdr: VerbaCdr }
  /** An answer with no record at all (an error, or nothing found), whole. */
  | { kind: 'document'; text: string };

export async function* readSearchAnswer(
  body: ReadableStream<Uint8Array>,
): AsyncGenerator<SearchPiece> {
  const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });
  const reader = body.getReader();
  let buffer = '';
  let headSeen = false;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      buffer += done ? decode(decoder) : decode(decoder, value);
      let at = 0;
      for (;;) {
        RECORD_START.lastIndex = at;
        const start = RECORD_START.exec(buffer)?.index ?? -1;
        if (start < 0) break;
        if (!headSeen) {
          const head = buffer.slice(0, start);
          if (DECLARATION.test(head))
            throw new NotVerbaXmlError('answer carries a markup declaration (DOCTYPE)');
          headSeen = true;
          yield { kind: 'head', code: RESPONSE_CODE.exec(head)?.[1] ?? null };
        }
        const end = buffer.indexOf(RECORD_END, start);
        if (end < 0) break;
        at = end + RECORD_END.length;
        yield { kind: 'record', cdr: parseRecord(buffer.slice(start, at)) };
      }
      buffer = buffer.slice(at);
      if (done) break;
      if (buffer.length > MAX_PENDING_CHARS)
        throw new NotVerbaXmlError('a record is larger than any CDR could be');
    }
    if (!headSeen) {
      yield { kind: 'document', text: buffer };
      return;
    }
    // A complete answer ends by closing its root; one cut short after a record does not.
    if (!/<\/[A-Za-z_][\w.:-]*\s*>\s*$/.test(buffer))
      throw new NotVerbaXmlError('answer ends before its last record or root element is closed');
  } finally {
    reader.cancel().catch(() => {});
  }
}

function decode(decoder: InstanceType<typeof TextDecoder>, bytes?: Uint8Array): string {
  try {
    return bytes ? decoder.decode(bytes, { stream: true }) : decoder.decode();
  } catch {
    throw new NotVerbaXmlError('answer is not valid UTF-8');
  }
}

function parseRecord(text: string): VerbaCdr {
  try {
    return flattenCdr(parseXml(text, { maxDepth: 8 }));
  } catch (error) {
    if (!(error instanceof XmlRefusedError)) throw error;
    throw new NotVerbaXmlError(`a record was refused: ${error.message}`);
  }
}
