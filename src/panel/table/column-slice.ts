// The table's column layout as panel state: which columns are shown, their widths, the time format.
// Read from storage when the panel starts and written back a moment after the user's last change
// (a drag changes widths at every pointer move; one write follows it).
import { signal } from '@preact/signals';
import { DEFAULT_LAYOUT, normalizeLayout, withColumnShown, withColumnWidth, type ColumnId, type ColumnLayout, type TimeFormat } from './columns';

export interface LayoutStorage {
  read(): Promise<unknown>;
  write(layout: ColumnLayout): Promise<void>;
}

const SAVE_DELAY_MS = 300;

export class ColumnSlice {
  readonly layout = signal<ColumnLayout>(DEFAULT_LAYOUT);
  private changedHere = false;
  private saveTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly storage: LayoutStorage) {}

  /** Applies the stored layout, unless the user changed this one before it was read. */
  async load(): Promise<void> {
    const stored = await this.storage.read().catch(() => undefined);
    if (!this.changedHere) this.layout.value = normalizeLayout(stored);
  }

  setShown(id: ColumnId, shown: boolean): void {
    this.change(withColumnShown(this.layout.peek(), id, shown));
  }

  setWidth(id: ColumnId, width: number): void {
    this.change(withColumnWidth(this.layout.peek(), id, width));
  }

  setTimeFormat(timeFormat: TimeFormat): void {
    if (timeFormat !== this.layout.peek().timeFormat) this.change({ ...this.layout.peek(), timeFormat });
  }

  reset(): void {
    this.change(DEFAULT_LAYOUT);
  }

  /** Writes a pending change now (the page is going away). */
  dispose(): void {
    if (this.saveTimer === undefined) return;
    clearTimeout(this.saveTimer);
    this.save();
  }

  private change(next: ColumnLayout): void {
    if (next === this.layout.peek()) return;
    this.changedHere = true;
    this.layout.value = next;
    clearTimeout(this.saveTimer);
    this.saveTimer = setTimeout(() => this.save(), SAVE_DELAY_MS);
  }

  private save(): void {
    this.saveTimer = undefined;
    // Not saved (storage unavailable): the layout still applies to this panel.
    this.storage.write(this.layout.peek()).catch(() => {});
  }
}
