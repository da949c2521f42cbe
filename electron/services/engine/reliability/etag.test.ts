import { describe, expect, it } from 'vitest';
import { EtagCache, readEtag } from './etag';

describe('readEtag', () => {
  it('prefers the ETag header, keeping a weak tag exactly as sent', () => {
    expect(readEtag({ etag: 'W/"3694e05e9dff590"' }, { meta: { version: 'W/"other"' } })).toBe('W/"3694e05e9dff590"');
    expect(readEtag({ etag: '"strong-1"' })).toBe('"strong-1"');
    expect(readEtag({ ETag: 'W/"mixed-case-header"' })).toBe('W/"mixed-case-header"');
  });

  it('falls back to meta.version from the parsed body, whatever the key case', () => {
    expect(readEtag({}, { id: '1', meta: { version: 'W/"a330bc54f0671c9"' } })).toBe('W/"a330bc54f0671c9"');
    expect(readEtag({ etag: '' }, { Meta: { Version: 'W/"b"' } })).toBe('W/"b"');
    expect(readEtag(undefined, { META: { VERSION: '"c"' } })).toBe('"c"');
  });

  it('gives undefined when there is no tag', () => {
    expect(readEtag({})).toBeUndefined();
    expect(readEtag({}, { meta: {} })).toBeUndefined();
    expect(readEtag({}, { meta: { version: 7 } })).toBeUndefined();
    expect(readEtag({}, '{"meta":{"version":"W/\\"x\\""}}')).toBeUndefined();
    expect(readEtag({}, null)).toBeUndefined();
    expect(readEtag({}, [{ meta: { version: 'x' } }])).toBeUndefined();
  });
});

describe('EtagCache', () => {
  const key = (resource: string, connectionKey = 'conn-a') => ({ connectionKey, resource });

  it('remembers, returns and forgets tags per connection and resource', () => {
    const cache = new EtagCache();
    cache.remember(key('/Users/1'), 'W/"1"');
    cache.remember(key('/Users/1', 'conn-b'), 'W/"other"');
    expect(cache.get(key('/Users/1'))).toBe('W/"1"');
    expect(cache.get(key('/Users/1', 'conn-b'))).toBe('W/"other"');
    expect(cache.get(key('/Users/2'))).toBeUndefined();

    cache.remember(key('/Users/1'), 'W/"2"');
    expect(cache.get(key('/Users/1'))).toBe('W/"2"');
    cache.forget(key('/Users/1'));
    expect(cache.get(key('/Users/1'))).toBeUndefined();
    expect(cache.size).toBe(1);
  });

  it('accepts a key the caller composed as a string', () => {
    const cache = new EtagCache();
    cache.remember('conn-a|users|1', 'W/"1"');
    expect(cache.get('conn-a|users|1')).toBe('W/"1"');
    expect(cache.get(key('conn-a|users|1'))).toBeUndefined();
    cache.forget('conn-a|users|1');
    expect(cache.size).toBe(0);
  });

  it('forgets a stale tag when told the resource now has none', () => {
    const cache = new EtagCache();
    cache.remember(key('/Groups/g'), '"1"');
    cache.remember(key('/Groups/g'), undefined);
    expect(cache.get(key('/Groups/g'))).toBeUndefined();
  });

  it('evicts the least recently used entry beyond its bound', () => {
    const cache = new EtagCache(3);
    cache.remember(key('a'), '"a"');
    cache.remember(key('b'), '"b"');
    cache.remember(key('c'), '"c"');
    expect(cache.get(key('a'))).toBe('"a"'); // a is now the most recently used; b the least
    cache.remember(key('d'), '"d"');
    expect(cache.size).toBe(3);
    expect(cache.get(key('b'))).toBeUndefined();
    expect(cache.get(key('a'))).toBe('"a"');
    expect(cache.get(key('c'))).toBe('"c"');
    expect(cache.get(key('d'))).toBe('"d"');
  });

  it('holds 50,000 entries by default', () => {
    const cache = new EtagCache();
    for (let i = 0; i <= 50_000; i++) cache.remember(key(`/Users/${i}`), `"${i}"`);
    expect(cache.size).toBe(50_000);
    expect(cache.get(key('/Users/0'))).toBeUndefined();
    expect(cache.get(key('/Users/50000'))).toBe('"50000"');
  });

  it('drops one connection’s tags at once', () => {
    const cache = new EtagCache();
    cache.remember(key('/Users/1'), '"1"');
    cache.remember(key('/Users/1', 'conn-ab'), '"x"');
    cache.forgetConnection('conn-a');
    expect(cache.get(key('/Users/1'))).toBeUndefined();
    expect(cache.get(key('/Users/1', 'conn-ab'))).toBe('"x"');
  });
});
