// The message grid: virtualized rows, click/keyboard selection, sticky to the bottom for live traffic.
import { useRef, useState } from 'preact/hooks';
import { usePanel } from '../usePanel';
import { MessageRow } from './MessageRow';
import { VirtualList } from './VirtualList';

export const MESSAGE_ROW_HEIGHT = 22;
export const DETAIL_PANE_ID = 'wsi-detail';

export function MessageTable() {
  const panel = usePanel();
  const { log } = panel;
  const rowCount = log.count;
  const visible = panel.log.visible.value;
  const selectedId = panel.selection.selectedId.value;
  const [pageSize, setPageSize] = useState(20);
  // Bumped on every keyboard move so the list scrolls even if the target index repeats.
  const [scrollRequest, setScrollRequest] = useState(0);
  const gridRef = useRef<HTMLDivElement>(null);

  const selectedPosition = selectedId === null ? -1 : log.positionOfId(visible, selectedId);

  const moveTo = (position: number) => {
    if (visible.length === 0) return;
    const clamped = Math.max(0, Math.min(visible.length - 1, position));
    panel.selection.select(log.idAt(visible[clamped]!));
    setScrollRequest((n) => n + 1);
  };

  const onKeyDown = (event: KeyboardEvent) => {
    const from = selectedPosition;
    const moves: Record<string, () => number> = {
      ArrowDown: () => (from < 0 ? 0 : from + 1),
      ArrowUp: () => (from < 0 ? visible.length - 1 : from - 1),
      PageDown: () => Math.max(from, 0) + pageSize,
      PageUp: () => Math.max(from, 0) - pageSize,
      Home: () => 0,
      End: () => visible.length - 1,
    };
    const move = moves[event.key];
    if (move) {
      event.preventDefault();
      moveTo(move());
    } else if (event.key === 'Enter' && selectedPosition >= 0) {
      event.preventDefault();
      document.getElementById(DETAIL_PANE_ID)?.focus();
    }
  };

  return (
    <div
      class="message-table"
      role="grid"
      aria-label="Messages"
      aria-rowcount={visible.length + 1}
      aria-activedescendant={selectedId !== null ? `message-${selectedId}` : undefined}
      tabIndex={0}
      ref={gridRef}
      onKeyDown={onKeyDown}
    >
      <div class="message-row message-header" role="row" aria-rowindex={1}>
        <span role="columnheader" class="col-direction" title="Direction">
          ⇅
        </span>
        <span role="columnheader" class="col-time">
          Time
        </span>
        <span role="columnheader" class="col-type">
          Type
        </span>
        <span role="columnheader" class="col-size">
          Size
        </span>
        <span role="columnheader" class="col-marks">
          Marks
        </span>
        <span role="columnheader" class="col-preview">
          Data
        </span>
      </div>
      {visible.length === 0 && (
        <div class="empty-table">{panel.session.loading.value ? 'Loading…' : rowCount === 0 ? 'No messages recorded.' : 'No messages match the filter.'}</div>
      )}
      <VirtualList
        class="message-rows"
        count={visible.length}
        rowHeight={MESSAGE_ROW_HEIGHT}
        stickToBottom
        scrollToIndex={selectedPosition}
        scrollRequest={scrollRequest}
        onPageSize={setPageSize}
        attributes={{ role: 'rowgroup' }}
        renderRow={(position) => {
          const message = log.messageAt(visible[position]!);
          return (
            <MessageRow
              key={message.id}
              message={message}
              rowIndex={position + 2}
              selected={message.id === selectedId}
              onSelect={() => {
                panel.selection.select(message.id);
                gridRef.current?.focus();
              }}
            />
          );
        }}
      />
    </div>
  );
}
