import { describe, expect, it } from 'vitest';
import { backoffDelay } from './backoff';
import { parseHttpDate, parseRetryAfter } from './retry-after';

const NOW = Date.UTC(2015, 9, 21, 7, 28, 0); // Wed, 21 Oct 2015 07:28:00 GMT

describe('parseRetryAfter', () => {
  it('reads delta-seconds', () => {
    expect(parseRetryAfter('120', NOW)).toBe(120_000);
    expect(parseRetryAfter(' 3 ', NOW)).toBe(3_000);
    expect(parseRetryAfter('0', NOW)).toBe(0);
  });

  it('reads an IMF-fixdate relative to now', () => {
    expect(parseRetryAfter('Wed, 21 Oct 2015 07:28:30 GMT', NOW)).toBe(30_000);
  });

  it('reads the obsolete RFC 850 and asctime forms, as GMT', () => {
    expect(parseRetryAfter('Wednesday, 21-Oct-15 07:28:45 GMT', NOW)).toBe(45_000);
    expect(parseRetryAfter('Wed Oct 21 07:29:00 2015', NOW)).toBe(60_000);
    expect(parseHttpDate('Sun Nov  6 08:49:37 1994')).toBe(Date.UTC(1994, 10, 6, 8, 49, 37));
  });

  it('treats a past date or a negative delay as "now"', () => {
    expect(parseRetryAfter('Wed, 21 Oct 2015 07:00:00 GMT', NOW)).toBe(0);
    expect(parseRetryAfter('-5', NOW)).toBe(0);
  });

  it('gives undefined for garbage', () => {
    for (const value of [undefined, '', '   ', 'soon', 'foo 1', '12abc', 'Wed, 31 Feb 2015 07:28:30 GMT', 'Wed, 21 Oct 2015 25:00:00 GMT', '2015-10-21']) {
      expect(parseRetryAfter(value, NOW), String(value)).toBeUndefined();
    }
  });

  it('caps at the maximum (120 s by default) unless told otherwise', () => {
    expect(parseRetryAfter('3600', NOW)).toBe(120_000);
    expect(parseRetryAfter('3600', NOW, 10_000)).toBe(10_000);
    expect(parseRetryAfter('3600', NOW, Infinity)).toBe(3_600_000);
    expect(parseRetryAfter('Thu, 22 Oct 2015 07:28:00 GMT', NOW)).toBe(120_000);
  });
});

describe('backoffDelay', () => {
  it('draws from [0, base·2^(attempt−1)) with full jitter', () => {
    expect(backoffDelay(1, { random: () => 0 })).toBe(0);
    expect(backoffDelay(1, { random: () => 0.5 })).toBe(250);
    expect(backoffDelay(3, { random: () => 0.5 })).toBe(1_000);
    expect(backoffDelay(3, { random: () => 0.999999 })).toBeLessThan(2_000);
    expect(backoffDelay(2, { baseMs: 100, random: () => 0.5 })).toBe(100);
  });

  it('never exceeds the cap, however many attempts', () => {
    expect(backoffDelay(50, { random: () => 0.999999 })).toBeLessThan(30_000);
    expect(backoffDelay(5000, { random: () => 0.5 })).toBe(15_000);
    expect(backoffDelay(10, { capMs: 1_000, random: () => 0.999999 })).toBeLessThan(1_000);
  });

  it('stays within bounds with the real random source', () => {
    for (let attempt = 1; attempt <= 12; attempt++) {
      const ceiling = Math.min(30_000, 500 * 2 ** (attempt - 1));
      for (let i = 0; i < 200; i++) {
        const delay = backoffDelay(attempt);
        expect(delay).toBeGreaterThanOrEqual(0);
        expect(delay).toBeLessThan(ceiling);
      }
    }
  });
});
