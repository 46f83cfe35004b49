// A context menu as WAI-ARIA's menu pattern has it: role=menu with menuitem, menuitemcheckbox and
// menuitemradio entries; focus moves into it when it opens, arrows, Home and End move between
// entries, Enter or Space picks, Escape and Tab close it and give focus back to where it was;
// a press outside closes it. Labels are text nodes only.
import { useEffect, useLayoutEffect, useRef } from 'preact/hooks';

interface EntryBase {
  label: string;
  /** Said beside the label, muted: why the entry is disabled, or what it will do. */
  note?: string;
  disabled?: boolean;
}
export type MenuEntry =
  | (EntryBase & { kind: 'action'; onSelect: () => void })
  /** Checkboxes and radios keep the menu open, so several can be set in one visit. */
  | (EntryBase & { kind: 'check' | 'radio'; checked: boolean; onSelect: () => void })
  | { kind: 'separator' };

export interface ContextMenuProps {
  label: string;
  /** Viewport coordinates of its top left corner; moved in to stay inside the window. */
  x: number;
  y: number;
  entries: readonly MenuEntry[];
  /** `restoreFocus`: false when the user pressed elsewhere, where the focus now belongs. */
  onClose: (restoreFocus: boolean) => void;
}

const ROLES = { action: 'menuitem', check: 'menuitemcheckbox', radio: 'menuitemradio' } as const;
const EDGE_GAP = 4;

export function ContextMenu({ label, x, y, entries, onClose }: ContextMenuProps) {
  const menu = useRef<HTMLDivElement>(null);
  const opener = useRef<Element | null>(document.activeElement);

  const items = () => [...(menu.current?.querySelectorAll<HTMLElement>('[data-menu-item]') ?? [])];
  const close = (restoreFocus: boolean) => {
    const back = opener.current;
    onClose(restoreFocus);
    if (restoreFocus && back instanceof HTMLElement && back.isConnected) back.focus();
  };

  useLayoutEffect(() => {
    const element = menu.current!;
    const box = element.getBoundingClientRect();
    element.style.left = `${Math.max(EDGE_GAP, Math.min(x, innerWidth - box.width - EDGE_GAP))}px`;
    element.style.top = `${Math.max(EDGE_GAP, Math.min(y, innerHeight - box.height - EDGE_GAP))}px`;
    items()[0]?.focus();
  }, [x, y]);

  useEffect(() => {
    const onPointerDown = (event: PointerEvent) => {
      if (!menu.current?.contains(event.target as Node)) close(false);
    };
    const onWindowBlur = () => close(false);
    document.addEventListener('pointerdown', onPointerDown, true);
    addEventListener('blur', onWindowBlur);
    return () => {
      document.removeEventListener('pointerdown', onPointerDown, true);
      removeEventListener('blur', onWindowBlur);
    };
  }, []);

  const pick = (entry: Exclude<MenuEntry, { kind: 'separator' }>) => {
    if (entry.disabled) return;
    entry.onSelect();
    if (entry.kind === 'action') close(true);
  };

  const onKeyDown = (event: KeyboardEvent) => {
    // The menu handles every key: none reaches the table under it.
    event.stopPropagation();
    const list = items();
    const at = list.indexOf(document.activeElement as HTMLElement);
    const moveTo = (index: number) => list[(index + list.length) % list.length]?.focus();
    switch (event.key) {
      case 'ArrowDown':
        return (event.preventDefault(), moveTo(at + 1));
      case 'ArrowUp':
        return (event.preventDefault(), moveTo(at < 0 ? -1 : at - 1));
      case 'Home':
        return (event.preventDefault(), moveTo(0));
      case 'End':
        return (event.preventDefault(), moveTo(-1));
      case 'Escape':
      case 'Tab':
        event.preventDefault();
        return close(true);
      case 'Enter':
      case ' ': {
        event.preventDefault();
        (document.activeElement as HTMLElement | null)?.click();
        return;
      }
      default:
        return moveToTyped(list, at, event.key);
    }
  };

  return (
    <div
      ref={menu}
      class="context-menu"
      role="menu"
      aria-label={label}
      style={{ left: `${x}px`, top: `${y}px` }}
      onKeyDown={onKeyDown}
      onContextMenu={(event) => event.preventDefault()}
    >
      {entries.map((entry, index) =>
        entry.kind === 'separator' ? (
          <div key={index} role="separator" class="context-menu-separator" />
        ) : (
          <div
            key={index}
            data-menu-item
            role={ROLES[entry.kind]}
            class={`context-menu-item${entry.disabled ? ' is-disabled' : ''}`}
            tabIndex={-1}
            aria-disabled={entry.disabled || undefined}
            aria-checked={entry.kind === 'action' ? undefined : entry.checked}
            onClick={() => pick(entry)}
            onMouseEnter={(event) => event.currentTarget.focus()}
          >
            <span class="context-menu-check" aria-hidden="true">
              {entry.kind === 'check' && entry.checked ? '✓' : entry.kind === 'radio' && entry.checked ? '•' : ''}
            </span>
            <span class="context-menu-label">{entry.label}</span>
            {entry.note && <span class="context-menu-note">{entry.note}</span>}
          </div>
        ),
      )}
    </div>
  );
}

/** A printable key moves to the next entry starting with it, as in native menus. */
function moveToTyped(list: HTMLElement[], at: number, key: string): void {
  if (key.length !== 1) return;
  const wanted = key.toLowerCase();
  for (let step = 1; step <= list.length; step++) {
    const candidate = list[(at + step) % list.length]!;
    if (candidate.querySelector('.context-menu-label')?.textContent?.toLowerCase().startsWith(wanted)) return candidate.focus();
  }
}
