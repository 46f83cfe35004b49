// A fixed-row-height virtual list: only the rows in view (plus an overscan) are in the DOM, so
// 100,000 rows cost the same to render and scroll as 50.
import type { ComponentChildren, HTMLAttributes, Ref } from 'preact';
import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';

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
  class?: string;
  /** Attributes for the scrolling element (role, aria-*, tabIndex, key handlers). */
  attributes?: HTMLAttributes<HTMLDivElement>;
}

export function VirtualList(props: VirtualListProps) {
  const { count, rowHeight, renderRow, overscan = 12, stickToBottom = false } = props;
  const viewport = useRef<HTMLDivElement | null>(null);
  const [scrollTop, setScrollTop] = useState(0);
  const [height, setHeight] = useState(0);
  const atBottom = useRef(true);

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

  // New rows while at the bottom: stay at the bottom.
  useLayoutEffect(() => {
    const element = viewport.current;
    if (!element || !stickToBottom || !atBottom.current) return;
    element.scrollTop = element.scrollHeight;
    setScrollTop(element.scrollTop);
  }, [count, height, stickToBottom]);

  useEffect(() => {
    const element = viewport.current;
    const index = props.scrollToIndex;
    if (!element || index === null || index === undefined || index < 0) return;
    const rowTop = index * rowHeight;
    if (rowTop < element.scrollTop) element.scrollTop = rowTop;
    else if (rowTop + rowHeight > element.scrollTop + element.clientHeight) element.scrollTop = rowTop + rowHeight - element.clientHeight;
    setScrollTop(element.scrollTop);
  }, [props.scrollToIndex, props.scrollRequest]);

  const onScroll = () => {
    const element = viewport.current!;
    atBottom.current = element.scrollTop + element.clientHeight >= element.scrollHeight - rowHeight / 2;
    setScrollTop(element.scrollTop);
  };

  // A filter that leaves fewer rows shrinks the list under a scroll offset the browser clamps only at its
  // next scroll event: until then an unclamped offset would render no rows at all.
  const top = Math.min(scrollTop, Math.max(0, count * rowHeight - height));
  const first = Math.max(0, Math.floor(top / rowHeight) - overscan);
  const last = Math.min(count, Math.ceil((top + (height || rowHeight * 40)) / rowHeight) + overscan);
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
      <div class="virtual-list-space" style={{ height: `${count * rowHeight}px` }}>
        <div class="virtual-list-rows" style={{ transform: `translateY(${first * rowHeight}px)` }}>
          {rows}
        </div>
      </div>
    </div>
  );
}
