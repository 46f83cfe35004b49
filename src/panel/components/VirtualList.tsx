// A fixed-row-height virtual list: only the rows in view (plus an overscan) are in the DOM, so
// a million rows cost the same to render and scroll as 50. Past the height a browser lets an element
// have, scroll positions are mapped onto the rows (scroll-map.ts), so every row stays reachable.
import type { ComponentChildren, HTMLAttributes, Ref } from 'preact';
import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import {
  afterScroll,
  contentTopShowing,
  MAX_SPACER_HEIGHT,
  maxContentTop,
  renderedRows,
  scrollTopFor,
  spacerHeight,
  type ScrollPosition,
  type ScrollRange,
} from './scroll-map';

export interface VirtualListProps {
  count: number;
  rowHeight: number;
  renderRow: (index: number) => ComponentChildren;
  /** Rows rendered beyond each edge of the viewport, so fast scrolling shows no blank gap. */
  overscan?: number;
  /** Follow new rows while the user is at the bottom, like a terminal. */
  stickToBottom?: boolean;
  /** Scrolls this row into view whenever the value (or `scrollRequest`) changes. */
  scrollToIndex?: number | null;
  scrollRequest?: number;
  viewportRef?: Ref<HTMLDivElement>;
  onPageSize?: (rows: number) => void;
  /** The tallest the scrolled space may be; longer lists map positions onto it (default MAX_SPACER_HEIGHT). */
  maxSpacerHeight?: number;
  class?: string;
  /** Attributes for the scrolling element (role, aria-*, tabIndex, key handlers). */
  attributes?: HTMLAttributes<HTMLDivElement>;
}

export function VirtualList(props: VirtualListProps) {
  const { count, rowHeight, renderRow, overscan = 12, stickToBottom = false, maxSpacerHeight = MAX_SPACER_HEIGHT } = props;
  const viewport = useRef<HTMLDivElement | null>(null);
  // The source of truth for event handlers (several scroll events may come before a render); the
  // state only asks for that render.
  const position = useRef<ScrollPosition>({ contentTop: 0, scrollTop: 0 });
  const [, setRendered] = useState(position.current);
  const [height, setHeight] = useState(0);
  const atBottom = useRef(true);
  const range: ScrollRange = { count, rowHeight, viewportHeight: height, maxSpacerHeight };
  // Handlers and effects measure the element itself: the observed height comes a frame late, and a
  // scroll event judged against the height before it would take the bottom for a place above it.
  const rangeOf = (element: HTMLDivElement): ScrollRange => ({ ...range, viewportHeight: element.clientHeight });

  const moveTo = (next: ScrollPosition, current: ScrollRange) => {
    position.current = next;
    atBottom.current = next.contentTop >= maxContentTop(current) - rowHeight / 2;
    setRendered(next);
  };

  /** Shows the content from `contentTop`, setting the element's scrollTop to match. */
  const scrollContentTo = (element: HTMLDivElement, contentTop: number) => {
    const current = rangeOf(element);
    element.scrollTop = scrollTopFor(contentTop, current);
    // Read back: the browser rounds it, and the scroll event this causes must be recognised as ours.
    moveTo({ contentTop, scrollTop: element.scrollTop }, current);
  };

  useLayoutEffect(() => {
    const element = viewport.current;
    if (!element) return;
    const observer = new ResizeObserver(() => {
      setHeight(element.clientHeight);
      props.onPageSize?.(Math.max(1, Math.floor(element.clientHeight / rowHeight) - 1));
    });
    observer.observe(element);
    return () => observer.disconnect();
  }, [rowHeight]);

  // New rows while at the bottom: stay at the bottom. Otherwise keep the same rows in view, which
  // for a mapped list means a new scrollTop, as the content grew under the same spacer.
  useLayoutEffect(() => {
    const element = viewport.current;
    if (!element) return;
    const followBottom = stickToBottom && atBottom.current;
    const end = maxContentTop(rangeOf(element));
    scrollContentTo(element, followBottom ? end : Math.min(position.current.contentTop, end));
  }, [count, height, stickToBottom, maxSpacerHeight]);

  useEffect(() => {
    const element = viewport.current;
    const index = props.scrollToIndex;
    if (!element || index === null || index === undefined || index < 0) return;
    const contentTop = contentTopShowing(index, position.current.contentTop, rangeOf(element));
    if (contentTop !== position.current.contentTop) scrollContentTo(element, contentTop);
  }, [props.scrollToIndex, props.scrollRequest]);

  const onScroll = () => {
    const element = viewport.current!;
    // Our own assignment coming back, or the viewport resized under the same scrollTop: nobody scrolled,
    // so the list stays where it was asked to be (at the bottom, it follows the bottom of the new height).
    if (element.scrollTop === position.current.scrollTop) return;
    const current = rangeOf(element);
    moveTo({ contentTop: afterScroll(position.current, element.scrollTop, current), scrollTop: element.scrollTop }, current);
  };

  const { first, last, offset } = renderedRows(position.current, range, overscan);
  const rows: ComponentChildren[] = [];
  for (let index = first; index < last; index++) rows.push(renderRow(index));

  const setViewport = (element: HTMLDivElement | null) => {
    viewport.current = element;
    const ref = props.viewportRef;
    if (typeof ref === 'function') ref(element);
    else if (ref) ref.current = element;
  };

  return (
    <div {...props.attributes} class={`virtual-list ${props.class ?? ''}`} ref={setViewport} onScroll={onScroll}>
      {/* Clipped: rows below a mapped list's last screen must not make the scrolled space taller. */}
      <div class="virtual-list-space" style={{ height: `${spacerHeight(range)}px`, overflow: 'hidden' }}>
        <div class="virtual-list-rows" style={{ transform: `translateY(${offset}px)` }}>
          {rows}
        </div>
      </div>
    </div>
  );
}
