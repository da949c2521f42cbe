import type { ScimResource } from '../../../../shared/contract';

// Servers differ in what they send; each reader takes whatever is there and never throws.

export function textOf(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}

/** The primary email, else the first one; emails may be missing, not an array, or plain strings. */
export function primaryEmail(user: ScimResource): string {
  const emails = user.emails;
  if (!Array.isArray(emails) || emails.length === 0) return '';
  const entries = emails.filter((e): e is Record<string, unknown> => typeof e === 'object' && e !== null);
  const primary = entries.find((e) => e.primary === true || e.primary === 'true') ?? entries[0];
  if (primary) return textOf(primary.value);
  return textOf(emails[0]);
}

/** The name to show: displayName, else the formatted or given/family name. */
export function displayNameOf(user: ScimResource): string {
  if (typeof user.displayName === 'string' && user.displayName) return user.displayName;
  const name = user.name;
  if (typeof name === 'object' && name !== null) {
    const n = name as Record<string, unknown>;
    if (typeof n.formatted === 'string' && n.formatted) return n.formatted;
    return [n.givenName, n.familyName].filter((part) => typeof part === 'string' && part).join(' ');
  }
  return '';
}

/** "active" as shown: true/false, or the raw value when a server sends something else (e.g. "True"). */
export function activeOf(user: ScimResource): { label: string; active: boolean | null } {
  const value = user.active;
  if (value === true || value === false) return { label: value ? 'Active' : 'Inactive', active: value };
  if (value === undefined || value === null) return { label: '—', active: null };
  return { label: textOf(value), active: null };
}
