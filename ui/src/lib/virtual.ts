// Windowing for long lists: only the rows in (or near) view are in the DOM, so
// 10,000 credentials scroll as smoothly as ten.

export type Window = { first: number; last: number; offset: number; total: number };

/**
 * The rows to render for a list of `count` rows of `rowHeight` px scrolled to
 * `scrollTop` in a viewport `height` px tall, plus `overscan` rows either side.
 * `last` is exclusive; `offset` is where the first rendered row starts; `total` is
 * the full height to scroll through.
 */
export function visibleRows(
  count: number,
  rowHeight: number,
  scrollTop: number,
  height: number,
  overscan = 3,
): Window {
  const total = count * rowHeight;
  if (count === 0 || rowHeight <= 0) return { first: 0, last: 0, offset: 0, total: 0 };
  const top = Math.max(0, Math.min(scrollTop, Math.max(0, total - height)));
  const first = Math.max(0, Math.floor(top / rowHeight) - overscan);
  const last = Math.min(count, Math.ceil((top + height) / rowHeight) + overscan);
  return { first, last, offset: first * rowHeight, total };
}

/** How many cards fit side by side in `width` px, each at least `minWidth` px. */
export function columnsFor(width: number, minWidth: number, gap: number): number {
  return Math.max(1, Math.floor((width + gap) / (minWidth + gap)));
}
