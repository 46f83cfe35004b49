// The messages of the current view, in id (arrival) order, kept in columns.
//
// A million rows as objects cost hundreds of bytes each (the row, its payload summary, and strings
// the database hands back as new copies for every row: ids, kinds, directions, sources), and each
// row had a lowercase copy of its text beside it. Here a row is a few numbers in typed arrays (id,
// time, size, seq, flags, which connection, which source) and one string: its stored preview, the
// first characters of a text, or for binary the first 24 bytes as base64 (what a table row shows
// in hex). Rows are handed out as StoredMessage objects on demand (`messageAt`), only for what is
// rendered or selected.
//
// Full-text search: filtering must match the WHOLE payload, not only the preview, and reading
// payloads from IndexedDB per keystroke is far too slow. A text longer than its preview has its full
// text loaded from `payloads` in chunks between frames and kept beside the columns, up to a budget of
// characters; past it rows are searched by their preview and `incomplete` says so. The text is kept
// as it is (the filters match ignoring case), not lowercased: one copy instead of two.
import type { StoredMessage } from '../db/message-chunks';
import type { InterceptMark } from '../shared/intercept';
import type { MessageOrigin, PayloadRecord, PayloadSource } from '../shared/models';
import { previewIsWhole } from './format';
import { MarkSets } from './table/row-marks';
import { Turns } from './turns';

const INDEX_CHUNK = 500;
/** Characters of full text kept beyond the previews (about 64 MB of one-byte strings): the index's bound. */
const INDEX_BUDGET_CHARS = 64_000_000;
/** Base64 characters kept of a binary preview: 24 bytes, all a table row shows. */
export const BINARY_PREVIEW_CHARS = 32;
const INITIAL_CAPACITY = 1024;

// Bits of a row's flags.
const SENT = 1;
const BINARY = 2;
const TRUNCATED = 4;
const LOST = 8;
const HAS_FULL_TEXT = 16;
const ORIGIN_SHIFT = 5;
const ORIGINS: readonly MessageOrigin[] = ['page', 'replayed', 'injected'];

export type PayloadLoader = (ids: readonly number[]) => Promise<(PayloadRecord | undefined)[]>;

/** A connection of a session: rows name theirs by index into a table of these. */
interface Conversation {
  sessionId: string;
  connectionId: string;
}

export class MessageLog {
  /** Rows held. */
  length = 0;
  /** True when the memory budget stopped full-text indexing: some rows are searched by preview only. */
  incomplete = false;
  private columns = emptyColumns(INITIAL_CAPACITY);
  private previews: string[] = [];
  /** Full texts by message id, for the rows flagged HAS_FULL_TEXT. */
  private fullTexts = new Map<number, string>();
  /** Intercept marks by message id: few messages have one. */
  private marks = new Map<number, InterceptMark>();
  /** The distinct sets of marks the rows hold (the Marks column's width), taken in as rows are added. */
  readonly markSets = new MarkSets();
  private conversations: Conversation[] = [];
  private conversationIndex = new Map<string, Map<string, number>>();
  private sources: string[] = [];
  private sourceIndex = new Map<string, number>();
  /** Ids whose full text is still to load, read from `pendingFrom` on. */
  private pending: number[] = [];
  private pendingFrom = 0;
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
    return this.pending.length - this.pendingFrom;
  }

  get lastId(): number {
    return this.length === 0 ? 0 : this.columns.ids[this.length - 1]!;
  }

  /**
   * Adds rows and returns the first row index that changed: the old length when they all came after
   * the existing rows (the live case), or 0 when they had to be merged in (earlier rows of another session).
   */
  add(newRows: readonly StoredMessage[]): number {
    if (newRows.length === 0) return this.length;
    const firstChanged = this.length;
    const inOrder = newRows[0]!.id > this.lastId && isSortedById(newRows);
    this.reserve(this.length + newRows.length);
    for (const row of newRows) this.push(row);
    if (!inOrder) {
      this.sortById();
      return 0;
    }
    return firstChanged;
  }

  clear(): void {
    this.length = 0;
    this.columns = emptyColumns(INITIAL_CAPACITY);
    this.previews = [];
    this.fullTexts.clear();
    this.marks.clear();
    this.markSets.clear();
    this.pending = [];
    this.pendingFrom = 0;
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
    let high = this.length - 1;
    while (low <= high) {
      const mid = (low + high) >>> 1;
      const midId = this.columns.ids[mid]!;
      if (midId === id) return mid;
      if (midId < id) low = mid + 1;
      else high = mid - 1;
    }
    return -1;
  }

  idAt(index: number): number {
    return this.columns.ids[index]!;
  }

  timeAt(index: number): number {
    return this.columns.times[index]!;
  }

  sizeAt(index: number): number {
    return this.columns.sizes[index]!;
  }

  isSent(index: number): boolean {
    return (this.columns.flags[index]! & SENT) !== 0;
  }

  isBinary(index: number): boolean {
    return (this.columns.flags[index]! & BINARY) !== 0;
  }

  connectionIdAt(index: number): string {
    return this.conversations[this.columns.conversationOf[index]!]!.connectionId;
  }

  /** The text a text filter reads: the full text when indexed, else the preview; '' for binary. */
  searchTextAt(index: number): string {
    const flags = this.columns.flags[index]!;
    if (flags & BINARY) return '';
    if (flags & HAS_FULL_TEXT) return this.fullTexts.get(this.columns.ids[index]!)!;
    return this.previews[index]!;
  }

  /** Row `index` as a record, made on demand (for the rows rendered, the selection, dialogs). */
  messageAt(index: number): StoredMessage {
    const flags = this.columns.flags[index]!;
    const conversation = this.conversations[this.columns.conversationOf[index]!]!;
    const payload: StoredMessage['payload'] = {
      kind: flags & BINARY ? 'binary' : 'text',
      source: this.sources[this.columns.sourceOf[index]!] as PayloadSource,
      size: this.columns.sizes[index]!,
      truncated: (flags & TRUNCATED) !== 0,
      preview: this.previews[index]!,
    };
    if (flags & LOST) payload.lost = true;
    const id = this.columns.ids[index]!;
    const message: StoredMessage = {
      id,
      sessionId: conversation.sessionId,
      connectionId: conversation.connectionId,
      seq: this.columns.seqs[index]!,
      direction: flags & SENT ? 'send' : 'receive',
      time: this.columns.times[index]!,
      origin: ORIGINS[flags >> ORIGIN_SHIFT]!,
      payload,
    };
    const mark = this.marks.get(id);
    if (mark) message.mark = mark;
    return message;
  }

  private push(row: StoredMessage): void {
    const index = this.length++;
    const { payload } = row;
    this.columns.ids[index] = row.id;
    this.columns.times[index] = row.time;
    this.columns.sizes[index] = payload.size;
    this.columns.seqs[index] = row.seq;
    this.columns.conversationOf[index] = this.conversationNumber(row.sessionId, row.connectionId);
    this.columns.sourceOf[index] = this.sourceNumber(payload.source);
    if (row.mark) this.marks.set(row.id, row.mark);
    this.markSets.take(row);
    const origin = Math.max(0, ORIGINS.indexOf(row.origin));
    this.columns.flags[index] =
      (row.direction === 'send' ? SENT : 0) |
      (payload.kind === 'binary' ? BINARY : 0) |
      (payload.truncated ? TRUNCATED : 0) |
      (payload.lost ? LOST : 0) |
      (origin << ORIGIN_SHIFT);
    if (payload.kind === 'binary') {
      this.previews[index] = payload.preview.length > BINARY_PREVIEW_CHARS ? payload.preview.slice(0, BINARY_PREVIEW_CHARS) : payload.preview;
      return;
    }
    this.previews[index] = payload.preview;
    if (!previewIsWhole(payload)) {
      this.pending.push(row.id);
      void this.pump();
    }
  }

  private conversationNumber(sessionId: string, connectionId: string): number {
    let ofSession = this.conversationIndex.get(sessionId);
    if (!ofSession) this.conversationIndex.set(sessionId, (ofSession = new Map()));
    let number = ofSession.get(connectionId);
    if (number === undefined) {
      number = this.conversations.push({ sessionId, connectionId }) - 1;
      ofSession.set(connectionId, number);
    }
    return number;
  }

  private sourceNumber(source: string): number {
    let number = this.sourceIndex.get(source);
    if (number === undefined) {
      number = this.sources.push(source) - 1;
      this.sourceIndex.set(source, number);
    }
    return number;
  }

  private reserve(capacity: number): void {
    if (capacity <= this.columns.ids.length) return;
    let size = this.columns.ids.length;
    while (size < capacity) size *= 2;
    const grown = emptyColumns(size);
    for (const name of COLUMN_NAMES) grown[name].set(this.columns[name]);
    this.columns = grown;
  }

  private sortById(): void {
    const { ids } = this.columns;
    const order = Array.from({ length: this.length }, (_, index) => index).sort((a, b) => ids[a]! - ids[b]!);
    const sorted = emptyColumns(ids.length);
    for (const name of COLUMN_NAMES) {
      const from = this.columns[name];
      const to = sorted[name];
      order.forEach((source, target) => (to[target] = from[source]!));
    }
    this.columns = sorted;
    this.previews = order.map((index) => this.previews[index]!);
  }

  private async pump(): Promise<void> {
    if (this.pumping) return;
    this.pumping = true;
    const generation = this.generation;
    try {
      while (this.pendingCount > 0 && generation === this.generation) {
        // Let the UI paint and handle input between chunks.
        if (!(await this.turns.next())) break;
        const chunk = this.pending.slice(this.pendingFrom, this.pendingFrom + INDEX_CHUNK);
        this.pendingFrom += chunk.length;
        if (this.pendingCount === 0) {
          this.pending = [];
          this.pendingFrom = 0;
        }
        const payloads = await this.loadPayloads(chunk);
        if (generation !== this.generation) break;
        payloads.forEach((payload, i) => this.keepFullText(chunk[i]!, payload));
        this.onIndexed();
      }
    } finally {
      this.pumping = false;
      // A clear() during the await leaves a new generation's rows queued: start them.
      if (generation !== this.generation && this.pendingCount > 0) void this.pump();
    }
  }

  private keepFullText(id: number, payload: PayloadRecord | undefined): void {
    const index = this.indexOfId(id);
    if (!payload || index < 0) return;
    const extra = payload.data.length - this.previews[index]!.length;
    if (this.indexedChars + extra > INDEX_BUDGET_CHARS) {
      this.incomplete = true;
      return;
    }
    this.fullTexts.set(id, payload.data);
    this.columns.flags[index] = this.columns.flags[index]! | HAS_FULL_TEXT;
    this.indexedChars += extra;
  }
}

/** One typed array per field; `conversationOf` and `sourceOf` index the log's tables. */
function emptyColumns(capacity: number) {
  return {
    ids: new Float64Array(capacity),
    times: new Float64Array(capacity),
    sizes: new Float64Array(capacity),
    seqs: new Float64Array(capacity),
    conversationOf: new Uint32Array(capacity),
    sourceOf: new Uint8Array(capacity),
    flags: new Uint8Array(capacity),
  };
}
const COLUMN_NAMES = Object.keys(emptyColumns(0)) as (keyof ReturnType<typeof emptyColumns>)[];

function isSortedById(rows: readonly StoredMessage[]): boolean {
  for (let i = 1; i < rows.length; i++) if (rows[i]!.id <= rows[i - 1]!.id) return false;
  return true;
}
