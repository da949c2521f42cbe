import { randomUUID } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { RawExchange } from '../http/client';

/** A raw exchange as HttpClient reports it, with sensible defaults. */
export function rawExchange(overrides: Partial<RawExchange> = {}): RawExchange {
  return {
    id: randomUUID(),
    connectionKey: 'conn-a',
    connectionName: 'Connection A',
    method: 'GET',
    url: 'https://scim.example.test/scim/v2/Users?startIndex=1',
    requestHeaders: { accept: 'application/scim+json' },
    status: 200,
    responseHeaders: { 'content-type': 'application/scim+json' },
    responseBody: '{"Resources":[]}',
    timings: { startedAt: Date.parse('2025-01-01T00:00:00.000Z'), ttfbMs: 5, totalMs: 9 },
    attempt: 1,
    credentialHeaderNames: [],
    secretValues: [],
    ...overrides,
  };
}

/** Every form a secret could leak in: raw, percent- and form-encoded, JSON-escaped, base64. */
export function leakForms(secret: string): string[] {
  return [
    secret,
    encodeURIComponent(secret),
    new URLSearchParams({ v: secret }).toString().slice(2),
    JSON.stringify(secret).slice(1, -1),
    Buffer.from(secret).toString('base64'),
  ];
}

/** The secrets (in any leak form) found in the text, for a readable failure. */
export function leaksIn(text: string, secrets: string[]): string[] {
  const found: string[] = [];
  for (const secret of secrets) for (const form of leakForms(secret)) if (text.includes(form)) found.push(form);
  return found;
}

/** Every file under the directory, as one string of its bytes (latin1 keeps every byte visible). */
export async function allFileBytes(dir: string): Promise<string> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    return '';
  }
  const parts = await Promise.all(names.map(async (name) => `${name}\n${(await readFile(join(dir, name))).toString('latin1')}`));
  // Also as UTF-8, so a non-ASCII secret is found too.
  const utf8 = await Promise.all(names.map(async (name) => (await readFile(join(dir, name))).toString('utf8')));
  return [...parts, ...utf8].join('\n');
}
