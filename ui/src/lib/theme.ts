// Light, dark, or following the system. A display preference only, so it lives in
// the window's local storage (it is needed before the wallet is unlocked).

export type Theme = 'system' | 'light' | 'dark';

export const THEMES: { value: Theme; label: string }[] = [
  { value: 'system', label: 'Same as the system' },
  { value: 'light', label: 'Light' },
  { value: 'dark', label: 'Dark' },
];

const KEY = 'cairn.theme';

export function savedTheme(storage: Pick<Storage, 'getItem'> = localStorage): Theme {
  const value = storage.getItem(KEY);
  return value === 'light' || value === 'dark' ? value : 'system';
}

export function applyTheme(
  theme: Theme,
  root: HTMLElement = document.documentElement,
  storage: Pick<Storage, 'setItem'> = localStorage,
): void {
  if (theme === 'system') delete root.dataset.theme;
  else root.dataset.theme = theme;
  storage.setItem(KEY, theme);
}
