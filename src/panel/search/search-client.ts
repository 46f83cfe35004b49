// Runs one history search in a worker. A regular expression that backtracks for ever cannot be interrupted
// from inside, so the client ends the worker when it has been silent too long and says why.
import type { SearchQuery } from './search-match';
import type { PageToSearchWorker, SearchHit, SearchWorkerToPage } from './search-protocol';

/** The worker reports at least this often while it runs; longer silence means one message's match is stuck. */
export const STUCK_AFTER_MS = 3000;

export interface SearchCallbacks {
  hits(hits: SearchHit[]): void;
  progress(scannedMessages: number, totalMessages: number): void;
  /** `error` is set when the search failed or was stopped; hits found before still stand. */
  finished(outcome: { scannedMessages: number; hits: number; cancelled: boolean; error?: string }): void;
}

export interface RunningSearch {
  cancel(): void;
}

export function startSearch(query: SearchQuery, callbacks: SearchCallbacks, stuckAfterMs = STUCK_AFTER_MS): RunningSearch {
  const worker = new Worker(new URL('./search.worker.ts', import.meta.url), { type: 'module' });
  const send = (message: PageToSearchWorker) => worker.postMessage(message);
  let scannedMessages = 0;
  let hits = 0;
  let warning: string | undefined;
  let ended = false;
  let watchdog = 0;

  const finish = (cancelled: boolean, error?: string) => {
    if (ended) return;
    ended = true;
    clearTimeout(watchdog);
    worker.terminate();
    callbacks.finished({ scannedMessages, hits, cancelled, error: error ?? warning });
  };
  const armWatchdog = () => {
    clearTimeout(watchdog);
    watchdog = setTimeout(
      () =>
        finish(
          false,
          query.regex
            ? `The regular expression ran over ${stuckAfterMs / 1000} s on one message and was stopped; it probably backtracks (e.g. nested quantifiers like (a+)+). Results so far are shown.`
            : `The search stopped answering for ${stuckAfterMs / 1000} s and was stopped.`,
        ),
      stuckAfterMs,
    ) as unknown as number;
  };

  worker.onmessage = (event: MessageEvent<SearchWorkerToPage>) => {
    const message = event.data;
    armWatchdog();
    switch (message.t) {
      case 'hits':
        hits += message.hits.length;
        callbacks.hits(message.hits);
        break;
      case 'progress':
        scannedMessages = message.scannedMessages;
        callbacks.progress(message.scannedMessages, message.totalMessages);
        break;
      case 'error':
        warning = message.error;
        break;
      case 'done':
        scannedMessages = message.scannedMessages;
        finish(message.cancelled);
        break;
    }
  };
  worker.onerror = (event) => finish(false, event.message || 'The search worker stopped');
  armWatchdog();
  send({ t: 'start', query });
  return { cancel: () => finish(true) };
}
