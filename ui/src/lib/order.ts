// Reordering a list by keyboard: Alt+ArrowUp/ArrowDown move the focused item one
// place, Alt+Home/End to the ends. What moved is announced to screen readers.

/** The new position for `key` (with Alt held) of the item at `from` in a list of `length`, or null. */
export function keyMove(key: string, from: number, length: number): number | null {
  const to =
    key === 'ArrowUp' ? from - 1 : key === 'ArrowDown' ? from + 1 : key === 'Home' ? 0 : key === 'End' ? length - 1 : null;
  if (to === null || to < 0 || to >= length || to === from) return null;
  return to;
}

/** `items` with the one at `from` moved to `to`. */
export function moved<T>(items: readonly T[], from: number, to: number): T[] {
  const next = items.slice();
  const [item] = next.splice(from, 1);
  next.splice(to, 0, item);
  return next;
}

/** What a screen reader hears after a move. */
export function announceMove(name: string, to: number, length: number): string {
  return `${name} moved to position ${to + 1} of ${length}.`;
}
