import { describe, expect, it } from 'vitest';
import { sampleSummary } from '../../../../shared/exchange/test-fixtures';
import { EMPTY_INSPECTOR_FILTERS } from '../../stores/inspectorSlice';
import { formatBytes, matchesFilters, statusClassOf } from './filter';

const summary = sampleSummary;

describe('inspector filters', () => {
  it('classes statuses, a missing answer being an error', () => {
    expect(statusClassOf(summary({ status: 204 }))).toBe('2xx');
    expect(statusClassOf(summary({ status: 412 }))).toBe('4xx');
    expect(statusClassOf(summary({ status: null, error: { code: 'timeout', message: 't' } }))).toBe('error');
  });

  it('combines method, status class, connection and text (URL, then opened bodies)', () => {
    const f = EMPTY_INSPECTOR_FILTERS;
    expect(matchesFilters(summary(), f)).toBe(true);
    expect(matchesFilters(summary(), { ...f, method: 'POST' })).toBe(false);
    expect(matchesFilters(summary({ status: 503 }), { ...f, statusClass: '5xx' })).toBe(true);
    expect(matchesFilters(summary(), { ...f, connectionId: 'c2' })).toBe(false);
    expect(matchesFilters(summary(), { ...f, text: 'users?COUNT' })).toBe(true);
    expect(matchesFilters(summary(), { ...f, text: 'bjensen' })).toBe(false);
    expect(matchesFilters(summary(), { ...f, text: 'bjensen' }, () => '{"userName":"BJensen"}')).toBe(true);
  });

  it('formats sizes', () => {
    expect(formatBytes(512)).toBe('512 B');
    expect(formatBytes(1536)).toBe('1.5 KB');
    expect(formatBytes(5 * 1024 * 1024)).toBe('5.0 MB');
  });
});
