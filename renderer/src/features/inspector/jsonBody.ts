/** A journal body as JSON: whether it is, and how it reads indented (BodyView, DiffView). */

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
