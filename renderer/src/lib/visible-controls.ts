/**
 * Server strings (displayName, userName, …) may carry bidirectional overrides or invisible controls
 * that reorder or hide what the screen shows ("\u202Egnp.exe" renders as "exe.png"). This splits a
 * string into plain text and the control characters, so the UI can show each control as a marker.
 */

/**
 * C0/C1 controls, soft hyphen, Arabic letter mark, zero-width and joiner characters, LRM/RLM,
 * line/paragraph separators, bidi embeddings/overrides/isolates, word joiner and invisible
 * operators, deprecated format characters, BOM / zero-width no-break space.
 */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL = /[\u0000-\u001F\u007F-\u009F\u00AD\u061C\u180E\u200B-\u200F\u2028-\u202E\u2060-\u2064\u2066-\u206F\uFEFF]/g;

export type TextPart = { kind: 'text'; text: string } | { kind: 'control'; code: string; marker: string };

/** "U+202E" for a code point. */
function codeOf(char: string): string {
  return `U+${(char.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`;
}

export function hasControls(value: string): boolean {
  CONTROL.lastIndex = 0;
  const found = CONTROL.test(value);
  CONTROL.lastIndex = 0;
  return found;
}

/** The string as plain-text runs and control characters, in order. */
export function splitControls(value: string): TextPart[] {
  const parts: TextPart[] = [];
  let last = 0;
  for (const match of value.matchAll(CONTROL)) {
    const at = match.index ?? 0;
    if (at > last) parts.push({ kind: 'text', text: value.slice(last, at) });
    const code = codeOf(match[0]);
    parts.push({ kind: 'control', code, marker: `⟨${code}⟩` });
    last = at + match[0].length;
  }
  if (last < value.length) parts.push({ kind: 'text', text: value.slice(last) });
  return parts;
}

/** The string with each control replaced by its visible marker: "\u202Egnp.exe" → "⟨U+202E⟩gnp.exe". */
export function visibleControls(value: string): string {
  return splitControls(value)
    .map((p) => (p.kind === 'text' ? p.text : p.marker))
    .join('');
}

/**
 * Pretty-printed JSON with every control character inside its strings written as a JSON escape
 * ("\u202E"): still the same JSON, but nothing in it can reorder or hide the text around it.
 * Line breaks are left alone (outside strings they are the layout; inside, JSON.stringify has escaped them).
 */
export function jsonWithVisibleControls(json: string): string {
  return json.replace(CONTROL, (char) => (char === '\n' ? char : `\\u${(char.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`));
}

export const CONTROLS_TITLE = 'This name contains invisible control characters';
