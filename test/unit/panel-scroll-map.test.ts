import { describe, expect, test } from 'vitest';
import {
  afterScroll,
  contentTopAt,
  contentTopShowing,
  maxContentTop,
  maxScrollTop,
  renderedRows,
  scrollTopFor,
  spacerHeight,
  type ScrollRange,
} from '../../src/panel/components/scroll-map';

const ROW = 22;
const VIEW = 440; // 20 rows
const million: ScrollRange = { count: 1_000_000, rowHeight: ROW, viewportHeight: VIEW, maxSpacerHeight: 1_000_000 };
const small: ScrollRange = { ...million, count: 1000 };

describe('scroll mapping', () => {
  test('below the cap it is the identity', () => {
    expect(spacerHeight(small)).toBe(22_000);
    for (const scrollTop of [0, 1, 500, maxScrollTop(small)]) {
      expect(contentTopAt(scrollTop, small)).toBe(scrollTop);
      expect(scrollTopFor(scrollTop, small)).toBe(scrollTop);
      expect(afterScroll({ contentTop: 0, scrollTop: 0 }, scrollTop, small)).toBe(scrollTop);
    }
  });

  test('above it the spacer stays at the cap and its ends are the content’s ends', () => {
    expect(spacerHeight(million)).toBe(1_000_000);
    expect(contentTopAt(0, million)).toBe(0);
    expect(contentTopAt(maxScrollTop(million), million)).toBe(maxContentTop(million));
    expect(scrollTopFor(maxContentTop(million), million)).toBe(maxScrollTop(million));
    const half = contentTopAt(maxScrollTop(million) / 2, million);
    expect(half).toBeCloseTo(maxContentTop(million) / 2);
    expect(scrollTopFor(half, million)).toBeCloseTo(maxScrollTop(million) / 2);
  });

  test('small scrolls move the content as much; jumps map proportionally; the track’s ends snap', () => {
    const middle = { contentTop: 10_000_000, scrollTop: 500_000 };
    expect(afterScroll(middle, middle.scrollTop + 100, million)).toBe(10_000_100);
    expect(afterScroll(middle, middle.scrollTop - VIEW, million)).toBe(10_000_000 - VIEW);
    // Our own assignment echoed back: unchanged.
    expect(afterScroll(middle, middle.scrollTop, million)).toBe(10_000_000);
    const dragged = 750_000;
    expect(afterScroll(middle, dragged, million)).toBeCloseTo(contentTopAt(dragged, million));
    // A wheel notch onto either end of the track lands on the first or last row, even after drifting.
    expect(afterScroll({ contentTop: 5000, scrollTop: 10 }, 0, million)).toBe(0);
    expect(afterScroll({ contentTop: 12_000_000, scrollTop: maxScrollTop(million) - 10 }, maxScrollTop(million), million)).toBe(maxContentTop(million));
  });

  test('bringing a row into view moves as little as needed, the last row included', () => {
    expect(contentTopShowing(5, 0, million)).toBe(0);
    expect(contentTopShowing(20, 0, million)).toBe(21 * ROW - VIEW);
    expect(contentTopShowing(3, 100 * ROW, million)).toBe(3 * ROW);
    expect(contentTopShowing(999_999, 0, million)).toBe(maxContentTop(million));
  });

  test('rendered rows cover the viewport, and at the end the last row ends at the spacer’s bottom', () => {
    const contentTop = maxContentTop(million);
    const position = { contentTop, scrollTop: scrollTopFor(contentTop, million) };
    const { first, last, offset } = renderedRows(position, million, 12);
    expect(last).toBe(million.count);
    expect(offset + (last - first) * ROW).toBeCloseTo(spacerHeight(million));
    // Row 500,000 at the top of the viewport: it is drawn at the element's scrollTop.
    const middle = { contentTop: 500_000 * ROW, scrollTop: 123_456 };
    const rows = renderedRows(middle, million, 12);
    expect(rows.first).toBe(500_000 - 12);
    expect(rows.offset + 12 * ROW).toBe(middle.scrollTop);
    expect(rows.last).toBe(500_000 + 20 + 12);
  });

  test('rows cut under a position past their end render the end until the list moves, not nothing', () => {
    const filtered: ScrollRange = { ...small, count: 100 };
    const shown = renderedRows({ contentTop: 900 * ROW, scrollTop: 900 * ROW }, filtered, 12);
    expect(shown.last).toBe(100);
    expect(shown.first).toBe(100 - 20 - 12);
    expect(shown.offset).toBe(shown.first * ROW);
    const stillMapped = renderedRows({ contentTop: maxContentTop(million), scrollTop: maxScrollTop(million) }, { ...million, count: 900_000 }, 12);
    expect(stillMapped.last).toBe(900_000);
    expect(stillMapped.offset + (stillMapped.last - stillMapped.first) * ROW).toBeCloseTo(1_000_000);
  });
});
