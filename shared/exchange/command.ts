import type { JournalEntry } from '../contract/journal';

/**
 * "Copy as curl" and "Copy as fetch" for a journaled exchange. The journal never holds a secret, so
 * every redacted value becomes an environment-variable placeholder the user fills in: the command
 * runs as soon as SCIM_TOKEN (or SCIM_BASIC, …) is exported, and it never carries a credential itself.
 */

export const REDACTED_MARK = '[REDACTED]';

/** Headers the HTTP client sets itself; copying them would conflict with what curl/fetch compute. */
const SKIPPED_HEADERS = new Set(['host', 'content-length', 'connection', 'transfer-encoding', 'keep-alive']);

export type CommandEntry = Pick<JournalEntry, 'method' | 'url' | 'requestHeaders' | 'requestBody'>;

/** A header's value as template parts: literal text and environment-variable names. */
export type ValuePart = { text: string } | { env: string };

export interface CommandHeader {
  name: string;
  parts: ValuePart[];
}

/** `Bearer` → SCIM_TOKEN, `Basic` → SCIM_BASIC; any other redacted header → SCIM_<HEADER_NAME>. */
export function envNameFor(headerName: string, scheme?: string): string {
  const lowered = headerName.toLowerCase();
  if ((lowered === 'authorization' || lowered === 'proxy-authorization') && scheme) {
    const s = scheme.toLowerCase();
    if (s === 'bearer') return lowered === 'authorization' ? 'SCIM_TOKEN' : 'SCIM_PROXY_TOKEN';
    if (s === 'basic') return lowered === 'authorization' ? 'SCIM_BASIC' : 'SCIM_PROXY_BASIC';
    return `SCIM_${s.toUpperCase().replace(/[^A-Z0-9]+/g, '_')}`;
  }
  return `SCIM_${headerName.toUpperCase().replace(/[^A-Z0-9]+/g, '_')}`;
}

/** Splits a value on the redaction mark, each mark becoming the placeholder `env`. */
function withPlaceholders(value: string, env: string): ValuePart[] {
  const parts: ValuePart[] = [];
  value.split(REDACTED_MARK).forEach((text, i) => {
    if (i > 0) parts.push({ env });
    if (text) parts.push({ text });
  });
  return parts;
}

/** The headers to replay, in the journal's order, with redacted values as placeholders. */
export function commandHeaders(entry: CommandEntry): CommandHeader[] {
  const headers: CommandHeader[] = [];
  for (const [name, value] of Object.entries(entry.requestHeaders)) {
    if (SKIPPED_HEADERS.has(name.toLowerCase())) continue;
    const scheme = /^([A-Za-z][A-Za-z0-9._~+-]*)\s+\[REDACTED\]$/.exec(value)?.[1];
    headers.push({ name: displayHeaderName(name), parts: withPlaceholders(value, envNameFor(name, scheme)) });
  }
  return headers;
}

/** The URL's redacted query values (secret-looking parameters) all become $SCIM_SECRET. */
export const urlParts = (url: string): ValuePart[] => withPlaceholders(url, 'SCIM_SECRET');

/** Every placeholder a command needs, to list them next to it. */
export function placeholdersOf(entry: CommandEntry): string[] {
  const names = new Set<string>();
  for (const part of [...urlParts(entry.url), ...commandHeaders(entry).flatMap((h) => h.parts)]) if ('env' in part) names.add(part.env);
  return [...names];
}

/** `content-type` → `Content-Type`: how people write them in commands. */
export function displayHeaderName(name: string): string {
  return name.replace(/(^|-)([a-z])/g, (_, dash: string, ch: string) => dash + ch.toUpperCase());
}

/** POSIX shell: single quotes keep everything literal; a quote inside is closed, escaped and reopened. */
export function shellSingle(text: string): string {
  return `'${text.replaceAll("'", `'\\''`)}'`;
}

/** POSIX shell double quotes, so $VAR expands while the literal text stays literal. */
function shellDouble(parts: ValuePart[]): string {
  return `"${parts.map((p) => ('env' in p ? `$${p.env}` : p.text.replace(/[\\"$`]/g, (ch) => `\\${ch}`))).join('')}"`;
}

const shellWord = (parts: ValuePart[]): string =>
  parts.some((p) => 'env' in p) ? shellDouble(parts) : shellSingle(parts.map((p) => ('text' in p ? p.text : '')).join(''));

/** A curl command line (POSIX shell) replaying the request; one option per line for reading. */
export function toCurl(entry: CommandEntry): string {
  const lines = [`curl -X ${entry.method.toUpperCase()} ${shellWord(urlParts(entry.url))}`];
  for (const header of commandHeaders(entry)) lines.push(`-H ${shellWord([{ text: `${header.name}: ` }, ...header.parts])}`);
  // --data-binary sends the body byte for byte (--data would strip newlines).
  if (entry.requestBody && entry.requestBody.text !== '') lines.push(`--data-binary ${shellSingle(entry.requestBody.text)}`);
  return lines.join(' \\\n  ');
}

/** A JavaScript string for the parts: a template literal reading process.env where there are placeholders. */
function jsString(parts: ValuePart[]): string {
  if (!parts.some((p) => 'env' in p)) return JSON.stringify(parts.map((p) => ('text' in p ? p.text : '')).join(''));
  const body = parts.map((p) => ('env' in p ? `\${process.env.${p.env}}` : p.text.replace(/[\\`]/g, (ch) => `\\${ch}`).replaceAll('${', '\\${'))).join('');
  return `\`${body}\``;
}

/** A fetch() call (Node 18+, placeholders read from process.env) replaying the request. */
export function toFetch(entry: CommandEntry): string {
  const lines = [`const response = await fetch(${jsString(urlParts(entry.url))}, {`, `  method: ${JSON.stringify(entry.method.toUpperCase())},`];
  const headers = commandHeaders(entry);
  if (headers.length > 0) {
    lines.push('  headers: {');
    for (const header of headers) lines.push(`    ${JSON.stringify(header.name)}: ${jsString(header.parts)},`);
    lines.push('  },');
  }
  if (entry.requestBody && entry.requestBody.text !== '') lines.push(`  body: ${JSON.stringify(entry.requestBody.text)},`);
  lines.push('});', 'console.log(response.status, await response.text());');
  return lines.join('\n');
}
