// The message log and its paging: the rows of the sessions in view, which of them the filter shows,
// how far each session has been read, and how the full-text index is getting on.
import { batch, signal } from '@preact/signals';
import type { StoredMessage } from '../../db/message-chunks';
import { filterRange, type CompiledFilter } from '../filters';
import { MessageLog, type PayloadLoader } from '../messageLog';
import { RowIndexList } from '../row-index-list';
import { rowsView, type RowsView } from '../rows-view';
import { FIRST_PAGE_ROWS, PAGE_ROWS } from './paging';
import { addToTotals, emptyTotals, type Totals } from '../table/status-totals';

type UsableFilter = CompiledFilter & { ok: true };

/** A filter over many rows runs in slices this long, so typing and scrolling go on meanwhile. */
const FILTER_SLICE_MS = 12;
/** Rows filtered between looks at the clock. */
const FILTER_STEP_ROWS = 16_384;

/** What the filter shows, summed as it is filtered (the status bar's figures): never a pass over the rows for them. */
export type ShownTotals = Totals;

export class LogSlice {
  /** Bumped whenever rows change: the rows live in columns changed in place, so this is what components subscribe to. */
  readonly version = signal(0);
  /** Indexes of the rows that pass the filter, in order. A published value never changes afterwards. */
  readonly visible = signal<Uint32Array>(new Uint32Array(0));
  readonly shownTotals = signal<ShownTotals>(emptyTotals());
  /** Rows whose full text is still being loaded into the search index. */
  readonly indexPending = signal(0);
  readonly indexIncomplete = signal(false);
  /** True while a filter change is being applied over many rows (the table shows the last result meanwhile). */
  readonly filtering = signal(false);
  /** Highest id read per session: the next read asks only for ids above it. */
  readonly loadedUpTo = new Map<string, number>();
  private readonly index: MessageLog;
  /** The rows as objects made on demand, for code that walks rows (rows-view.ts): replaced with the rows. */
  private view: RowsView;
  private rowsReplaced = 0;
  /** The list `visible` shows, which appended rows extend. */
  private shown = new RowIndexList();
  private totals = emptyTotals();
  /** Bumped to abandon a filter pass still running in slices. */
  private filterPass = 0;
  private passRunning = false;
  /** `shown` holds the matching rows among the first this many (rows appended under an unusable filter are not). */
  private shownUpTo = 0;
  /** Bumped as full texts come into the search index: a row's match may differ from what `shown` says then. */
  private textsIndexed = 0;
  /** `textsIndexed` when the pass that made `shown` began. */
  private shownTexts = 0;

  /** `now` is the clock that ends a filter slice; tests pass one that makes every slice end after one step. */
  constructor(
    loadPayloads: PayloadLoader,
    onTextIndexed: () => void,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.index = new MessageLog(loadPayloads, () => {
      this.textsIndexed++;
      batch(() => {
        this.indexPending.value = this.index.pendingCount;
        this.indexIncomplete.value = this.index.incomplete;
      });
      onTextIndexed();
    });
    this.view = rowsView(this.index);
  }

  /** The loaded rows in id order, as objects made when read; reading them in a render subscribes to their changes. */
  get rows(): RowsView {
    void this.version.value;
    return this.view;
  }

  /** The rows without subscribing (event handlers, async code). */
  peekRows(): RowsView {
    return this.view;
  }

  /** The rows as columns, read by index without subscribing: for passes over every row (the timeline's rates), which make no row objects. */
  peekColumns(): Readonly<MessageLog> {
    return this.index;
  }

  /** Rows loaded; reading it in a render subscribes to changes. */
  get count(): number {
    void this.version.value;
    return this.index.length;
  }

  /** Rows loaded, without subscribing (event handlers, async code). */
  peekCount(): number {
    return this.index.length;
  }

  /**
   * Bumped when the rows are replaced (Clear, or earlier rows merged in, which moves every index). Code
   * that follows the rows by index (decoding, pairing, the timeline's buckets) goes on over new rows
   * while it is unchanged, and starts over when it changes.
   */
  get epoch(): number {
    return this.rowsReplaced;
  }

  /** The distinct sets of marks the loaded rows hold; reading it in a render subscribes to changes. */
  get markSets(): ReadonlySet<string> {
    void this.version.value;
    return this.index.markSets.all;
  }

  /** Row `index` (an index into the log, as `visible` holds) as a record. */
  messageAt(index: number): StoredMessage {
    return this.index.messageAt(index);
  }

  idAt(index: number): number {
    return this.index.idAt(index);
  }

  timeAt(index: number): number {
    return this.index.timeAt(index);
  }

  rowById(id: number): StoredMessage | undefined {
    const index = this.index.indexOfId(id);
    return index < 0 ? undefined : this.index.messageAt(index);
  }

  /** Position of a message id in `visible`, or -1: both are in id order, so a binary search. */
  positionOfId(visible: Uint32Array, id: number): number {
    let low = 0;
    let high = visible.length - 1;
    while (low <= high) {
      const mid = (low + high) >>> 1;
      const midId = this.index.idAt(visible[mid]!);
      if (midId === id) return mid;
      if (midId < id) low = mid + 1;
      else high = mid - 1;
    }
    return -1;
  }

  /** Log indexes of the rows for which `test` holds, in order (dialogs: sent messages of a connection). */
  indexesWhere(test: (log: MessageLog, index: number) => boolean): number[] {
    const found: number[] = [];
    for (let index = 0; index < this.index.length; index++) if (test(this.index, index)) found.push(index);
    return found;
  }

  /** How many rows the next read of a view asks for. */
  nextPageSize(): number {
    return this.index.length === 0 ? FIRST_PAGE_ROWS : PAGE_ROWS;
  }

  /** Adds rows; with a usable filter, extends (or, after a merge, recomputes) the visible list. */
  append(rows: StoredMessage[], filter: CompiledFilter): void {
    const lengthBefore = this.index.length;
    const firstChanged = this.index.add(rows);
    if (firstChanged < lengthBefore) this.replaceRows();
    batch(() => {
      // Merged rows moved every index: filter again from the start. A pass still running reaches
      // the new rows itself; otherwise only the new rows are filtered, which keeps live updates cheap.
      if (filter.ok && firstChanged < lengthBefore) this.refilter(filter);
      else if (filter.ok && !this.passRunning) {
        this.filterInto(filter, firstChanged, this.index.length);
        if (this.shownUpTo === lengthBefore) this.shownUpTo = this.index.length;
        this.publish();
      }
      this.indexPending.value = this.index.pendingCount;
      this.version.value++;
    });
  }

  /**
   * Filters every row anew. The first slice runs at once (a small log is done with it); the rest in
   * later tasks, the last pass abandoned when another filter comes. The result shows when complete.
   * `narrows`: the caller knows every row this filter shows is among those the last one asked for shows
   * (a longer text typed), so only those rows are tested, when they are all known and nothing changed since.
   */
  refilter(filter: UsableFilter, narrows = false): void {
    const pass = ++this.filterPass;
    // Only from a finished result over every row, made before any full text came in since.
    const known = !this.passRunning && this.shownUpTo === this.index.length && this.shownTexts === this.textsIndexed;
    const candidates = narrows && known ? this.shown.view() : undefined;
    // Rows appended during the pass are filtered in full.
    let from = candidates ? this.index.length : 0;
    let position = 0;
    this.shown = new RowIndexList();
    this.totals = emptyTotals();
    this.shownUpTo = 0;
    this.shownTexts = this.textsIndexed;
    const step = () => {
      if (pass !== this.filterPass) return;
      const started = this.now();
      while (candidates && position < candidates.length) {
        const to = Math.min(candidates.length, position + FILTER_STEP_ROWS);
        this.filterListInto(filter, candidates, position, to);
        position = to;
        if (this.now() - started > FILTER_SLICE_MS) {
          this.passRunning = true;
          this.filtering.value = true;
          return nextTask(step);
        }
      }
      while (from < this.index.length) {
        const to = Math.min(this.index.length, from + FILTER_STEP_ROWS);
        this.filterInto(filter, from, to);
        from = to;
        if (from < this.index.length && this.now() - started > FILTER_SLICE_MS) {
          this.passRunning = true;
          this.filtering.value = true;
          return nextTask(step);
        }
      }
      this.passRunning = false;
      this.shownUpTo = this.index.length;
      batch(() => {
        this.filtering.value = false;
        this.publish();
      });
    };
    step();
  }

  /** Stops full-text indexing: the panel is closing. */
  dispose(): void {
    this.index.dispose();
  }

  /** Empties the view. `forgetPaging` too when the sessions in view change; Clear keeps it, so deleted rows are not read back. */
  clear(forgetPaging: boolean): void {
    this.index.clear();
    this.replaceRows();
    this.filterPass++;
    this.passRunning = false;
    this.shown = new RowIndexList();
    this.totals = emptyTotals();
    this.shownUpTo = 0;
    if (forgetPaging) this.loadedUpTo.clear();
    batch(() => {
      this.filtering.value = false;
      this.publish();
      this.indexPending.value = 0;
      this.indexIncomplete.value = false;
      this.version.value++;
    });
  }

  private replaceRows(): void {
    this.view = rowsView(this.index);
    this.rowsReplaced++;
  }

  private filterInto(filter: UsableFilter, from: number, to: number): void {
    const firstNew = this.shown.length;
    filterRange(this.index, filter, from, to, this.shown);
    this.addToShownTotals(firstNew);
  }

  /** As filterInto, over the rows `list` holds at positions [from, to). */
  private filterListInto(filter: UsableFilter, list: Uint32Array, from: number, to: number): void {
    const { index, shown } = this;
    const firstNew = shown.length;
    for (let position = from; position < to; position++) {
      const row = list[position]!;
      if (filter.matches(index, row)) shown.push(row);
    }
    this.addToShownTotals(firstNew);
  }

  /** Counts the rows shown from position `firstNew` on into the totals. */
  private addToShownTotals(firstNew: number): void {
    const { index, shown, totals } = this;
    for (let position = firstNew; position < shown.length; position++) {
      const row = shown.at(position);
      addToTotals(totals, index.isSent(row), index.sizeAt(row), index.timeAt(row));
    }
  }

  private publish(): void {
    this.visible.value = this.shown.view();
    this.shownTotals.value = { ...this.totals };
  }
}

/** Runs `callback` in a new task: a message to ourselves, which browsers do not throttle as they do nested timers. */
function nextTask(callback: () => void): void {
  const channel = new MessageChannel();
  channel.port1.onmessage = () => {
    channel.port1.close();
    callback();
  };
  channel.port2.postMessage(null);
}
