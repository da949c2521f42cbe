import { describe, expect, it } from 'vitest';
import { mergeModules } from './adoptedStyles';

describe('mergeModules (style-mod’s mount order)', () => {
  it('appends new modules in order and reports no change for ones already mounted in order', () => {
    const first = mergeModules([], ['base', 'theme']);
    expect(first).toEqual({ modules: ['base', 'theme'], changed: true });
    expect(mergeModules(first.modules, ['base', 'theme'])).toEqual({ modules: ['base', 'theme'], changed: false });
  });

  it('keeps modules not mentioned and puts new ones right after the last one mentioned', () => {
    expect(mergeModules(['base', 'theme'], ['base', 'search'])).toEqual({ modules: ['base', 'search', 'theme'], changed: true });
    expect(mergeModules(['base', 'theme'], ['theme', 'lint'])).toEqual({ modules: ['base', 'theme', 'lint'], changed: true });
  });

  it('moves a module asked for later than where it is, so the later one wins the cascade', () => {
    expect(mergeModules(['a', 'b'], ['b', 'a'])).toEqual({ modules: ['b', 'a'], changed: true });
  });
});
