// The table's header row: a header per column shown, a resize handle on the right edge of each but
// the one taking the width left (drag it, or focus it and use the arrow keys; double-click or Enter
// fits the column to its content), and the Columns menu button. Right-click opens the same menu.
import type { RefObject } from 'preact';
import { useRef } from 'preact/hooks';
import { usePanel } from '../usePanel';
import { fitColumnWidth } from './column-fit';
import { MAX_COLUMN_WIDTH, TIME_FORMATS, type PlacedColumn } from './columns';

/** Pixels per arrow key press on a resize handle; with Shift, one. */
const KEY_STEP = 10;

export interface TableHeaderProps {
  placed: readonly PlacedColumn[];
  table: RefObject<HTMLElement | null>;
  /** Opens the Columns menu at these viewport coordinates. */
  onColumnMenu: (x: number, y: number) => void;
}

export function TableHeader({ placed, table, onColumnMenu }: TableHeaderProps) {
  const { columns } = usePanel();
  const timeFormat = columns.layout.value.timeFormat;
  const menuAt = (element: Element) => {
    const box = element.getBoundingClientRect();
    onColumnMenu(box.left, box.bottom);
  };
  return (
    <div
      class="message-row message-header"
      role="row"
      aria-rowindex={1}
      onContextMenu={(event) => {
        event.preventDefault();
        onColumnMenu(event.clientX, event.clientY);
      }}
    >
      {placed.map((column, index) => {
        const { spec } = column;
        const format = TIME_FORMATS.find((candidate) => candidate.id === timeFormat)!;
        // What a screen reader says where the header shows a symbol: "Direction", "Time since the first message".
        const [label, spoken] = spec.id === 'time' ? [format.header, format.spoken] : [spec.label, spec.name];
        return (
          <span key={spec.id} role="columnheader" class={spec.className} title={spec.name}>
            {label === spoken ? (
              <span class="column-label">{label}</span>
            ) : (
              <>
                <span class="column-label" aria-hidden="true">
                  {label}
                </span>
                <span class="visually-hidden">{spoken}</span>
              </>
            )}
            {!column.flexible && <ColumnResizer column={column} table={table} onMenu={menuAt} />}
            {index === placed.length - 1 && (
              <button
                type="button"
                class="columns-button"
                aria-label="Columns"
                aria-haspopup="menu"
                title="Choose the columns and the time format"
                onClick={(event) => menuAt(event.currentTarget)}
              >
                ⋮
              </button>
            )}
          </span>
        );
      })}
    </div>
  );
}

function ColumnResizer({ column, table, onMenu }: { column: PlacedColumn; table: RefObject<HTMLElement | null>; onMenu: (element: Element) => void }) {
  const { columns } = usePanel();
  const { spec, width } = column;
  const drag = useRef<{ startX: number; startWidth: number } | null>(null);
  const fit = () => table.current && columns.setWidth(spec.id, fitColumnWidth(table.current, spec.className));
  const endDrag = () => (drag.current = null);

  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === 'Tab') return;
    // Keys on the handle are the handle's: the table under it must not move its selection.
    event.stopPropagation();
    const step = event.shiftKey ? 1 : KEY_STEP;
    if (event.key === 'ArrowLeft' || event.key === 'ArrowRight') {
      event.preventDefault();
      columns.setWidth(spec.id, width + (event.key === 'ArrowLeft' ? -step : step));
    } else if (event.key === 'Enter') {
      event.preventDefault();
      fit();
    } else if (event.key === 'ContextMenu' || (event.key === 'F10' && event.shiftKey)) {
      event.preventDefault();
      onMenu(event.currentTarget as Element);
    }
  };

  return (
    <span
      role="separator"
      class="column-resizer"
      tabIndex={0}
      aria-orientation="vertical"
      // The column's name is in the value text, not the label, so that labels stay unique in the panel.
      aria-label="Resize column"
      aria-valuetext={`${spec.name}: ${width} pixels`}
      aria-valuenow={width}
      aria-valuemin={spec.minWidth}
      aria-valuemax={MAX_COLUMN_WIDTH}
      title="Drag to resize; double-click to fit"
      onPointerDown={(event) => {
        if (event.button !== 0) return;
        event.preventDefault();
        event.currentTarget.setPointerCapture(event.pointerId);
        drag.current = { startX: event.clientX, startWidth: width };
      }}
      onPointerMove={(event) => {
        if (drag.current) columns.setWidth(spec.id, drag.current.startWidth + event.clientX - drag.current.startX);
      }}
      onPointerUp={endDrag}
      onPointerCancel={endDrag}
      onDblClick={fit}
      onKeyDown={onKeyDown}
    />
  );
}
