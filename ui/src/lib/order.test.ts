import { describe, expect, it } from 'vitest';
import { announceMove, keyMove, moved } from './order';

describe('keyboard reordering', () => {
  it('moves one place up or down, and to the ends', () => {
    expect(keyMove('ArrowUp', 2, 4)).toBe(1);
    expect(keyMove('ArrowDown', 2, 4)).toBe(3);
    expect(keyMove('Home', 2, 4)).toBe(0);
    expect(keyMove('End', 1, 4)).toBe(3);
  });

  it('does nothing past the ends or for other keys', () => {
    expect(keyMove('ArrowUp', 0, 4)).toBeNull();
    expect(keyMove('ArrowDown', 3, 4)).toBeNull();
    expect(keyMove('End', 3, 4)).toBeNull();
    expect(keyMove('ArrowLeft', 1, 4)).toBeNull();
  });

  it('moves the item and keeps the others in order', () => {
    expect(moved(['a', 'b', 'c', 'd'], 3, 1)).toEqual(['a', 'd', 'b', 'c']);
    expect(moved(['a', 'b', 'c'], 0, 2)).toEqual(['b', 'c', 'a']);
  });

  it('announces the new position counted from one', () => {
    expect(announceMove('Rust course', 0, 3)).toBe('Rust course moved to position 1 of 3.');
  });
});
