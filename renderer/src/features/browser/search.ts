import type { BrowserKind } from './columns';

/** A SCIM string literal: JSON's escaping is what RFC 7644 §3.4.2.2 filters use. */
export const scimString = (text: string): string => JSON.stringify(text);

/** The quick search's filter, suited to the resource type. */
export function quickFilter(kind: BrowserKind, query: string): string {
  const q = scimString(query);
  if (kind === 'users') return `userName sw ${q} or displayName co ${q} or emails.value co ${q}`;
  return `displayName co ${q}`;
}

/** For servers that only accept `userName eq "…"` (they answer 400 invalidFilter to anything else). */
export const fallbackFilter = (query: string): string => `userName eq ${scimString(query)}`;
