// The header's menu: a checkbox per column, the time format, and back to the default layout.
import { usePanel } from '../usePanel';
import { COLUMNS, isShown, TIME_FORMATS } from './columns';
import { ContextMenu, type MenuEntry } from './ContextMenu';

export function ColumnMenu({ x, y, onClose }: { x: number; y: number; onClose: (restoreFocus: boolean) => void }) {
  const { columns } = usePanel();
  const layout = columns.layout.value;
  const shownCount = COLUMNS.filter((column) => isShown(layout, column.id)).length;
  const entries: MenuEntry[] = [
    ...COLUMNS.map((column): MenuEntry => {
      const shown = isShown(layout, column.id);
      return {
        kind: 'check',
        label: column.name,
        checked: shown,
        // The last column shown stays.
        disabled: shown && shownCount === 1,
        note: column.id === 'marks' ? 'when a message has one' : undefined,
        onSelect: () => columns.setShown(column.id, !shown),
      };
    }),
    { kind: 'separator' },
    ...TIME_FORMATS.map((format): MenuEntry => ({
      kind: 'radio',
      label: `Time: ${format.label.toLowerCase()}`,
      checked: layout.timeFormat === format.id,
      onSelect: () => columns.setTimeFormat(format.id),
    })),
    { kind: 'separator' },
    { kind: 'action', label: 'Reset columns', onSelect: () => columns.reset() },
  ];
  return <ContextMenu label="Columns" x={x} y={y} entries={entries} onClose={onClose} />;
}
