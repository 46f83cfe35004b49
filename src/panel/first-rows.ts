// The DevTools panel's first rows, drawn before the panel's modules (Preact, Dexie, the polyfill) have
// loaded: the entry reads the tab's latest session with raw IndexedDB (db/first-read.ts) and draws the
// rows the table will show first, where it will show them, as plain text nodes. The table opens
// scrolled to the bottom of the first page of rows, above the status bar; so do these, in the same
// grid, so the rows do not move when the panel covers them. The panel takes the same reads (no row
// is read twice), and the drawing is removed in the task that puts the panel's own rows in.
import { readFirstView, type FirstViewRead } from '../db/first-read';
import type { StoredMessage } from '../db/message-chunks';
import type { ConnectionRecord } from '../shared/models';
import { readTableLayoutEarly } from '../platform/panel-early';
import { FIRST_PAGE_ROWS } from './state/paging';
import { cellContent } from './table/cell-content';
import { timeText } from './table/cell-text';
import { measureMarksWidth } from './table/column-fit';
import { columnSpec, gridTemplate, isShown, MESSAGE_ROW_HEIGHT, normalizeLayout, placeColumns, type ColumnId, type ColumnLayout } from './table/columns';
import { MarkSets } from './table/row-marks';

export interface FirstRows {
  /** The first read, for the panel's view loader (first-view.ts); undefined when it could not be made. */
  read: Promise<FirstViewRead | undefined>;
  /** The stored column layout as read for the drawing, for the panel's table. */
  layout: Promise<unknown>;
  /** The drawing, once drawn; undefined when there was nothing to draw, or the panel came first. */
  shown: Promise<HTMLElement | undefined>;
}

/** Starts the first read at once and draws its rows over the page as soon as they are in, unless the panel (in `app`) has its table by then. */
export function showFirstRows(tabId: number, app: HTMLElement): FirstRows {
  const read = readFirstView(tabId, FIRST_PAGE_ROWS);
  const layout = readTableLayoutEarly().catch(() => undefined);
  const shown = Promise.all([read, layout]).then(
    ([first, stored]) =>
      first && fillTheTable(first.rows.length) && !app.querySelector('.message-table') ? drawFirstRows(first, normalizeLayout(stored)) : undefined,
    () => undefined,
  );
  return { read, layout, shown };
}

/**
 * Rows that fill the table sit at its bottom, whose place depends on the viewport only. Fewer sit at
 * its top, under the toolbar and filters the panel adds, whose height depends on their wrapping: those
 * are not drawn (the panel shows them), rather than drawn where they would then jump from.
 */
const fillTheTable = (rowCount: number): boolean => rowCount * MESSAGE_ROW_HEIGHT >= innerHeight;

/** Removes the drawing once the panel shows its own rows, or has finished loading without any. */
export function handOver(drawing: HTMLElement, app: HTMLElement, loading: () => boolean): void {
  const panelShows = () => app.querySelector('.message-rows [role=row]') !== null || (!loading() && app.querySelector('.message-table') !== null);
  if (panelShows()) return drawing.remove();
  const observer = new MutationObserver(() => {
    if (!panelShows()) return;
    observer.disconnect();
    drawing.remove();
  });
  observer.observe(app, { subtree: true, childList: true, characterData: true });
}

const element = <K extends keyof HTMLElementTagNameMap>(parent: Element, tag: K, className = ''): HTMLElementTagNameMap[K] => {
  const child = parent.appendChild(document.createElement(tag));
  child.className = className;
  return child;
};

/**
 * The panel's grid (as App.tsx lays it out) with the rows at the bottom of the table's place, above the
 * status bar. Where that is depends on the viewport only (panel.css), not on the toolbar and filters
 * above, which the panel adds.
 */
function drawFirstRows({ rows, connections }: FirstViewRead, layout: ColumnLayout): HTMLElement {
  const drawing = document.createElement('div');
  drawing.className = 'first-rows';
  drawing.setAttribute('aria-hidden', 'true');
  drawing.inert = true;
  const app = element(drawing, 'div', 'app is-panel');
  const main = element(app, 'div', 'main');
  element(main, 'aside', 'sidebar');
  const center = element(main, 'main', 'center');
  const table = element(center, 'div', 'message-table');
  const list = element(table, 'div', 'virtual-list');
  element(element(center, 'div', 'status-bar'), 'span').textContent = '\u00a0';
  element(main, 'section', 'detail-pane');

  const markSets = new MarkSets().update(rows);
  const marksWidth =
    isShown(layout, 'marks') && layout.widths.marks === undefined && markSets.size > 0 ? measureMarksWidth([...markSets].sort(), columnSpec('marks').label) : 0;
  const placed = placeColumns(layout, marksWidth);
  table.style.setProperty('--message-columns', gridTemplate(placed));
  // Read before the drawing is in the page: nothing of it to lay out yet.
  const rowsToDraw = Math.ceil(innerHeight / MESSAGE_ROW_HEIGHT) + 1;
  document.body.append(drawing);

  // The table opens scrolled to the bottom of its first page. The drawing's list, a reversed flex
  // column (panel.css), starts scrolled to its bottom too, so nothing here forces a layout. Only as
  // many rows as the viewport can show are drawn.
  const shown = element(element(list, 'div', 'virtual-list-space'), 'div', 'virtual-list-rows');
  const columns = placed.map((column) => column.spec.id);
  const connectionById = new Map(connections.map((connection) => [connection.id, connection]));
  for (let index = Math.max(0, rows.length - rowsToDraw); index < rows.length; index++) drawRow(shown, rows, index, { layout, columns, connectionById });
  return drawing;
}

interface RowContext {
  layout: ColumnLayout;
  columns: readonly ColumnId[];
  connectionById: ReadonlyMap<string, ConnectionRecord>;
}

/** A row as MessageRow renders it, without the decoded summary and latency the panel adds later. */
function drawRow(parent: Element, rows: readonly StoredMessage[], index: number, { layout, columns, connectionById }: RowContext): void {
  const message = rows[index]!;
  const base = layout.timeFormat === 'delta' ? rows[index - 1]?.time : rows[0]!.time;
  const time = timeText(layout.timeFormat, message.time, base);
  const row = element(parent, 'div', `message-row ${message.direction === 'send' ? 'is-sent' : 'is-received'}`);
  for (const id of columns) {
    const { className, text, title, marks } = cellContent(id, message, time, connectionById.get(message.connectionId), undefined, undefined);
    const cell = element(row, 'span', className);
    if (title !== undefined) cell.title = title;
    if (!marks) cell.textContent = text;
    else for (const mark of marks) element(cell, 'span', `mark mark-${mark.kind}`).textContent = mark.label;
  }
}
