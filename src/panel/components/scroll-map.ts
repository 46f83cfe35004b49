// Where a virtual list's rows are when its content is taller than an element may be. Browsers cap an
// element's height (Chromium clamps it at 33,554,428 px; Firefox drops one past about 17.9 M px
// altogether), so a spacer of a million 22 px rows would be cut short, or gone, and its last rows
// could never be scrolled to. The spacer is therefore
// at most `maxSpacerHeight` tall, and the list keeps its own position in the full content
// (`contentTop`) beside the element's `scrollTop`:
// - a small scroll (wheel, arrow keys, the browser's PageDown) moves the content by as much: reading
//   stays smooth, one wheel notch is not hundreds of rows;
// - a jump (dragging the scrollbar, a click in its track) maps proportionally: the thumb's place in the
//   track is the place in the content, so every row is reachable;
// - the top and the bottom of the track are the first and the last row.
// Below the cap the mapping is the identity. Pure: the component (VirtualList.tsx) only applies it.

/** The list's own cap on its spacer: well under every browser's, so the mapping is the same in all. */
export const MAX_SPACER_HEIGHT = 1_000_000;

export interface ScrollRange {
  count: number;
  rowHeight: number;
  viewportHeight: number;
  maxSpacerHeight: number;
}

/** Where the list is: its offset in the full content, and the element's scrollTop that shows it. */
export interface ScrollPosition {
  contentTop: number;
  scrollTop: number;
}

export const contentHeight = (range: ScrollRange): number => range.count * range.rowHeight;
export const spacerHeight = (range: ScrollRange): number => Math.min(contentHeight(range), range.maxSpacerHeight);
export const maxContentTop = (range: ScrollRange): number => Math.max(0, contentHeight(range) - range.viewportHeight);
export const maxScrollTop = (range: ScrollRange): number => Math.max(0, spacerHeight(range) - range.viewportHeight);
const isScaled = (range: ScrollRange): boolean => contentHeight(range) > range.maxSpacerHeight;
const clamp = (value: number, max: number): number => Math.max(0, Math.min(max, value));

/** The content offset a scrollTop stands for when it is a jump: the same fraction of the way. */
export function contentTopAt(scrollTop: number, range: ScrollRange): number {
  if (!isScaled(range)) return clamp(scrollTop, maxContentTop(range));
  const track = maxScrollTop(range);
  return track <= 0 ? 0 : clamp((scrollTop / track) * maxContentTop(range), maxContentTop(range));
}

/** The scrollTop that shows a content offset (the inverse of contentTopAt). */
export function scrollTopFor(contentTop: number, range: ScrollRange): number {
  if (!isScaled(range)) return clamp(contentTop, maxScrollTop(range));
  const content = maxContentTop(range);
  return content <= 0 ? 0 : clamp((contentTop / content) * maxScrollTop(range), maxScrollTop(range));
}

/** The content offset after the element scrolled from `from.scrollTop` to `scrollTop`. */
export function afterScroll(from: ScrollPosition, scrollTop: number, range: ScrollRange): number {
  if (!isScaled(range)) return clamp(scrollTop, maxContentTop(range));
  const delta = scrollTop - from.scrollTop;
  // Our own assignment coming back as a scroll event: keep the offset it was set for.
  if (delta === 0) return clamp(from.contentTop, maxContentTop(range));
  if (scrollTop <= 0) return 0;
  if (scrollTop >= maxScrollTop(range) - 0.5) return maxContentTop(range);
  if (Math.abs(delta) <= range.viewportHeight) return clamp(from.contentTop + delta, maxContentTop(range));
  return contentTopAt(scrollTop, range);
}

/** The content offset that brings row `index` into view, moving as little as possible. */
export function contentTopShowing(index: number, contentTop: number, range: ScrollRange): number {
  const rowTop = index * range.rowHeight;
  if (rowTop < contentTop) return rowTop;
  if (rowTop + range.rowHeight > contentTop + range.viewportHeight) return clamp(rowTop + range.rowHeight - range.viewportHeight, maxContentTop(range));
  return contentTop;
}

/**
 * The rows to render, [first, last), and where the first one goes in the spacer (`offset`, for a
 * translateY): the rows sit where the element's scrollTop shows the content offset.
 */
export function renderedRows(position: ScrollPosition, range: ScrollRange, overscan: number): { first: number; last: number; offset: number } {
  const { rowHeight, count } = range;
  position = withinRange(position, range);
  const shownHeight = range.viewportHeight || rowHeight * 40;
  const first = Math.max(0, Math.floor(position.contentTop / rowHeight) - overscan);
  const last = Math.min(count, Math.ceil((position.contentTop + shownHeight) / rowHeight) + overscan);
  return { first, last, offset: position.scrollTop + first * rowHeight - position.contentTop };
}

/**
 * A position kept from before the rows were cut (a filter leaving fewer) may lie past the end until the
 * list moves it: render the end meanwhile, where the browser, clamping the shorter spacer, shows it.
 */
function withinRange(position: ScrollPosition, range: ScrollRange): ScrollPosition {
  const contentTop = Math.min(position.contentTop, maxContentTop(range));
  if (!isScaled(range)) return { contentTop, scrollTop: contentTop };
  return contentTop === position.contentTop ? position : { contentTop, scrollTop: maxScrollTop(range) };
}
