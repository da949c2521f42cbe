/**
 * Redaction for the request journal. It runs on the raw exchange before anything is kept, emitted
 * or written, in three layers:
 *  1. credential headers by name (the scheme word of Authorization stays: `Bearer [REDACTED]`);
 *  2. every occurrence of every secret value, in the encodings it may travel in (the raw value,
 *     the credential after its scheme word, the user:password inside Basic, base64, percent- and
 *     form-encoding, JSON escaping), anywhere in the URL, header values, bodies and error text;
 *  3. token-shaped fields by name: JSON fields and form/query parameters such as `access_token`,
 *     `client_secret` or SCIM `password` (kept visible as `"[REDACTED]"`), whose values are then
 *     scrubbed everywhere else in the exchange too (a server echoing them back, say).
 */

export const REDACTED = '[REDACTED]';

/** Headers that always carry credentials. */
const ALWAYS_SECRET_HEADERS = new Set(['authorization', 'proxy-authorization', 'cookie', 'set-cookie', 'x-api-key', 'api-key']);
/** Header and query-parameter names that look like they carry a credential. */
const SECRET_NAME = /token|secret|password|passwd|api[-_]?key|session/i;
/** JSON fields (any case, optionally URN-qualified) whose values are credentials. */
const SECRET_FIELDS = 'access_token|refresh_token|id_token|client_secret|password';
const JSON_FIELD = new RegExp(`("(?:[^"\\\\]*:)?(?:${SECRET_FIELDS})"\\s*:\\s*)("(?:[^"\\\\]|\\\\.)*(?:"|\\\\?$)|-?\\d[\\d.eE+-]*|true|false)`, 'gi');
/** A form or query parameter `name=value` whose name looks secret. */
const FORM_PARAM = /((?:^|[?&;])([^=&#;?]*)=)([^&#;]*)/g;
/** Secrets shorter than this are only scrubbed where they stand alone, not inside other words. */
const MIN_SUBSTRING_SECRET = 4;

export function isSecretHeaderName(name: string, credentialHeaderNames: Iterable<string> = []): boolean {
  const lower = name.toLowerCase();
  if (ALWAYS_SECRET_HEADERS.has(lower) || SECRET_NAME.test(lower)) return true;
  for (const credential of credentialHeaderNames) if (credential.toLowerCase() === lower) return true;
  return false;
}

/** `Bearer abc` → `Bearer [REDACTED]`; a value without a scheme word → `[REDACTED]`. */
export function redactCredentialValue(name: string, value: string): string {
  if (name === 'authorization' || name === 'proxy-authorization') {
    const scheme = /^([A-Za-z][A-Za-z0-9._~+-]{0,30})\s+\S/.exec(value.trim());
    if (scheme) return `${scheme[1]} ${REDACTED}`;
  }
  return REDACTED;
}

/** Every form a secret value may take on the wire or when echoed back. */
export function secretVariants(values: Iterable<string>): string[] {
  const bases = new Set<string>();
  for (const raw of values) {
    const value = raw?.trim();
    if (!value) continue;
    bases.add(value);
    const scheme = /^([A-Za-z][A-Za-z0-9._~+-]*)\s+(\S.*)$/.exec(value);
    if (!scheme) continue;
    bases.add(scheme[2]);
    if (scheme[1].toLowerCase() === 'basic') {
      const decoded = decodeBase64(scheme[2]);
      if (decoded?.includes(':')) {
        const password = decoded.slice(decoded.indexOf(':') + 1);
        for (const v of [decoded, password, safeDecodeURIComponent(password)]) if (v) bases.add(v);
      }
    }
  }
  const variants = new Set<string>();
  for (const base of bases) {
    const encoded = encodeURIComponent(base);
    const json = JSON.stringify(base).slice(1, -1);
    for (const v of [
      base,
      encoded,
      encoded.replace(/%[0-9A-F]{2}/g, (m) => m.toLowerCase()),
      new URLSearchParams({ v: base }).toString().slice(2),
      json,
      json.replaceAll('/', '\\/'),
      Buffer.from(base, 'utf8').toString('base64'),
      Buffer.from(base, 'utf8').toString('base64url'),
    ]) {
      if (v) variants.add(v);
    }
  }
  return [...variants].sort((a, b) => b.length - a.length);
}

function decodeBase64(text: string): string | undefined {
  if (!/^[A-Za-z0-9+/_-]+=*$/.test(text)) return undefined;
  const decoded = Buffer.from(text, 'base64').toString('utf8');
  return decoded.includes('\uFFFD') ? undefined : decoded;
}

function safeDecodeURIComponent(text: string): string | undefined {
  try {
    return decodeURIComponent(text.replace(/\+/g, ' '));
  } catch {
    return undefined;
  }
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

/** HTTP authentication schemes whose word is kept when a whole credential is scrubbed (`Bearer [REDACTED]`). */
const AUTH_SCHEME = /^(bearer|basic|digest|dpop|token|negotiate|ntlm|mac|hoba|oauth)\s+\S/i;

/** Replaces every occurrence of any of the secrets with [REDACTED]; built once per exchange. */
export class SecretScrubber {
  private readonly pattern: RegExp | null;

  constructor(values: Iterable<string>) {
    const variants = secretVariants(values);
    const parts = variants.map((v) => (v.length >= MIN_SUBSTRING_SECRET ? escapeRegExp(v) : `(?<![A-Za-z0-9])${escapeRegExp(v)}(?![A-Za-z0-9])`));
    this.pattern = parts.length > 0 ? new RegExp(parts.join('|'), 'g') : null;
  }

  scrub(text: string): string {
    if (!this.pattern) return text;
    return text.replace(this.pattern, (match) => {
      const scheme = AUTH_SCHEME.exec(match);
      return scheme ? `${match.slice(0, scheme[1].length)} ${REDACTED}` : REDACTED;
    });
  }
}

/** Redacts secret-looking JSON fields in place in the text, keeping their presence visible. */
export function redactJsonFields(text: string): string {
  return text.replace(JSON_FIELD, (_m, prefix: string) => `${prefix}"${REDACTED}"`);
}

/** Redacts secret-looking `name=value` parameters (a query string or a form body). */
export function redactFormParams(text: string): string {
  return text.replace(FORM_PARAM, (match, prefix: string, name: string) =>
    SECRET_NAME.test(safeDecodeURIComponent(name) ?? name) ? `${prefix}${REDACTED}` : match,
  );
}

/** Values of secret-looking fields in a body, so their echoes elsewhere in the exchange are scrubbed too. */
export function discoverSecretValues(body: string | undefined, contentType: string | undefined, into: Set<string>): void {
  if (!body) return;
  const trimmed = body.trimStart();
  if (trimmed.startsWith('{') || trimmed.startsWith('[')) {
    // Parsing is the costly part of redaction: skip it when no secret-named field can be there.
    if (!SECRET_FIELD_TEXT.test(body)) return;
    try {
      collectJsonSecrets(JSON.parse(body), into, 0);
    } catch {
      // Not JSON after all, or cut short: the field-level regex still covers it.
    }
  } else if (/x-www-form-urlencoded/i.test(contentType ?? '') || /^[\w.%-]+=[^&\s]*(?:&[\w.%-]+=[^&\s]*)*$/.test(trimmed)) {
    for (const [name, value] of new URLSearchParams(trimmed)) if (SECRET_NAME.test(name) && value) into.add(value);
  }
}

const SECRET_FIELD_TEXT = new RegExp(`"(?:[^"\\\\]*:)?(?:${SECRET_FIELDS})"`, 'i');
const SECRET_FIELD_NAME = new RegExp(`^(?:.*:)?(?:${SECRET_FIELDS})$`, 'i');

function collectJsonSecrets(node: unknown, into: Set<string>, depth: number): void {
  if (depth > 64 || node === null || typeof node !== 'object') return;
  if (Array.isArray(node)) {
    for (const item of node) collectJsonSecrets(item, into, depth + 1);
    return;
  }
  const record = node as Record<string, unknown>;
  // A SCIM PATCH operation setting the password by path: `{"op":"replace","path":"password","value":"…"}`.
  const path = Object.entries(record).find(([k]) => k.toLowerCase() === 'path')?.[1];
  if (typeof path === 'string' && /(?:^|[:.])password$/i.test(path.trim())) {
    const value = Object.entries(record).find(([k]) => k.toLowerCase() === 'value')?.[1];
    if (typeof value === 'string' && value) into.add(value);
  }
  for (const [key, value] of Object.entries(record)) {
    if (SECRET_FIELD_NAME.test(key) && (typeof value === 'string' || typeof value === 'number') && String(value)) into.add(String(value));
    else collectJsonSecrets(value, into, depth + 1);
  }
}

/** Redacts a header map: credential headers by name, then secret values anywhere in the rest. */
export function redactHeaders(headers: Record<string, string> | undefined, credentialHeaderNames: string[], scrubber: SecretScrubber): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [rawName, value] of Object.entries(headers ?? {})) {
    const name = rawName.toLowerCase();
    out[name] = isSecretHeaderName(name, credentialHeaderNames) ? redactCredentialValue(name, value) : scrubber.scrub(value);
  }
  return out;
}

/** Redacts a URL: userinfo password, secret-looking query parameters, then secret values anywhere. */
export function redactUrl(url: string, scrubber: SecretScrubber): string {
  let out = url.replace(/^([a-z][a-z0-9+.-]*:\/\/[^/?#@:]*):[^/?#@]*@/i, `$1:${REDACTED}@`);
  const queryAt = out.indexOf('?');
  if (queryAt >= 0) {
    const hashAt = out.indexOf('#', queryAt);
    const end = hashAt >= 0 ? hashAt : out.length;
    out = out.slice(0, queryAt) + redactFormParams(out.slice(queryAt, end)) + out.slice(end);
  }
  return scrubber.scrub(out);
}

/** Redacts a body: secret-looking JSON fields and form parameters, then secret values anywhere. */
export function redactBody(text: string, contentType: string | undefined, scrubber: SecretScrubber): string {
  let out = redactJsonFields(text);
  if (/x-www-form-urlencoded/i.test(contentType ?? '') || /^[\w.%-]+=[^&\s]*(?:&[\w.%-]+=[^&\s]*)*$/.test(out.trimStart().slice(0, 100_000))) {
    out = redactFormParams(out);
  }
  return scrubber.scrub(out);
}
