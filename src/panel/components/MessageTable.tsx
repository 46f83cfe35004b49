// The message grid: the columns the user chose (src/panel/table/), virtualized rows, click/keyboard
// selection, sticky to the bottom for live traffic; a row's menu and the Columns menu; the status bar.
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { pairNote } from '../pairs/pair-text';
import { timeText } from '../table/cell-text';
import { measureMarksWidth } from '../table/column-fit';
import { ColumnMenu } from '../table/ColumnMenu';
import { columnSpec, gridTemplate, isShown, MESSAGE_ROW_HEIGHT, placeColumns, type ColumnLayout } from '../table/columns';
import { RowMenu } from '../table/RowMenu';
import { StatusBar } from '../table/StatusBar';
import { TableHeader } from '../table/TableHeader';
import { isGenericProtocol, type ConnectionProtocol } from '../protocols/protocol-slice';
import { usePanel } from '../usePanel';
import { MessageRow } from './MessageRow';
import { VirtualList } from './VirtualList';

export { MESSAGE_ROW_HEIGHT };
export const DETAIL_PANE_ID = 'wsi-detail';
/** How long the status bar says what a menu did. */
const OUTCOME_MS = 4000;

type OpenMenu = { t: 'row'; messageId: number; x: number; y: number } | { t: 'columns'; x: number; y: number } | null;

export function MessageTable() {
  const panel = usePanel();
  const loaded = panel.log.count;
  const visible = panel.log.visible.value;
  const selectedId = panel.selection.selectedId.value;
  const layout = panel.columns.layout.value;
  const [pageSize, setPageSize] = useState(20);
  // Bumped on every keyboard move so the list scrolls even if the target index repeats.
  const [scrollRequest, setScrollRequest] = useState(0);
  const [menu, setMenu] = useState<OpenMenu>(null);
  const [outcome, setOutcome] = useState<string | null>(null);
  const outcomeTimer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const gridRef = useRef<HTMLDivElement>(null);

  // Summaries arrive as messages are decoded, after the rows: re-render as they do.
  void panel.protocols.version.value;
  const pairs = panel.pairs.pairs;
  void panel.pairs.version.value;
  const placed = placeColumns(layout, useMarksWidth(panel.log.markSets, layout), {
    hasProtocols: hasSpecificProtocol(panel.protocols.byConnection.value),
    hasPairs: pairs.hasPairs(),
  });
  const columnIds = placed.map((column) => column.spec.id);
  const connections = panel.session.connections.value;
  const connectionById = useMemo(() => new Map(connections.map((connection) => [connection.id, connection])), [connections]);
  const showsConnection = columnIds.includes('connection');
  const showsLatency = columnIds.includes('latency');
  const revealRequest = panel.selection.revealRequest.value;
  const selectedPosition = selectedId === null ? -1 : panel.log.positionOfId(visible, selectedId);

  useEffect(() => () => clearTimeout(outcomeTimer.current), []);
  const tell = (text: string) => {
    setOutcome(text);
    clearTimeout(outcomeTimer.current);
    outcomeTimer.current = setTimeout(() => setOutcome(null), OUTCOME_MS);
  };

  const moveTo = (position: number) => {
    if (visible.length === 0) return;
    const clamped = Math.max(0, Math.min(visible.length - 1, position));
    panel.selection.select(panel.log.idAt(visible[clamped]!));
    setScrollRequest((n) => n + 1);
  };

  const openRowMenu = (messageId: number, x: number, y: number) => {
    panel.selection.select(messageId);
    gridRef.current?.focus();
    setOutcome(null);
    setMenu({ t: 'row', messageId, x, y });
  };

  const onKeyDown = (event: KeyboardEvent) => {
    // Keys on the header's handles and button are theirs.
    if (event.target !== event.currentTarget) return;
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
    } else if ((event.key === 'ContextMenu' || (event.key === 'F10' && event.shiftKey)) && selectedId !== null) {
      event.preventDefault();
      const box = (document.getElementById(`message-${selectedId}`) ?? gridRef.current!).getBoundingClientRect();
      openRowMenu(selectedId, box.left + 24, box.bottom);
    }
  };

  const onContextMenu = (event: MouseEvent) => {
    const row = (event.target as Element).closest<HTMLElement>('[data-message-id]');
    if (!row) return;
    event.preventDefault();
    openRowMenu(Number(row.dataset.messageId), event.clientX, event.clientY);
  };

  const closeMenu = () => setMenu(null);
  const menuMessage = menu?.t === 'row' ? panel.log.rowById(menu.messageId) : undefined;
  const firstTime = loaded > 0 ? panel.log.timeAt(0) : undefined;

  return (
    <>
      <div
        class="message-table"
        role="grid"
        aria-label="Messages"
        aria-rowcount={visible.length + 1}
        aria-colcount={placed.length}
        aria-activedescendant={selectedId !== null ? `message-${selectedId}` : undefined}
        tabIndex={0}
        ref={gridRef}
        style={`--message-columns: ${gridTemplate(placed)}`}
        onKeyDown={onKeyDown}
        onContextMenu={onContextMenu}
      >
        <TableHeader placed={placed} table={gridRef} onColumnMenu={(x, y) => setMenu({ t: 'columns', x, y })} />
        {visible.length === 0 && (
          <div class="empty-table">{panel.session.loading.value ? 'Loading…' : loaded === 0 ? 'No messages recorded.' : 'No messages match the filter.'}</div>
        )}
        <VirtualList
          class="message-rows"
          count={visible.length}
          rowHeight={MESSAGE_ROW_HEIGHT}
          stickToBottom
          scrollToIndex={selectedPosition}
          scrollRequest={scrollRequest + revealRequest}
          onPageSize={setPageSize}
          attributes={{ role: 'rowgroup' }}
          renderRow={(position) => {
            const message = panel.log.messageAt(visible[position]!);
            const base = layout.timeFormat === 'delta' ? (position > 0 ? panel.log.timeAt(visible[position - 1]!) : undefined) : firstTime;
            return (
              <MessageRow
                key={message.id}
                message={message}
                columns={columnIds}
                rowIndex={position + 2}
                selected={message.id === selectedId}
                time={timeText(layout.timeFormat, message.time, base)}
                connection={showsConnection ? connectionById.get(message.connectionId) : undefined}
                decoded={panel.protocols.decodedOf(message.id)}
                pair={showsLatency ? pairNote(pairs, message.id) : undefined}
                onSelect={(event) => {
                  const compareWith = comparisonBase(panel, event);
                  if (compareWith !== null && compareWith !== message.id) return panel.compare.open(compareWith, message.id);
                  panel.selection.select(message.id);
                  gridRef.current?.focus();
                }}
              />
            );
          }}
        />
      </div>
      <StatusBar outcome={outcome} />
      {menu?.t === 'columns' && <ColumnMenu x={menu.x} y={menu.y} onClose={closeMenu} />}
      {menuMessage && menu?.t === 'row' && <RowMenu key={menu.messageId} message={menuMessage} x={menu.x} y={menu.y} onClose={closeMenu} onOutcome={tell} />}
    </>
  );
}

/** Ctrl/Cmd+click compares with the selected message; a click after "Compare with…" compares with the one picked then. */
function comparisonBase(panel: ReturnType<typeof usePanel>, event: MouseEvent): number | null {
  const picked = panel.compare.pending.peek();
  if (picked !== null) return picked;
  return event.ctrlKey || event.metaKey ? panel.selection.selectedId.peek() : null;
}

/**
 * The width the Marks column needs for the loaded rows' marks (0: no row has one). The log keeps the
 * mark sets as rows arrive; a width is measured only when a new set appears and the column sizes itself.
 */
function useMarksWidth(markSets: ReadonlySet<string>, layout: ColumnLayout): number {
  const key = [...markSets].sort().join('\n\n');
  const measured = isShown(layout, 'marks') && layout.widths.marks === undefined;
  return useMemo(() => (measured && key !== '' ? measureMarksWidth(key.split('\n\n'), columnSpec('marks').label) : 0), [key, measured]);
}

/** Whether a connection in view speaks a protocol of its own (generic JSON does not earn the Summary column). */
function hasSpecificProtocol(byConnection: ReadonlyMap<string, ConnectionProtocol>): boolean {
  for (const protocol of byConnection.values()) if (!isGenericProtocol(protocol.id)) return true;
  return false;
}
