import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { SEARCH_PAUSE_MS, debouncedSearch } from './search';

describe('debouncedSearch', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('asks once the typing pauses, with the latest text only', async () => {
    const find = vi.fn(async (text: string) => [text]);
    const seen: (Set<string> | null)[] = [];
    const search = debouncedSearch((m) => seen.push(m), () => {}, find);
    search('we');
    search(' weld ');
    await vi.advanceTimersByTimeAsync(SEARCH_PAUSE_MS);
    expect(find).toHaveBeenCalledTimes(1);
    expect(find).toHaveBeenCalledWith('weld');
    expect(seen).toEqual([new Set(['weld'])]);
  });

  it('clears at once on empty text and drops an answer that came too late', async () => {
    let answer: (ids: string[]) => void = () => {};
    const find = vi.fn(() => new Promise<string[]>((ok) => (answer = ok)));
    const seen: (Set<string> | null)[] = [];
    const search = debouncedSearch((m) => seen.push(m), () => {}, find);
    search('weld');
    await vi.advanceTimersByTimeAsync(SEARCH_PAUSE_MS);
    search('');
    answer(['old']);
    await vi.runAllTimersAsync();
    expect(seen).toEqual([null]);
  });

  it('reports the error of the latest search', async () => {
    const errors: string[] = [];
    const search = debouncedSearch(() => {}, (m) => errors.push(m), () => Promise.reject(new Error('locked')));
    search('x');
    await vi.advanceTimersByTimeAsync(SEARCH_PAUSE_MS);
    expect(errors).toEqual(['locked']);
  });
});
