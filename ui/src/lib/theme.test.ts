import { describe, expect, it } from 'vitest';
import { applyTheme, savedTheme } from './theme';

describe('theme', () => {
  it('follows the system unless light or dark was chosen', () => {
    const store = new Map<string, string>();
    const storage = { getItem: (k: string) => store.get(k) ?? null, setItem: (k: string, v: string) => void store.set(k, v) };
    const root = document.createElement('html');
    expect(savedTheme(storage)).toBe('system');
    applyTheme('dark', root, storage);
    expect(root.dataset.theme).toBe('dark');
    expect(savedTheme(storage)).toBe('dark');
    applyTheme('system', root, storage);
    expect(root.dataset.theme).toBeUndefined();
    store.set('cairn.theme', '<script>');
    expect(savedTheme(storage)).toBe('system');
  });
});
