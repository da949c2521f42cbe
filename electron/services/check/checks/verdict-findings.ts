/**
 * What the read-only checks share to reach a verdict: problems gathered as they are seen (grouped, so
 * one quirk on forty attributes is one sentence), and the RFC 7644 §3.12 reading of an error answer.
 */
import { MESSAGE_ERROR } from '../../../../shared/scim';
import { getCaseInsensitive } from '../../engine/response';
import { fail, pass, warn, type CheckOutcome, type ProbeResponse } from '../types';

export type Json = Record<string, unknown>;

export const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);

/** A key of a SCIM object, whatever its case (RFC 7643 §2.1: attribute names are case-insensitive). */
export const field = (object: Json, name: string): unknown => getCaseInsensitive(object, name)?.value;

/** Server text quoted in a message: one line, at most `max` characters. */
export function quote(value: unknown, max = 120): string {
  const text = (typeof value === 'string' ? value : (JSON.stringify(value) ?? String(value))).replace(/\s+/g, ' ').trim();
  return JSON.stringify(text.length > max ? `${text.slice(0, max)}…` : text);
}

/** "GET /Users/42": how a request is named in messages. */
export const named = (method: string, path: string): string => `${method} /${path.replace(/^\/+/, '')}`;

interface Finding {
  level: 'fail' | 'warn';
  text: string;
  where: string[];
}

/** Problems found while reading an answer; the verdict is the worst of them. */
export class Findings {
  private readonly found = new Map<string, Finding>();

  fail(text: string, where?: string): void {
    this.add('fail', text, where);
  }

  warn(text: string, where?: string): void {
    this.add('warn', text, where);
  }

  get count(): number {
    return this.found.size;
  }

  get failed(): boolean {
    return [...this.found.values()].some((f) => f.level === 'fail');
  }

  /** pass with `passMessage` when nothing was found; otherwise the worst level, failures named first. */
  outcome(passMessage: string, prefix = ''): CheckOutcome {
    if (this.found.size === 0) return pass(passMessage);
    const all = [...this.found.values()].sort((a, b) => (a.level === b.level ? 0 : a.level === 'fail' ? -1 : 1));
    const shown = all.slice(0, 5).map(describe);
    const more = all.length > shown.length ? `; and ${all.length - shown.length} more` : '';
    const joined = `${prefix}${shown.join('; ')}${more}.`;
    const text = joined.charAt(0).toUpperCase() + joined.slice(1);
    return all[0]!.level === 'fail' ? fail(text) : warn(text);
  }

  private add(level: Finding['level'], text: string, where?: string): void {
    const known = this.found.get(text);
    if (known) {
      if (where && !known.where.includes(where)) known.where.push(where);
      return;
    }
    this.found.set(text, { level, text, where: where ? [where] : [] });
  }
}

function describe(finding: Finding): string {
  if (finding.where.length === 0) return finding.text;
  const shown = finding.where.slice(0, 3).join(', ');
  const more = finding.where.length > 3 ? ` and ${finding.where.length - 3} more` : '';
  return `${finding.text} (${shown}${more})`;
}

/** The media type as a client sees it: `application/scim+json` is right, `application/json` tolerated. */
export function gradeMediaType(response: ProbeResponse, what: string, findings: Findings): void {
  if (response.text.trim() === '') return;
  if (response.mediaType === 'application/scim+json') return;
  if (response.mediaType === 'application/json') findings.warn(`${what} is sent as application/json, not application/scim+json`);
  else if (response.mediaType === '') findings.fail(`${what} has no Content-Type`);
  else findings.fail(`${what} is sent as ${quote(response.mediaType, 60)}, not application/scim+json`);
}

/**
 * An error answer against RFC 7644 §3.12: a JSON body (MUST) with the Error schema, `status` as the
 * HTTP status in a string (REQUIRED), `detail` optional. A numeric status is tolerated by clients.
 */
export function gradeErrorBody(response: ProbeResponse, what: string, findings: Findings): void {
  if (response.text.trim() === '') {
    findings.fail(`${what} has an empty body, where RFC 7644 §3.12 requires a JSON error`);
    return;
  }
  const body = response.json;
  if (!isObject(body)) {
    findings.fail(`${what} is not a JSON error object (${response.mediaType || 'no Content-Type'}: ${quote(response.text, 80)})`);
    return;
  }
  const status = field(body, 'status');
  if (status === undefined) findings.fail(`${what} has no "status"`);
  else if (typeof status === 'number') {
    if (status !== response.status) findings.fail(`${what} says status ${status} but the HTTP status is ${response.status}`);
    else findings.warn(`${what} has "status" as the number ${status}, not the string "${status}"`);
  } else if (typeof status === 'string') {
    if (status.trim() !== String(response.status)) findings.fail(`${what} says status ${quote(status, 20)} but the HTTP status is ${response.status}`);
  } else findings.fail(`${what} has "status" as a ${Array.isArray(status) ? 'list' : typeof status}`);
  const schemas = field(body, 'schemas');
  if (!Array.isArray(schemas) || !schemas.includes(MESSAGE_ERROR)) findings.warn(`${what} does not name the Error schema in "schemas"`);
  const detail = field(body, 'detail');
  if (detail !== undefined && typeof detail !== 'string') findings.warn(`${what} has a "detail" that is not a string`);
}
