/**
 * Light JSON highlighting that stays fast on multi-megabyte bodies: only the first `limit`
 * characters are tokenized (one regex pass), the rest stays one plain segment, and the caller says so.
 */

export type TokenKind = 'key' | 'string' | 'number' | 'literal' | 'plain';
export interface Segment {
  kind: TokenKind;
  text: string;
}

export const HIGHLIGHT_LIMIT = 200 * 1024;

const TOKEN = /("(?:[^"\\\n]|\\.)*")(\s*:)?|(-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)|\b(true|false|null)\b/g;

export function highlightJson(text: string, limit = HIGHLIGHT_LIMIT): { segments: Segment[]; cut: boolean } {
  const head = text.length > limit ? text.slice(0, limit) : text;
  const segments: Segment[] = [];
  const plain = (s: string) => {
    if (!s) return;
    const last = segments.at(-1);
    if (last?.kind === 'plain') last.text += s;
    else segments.push({ kind: 'plain', text: s });
  };
  let at = 0;
  for (const match of head.matchAll(TOKEN)) {
    plain(head.slice(at, match.index));
    if (match[1] !== undefined) {
      segments.push({ kind: match[2] !== undefined ? 'key' : 'string', text: match[1] });
      plain(match[2] ?? '');
    } else if (match[3] !== undefined) segments.push({ kind: 'number', text: match[3] });
    else segments.push({ kind: 'literal', text: match[4]! });
    at = match.index + match[0].length;
  }
  plain(head.slice(at));
  const cut = head.length < text.length;
  if (cut) plain(text.slice(head.length));
  return { segments, cut };
}

/** Whether a body is JSON worth pretty-printing, by content type or by its first character. */
export function looksJson(text: string, contentType?: string): boolean {
  if (contentType && /json/i.test(contentType)) return true;
  const first = text.trimStart()[0];
  return first === '{' || first === '[';
}

/** Indented JSON, or null when the text does not parse (cut by the journal, or not JSON at all). */
export function prettyJson(text: string): string | null {
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return null;
  }
}
