/**
 * What txml cannot be trusted with, found before it runs. txml recurses once per open
 * element, so a document nested deeply enough exhausts the stack before the tree it would
 * return could be checked; and an unclosed script or style element sends it back to an
 * earlier offset, round and round, forever. This walks the text as txml's tokenizer does
 * (tags, attribute values, comments, CDATA, processing instructions; txml 6) with a loop
 * instead of recursion, so a deep document is refused by its depth, cheaply, and those
 * two element names are refused outright (neither provider uses them).
 */

const GT = 0x3e;
const SLASH = 0x2f;
const BANG = 0x21;
const QUESTION = 0x3f;
const DASH = 0x2d;
const BRACKET_OPEN = 0x5b;
const BRACKET_CLOSE = 0x5d;
const QUOTE = 0x22;
const APOSTROPHE = 0x27;
const EQUALS = 0x3d;
// txml reads these elements' content as raw text up to their close tag; when there is
// none, it jumps back to an earlier offset and never finishes.
const RAW_TEXT = new Set(['script', 'style']);

const isLetter = (code: number) => (code > 64 && code < 91) || (code > 96 && code < 123);
const isSpace = (code: number) => code === 32 || code === 9 || code === 10 || code === 13;
// Where txml ends a tag or attribute name, and an unquoted attribute value: `\r\n\t>/= `.
const endsName = (code: number) =>
  isSpace(code) || code === GT || code === SLASH || code === EQUALS;

/**
 * Why txml must not read `text`, or null. Reads the text the way txml's tokenizer does,
 * without recursion; the depth it counts is the depth txml would reach.
 */
export function txmlHazard(text: string, maxDepth: number): string | null {
  const length = text.length;
  let depth = 0;
  let at = text.indexOf('<');
  while (at !== -1 && at < length) {
    const next = text.charCodeAt(at + 1);
    if (next === SLASH) {
      // A close tag ends the element txml is in; at the top, it ends the whole parse.
      if (depth === 0) return null;
      depth -= 1;
      const end = text.indexOf('>', at);
      if (end === -1) return null;
      at = text.indexOf('<', end + 1);
      continue;
    }
    if (next === BANG) {
      at = text.indexOf('<', skipBang(text, at));
      continue;
    }
    // An element or processing instruction: past '<', its name, then its attributes.
    at += 1;
    const nameStart = at;
    while (at < length && !endsName(text.charCodeAt(at))) at += 1;
    const name = text.slice(nameStart, at);
    const instruction = name[0] === '?';
    while (at < length) {
      const code = text.charCodeAt(at);
      if (code === GT) break;
      if (instruction && code === QUESTION && text.charCodeAt(at + 1) === GT) break;
      if (!isLetter(code)) {
        at += 1;
        continue;
      }
      while (at < length && !endsName(text.charCodeAt(at))) at += 1;
      while (isSpace(text.charCodeAt(at))) at += 1;
      if (text.charCodeAt(at) !== EQUALS) continue;
      at += 1;
      while (isSpace(text.charCodeAt(at))) at += 1;
      const quote = text.charCodeAt(at);
      if (quote === QUOTE || quote === APOSTROPHE) {
        at = text.indexOf(text[at] as string, at + 1);
        // An attribute value never closed: txml stops reading there.
        if (at === -1) return null;
      } else if (at < length && quote !== GT) {
        while (at < length && !endsName(text.charCodeAt(at))) at += 1;
      }
    }
    if (instruction) {
      at = text.indexOf('<', at);
      continue;
    }
    const before = text.charCodeAt(at - 1);
    if (before !== SLASH && before !== QUESTION) {
      if (RAW_TEXT.has(name)) return `element name '${name}' is not accepted`;
      depth += 1;
      if (depth > maxDepth) return `elements nest deeper than ${maxDepth}`;
    }
    at = text.indexOf('<', at + 1);
  }
  return null;
}

/** Past a comment, CDATA section or other `<!` markup starting at `at`, as txml skips it. */
function skipBang(text: string, at: number): number {
  if (text.charCodeAt(at + 2) === DASH) {
    let end = text.indexOf('>', at + 1);
    while (end !== -1 && (text.charCodeAt(end - 1) !== DASH || text.charCodeAt(end - 2) !== DASH))
      end = text.indexOf('>', end + 1);
    return end === -1 ? text.length : end + 1;
  }
  if (
    text.charCodeAt(at + 2) === BRACKET_OPEN &&
    text.charCodeAt(at + 8) === BRACKET_OPEN &&
    text.substr(at + 3, 5).toLowerCase() === 'cdata'
  ) {
    const end = text.indexOf(']]>', at);
    return end === -1 ? text.length : end + 3;
  }
  let i = at + 2;
  let inBrackets = false;
  while (i < text.length && (text.charCodeAt(i) !== GT || inBrackets)) {
    const code = text.charCodeAt(i);
    if (code === BRACKET_OPEN) inBrackets = true;
    else if (inBrackets && code === BRACKET_CLOSE) inBrackets = false;
    i += 1;
  }
  return i + 1;
}
