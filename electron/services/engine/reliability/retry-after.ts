/** The longest Retry-After the app will sit through unprompted; beyond this the caller reports rate limiting instead. */
export const DEFAULT_MAX_RETRY_AFTER_MS = 120_000;

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const DAY = '(?:mon|tue|wed|thu|fri|sat|sun)';
const LONG_DAY = '(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)';
const MONTH = '(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)';
const TIME = '(\\d{1,2}):(\\d{2}):(\\d{2})';
const ZONE = '(?:gmt|utc|z|[+-]0000)';

// The three HTTP-date forms of RFC 9110 §5.6.7, matched explicitly: Date.parse alone accepts
// all sorts of garbage ("foo 1" is a date to V8) and reads asctime's zoneless form as local time.
const IMF_FIXDATE = new RegExp(`^${DAY},\\s*(\\d{1,2})\\s+${MONTH}\\s+(\\d{4})\\s+${TIME}\\s+${ZONE}$`, 'i');
const RFC_850 = new RegExp(`^${LONG_DAY},\\s*(\\d{1,2})-${MONTH}-(\\d{2}|\\d{4})\\s+${TIME}\\s+${ZONE}$`, 'i');
const ASCTIME = new RegExp(`^${DAY}\\s+${MONTH}\\s+(\\d{1,2})\\s+${TIME}\\s+(\\d{4})$`, 'i');
const DELTA_SECONDS = /^-?\d+(?:\.\d+)?$/;

/**
 * How long (ms) a `Retry-After` header asks the client to wait: delta-seconds or an HTTP-date.
 * A negative delay or a date in the past means "now" (0); an unreadable value gives `undefined`.
 * The result is capped at `maxMs`; pass `Infinity` to learn the server's real ask.
 */
export function parseRetryAfter(value: string | undefined, now: number = Date.now(), maxMs: number = DEFAULT_MAX_RETRY_AFTER_MS): number | undefined {
  const text = value?.trim();
  if (!text) return undefined;
  let waitMs: number;
  if (DELTA_SECONDS.test(text)) {
    waitMs = Math.ceil(Number(text) * 1000);
  } else {
    const at = parseHttpDate(text);
    if (at === undefined) return undefined;
    waitMs = at - now;
  }
  return Math.min(Math.max(0, waitMs), Math.max(0, maxMs));
}

/** Epoch ms of an HTTP-date in any of its three forms, or `undefined` if it is not one. */
export function parseHttpDate(text: string): number | undefined {
  let match = IMF_FIXDATE.exec(text);
  if (match) return utc(Number(match[3]), match[2], Number(match[1]), match[4], match[5], match[6]);
  match = RFC_850.exec(text);
  if (match) return utc(fullYear(match[3]), match[2], Number(match[1]), match[4], match[5], match[6]);
  match = ASCTIME.exec(text);
  if (match) return utc(Number(match[6]), match[1], Number(match[2]), match[3], match[4], match[5]);
  return undefined;
}

/** RFC 9110: a two-digit year more than 50 years in the future means the most recent past century's. */
function fullYear(year: string): number {
  if (year.length === 4) return Number(year);
  const thisYear = new Date().getUTCFullYear();
  let full = Math.floor(thisYear / 100) * 100 + Number(year);
  if (full > thisYear + 50) full -= 100;
  return full;
}

function utc(year: number, monthName: string, day: number, hours: string, minutes: string, seconds: string): number | undefined {
  const month = MONTHS.indexOf(monthName.toLowerCase());
  const [h, m, s] = [Number(hours), Number(minutes), Number(seconds)];
  // Date.UTC rolls "31 Feb" over into March; a date that does not round-trip is not a date.
  if (h > 23 || m > 59 || s > 60) return undefined;
  const at = Date.UTC(year, month, day, h, m, Math.min(s, 59));
  const check = new Date(at);
  if (check.getUTCFullYear() !== year || check.getUTCMonth() !== month || check.getUTCDate() !== day) return undefined;
  return at;
}
