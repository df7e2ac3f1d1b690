import { describe, expect, it } from 'vitest';
import { columnsFor, visibleRows } from './virtual';

describe('visible rows', () => {
  it('renders only what is in view plus the overscan', () => {
    const w = visibleRows(10_000, 100, 50_000, 600, 2);
    expect(w.first).toBe(498);
    expect(w.last).toBe(508);
    expect(w.offset).toBe(49_800);
    expect(w.total).toBe(1_000_000);
  });

  it('clamps at both ends', () => {
    expect(visibleRows(5, 100, -40, 600, 3)).toEqual({ first: 0, last: 5, offset: 0, total: 500 });
    const end = visibleRows(100, 10, 99_999, 100, 0);
    expect(end.last).toBe(100);
    expect(end.first).toBe(90);
  });

  it('is empty for an empty list', () => {
    expect(visibleRows(0, 100, 0, 600)).toEqual({ first: 0, last: 0, offset: 0, total: 0 });
  });

  it('fits as many columns as the width allows, at least one', () => {
    expect(columnsFor(1000, 300, 16)).toBe(3);
    expect(columnsFor(200, 300, 16)).toBe(1);
  });
});
