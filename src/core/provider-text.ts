/**
 * Text a provider wrote (its error message, a parser's complaint about its answer) goes to
 * callers only when it quotes none of the request's credentials. A server may quote what
 * it received in many forms: as sent (percent-encoded), decoded, in another case, encoded
 * again, as character references or as JSON escapes. Replacing only the exact text of a
 * secret misses most of them, so text that quotes one in any of these forms is withheld
 * whole rather than scrubbed.
 */
import { decodeReferences } from './xml.ts';

/** What callers get in place of provider text that quoted a credential. */
export const WITHHELD = "[withheld: the provider's text quoted the request's credentials]";

// Layers of encoding peeled off at most: enough for anything a server plausibly does.
const MAX_LAYERS = 4;
const PERCENT_RUN = /(?:%[0-9a-f]{2})+/gi;
const ESCAPE = /\\u\{([0-9a-f]{1,6})\}|\\u([0-9a-f]{4})|\\x([0-9a-f]{2})/gi;

/** `text`, or WITHHELD when it quotes one of `secrets` in any form. */
export function providerText(
  text: string,
  secrets: ReadonlyArray<string | null | undefined>,
): string {
  return quotesAny(text, secrets) ? WITHHELD : text;
}

export function quotesAny(
  text: string,
  secrets: ReadonlyArray<string | null | undefined>,
): boolean {
  const wanted = secrets.filter((secret): secret is string => !!secret).map(lower);
  if (wanted.length === 0) return false;
  // `+` is a space in a form-encoded query, but may also be a secret's own character.
  const views = [...peeled(text), ...peeled(text.replaceAll('+', ' '))].map(lower);
  return wanted.some((secret) => views.some((view) => view.includes(secret)));
}

/** `text` and each layer of it decoded, outermost first. */
function peeled(text: string): string[] {
  const layers = [text];
  let current = text;
  for (let i = 0; i < MAX_LAYERS; i++) {
    const next = decodeReferences(decodeEscapes(decodePercent(current)));
    if (next === current) break;
    layers.push(next);
    current = next;
  }
  return layers;
}

function decodePercent(text: string): string {
  return text.replace(PERCENT_RUN, (run) => {
    try {
      return decodeURIComponent(run);
    } catch {
      // Not UTF-8: each byte as the character of that code.
      return run.replace(/%([0-9a-f]{2})/gi, (_, hex: string) =>
        String.fromCharCode(Number.parseInt(hex, 16)),
      );
    }
  });
}

function decodeEscapes(text: string): string {
  if (!text.includes('\\')) return text;
  return text.replace(ESCAPE, (whole, braced?: string, four?: string, two?: string) => {
    const code = Number.parseInt(braced ?? four ?? two ?? '', 16);
    return code <= 0x10ffff ? String.fromCodePoint(code) : whole;
  });
}

const lower = (text: string) => text.toLowerCase();
