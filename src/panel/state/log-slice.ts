// The message log and its paging: the rows of the sessions in view, which of them the filter shows,
// how far each session has been read, and how the full-text index is getting on.
import { batch, signal } from '@preact/signals';
import type { StoredMessage } from '../../db/message-chunks';
import { filterRange, type CompiledFilter } from '../filters';
import { MessageLog, type PayloadLoader } from '../messageLog';
import { FIRST_PAGE_ROWS, PAGE_ROWS } from './paging';

export class LogSlice {
  /**
   * Bumped whenever rows change. The rows are one array changed in place (copying 100,000 rows per
   * live update would cost more than the update), so this is what components subscribe to.
   */
  readonly version = signal(0);
  /** Indexes into `rows` that pass the filter, in order. */
  readonly visible = signal<readonly number[]>([]);
  /** Rows whose full text is still being loaded into the search index. */
  readonly indexPending = signal(0);
  readonly indexIncomplete = signal(false);
  /** Highest id read per session: the next read asks only for ids above it. */
  readonly loadedUpTo = new Map<string, number>();
  private readonly index: MessageLog;

  constructor(loadPayloads: PayloadLoader, onTextIndexed: () => void) {
    this.index = new MessageLog(loadPayloads, () => {
      batch(() => {
        this.indexPending.value = this.index.pendingCount;
        this.indexIncomplete.value = this.index.incomplete;
      });
      onTextIndexed();
    });
  }

  /** The loaded rows in id order; reading them in a render subscribes to their changes. */
  get rows(): readonly StoredMessage[] {
    void this.version.value;
    return this.index.rows;
  }

  /** The rows without subscribing (event handlers, async code). */
  peekRows(): readonly StoredMessage[] {
    return this.index.rows;
  }

  rowById(id: number): StoredMessage | undefined {
    return this.index.rows[this.index.indexOfId(id)];
  }

  /** How many rows the next read of a view asks for. */
  nextPageSize(): number {
    return this.index.rows.length === 0 ? FIRST_PAGE_ROWS : PAGE_ROWS;
  }

  /** Adds rows; with a usable filter, extends (or, after a merge, recomputes) the visible list. */
  append(rows: StoredMessage[], filter: CompiledFilter): void {
    const firstChanged = this.index.add(rows);
    batch(() => {
      if (filter.ok) {
        // Appending in place keeps 100,000-row live updates cheap; a merge re-filters from the start.
        const visible = firstChanged === 0 ? [] : [...this.visible.peek()];
        this.visible.value = filterRange(this.index.rows, this.index.searchTexts, filter, firstChanged, visible);
      }
      this.indexPending.value = this.index.pendingCount;
      this.version.value++;
    });
  }

  refilter(filter: CompiledFilter & { ok: true }): void {
    this.visible.value = filterRange(this.index.rows, this.index.searchTexts, filter, 0, []);
  }

  /** Stops full-text indexing: the panel is closing. */
  dispose(): void {
    this.index.dispose();
  }

  /** Empties the view. `forgetPaging` too when the sessions in view change; Clear keeps it, so deleted rows are not read back. */
  clear(forgetPaging: boolean): void {
    this.index.clear();
    if (forgetPaging) this.loadedUpTo.clear();
    batch(() => {
      this.visible.value = [];
      this.indexPending.value = 0;
      this.indexIncomplete.value = false;
      this.version.value++;
    });
  }
}
