import { describe, expect, it } from 'vitest';
import { worstCaseWaitMs } from '../../../shared/reliability';
import { worstCaseHint } from './worst-case';

describe('worstCaseHint', () => {
  it('states the worst case the engine allows for the typed timeout', () => {
    expect(worstCaseWaitMs(30_000)).toBe(60_499);
    expect(worstCaseHint('30000')).toBe('A server that never answers keeps a request waiting at most 60.5 s (timeout × 2 attempts + backoff).');
    expect(worstCaseHint(' 1000 ')).toBe('A server that never answers keeps a request waiting at most 2.5 s (timeout × 2 attempts + backoff).');
  });

  it('says nothing for a timeout the form will refuse', () => {
    for (const text of ['', 'abc', '999', '1.5', '600001']) expect(worstCaseHint(text)).toBeNull();
  });
});
