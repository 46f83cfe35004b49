// The message table's columns and the user's layout of them (which are shown, how wide, how times
// read). Pure: no DOM, no storage; the layout is stored by column-slice.ts and read back through
// normalizeLayout, which accepts anything and keeps only what is valid.

/** Every row's height in pixels: the virtual list places rows by it. */
export const MESSAGE_ROW_HEIGHT = 22;

export type ColumnId = 'direction' | 'time' | 'connection' | 'type' | 'opcode' | 'size' | 'latency' | 'marks' | 'summary' | 'data';
export type TimeFormat = 'clock' | 'relative' | 'delta';

export interface ColumnSpec {
  id: ColumnId;
  /** Header text. */
  label: string;
  /** Name in menus and for screen readers (the direction header is an arrow). */
  name: string;
  /** Cell class: the CSS and tests know cells by it. */
  className: string;
  /** Pixels; null: as wide as its content needs (Marks), or the width left (Data). */
  defaultWidth: number | null;
  minWidth: number;
  shownByDefault: boolean;
}

export const COLUMNS: readonly ColumnSpec[] = [
  { id: 'direction', label: '⇅', name: 'Direction', className: 'col-direction', defaultWidth: 22, minWidth: 18, shownByDefault: true },
  { id: 'time', label: 'Time', name: 'Time', className: 'col-time', defaultWidth: 96, minWidth: 40, shownByDefault: true },
  { id: 'connection', label: 'Connection', name: 'Connection', className: 'col-connection', defaultWidth: 170, minWidth: 40, shownByDefault: false },
  { id: 'type', label: 'Type', name: 'Type', className: 'col-type', defaultWidth: 100, minWidth: 30, shownByDefault: true },
  { id: 'opcode', label: 'OpCode', name: 'OpCode', className: 'col-opcode', defaultWidth: 56, minWidth: 24, shownByDefault: false },
  { id: 'size', label: 'Size', name: 'Size', className: 'col-size', defaultWidth: 64, minWidth: 30, shownByDefault: true },
  { id: 'latency', label: 'Latency', name: 'Latency', className: 'col-latency', defaultWidth: 84, minWidth: 30, shownByDefault: true },
  { id: 'marks', label: 'Marks', name: 'Marks', className: 'col-marks', defaultWidth: null, minWidth: 30, shownByDefault: true },
  { id: 'summary', label: 'Summary', name: 'Protocol summary', className: 'col-summary', defaultWidth: 180, minWidth: 40, shownByDefault: true },
  { id: 'data', label: 'Data', name: 'Data', className: 'col-preview', defaultWidth: null, minWidth: 60, shownByDefault: true },
];

/** The column that takes the width left: Data, or the last one shown when Data is hidden. */
export const FLEXIBLE_COLUMN: ColumnId = 'data';
export const MAX_COLUMN_WIDTH = 2000;
export const TIME_FORMATS: readonly { id: TimeFormat; label: string; header: string; spoken: string }[] = [
  { id: 'clock', label: 'Clock time', header: 'Time', spoken: 'Time' },
  { id: 'relative', label: 'Since the first message', header: 'Time (+)', spoken: 'Time since the first message' },
  { id: 'delta', label: 'Since the previous message', header: 'Time (Δ)', spoken: 'Time since the previous message' },
];

export interface ColumnLayout {
  /** Columns the user turned off. */
  hidden: readonly ColumnId[];
  /** Widths the user set; the others use their default. */
  widths: Readonly<Partial<Record<ColumnId, number>>>;
  timeFormat: TimeFormat;
}

export const DEFAULT_LAYOUT: ColumnLayout = {
  hidden: COLUMNS.filter((column) => !column.shownByDefault).map((column) => column.id),
  widths: {},
  timeFormat: 'clock',
};

const SPEC_BY_ID = new Map(COLUMNS.map((column) => [column.id, column]));

export function columnSpec(id: ColumnId): ColumnSpec {
  return SPEC_BY_ID.get(id)!;
}

const isColumnId = (value: unknown): value is ColumnId => typeof value === 'string' && SPEC_BY_ID.has(value as ColumnId);

function clampWidth(id: ColumnId, width: number): number {
  return Math.round(Math.min(MAX_COLUMN_WIDTH, Math.max(columnSpec(id).minWidth, width)));
}

/** A stored layout as it can be used: unknown columns, bad widths and formats dropped; never every column hidden. */
export function normalizeLayout(raw: unknown): ColumnLayout {
  if (typeof raw !== 'object' || raw === null) return DEFAULT_LAYOUT;
  const stored = raw as { hidden?: unknown; widths?: unknown; timeFormat?: unknown };
  const hidden = Array.isArray(stored.hidden) ? [...new Set(stored.hidden.filter(isColumnId))] : DEFAULT_LAYOUT.hidden;
  const widths: Partial<Record<ColumnId, number>> = {};
  if (typeof stored.widths === 'object' && stored.widths !== null) {
    for (const [id, width] of Object.entries(stored.widths)) {
      if (isColumnId(id) && id !== FLEXIBLE_COLUMN && typeof width === 'number' && Number.isFinite(width)) widths[id] = clampWidth(id, width);
    }
  }
  const timeFormat = TIME_FORMATS.some((format) => format.id === stored.timeFormat) ? (stored.timeFormat as TimeFormat) : DEFAULT_LAYOUT.timeFormat;
  return { hidden: showsNothingForSure(hidden) ? DEFAULT_LAYOUT.hidden : hidden, widths, timeFormat };
}

/** Columns left out when they have nothing to show (no marks, no decoded protocol, no pair): they cannot be the only one shown. */
const SOMETIMES_PLACED: readonly ColumnId[] = ['marks', 'summary', 'latency'];

/** Whether a layout would show no column that is always placed. */
function showsNothingForSure(hidden: readonly ColumnId[]): boolean {
  return COLUMNS.every((column) => hidden.includes(column.id) || SOMETIMES_PLACED.includes(column.id));
}

/** Shows or hides a column; hiding the last one that is always shown changes nothing. */
export function withColumnShown(layout: ColumnLayout, id: ColumnId, shown: boolean): ColumnLayout {
  const hidden = layout.hidden.filter((other) => other !== id);
  if (!shown) hidden.push(id);
  if (showsNothingForSure(hidden)) return layout;
  return { ...layout, hidden };
}

export function withColumnWidth(layout: ColumnLayout, id: ColumnId, width: number): ColumnLayout {
  if (id === FLEXIBLE_COLUMN || !Number.isFinite(width)) return layout;
  return { ...layout, widths: { ...layout.widths, [id]: clampWidth(id, width) } };
}

export function isShown(layout: ColumnLayout, id: ColumnId): boolean {
  return !layout.hidden.includes(id);
}

/** A column as laid out now: its spec, its width in pixels, and whether it takes the width left. */
export interface PlacedColumn {
  spec: ColumnSpec;
  width: number;
  flexible: boolean;
}

/**
 * The columns shown, in order, with their widths. `marksWidth` is what the Marks column needs for
 * the marks in view (0: none), used unless the user set its width; with no marks it is left out. Summary
 * is left out while no connection in view has a decoded protocol, Latency until some request is paired.
 */
export function placeColumns(layout: ColumnLayout, marksWidth: number, { hasProtocols = false, hasPairs = false } = {}): PlacedColumn[] {
  const shown = COLUMNS.filter((column) => isShown(layout, column.id))
    .filter((column) => column.id !== 'marks' || layout.widths.marks !== undefined || marksWidth > 0)
    .filter((column) => column.id !== 'summary' || hasProtocols)
    .filter((column) => column.id !== 'latency' || hasPairs);
  const flexibleId = shown.some((column) => column.id === FLEXIBLE_COLUMN) ? FLEXIBLE_COLUMN : shown.at(-1)?.id;
  return shown.map((spec) => {
    const auto = spec.id === 'marks' ? Math.max(spec.minWidth, marksWidth) : spec.minWidth;
    return { spec, width: layout.widths[spec.id] ?? spec.defaultWidth ?? auto, flexible: spec.id === flexibleId };
  });
}

/** CSS grid-template-columns for the header and every row: fixed widths, the flexible column takes the rest. */
export function gridTemplate(placed: readonly PlacedColumn[]): string {
  return placed.map((column) => (column.flexible ? `minmax(${column.spec.minWidth}px, 1fr)` : `${column.width}px`)).join(' ');
}
