// A session's first page (what the panel reads first: messagesAfterIn from the start, FIRST_PAGE_ROWS
// rows in whole chunks) and its head: a small record per session, written with the chunks, holding
// what the panel's first rows need of that page (its length, its first time, its last rows, its
// marked rows), so that the panel's early read deserialises about a hundred rows instead of a whole
// chunk (up to 1,024 messages and 2 MB of inline data; docs/PERFORMANCE.md). Written by every
// appendMessages until the page can no longer change, then never again.
import { MAX_CHUNKS_PER_READ, type StoredMessage } from './message-chunks';

/** A view's first read asks for a few screens only (one stored chunk to read), so they show sooner. */
export const FIRST_PAGE_ROWS = 200;
/** Last rows of the page kept in its head: the table opens at the bottom of the page, and a tall panel shows about 60. */
export const HEAD_ROWS = 100;
/** Marked rows kept (replayed, injected, cut, intercepted): their marks size the Marks column. More, and the head is not used. */
const MARKED_ROWS = 32;

export interface FirstPageHead {
  sessionId: string;
  /** Rows in the first page. */
  count: number;
  /** Chunks in the first page. */
  chunks: number;
  /** Whether no later chunk can join the page. */
  complete: boolean;
  /** The page's first row's time (the table's relative times count from it). */
  firstTime: number;
  /** The page's last rows, at most HEAD_ROWS. */
  rows: StoredMessage[];
  /** The page's distinct marked rows; null when there were too many to keep (the head is then not used). */
  marked: Pick<StoredMessage, 'origin' | 'payload' | 'mark'>[] | null;
}

const isMarked = (row: StoredMessage): boolean => row.origin !== 'page' || row.payload.truncated || row.payload.lost === true || row.mark !== undefined;
const markKey = ({ origin, payload, mark }: Pick<StoredMessage, 'origin' | 'payload' | 'mark'>): string =>
  JSON.stringify([origin, payload.truncated, payload.lost, payload.size, payload.kind, mark]);

/**
 * The head after `chunks` (each a new chunk's rows, in order) were appended to the session. The page
 * grows as messagesAfterIn reads it: one chunk, then MAX_CHUNKS_PER_READ at a time until it has
 * FIRST_PAGE_ROWS rows; while it has not, every chunk so far is in it.
 */
export function nextHead(head: FirstPageHead | undefined, sessionId: string, chunks: readonly (readonly StoredMessage[])[]): FirstPageHead {
  const next: FirstPageHead = head
    ? { ...head, rows: [...head.rows], marked: head.marked && [...head.marked] }
    : { sessionId, count: 0, chunks: 0, complete: false, firstTime: chunks[0]?.[0]?.time ?? 0, rows: [], marked: [] };
  for (const rows of chunks) {
    if (next.complete || rows.length === 0) continue;
    next.chunks++;
    next.count += rows.length;
    next.rows = [...next.rows, ...rows.slice(-HEAD_ROWS)].slice(-HEAD_ROWS);
    for (const row of rows) {
      if (!next.marked || !isMarked(row)) continue;
      const key = markKey(row);
      if (next.marked.some((kept) => markKey(kept) === key)) continue;
      next.marked = next.marked.length < MARKED_ROWS ? [...next.marked, { origin: row.origin, payload: row.payload, mark: row.mark }] : null;
    }
    next.complete = next.count >= FIRST_PAGE_ROWS && (next.chunks - 1) % MAX_CHUNKS_PER_READ === 0;
  }
  return next;
}

/** A head that says nothing of the page (complete, so never written again): the panel reads the page. */
export const unusableHead = (sessionId: string): FirstPageHead => ({ sessionId, count: 0, chunks: 0, complete: true, firstTime: 0, rows: [], marked: null });
