// Searches all stored history off the panel's thread, streaming hits as they are found.
import { database } from '../../db/schema';
import { compileSearch } from './search-match';
import type { PageToSearchWorker, SearchHit, SearchWorkerToPage } from './search-protocol';
import { requiredTrigrams } from './search-literals';
import { scanHistory, MAX_HITS } from './search-scan';

/** Hits and progress go out at most this often, so a broad query does not flood the panel. */
const FLUSH_INTERVAL_MS = 100;

let cancelled = false;
const post = (message: SearchWorkerToPage) => self.postMessage(message);

self.onmessage = (event: MessageEvent<PageToSearchWorker>) => {
  const message = event.data;
  if (message.t === 'cancel') cancelled = true;
  else void run(message.query);
};

async function run(query: Extract<PageToSearchWorker, { t: 'start' }>['query']): Promise<void> {
  const compiled = compileSearch(query);
  if (!compiled.ok) {
    post({ t: 'error', error: compiled.error });
    return post({ t: 'done', scannedMessages: 0, hits: 0, cancelled: false });
  }
  let pending: SearchHit[] = [];
  let lastFlush = 0;
  const flush = () => {
    if (pending.length > 0) post({ t: 'hits', hits: pending });
    pending = [];
    lastFlush = Date.now();
  };
  try {
    const result = await scanHistory(database(), compiled.find, requiredTrigrams(query), {
      // A hit goes out at once unless one just did: the next message may be one a regular expression never finishes.
      hit(hit) {
        pending.push(hit);
        if (Date.now() - lastFlush >= FLUSH_INTERVAL_MS) flush();
      },
      progress(scannedMessages, totalMessages, sessionsDone, sessionsTotal) {
        if (Date.now() - lastFlush >= FLUSH_INTERVAL_MS) {
          flush();
          post({ t: 'progress', scannedMessages, totalMessages, sessionsDone, sessionsTotal });
        }
        return !cancelled;
      },
    });
    flush();
    if (result.capped) post({ t: 'error', error: `Stopped after ${MAX_HITS.toLocaleString('en-US')} hits: narrow the search.` });
    post({ t: 'done', scannedMessages: result.scannedMessages, hits: result.hits, cancelled: result.cancelled });
  } catch (error) {
    flush();
    post({ t: 'error', error: `The search stopped: ${(error as Error).message}` });
  }
}
