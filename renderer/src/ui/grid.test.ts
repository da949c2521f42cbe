import { describe, expect, it } from 'vitest';
import { gridMove, withActiveRow } from './grid';

describe('gridMove', () => {
  it('moves within the rows, from no active row (-1) to the first', () => {
    expect(gridMove('ArrowDown', -1, 10)).toBe(0);
    expect(gridMove('ArrowUp', -1, 10)).toBe(0);
    expect(gridMove('ArrowDown', 9, 10)).toBe(9);
    expect(gridMove('ArrowUp', 0, 10)).toBe(0);
    expect(gridMove('Home', 5, 10)).toBe(0);
    expect(gridMove('End', 5, 10)).toBe(9);
    expect(gridMove('PageDown', 5, 100)).toBe(25);
    expect(gridMove('PageDown', 95, 100)).toBe(99);
    expect(gridMove('PageUp', 5, 100, 3)).toBe(2);
  });

  it('leaves other keys and empty grids alone', () => {
    expect(gridMove('Enter', 1, 10)).toBeNull();
    expect(gridMove('ArrowDown', -1, 0)).toBeNull();
  });
});

describe('withActiveRow', () => {
  it('adds the active row, in order, when the virtualizer left it out', () => {
    expect(withActiveRow([10, 11, 12], 3, 100)).toEqual([3, 10, 11, 12]);
    expect(withActiveRow([10, 11, 12], 50, 100)).toEqual([10, 11, 12, 50]);
  });

  it('changes nothing when it is rendered already, absent, or past the end', () => {
    const rendered = [0, 1, 2];
    expect(withActiveRow(rendered, 1, 3)).toBe(rendered);
    expect(withActiveRow(rendered, null, 3)).toBe(rendered);
    expect(withActiveRow(rendered, 7, 3)).toBe(rendered);
  });
});
