// The messages of the current view, in id (arrival) order, with one lowercase search string per row.
//
// Full-text search index: filtering must answer a keystroke over 100,000 rows in well under 100 ms,
// and must match the WHOLE payload, not only the stored preview. Reading 100,000 payloads from
// IndexedDB per keystroke is far too slow, so the log keeps `searchTexts[i]`, the lowercase text of
// row i, in memory. It starts as the preview (complete already for short messages) and is replaced by
// the full payload text, loaded from `payloads` in chunks between frames so the UI stays responsive.
// A character budget bounds memory; past it rows keep their preview and `incomplete` says so.
// Binary payloads have an empty search string: the text filter matches text messages only.
import type { PayloadRecord } from '../shared/models';
import type { StoredMessage } from '../db/message-chunks';
import { previewIsWhole } from './format';
import { Turns } from './turns';

const INDEX_CHUNK = 500;
/** About 100 MB of one-byte strings: plenty for normal sessions, bounded for runaway ones. */
const INDEX_BUDGET_CHARS = 100_000_000;

export type PayloadLoader = (ids: readonly number[]) => Promise<(PayloadRecord | undefined)[]>;

export class MessageLog {
  rows: StoredMessage[] = [];
  searchTexts: string[] = [];
  /** True when the memory budget stopped full-text indexing: some rows are searched by preview only. */
  incomplete = false;
  private pending: StoredMessage[] = [];
  private indexedChars = 0;
  private generation = 0;
  private pumping = false;
  private readonly turns = new Turns();

  constructor(
    private readonly loadPayloads: PayloadLoader,
    /** Called after each indexed chunk, so an active text filter can be re-applied. */
    private readonly onIndexed: () => void,
  ) {}

  get pendingCount(): number {
    return this.pending.length;
  }

  get lastId(): number {
    return this.rows.at(-1)?.id ?? 0;
  }

  /**
   * Adds rows and returns the first row index that changed: the old length when they all came after
   * the existing rows (the live case), or 0 when they had to be merged in (earlier rows of another session).
   */
  add(newRows: readonly StoredMessage[]): number {
    if (newRows.length === 0) return this.rows.length;
    const firstChanged = this.rows.length;
    const inOrder = newRows[0]!.id > this.lastId && isSortedById(newRows);
    for (const row of newRows) {
      this.rows.push(row);
      this.searchTexts.push(this.initialSearchText(row));
    }
    if (!inOrder) {
      this.sortById();
      return 0;
    }
    return firstChanged;
  }

  clear(): void {
    this.rows = [];
    this.searchTexts = [];
    this.pending = [];
    this.indexedChars = 0;
    this.incomplete = false;
    this.generation++;
  }

  /** Stops indexing for good: the panel is closing. */
  dispose(): void {
    this.clear();
    this.turns.cancel();
  }

  /** Row index of a message id, or -1: binary search over the id-ordered rows. */
  indexOfId(id: number): number {
    let low = 0;
    let high = this.rows.length - 1;
    while (low <= high) {
      const mid = (low + high) >>> 1;
      const midId = this.rows[mid]!.id;
      if (midId === id) return mid;
      if (midId < id) low = mid + 1;
      else high = mid - 1;
    }
    return -1;
  }

  private initialSearchText(row: StoredMessage): string {
    const { payload } = row;
    if (payload.kind !== 'text') return '';
    if (!previewIsWhole(payload)) {
      this.pending.push(row);
      void this.pump();
    }
    return payload.preview.toLowerCase();
  }

  private sortById(): void {
    const order = this.rows.map((_, index) => index).sort((a, b) => this.rows[a]!.id - this.rows[b]!.id);
    this.rows = order.map((index) => this.rows[index]!);
    this.searchTexts = order.map((index) => this.searchTexts[index]!);
  }

  private async pump(): Promise<void> {
    if (this.pumping) return;
    this.pumping = true;
    const generation = this.generation;
    try {
      while (this.pending.length > 0 && generation === this.generation) {
        // Let the UI paint and handle input between chunks.
        if (!(await this.turns.next())) break;
        const chunk = this.pending.splice(0, INDEX_CHUNK);
        const payloads = await this.loadPayloads(chunk.map((row) => row.id));
        if (generation !== this.generation) break;
        payloads.forEach((payload, i) => {
          if (!payload) return;
          if (this.indexedChars + payload.data.length > INDEX_BUDGET_CHARS) {
            this.incomplete = true;
            return;
          }
          const index = this.indexOfId(chunk[i]!.id);
          if (index < 0) return;
          this.searchTexts[index] = payload.data.toLowerCase();
          this.indexedChars += payload.data.length;
        });
        this.onIndexed();
      }
    } finally {
      this.pumping = false;
      // A clear() during the await leaves a new generation's rows queued: start them.
      if (generation !== this.generation && this.pending.length > 0) void this.pump();
    }
  }
}

function isSortedById(rows: readonly StoredMessage[]): boolean {
  for (let i = 1; i < rows.length; i++) if (rows[i]!.id <= rows[i - 1]!.id) return false;
  return true;
}
