// Summarises newly written chunks for the history search (src/db/chunk-summary.ts) when capture
// pauses, never inside a batch's write: a few chunks at a time, stopping as soon as writes resume.
// Chunks left unsummarised (a service worker stopped first, a HAR import, a database from before
// summaries) are read whole by the search, which summarises them then.
import { database } from '../db/schema';
import { lastSummarisedChunkId, summariseChunksAfter } from '../db/summary-store';

/** Quiet time after the last write before summarising. */
const QUIET_MS = 1000;
/** Capture that never pauses still gets its chunks summarised this long after a write. */
const MAX_WAIT_MS = 10_000;
/** Chunks per step: the background's other work waits at most one step. */
const CHUNKS_PER_STEP = 4;

let summarisedUpTo: number | undefined;
let timer: ReturnType<typeof setTimeout> | undefined;
let firstWaitingWrite: number | undefined;
let running = false;

/** Notes that chunks were written: they get summarised once writes pause. */
export function summariseSoon(): void {
  const now = Date.now();
  firstWaitingWrite ??= now;
  clearTimeout(timer);
  timer = setTimeout(() => void summarise(), Math.max(0, Math.min(QUIET_MS, firstWaitingWrite + MAX_WAIT_MS - now)));
}

async function summarise(): Promise<void> {
  timer = undefined;
  firstWaitingWrite = undefined;
  if (running) return summariseSoon();
  running = true;
  try {
    const db = database();
    summarisedUpTo ??= await lastSummarisedChunkId(db);
    // Writes coming in again (firstWaitingWrite set) stop the steps: their timer resumes them later.
    while (firstWaitingWrite === undefined) {
      const last = await summariseChunksAfter(db, summarisedUpTo, CHUNKS_PER_STEP);
      if (last === undefined) break;
      summarisedUpTo = last;
      await new Promise((resolve) => setTimeout(resolve, 0));
    }
  } catch (error) {
    console.debug('[wsi] chunk summaries not built', error);
  } finally {
    running = false;
  }
}
